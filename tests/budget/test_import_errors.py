"""A bad file gets an error naming the field and where it is, and changes nothing."""

import copy
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from budget.exchange.exporter import export_proposal
from budget.models import Budget, IncomeEstimate
from members.models import Country, MemberInstitution
from programme.models import Activity, Biennium, Paragraph
from tests.factories import manager_user


@pytest.fixture
def seed():
    return json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))


def _snapshot():
    return (
        list(Biennium.objects.values_list("start_year", "status")),
        Country.objects.count(),
        MemberInstitution.objects.count(),
        Paragraph.objects.count(),
        Activity.objects.count(),
        list(IncomeEstimate.objects.order_by("pk").values_list("amount", flat=True)),
        Budget.objects.count(),
    )


def _set(data, path, value):
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()

# Each case: where in the file to change what, and the words the error must show.
CASES = {
    "money as a number": (("budgets", 2, "income", "ilo"), 2462895.5, "budgets[2].income.ilo"),
    "three decimals": (
        ("budgets", 2, "funds_brought_forward"),
        "1189434.123",
        "budgets[2].funds_brought_forward",
    ),
    "text in a number": (
        ("budgets", 0, "total_expenditure"),
        "a lot",
        "budgets[0].total_expenditure",
    ),
    "negative income": (("budgets", 2, "income", "ilo"), "-5.00", "budgets[2].income.ilo"),
    "unknown income line": (
        ("budgets", 2, "income", "lottery"),
        "1.00",
        "budgets[2].income.lottery",
    ),
    "missing field": (("budgets", 2, "total_expenditure"), DELETE, "budgets[2].total_expenditure"),
    "repeated letter": (("lines_of_action", 1, "letter"), "a", "lines_of_action[1].letter"),
    "bad letter": (("lines_of_action", 0, "letter"), "A", "lines_of_action[0].letter"),
    "unknown country": (
        ("lines_of_action", 0, "activities", 0, "countries"),
        ["ZZ"],
        "lines_of_action[0].activities[0].countries[0]",
    ),
    "unknown partner": (
        ("lines_of_action", 0, "activities", 0, "partner_institutions"),
        ["CR/NOPE"],
        "partner_institutions[0]",
    ),
    "unknown placeholder": (
        ("sections", 2, "paragraphs", 0, "text", "en"),
        "Total [[total_income.someday]].",
        "sections[2].paragraphs[0].text.en",
    ),
    "marker without footnote": (
        ("sections", 0, "paragraphs", 1, "text", "en"),
        "See [^nowhere].",
        "sections[0].paragraphs[1].text.en",
    ),
    "empty English text": (
        ("sections", 0, "paragraphs", 0, "text"),
        {"en": ""},
        "sections[0].paragraphs[0].text",
    ),
    "unknown language": (
        ("sections", 0, "title"),
        {"en": "Introduction", "xx": "?"},
        "sections[0].title",
    ),
    "unknown field": (("biennium", "colour"), "blue", "biennium.colour"),
    "wrong version": (("version",), 99, "version"),
    "years not a biennium": (("biennium", "years"), "2020-23", "biennium.years"),
    "previous figures disagree": (("budgets", 0, "income", "ilo"), "1.00", None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_is_refused_and_changes_nothing(case, seed, tmp_path):
    manager_user(username="paula")
    path, value, words = CASES[case]
    if case == "previous figures disagree":
        # 2018–19 is stored already; a 2020–21 file must not rewrite its approved budget.
        call_command(
            "import_proposal", str(settings.SEED_PROPOSAL_FILE), "--by", "paula", verbosity=0
        )
        words = "budgets[0].income.ilo: differs from the stored 2018–19 Anticipated"
        seed = copy.deepcopy(seed)
        _set(seed, ("biennium", "years"), "2020-21")
        replace = ["--replace"]
    else:
        replace = []
    _set(seed, path, value)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(seed, ensure_ascii=False))
    before = _snapshot()
    with pytest.raises(CommandError) as raised:
        call_command("import_proposal", str(bad), "--by", "paula", *replace, verbosity=0)
    message = str(raised.value)
    assert "nothing changed" in message
    assert words in message
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_json_names_the_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cinterfor-programme-and-budget",\n "version": 1,,}')
    with pytest.raises(CommandError, match=r"line 2, column"):
        call_command("import_proposal", str(bad), "--by", manager_user().username)
    assert not Biennium.objects.exists()


@pytest.mark.django_db
def test_importing_over_a_loaded_biennium_needs_replace(proposal_2020_21):
    before = export_proposal(proposal_2020_21)
    with pytest.raises(
        CommandError, match=r"biennium.years: 2020–21 exists; import with --replace"
    ):
        call_command("import_proposal", str(settings.SEED_PROPOSAL_FILE), "--by", "importer")
    assert export_proposal(proposal_2020_21) == before


@pytest.mark.django_db
def test_a_submitted_biennium_cannot_be_replaced(proposal_2020_21):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(status=Biennium.Status.SUBMITTED)
    with pytest.raises(CommandError, match="read-only"):
        call_command(
            "import_proposal", str(settings.SEED_PROPOSAL_FILE), "--replace", "--by", "importer"
        )
