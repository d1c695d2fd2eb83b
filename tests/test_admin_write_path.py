"""The admin writes a proposal only as the services do: a submitted proposal is read-only, a
stale page is refused, and every save is recorded with the admin who made it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF
from members.models import Country, MemberInstitution
from members.services import institution_update
from programme.models import Activity, Biennium, Paragraph
from programme.services import biennium_submit, paragraph_update


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="steward", email="steward@example.org", password="a-long-test-password"
    )


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def paragraph(proposal_2020_21) -> Paragraph:
    """A paragraph without footnotes, so its change form has no footnote rows."""
    return (
        Paragraph.objects.filter(section__biennium=proposal_2020_21, footnotes__isnull=True)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def submitted(proposal_2020_21, manager) -> Biennium:
    return biennium_submit(biennium=proposal_2020_21, by=manager)


def url(obj, page: str, *args) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{page}", args=args)


def paragraph_post(paragraph: Paragraph, *, english: str, seen_version) -> dict:
    return {
        "section": paragraph.section_id or "",
        "line_of_action": paragraph.line_of_action_id or "",
        "position": paragraph.position,
        "text_en": english,
        "text_es": paragraph.text.get("es", ""),
        "seen_version": seen_version,
        "footnotes-TOTAL_FORMS": "0",
        "footnotes-INITIAL_FORMS": "0",
        "footnotes-MIN_NUM_FORMS": "0",
        "footnotes-MAX_NUM_FORMS": "1000",
    }


def seen_version_on(response) -> int:
    return response.context["adminform"].form["seen_version"].value()


def test_paragraph_of_a_submitted_proposal_is_shown_read_only(admin, paragraph, submitted):
    response = admin.get(url(paragraph, "change", paragraph.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    assert 'name="text_en"' not in response.text


def test_forged_post_to_a_submitted_paragraph_changes_nothing(admin, paragraph, submitted):
    before = Paragraph.objects.get(pk=paragraph.pk)

    response = admin.post(
        url(paragraph, "change", paragraph.pk),
        paragraph_post(paragraph, english="Forged.", seen_version=paragraph.version),
    )

    assert response.status_code == 403
    after = Paragraph.objects.get(pk=paragraph.pk)
    assert (after.text, after.version) == (before.text, before.version)


def test_forged_delete_of_a_submitted_paragraph_deletes_nothing(admin, paragraph, submitted):
    response = admin.post(
        url(paragraph, "delete", paragraph.pk), {"post": "yes", "seen_version": paragraph.version}
    )

    assert response.status_code == 403
    assert Paragraph.objects.filter(pk=paragraph.pk).exists()


def test_stale_change_form_is_refused_with_the_message_and_saves_nothing(admin, paragraph, staff):
    page = admin.get(url(paragraph, "change", paragraph.pk))
    seen = seen_version_on(page)
    theirs = {**paragraph.text, "en": paragraph.text["en"] + " Their edit."}
    paragraph_update(paragraph=paragraph, by=staff, seen_version=seen, text=theirs)

    response = admin.post(
        url(paragraph, "change", paragraph.pk),
        paragraph_post(paragraph, english="My stale edit.", seen_version=seen),
    )

    assert response.status_code == 200
    assert str(ConcurrentEdit.message) in response.context["adminform"].form.non_field_errors()
    assert str(ConcurrentEdit.message) in response.text
    stored = Paragraph.objects.get(pk=paragraph.pk)
    assert (stored.text, stored.version) == (theirs, seen + 1)


def test_stale_delete_is_refused_and_deletes_nothing(admin, paragraph, staff):
    page = admin.get(url(paragraph, "delete", paragraph.pk))
    seen = page.context["seen_version"]
    theirs = {**paragraph.text, "en": paragraph.text["en"] + " Their edit."}
    paragraph_update(paragraph=paragraph, by=staff, seen_version=seen, text=theirs)

    response = admin.post(
        url(paragraph, "delete", paragraph.pk), {"post": "yes", "seen_version": seen}, follow=True
    )

    assert Paragraph.objects.filter(pk=paragraph.pk).exists()
    assert str(ConcurrentEdit.message) in [str(m) for m in response.context["messages"]]


def test_bulk_delete_of_a_submitted_proposals_activities_is_refused(admin, submitted):
    activities = list(
        Activity.objects.filter(line_of_action__biennium=submitted).values_list("pk", flat=True)
    )
    assert activities

    for step in ({}, {"post": "yes"}):  # the confirmation page, then a forged confirmation
        response = admin.post(
            reverse("admin:programme_activity_changelist"),
            {"action": "delete_selected", "_selected_action": activities, **step},
            follow=True,
        )
        assert response.status_code == 200
        assert Activity.objects.filter(pk__in=activities).count() == len(activities)
        assert any("read-only" in str(m) for m in response.context["messages"])


def test_bulk_delete_of_draft_activities_checks_each_version(admin, proposal_2020_21, staff):
    line = proposal_2020_21.lines.order_by("letter").first()
    activities = list(line.activities.order_by("pk"))
    changelist = reverse("admin:programme_activity_changelist")
    selected = {"action": "delete_selected", "_selected_action": [a.pk for a in activities]}
    confirmation = admin.post(changelist, selected)
    seen = {f"seen_version_{a.pk}": a.version for a in activities}
    assert all(f'name="{name}" value="{v}"' in confirmation.text for name, v in seen.items())
    Activity.objects.filter(pk=activities[0].pk).update(version=activities[0].version + 1)

    admin.post(changelist, {**selected, **seen, "post": "yes"})
    assert line.activities.count() == len(activities)

    seen[f"seen_version_{activities[0].pk}"] += 1
    admin.post(changelist, {**selected, **seen, "post": "yes"})
    assert line.activities.count() == 0


def test_admin_edit_of_a_draft_saves_and_records_the_admin_in_history(admin, admin_user, paragraph):
    page = admin.get(url(paragraph, "change", paragraph.pk))
    seen = seen_version_on(page)

    response = admin.post(
        url(paragraph, "change", paragraph.pk),
        paragraph_post(paragraph, english="A steward's correction.", seen_version=seen),
    )

    assert response.status_code == 302
    stored = Paragraph.objects.get(pk=paragraph.pk)
    assert (stored.text["en"], stored.version) == ("A steward's correction.", seen + 1)
    assert stored.history.latest().history_user == admin_user


def test_a_forged_status_does_not_move_the_biennium(admin, proposal_2020_21):
    biennium = proposal_2020_21
    page = admin.get(url(biennium, "change", biennium.pk))
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, dict)
    }
    data.update({"status": "approved", "seen_version": seen_version_on(page)})

    admin.post(url(biennium, "change", biennium.pk), data)

    assert Biennium.objects.get(pk=biennium.pk).status == Biennium.Status.DRAFT


def test_stale_institution_form_is_refused(admin, finance):
    country = Country.objects.create(code="CR", name="Costa Rica")
    ina = MemberInstitution.objects.create(
        name="Instituto Nacional de Aprendizaje", acronym="INA", country=country, kind="other"
    )
    page = admin.get(url(ina, "change", ina.pk))
    seen = seen_version_on(page)
    institution_update(institution=ina, by=finance, seen_version=seen, name="INA Costa Rica")

    response = admin.post(
        url(ina, "change", ina.pk),
        {
            "name": "Stale name",
            "acronym": "INA",
            "country": country.pk,
            "kind": "other",
            "active": "on",
            "seen_version": seen,
            "agreements-TOTAL_FORMS": "0",
            "agreements-INITIAL_FORMS": "0",
            "agreements-MIN_NUM_FORMS": "0",
            "agreements-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert str(ConcurrentEdit.message) in response.context["adminform"].form.non_field_errors()
    assert MemberInstitution.objects.get(pk=ina.pk).name == "INA Costa Rica"


def test_an_admin_edit_that_drops_a_placeholder_is_refused_as_in_the_application(
    admin, proposal_2020_21
):
    paragraph = next(
        p
        for p in Paragraph.objects.filter(
            section__biennium=proposal_2020_21, footnotes__isnull=True
        ).order_by("pk")
        if "[[" in p.text["en"]
    )
    before = paragraph.text
    response = admin.post(
        url(paragraph, "change", paragraph.pk),
        paragraph_post(paragraph, english="The figures are gone.", seen_version=paragraph.version),
    )
    assert response.status_code == 200
    assert "must keep the placeholder" in response.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.text == before


def test_a_footnote_added_or_deleted_in_the_admin_takes_its_marker_along(admin, paragraph):
    from programme.models import Footnote

    response = admin.post(
        url(Footnote(), "add"), {"paragraph": paragraph.pk, "key": "7", "text_en": "A note."}
    )
    assert response.status_code == 302
    footnote = paragraph.footnotes.get(key="7")
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith("[^7]")

    response = admin.post(
        url(footnote, "delete", footnote.pk), {"post": "yes", "seen_version": footnote.version}
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert "[^7]" not in paragraph.text["en"] and not paragraph.footnotes.exists()


def staff_account(role: str):
    """An account an administrator let into the admin with every model permission, in one role."""
    user = get_user_model().objects.create_user(
        username=f"admin-{role}".replace(" ", "-").lower(), is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["programme", "budget", "members"])
    )
    return user


def change_form_data(page) -> dict:
    """What the change form would post back unchanged, its narrative split by language."""
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.parametrize("role", [PROGRAMME_STAFF, FINANCE])
def test_model_permissions_do_not_let_another_role_change_the_title_block(
    client, proposal_2020_21, role
):
    client.force_login(staff_account(role))
    biennium = proposal_2020_21
    page = client.get(url(biennium, "change", biennium.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # shown read-only

    data = {"document_symbol": "GB.999/FORGED/1", "seen_version": biennium.version}
    response = client.post(url(biennium, "change", biennium.pk), data)

    assert response.status_code == 403
    assert Biennium.objects.get(pk=biennium.pk).document_symbol == "GB.337/PFA/3"


def test_a_manager_with_model_permissions_changes_the_title_block(client, proposal_2020_21):
    manager = staff_account(MANAGERS)
    client.force_login(manager)
    biennium = proposal_2020_21
    page = client.get(url(biennium, "change", biennium.pk))
    data = {**change_form_data(page), "document_symbol": "GB.337/PFA/3/Rev.1"}

    response = client.post(url(biennium, "change", biennium.pk), data)

    assert response.status_code == 302
    stored = Biennium.objects.get(pk=biennium.pk)
    assert stored.document_symbol == "GB.337/PFA/3/Rev.1"
    assert stored.history.latest().history_user == manager


@pytest.mark.parametrize(
    ("role", "record"),
    [
        (FINANCE, lambda b: Activity.objects.filter(line_of_action__biennium=b).first()),
        (PROGRAMME_STAFF, lambda b: MemberInstitution.objects.get(acronym="INA")),
        (PROGRAMME_STAFF, lambda b: b.budgets.first()),
    ],
    ids=["finance-activity", "staff-institution", "staff-budget"],
)
def test_model_permissions_do_not_open_another_roles_records(
    client, proposal_2020_21, role, record
):
    client.force_login(staff_account(role))
    obj = record(proposal_2020_21)
    before = type(obj)._base_manager.get(pk=obj.pk).version

    assert client.get(url(obj, "add")).status_code == 403
    assert client.post(url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert client.post(url(obj, "change", obj.pk), {"seen_version": before}).status_code == 403
    assert type(obj)._base_manager.filter(pk=obj.pk, version=before).exists()
