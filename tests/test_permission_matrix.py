"""Every URL, every role: the allowed/forbidden answer of each, in one table.

The server decides; nothing here depends on which buttons a template shows. A URL added to
the site without a row here fails `test_every_url_is_in_the_matrix`.

Two people hold no role: "roleless" logs in but has not been given a role yet (the home page
tells them so, every other page is refused), and "inactive" was switched off by an
administrator (treated as not logged in at all).
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budget.models import Contribution, IncomeLine, Statement, WhatIfScenario
from documents.models import ExportJob
from members.models import ContributionAgreement, MemberInstitution
from programme.models import Activity, Biennium, Footnote, Paragraph
from review.models import ReviewNote
from tables.models import UploadBatch
from tests.factories import UserFactory, finance_user, manager_user, staff_user

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "staff", "finance", "manager", "admin", "roleless", "inactive")
OK, GO, NO, LOGIN = 200, 302, 403, "login"
# What the two people without a role get where a row does not say otherwise.
WITHOUT_A_ROLE = {"roleless": NO, "inactive": LOGIN}

EVERYONE = {"staff": OK, "finance": OK, "manager": OK, "admin": OK}
EDITORS = {"staff": OK, "finance": NO, "manager": OK, "admin": OK}  # programme staff's pages
MONEY = {"staff": NO, "finance": OK, "manager": OK, "admin": OK}  # finance's pages
MANAGING = {"staff": NO, "finance": NO, "manager": OK, "admin": OK}


def _post(expected: dict) -> dict:
    """A POST action that redirects when allowed."""
    return {role: GO if code == OK else code for role, code in expected.items()}


# url name -> (method, expected answer per role; anonymous is always sent to log in)
MATRIX = {
    "home": ("get", {**EVERYONE, "roleless": OK}),
    "dashboard": ("get", EVERYONE),
    "programme:lines": ("get", EVERYONE),
    "programme:line": ("get", EVERYONE),
    "programme:activities": ("get", EVERYONE),
    "programme:activity": ("get", EVERYONE),
    "programme:sections": ("get", EVERYONE),
    # The id addresses forward for good to the number address (programme/numbering.py).
    "programme:paragraph": ("get", {role: 301 for role in EVERYONE}),
    "programme:paragraph_number": ("get", EVERYONE),
    "programme:paragraph_number_edit": ("get", EDITORS),
    "programme:footnote": ("get", EVERYONE),
    "programme:activity_create": ("get", EDITORS),
    "programme:line_edit": ("get", EDITORS),
    "programme:section_edit": ("get", EDITORS),
    "programme:activity_edit": ("get", EDITORS),
    "programme:activity_delete": ("get", EDITORS),
    "programme:activity_move": ("post", _post(EDITORS)),
    "programme:paragraph_edit": ("get", {**EDITORS, "staff": 301, "manager": 301, "admin": 301}),
    "programme:footnote_edit": ("get", EDITORS),
    "programme:footnote_create": ("get", EDITORS),
    "programme:footnote_delete": ("post", _post(EDITORS)),  # no version posted: nothing deleted
    # Restores with no version posted: refused as a stale page, nothing restored.
    "programme:paragraph_restore": ("post", _post(EDITORS)),
    "programme:footnote_restore": ("post", _post(EDITORS)),
    "programme:activity_restore": ("post", _post(EDITORS)),
    "programme:deleted_activities": ("get", EVERYONE),
    "workflow:status": ("get", EVERYONE),
    # Confirmation pages of the status changes (a GET changes nothing).
    "transition:submit": ("get", MANAGING),
    "transition:approve": ("get", MANAGING),
    "transition:reopen": ("get", MANAGING),
    "notes:list": ("get", EVERYONE),
    "notes:create": ("get", MANAGING),
    "notes:note": ("get", EVERYONE),
    # A note on a paragraph is resolved by its editors; no reply posted: the form says so.
    "notes:resolve": ("post", EDITORS),
    "workflow:start_next": ("get", MANAGING),
    "workflow:title_block": ("get", MANAGING),
    "budget:figures": ("get", MONEY),
    "budget:contributions": ("get", MONEY),
    "budget:contribution_create": ("get", MONEY),
    "budget:contribution_edit": ("get", MONEY),
    "budget:contribution_delete": ("get", MONEY),
    "budget:forecast": ("get", MONEY),
    "budget:rates": ("get", MONEY),
    "budget:rate_recompute": ("get", MONEY),
    "budget:statements": ("get", MONEY),
    "budget:statement_download": ("get", MONEY),
    "budget:institution_contact": ("get", MONEY),
    "budget:reminders": ("get", MONEY),
    "budget:network": ("get", EVERYONE),
    "review:appendices": ("get", EVERYONE),
    "review:reconciliation": ("get", EVERYONE),
    "whatif:panel": ("get", MONEY),
    "whatif:scenarios": ("get", MONEY),
    "whatif:scenario_keep": ("post", _post(MONEY)),  # nothing posted: refused, nothing kept
    "whatif:scenario_apply": ("post", _post(MONEY)),
    "whatif:scenario_discard": ("post", _post(MONEY)),
    "documents:compare": ("get", EVERYONE),
    "documents:exports": ("get", MANAGING),
    "documents:export_list": ("get", MANAGING),
    "documents:job": ("get", MANAGING),
    "documents:job_progress": ("get", MANAGING),
    "documents:job_download": ("get", MANAGING),
    "documents:job_seen": ("post", _post(MANAGING)),
    "members:institutions": ("get", EVERYONE),
    "members:institution": ("get", EVERYONE),
    "members:institution_create": ("get", MONEY),
    "members:institution_edit": ("get", MONEY),
    "members:agreement_create": ("get", MONEY),
    "members:agreement_edit": ("get", MONEY),
    "members:agreement_delete": ("get", MONEY),
    "members:institution_lookup": ("get", EVERYONE),
    "members:country_lookup": ("get", EVERYONE),
    "tables:institutions": ("get", EVERYONE),
    "tables:agreements": ("get", EVERYONE),
    "tables:activities": ("get", EVERYONE),
    "tables:contributions": ("get", MONEY),
    "tables:forecast": ("get", MONEY),
    "tables:figures_history": ("get", MONEY),
    "tables:contribution_upload": ("get", MONEY),
    "tables:contribution_template": ("get", MONEY),
    "tables:contribution_batch": ("get", MONEY),
    "tables:contribution_confirm": ("post", _post(MONEY)),
    "tables:register_upload": ("get", MONEY),
    "tables:register_template": ("get", MONEY),
    "tables:register_batch": ("get", MONEY),
    "tables:register_confirm": ("post", _post(MONEY)),
    "translations:overview": ("get", EDITORS),
    "translations:texts": ("get", EDITORS),
    "translations:edit": ("get", EDITORS),
    "translations:export": ("get", EDITORS),  # the XLIFF file
    "translations:import": ("get", EDITORS),
}
# Pages whose answer to anonymous visitors is not the login redirect.
PUBLIC = {
    "login": (
        "get",
        {"anonymous": OK, "staff": GO, "finance": GO, "manager": GO, "admin": GO}
        | {"roleless": GO, "inactive": OK},
    ),
    "logout": ("post", {role: GO for role in ROLES}),
    "set_language": ("post", {role: GO for role in ROLES}),
    "favicon": ("get", {role: 301 for role in ROLES}),  # to the static icon
    # Forgotten passwords: open to everyone, logged in or not.
    "password_reset": ("get", {role: OK for role in ROLES}),
    "password_reset_done": ("get", {role: OK for role in ROLES}),
    "password_reset_confirm": ("get", {role: OK for role in ROLES}),  # an invalid link, said so
    "password_reset_complete": ("get", {role: OK for role in ROLES}),
}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = pattern.namespace or namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names == set(MATRIX) | set(PUBLIC)


def _note_on(paragraph: Paragraph) -> ReviewNote:
    return ReviewNote.objects.create(
        biennium=paragraph.section.biennium,
        part=ReviewNote.Part.PARAGRAPH,
        paragraph=paragraph,
        about="Paragraph",
        text="Check.",
        by=manager_user(),
    )


def _scenario(biennium, by) -> WhatIfScenario:
    """A kept what-if scenario that changes nothing (applying it saves nothing)."""
    return WhatIfScenario.objects.create(
        biennium=biennium, name="Matrix", changes={}, seen={}, created_by=by
    )


@pytest.fixture
def objects(proposal_2020_21, settings, tmp_path):
    """One of each object a URL names, from the shipped proposal where it has one."""
    settings.MEDIA_ROOT = tmp_path
    return objects_of(proposal_2020_21)


def objects_of(proposal_2020_21: Biennium) -> dict:
    """One of each object a URL names, made in 2020–21 (files go to MEDIA_ROOT)."""
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    paragraph = Paragraph.objects.filter(section__biennium=proposal_2020_21).first()
    footnote = Footnote.objects.first()
    institution = MemberInstitution.objects.get(acronym="INA")
    agreement = ContributionAgreement.objects.create(
        institution=institution,
        signed_on=datetime.date(2020, 1, 10),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        annual_amount=Decimal("10000"),
    )
    contribution = Contribution.objects.create(
        biennium=proposal_2020_21,
        payer="member_institution",
        institution=institution,
        stage="received",
        date=datetime.date(2020, 3, 1),
        amount=Decimal("10000"),
        amount_usd=Decimal("10000"),
        income_line=IncomeLine.OTHER_COUNTRIES,
    )
    job = ExportJob(
        # A long name, as real ones are: the lists that show it must still fit a phone.
        requested_by=UserFactory(first_name="María Fernanda", last_name="Villanueva Etcheverry"),
        biennium=proposal_2020_21,
        format="docx",
        status="done",
        progress=100,
    )
    job.file.save("matrix.docx", ContentFile(b"not really a document"), save=False)
    job.save()
    statement = Statement(
        institution=institution,
        as_of=datetime.date(2021, 12, 31),
        requested_by=job.requested_by,
        status="done",
    )
    statement.pdf.save("matrix.pdf", ContentFile(b"%PDF- not really"), save=False)
    statement.save()
    years = proposal_2020_21.slug
    batch = UploadBatch.objects.create(
        kind="contributions",
        biennium=proposal_2020_21,
        file_name="contribuciones-recibidas-2021-tercer-trimestre.xlsx",
        uploaded_by=job.requested_by,
        report=[
            {
                "row": 2,
                "status": "refused",
                "cell": "C2",
                "reason": "Enter a date as YYYY-MM-DD.",
                "summary": "Servicio Nacional de Aprendizaje (SENA), Colombia, 2021-13-01, "
                "COP 125,000,000.00",
            }
        ],
    )
    register_batch = UploadBatch.objects.create(
        kind="institutions", file_name="m.csv", uploaded_by=job.requested_by
    )
    return {
        "years": {"years": years},
        "line": {"years": years, "letter": "a"},
        "activity": {"years": years, "pk": activity.pk},
        "move": {"years": years, "pk": activity.pk, "direction": "down"},
        "paragraph": {"years": years, "pk": paragraph.pk},
        "paragraph_number": {"years": years, "number": 15},
        "section": {"years": years, "pk": paragraph.section_id},
        "footnote": {"years": years, "pk": footnote.pk},
        "note": {"years": years, "pk": _note_on(paragraph).pk},
        "paragraph_version": {
            "years": years,
            "pk": paragraph.pk,
            "history_id": paragraph.history.latest().history_id,
        },
        "footnote_version": {
            "years": years,
            "pk": footnote.pk,
            "history_id": footnote.history.latest().history_id,
        },
        "activity_version": {
            "years": years,
            "pk": activity.pk,
            "history_id": activity.history.latest().history_id,
        },
        "contribution": {"years": years, "pk": contribution.pk},
        "scenario": {"years": years, "pk": _scenario(proposal_2020_21, job.requested_by).pk},
        "institution": {"pk": institution.pk},
        "agreement": {"pk": agreement.pk},
        "job": {"pk": job.pk},
        "download": {"years": years, "fmt": "xlsx"},
        "register_download": {"fmt": "csv"},
        "batch": {"years": years, "pk": batch.pk},
        "register_batch": {"pk": register_batch.pk},
        "register_kind": {"kind": "agreements"},
        "statement": {"years": years, "pk": statement.pk, "kind": "pdf"},
        "contact": {"years": years, "pk": institution.pk},
        "none": {},
        "translation_language": {"years": years, "language": "es"},
        "translation_text": {"years": years, "language": "es", "key": "line:a.heading"},
        "reset_link": {"uidb64": "MQ", "token": "not-a-token"},
    }


# Which object a URL names; a biennium's pages default to the biennium, others to nothing.
OBJECT_OF = {
    "password_reset_confirm": "reset_link",
    "programme:line": "line",
    "programme:activity_create": "line",
    "programme:line_edit": "line",
    "programme:section_edit": "section",
    "programme:activity": "activity",
    "programme:activity_edit": "activity",
    "programme:activity_delete": "activity",
    "programme:activity_move": "move",
    "programme:paragraph": "paragraph",
    "programme:paragraph_number": "paragraph_number",
    "programme:paragraph_number_edit": "paragraph_number",
    "programme:paragraph_edit": "paragraph",
    "programme:footnote": "footnote",
    "programme:footnote_edit": "footnote",
    "programme:footnote_create": "paragraph",
    "programme:footnote_delete": "footnote",
    "programme:paragraph_restore": "paragraph_version",
    "programme:footnote_restore": "footnote_version",
    "programme:activity_restore": "activity_version",
    "notes:note": "note",
    "notes:resolve": "note",
    "budget:contribution_edit": "contribution",
    "whatif:scenario_apply": "scenario",
    "whatif:scenario_discard": "scenario",
    "budget:contribution_delete": "contribution",
    "budget:statement_download": "statement",
    "budget:institution_contact": "contact",
    "members:institution": "institution",
    "members:institution_edit": "institution",
    "members:agreement_create": "institution",
    "members:agreement_edit": "agreement",
    "members:agreement_delete": "agreement",
    "documents:job": "job",
    "documents:job_progress": "job",
    "documents:job_download": "job",
    "documents:job_seen": "job",
    "tables:institutions": "register_download",
    "tables:agreements": "register_download",
    "tables:activities": "download",
    "tables:contributions": "download",
    "tables:forecast": "download",
    "tables:figures_history": "download",
    "tables:contribution_batch": "batch",
    "tables:contribution_confirm": "batch",
    "tables:register_upload": "register_kind",
    "tables:register_template": "register_kind",
    "tables:register_batch": "register_batch",
    "tables:register_confirm": "register_batch",
    "translations:texts": "translation_language",
    "translations:export": "translation_language",
    "translations:edit": "translation_text",
}
WITHOUT_BIENNIUM = {
    "home",
    "login",
    "logout",
    "set_language",
    "favicon",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "documents:export_list",
    "members:institutions",
    "members:institution_create",
    "members:institution_lookup",
    "members:country_lookup",
}


def _kwargs(name: str, objects: dict) -> dict:
    if name in OBJECT_OF:
        return objects[OBJECT_OF[name]]
    return objects["none"] if name in WITHOUT_BIENNIUM else objects["years"]


@pytest.fixture
def users(db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x-long-password")
    return {
        "anonymous": None,
        "staff": staff_user(),
        "finance": finance_user(),
        "manager": manager_user(),
        "admin": admin,
        "roleless": UserFactory(),
        # A manager switched off: the role they still hold must not open anything.
        "inactive": manager_user(is_active=False),
    }


def _answer(client, method, url, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    data = {"reason": "A correction", "language": "en", "next": "/"}
    return getattr(client, method)(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted({**MATRIX, **PUBLIC}))
def test_each_role_gets_its_answer(client, name, objects, users):
    method, expected = {**MATRIX, **PUBLIC}[name]
    url = reverse(name, kwargs=_kwargs(name, objects))
    for role in ROLES:
        response = _answer(client, method, url, users[role])
        want = expected.get(role, WITHOUT_A_ROLE.get(role, LOGIN))
        if want == LOGIN:
            assert response.status_code == 302, (name, role, response.status_code)
            assert response.url.startswith("/login/"), (name, role, response.url)
        else:
            assert response.status_code == want, (name, role, response.status_code)


def test_an_unknown_biennium_or_object_is_404_not_someone_elses(client, objects, users):
    client.force_login(users["manager"])
    assert client.get("/bienniums/1990-91/").status_code == 404
    assert client.get("/bienniums/2020-21/programme/activities/999999/").status_code == 404
    assert client.get("/members/999999/").status_code == 404


def test_a_user_without_a_role_is_told_so_on_the_home_page(client, objects, users):
    client.force_login(users["roleless"])
    html = client.get(reverse("home")).content.decode()
    assert "Your account has no role yet" in html
    assert "2020–21" not in html  # the bienniums are not listed to them


def test_a_user_without_a_role_gets_the_sites_403_page(client, objects, users):
    client.force_login(users["roleless"])
    response = client.get(reverse("programme:lines", kwargs=objects["years"]))
    assert response.status_code == 403
    assert "You are not allowed to do this" in response.content.decode()


def test_an_inactive_user_cannot_log_in(client, users):
    inactive = users["inactive"]
    response = client.post(
        reverse("login"), {"username": inactive.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_the_session_of_a_user_made_inactive_later_is_refused(client, objects, users):
    manager = users["manager"]
    response = client.post(
        reverse("login"), {"username": manager.username, "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    url = reverse("programme:lines", kwargs=objects["years"])
    assert client.get(url).status_code == 200

    manager.is_active = False
    manager.save(update_fields=["is_active"])

    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/login/")
