"""What the generator draws from: the network's countries, currencies and institutions.

The 27 countries of the CINTERFOR network (paragraph 4 of the 2020–21 proposal counts them):
Latin America, the Caribbean, Spain and Cabo Verde. The seed file names twelve of them and
eight institutions; the generator adds the rest. Exchange rates are rounded 2020 averages,
local currency units per US dollar: close enough to look real, not a source for any figure.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CountryFacts:
    code: str
    name: str
    currency: str
    per_usd: Decimal  # local currency units per US dollar
    cities: tuple[str, ...]


def _country(code, name, currency, per_usd, *cities) -> CountryFacts:
    return CountryFacts(code, name, currency, Decimal(per_usd), tuple(cities))


COUNTRIES = (
    _country("AR", "Argentina", "ARS", "70.50", "Buenos Aires", "Córdoba", "Rosario", "Mendoza"),
    _country("BB", "Barbados", "BBD", "2.00", "Bridgetown", "Speightstown"),
    _country("BO", "Bolivia (Plurinational State of)", "BOB", "6.91", "La Paz", "Cochabamba"),
    _country("BR", "Brazil", "BRL", "5.16", "São Paulo", "Rio de Janeiro", "Brasília", "Recife"),
    _country("CV", "Cabo Verde", "CVE", "103.00", "Praia", "Mindelo"),
    _country("CL", "Chile", "CLP", "792.00", "Santiago", "Valparaíso", "Concepción"),
    _country("CO", "Colombia", "COP", "3693.00", "Bogotá", "Medellín", "Cali", "Barranquilla"),
    _country("CR", "Costa Rica", "CRC", "584.00", "San José", "Alajuela", "Limón"),
    _country("CU", "Cuba", "CUP", "24.00", "Havana", "Santiago de Cuba"),
    _country("DO", "Dominican Republic", "DOP", "56.50", "Santo Domingo", "Santiago"),
    _country("EC", "Ecuador", "USD", "1.00", "Quito", "Guayaquil", "Cuenca"),
    _country("SV", "El Salvador", "USD", "1.00", "San Salvador", "Santa Ana"),
    _country("ES", "Spain", "EUR", "0.88", "Madrid", "Barcelona", "Seville", "Valencia"),
    _country("GT", "Guatemala", "GTQ", "7.72", "Guatemala City", "Quetzaltenango"),
    _country("GY", "Guyana", "GYD", "209.00", "Georgetown", "Linden"),
    _country("HT", "Haiti", "HTG", "93.50", "Port-au-Prince", "Cap-Haïtien"),
    _country("HN", "Honduras", "HNL", "24.60", "Tegucigalpa", "San Pedro Sula"),
    _country("JM", "Jamaica", "JMD", "142.00", "Kingston", "Montego Bay"),
    _country("MX", "Mexico", "MXN", "21.50", "Mexico City", "Guadalajara", "Monterrey", "Puebla"),
    _country("NI", "Nicaragua", "NIO", "34.30", "Managua", "León"),
    _country("PA", "Panama", "USD", "1.00", "Panama City", "Colón", "David"),
    _country("PY", "Paraguay", "PYG", "6770.00", "Asunción", "Ciudad del Este"),
    _country("PE", "Peru", "PEN", "3.49", "Lima", "Arequipa", "Trujillo", "Cusco"),
    _country("SR", "Suriname", "SRD", "10.00", "Paramaribo", "Nieuw Nickerie"),
    _country("TT", "Trinidad and Tobago", "TTD", "6.75", "Port of Spain", "San Fernando"),
    _country("UY", "Uruguay", "UYU", "42.00", "Montevideo", "Salto", "Paysandú"),
    _country("VE", "Venezuela (Bolivarian Republic of)", "USD", "1.00", "Caracas", "Maracaibo"),
)
COUNTRY = {c.code: c for c in COUNTRIES}
HOST_COUNTRY = "UY"  # CINTERFOR sits in Montevideo: Uruguay's contribution is the host country's

# (country, acronym, English name, kind, member since): the network's own institutions, used
# before any made-up one. The seed's eight come first in the register, from the seed file.
INSTITUTIONS = (
    ("AR", "INET", "National Institute of Technological Education", "ministry", 1974),
    ("AR", "UOCRA", "UOCRA Foundation for Education and Training", "training_institution", 1998),
    ("BB", "TVETC", "Technical and Vocational Education and Training Council", "ministry", 2001),
    ("BO", "INFOCAL", "Institute of Training and Labour Skills", "training_institution", 1986),
    ("BR", "SENAI", "National Industrial Learning Service", "learning_service", 1964),
    ("BR", "SENAT", "National Transport Learning Service", "learning_service", 1995),
    ("BR", "SEBRAE", "Brazilian Micro and Small Business Support Service", "other", 1997),
    ("BR", "SESCOOP", "National Cooperative Learning Service", "learning_service", 2002),
    ("CV", "IEFP", "Employment and Vocational Training Institute", "employment_institute", 2008),
    ("CL", "SENCE", "National Training and Employment Service", "employment_institute", 1977),
    ("CO", "MinTrabajo", "Ministry of Labour", "ministry", 1990),
    ("CU", "MTSS", "Ministry of Labour and Social Security", "ministry", 1980),
    (
        "DO",
        "INFOTEP",
        "National Institute of Technical and Vocational Training",
        "training_institution",
        1982,
    ),
    ("EC", "SECAP", "Ecuadorian Vocational Training Service", "learning_service", 1968),
    ("EC", "SETEC", "Technical Secretariat for Vocational Training", "ministry", 2012),
    ("SV", "INSAFORP", "Salvadoran Institute of Vocational Training", "training_institution", 1995),
    ("ES", "SEPE", "Public State Employment Service", "employment_institute", 1986),
    ("ES", "FUNDAE", "State Foundation for Training in Employment", "other", 2004),
    (
        "GT",
        "INTECAP",
        "Technical Institute of Training and Productivity",
        "training_institution",
        1973,
    ),
    ("GY", "BIT", "Board of Industrial Training", "training_institution", 2006),
    ("HT", "INFP", "National Institute of Vocational Training", "training_institution", 1996),
    ("JM", "HEART", "HEART/NSTA Trust", "training_institution", 1984),
    (
        "MX",
        "CONOCER",
        "National Council for Standardization and Certification of Labour Competencies",
        "certification_body",
        1996,
    ),
    ("MX", "DGCFT", "Directorate-General for Training Centres for Work", "ministry", 1979),
    ("MX", "CECATI", "Industrial Training Centres for Work", "training_institution", 1981),
    ("NI", "INATEC", "National Technological Institute", "training_institution", 1991),
    ("PA", "MITRADEL", "Ministry of Labour and Workforce Development", "ministry", 1983),
    ("PY", "SNPP", "National Service for Vocational Promotion", "learning_service", 1972),
    ("PY", "SINAFOCAL", "National System of Training and Job Skills", "ministry", 2001),
    ("PE", "SENATI", "National Service for Industrial Training", "learning_service", 1965),
    (
        "PE",
        "SENCICO",
        "National Training Service for the Construction Industry",
        "learning_service",
        1978,
    ),
    (
        "SR",
        "SBB",
        "Foundation for Labour Mobilization and Development",
        "training_institution",
        2007,
    ),
    ("TT", "NTA", "National Training Agency", "training_institution", 2003),
    ("UY", "UTU", "Technical Vocational Education Council", "training_institution", 1966),
    ("UY", "MTSS-UY", "Ministry of Labour and Social Security", "ministry", 1964),
    (
        "VE",
        "INCES",
        "National Institute for Socialist Training and Education",
        "training_institution",
        1966,
    ),
)

# Made-up institutions, once the real ones are used up: (acronym prefix, name, kind).
INSTITUTION_PATTERNS = (
    ("CFP", "Vocational Training Centre of {city}", "training_institution"),
    ("ITS", "Higher Technical Institute of {city}", "training_institution"),
    ("SRA", "Regional Learning Service of {city}", "learning_service"),
    ("OEC", "Skills Certification Office of {city}", "certification_body"),
    ("AGE", "Employment and Training Agency of {city}", "employment_institute"),
    ("FSF", "Sectoral Training Fund of {city}", "other"),
    ("SDT", "Labour Secretariat of {city}", "ministry"),
)

OTHER_FUNDERS = (
    "Inter-American Development Bank",
    "CAF – Development Bank of Latin America",
    "European Union",
    "Swiss Agency for Development and Cooperation",
    "SKILLS programme",
    "OECD Development Centre",
)

LINE_THEMES = (
    "Synchronizing vocational training with productive development",
    "Quality and relevance of vocational training",
    "Skills anticipation and labour market information",
    "Apprenticeships and work-based learning",
    "Skills recognition and certification",
    "Training for vulnerable groups and social inclusion",
    "Digital technologies in vocational training",
    "Knowledge management and South–South cooperation",
    "Institutional strengthening of training bodies",
)

ACTIVITY_VERBS = (
    "Study of",
    "Regional workshop on",
    "Technical assistance on",
    "Course for trainers on",
    "Guide to",
    "Peer exchange on",
    "Survey of",
    "Online platform for",
)
ACTIVITY_TOPICS = (
    "green jobs and just transition",
    "dual training in small enterprises",
    "occupational standards for logistics",
    "digital skills for rural youth",
    "gender equality in technical careers",
    "quality assurance of training centres",
    "prospective studies of occupations",
    "the recognition of prior learning",
    "social dialogue in training policy",
    "virtual campus content",
    "training for the care economy",
    "entrepreneurship in vocational schools",
)
