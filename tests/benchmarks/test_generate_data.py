"""`generate_data`: N× the real network around the shipped proposal, the same for a seed."""

import datetime
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from benchmarks.generator import OTHER_BIENNIUMS, import_file
from benchmarks.generator.people import create_people
from budget.models import Budget, Contribution, IncomeEstimate, Subprogramme
from budget.reconciliation import reconcile
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

SCALE = 2


class Undo(Exception):
    """Raised to roll a block back."""


def generate(scale: int = SCALE, seed: int = 1) -> None:
    call_command("generate_data", "--scale", str(scale), "--seed", str(seed), stdout=io.StringIO())


def the_2020_21_proposal() -> dict:
    """What the shipped file holds for 2020–21 (and 2018–19's columns), ids left out."""
    biennium = Biennium.objects.get(start_year=2020)
    return {
        "biennium": Biennium.objects.filter(pk=biennium.pk).values(
            "status", "title", "document_symbol", "reported_member_institutions"
        )[0],
        "sections": list(Section.objects.filter(biennium=biennium).values("kind", "title")),
        "paragraphs": list(
            Paragraph.objects.filter(section__biennium=biennium).values("position", "text")
        ),
        "footnotes": list(Footnote.objects.order_by("pk").values("key", "text")),
        "lines": list(LineOfAction.objects.filter(biennium=biennium).values("letter", "heading")),
        "activities": {
            (a.pop("line_of_action__letter"), a.pop("position")): a
            for a in Activity.objects.filter(line_of_action__biennium=biennium).values(
                "line_of_action__letter",
                "position",
                "title",
                "description",
                "kind",
                "status",
                "other_partners",
                "source_paragraph__position",
            )
        },  # fmt: skip
        "budgets": list(
            Budget.objects.filter(biennium__start_year__gte=2018)
            .order_by("biennium__start_year", "phase")
            .values("phase", "funds_brought_forward", "total_expenditure")
        ),
        "income": list(
            IncomeEstimate.objects.filter(budget__biennium__start_year__gte=2018)
            .order_by("budget__biennium__start_year", "budget__phase", "line")
            .values("line", "amount")
        ),
        "subprogrammes": list(
            Subprogramme.objects.filter(budget__biennium=biennium).values("name", "staff_cost")
        ),
    }


def canonical_dump() -> dict[str, list[tuple]]:
    """Every row the project keeps, with ids made relative to each table's first id.

    Ids differ between two runs on PostgreSQL (sequences survive a rollback); nothing else may.
    History dates the importer stamps with "now" are written as "now".
    """
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
        and (m._meta.app_label not in ("admin", "auth", "axes", "contenttypes", "sessions"))
        or m._meta.label_lower in ("auth.user", "auth.user_groups")
    ]
    first_id = {
        m: min(m.objects.values_list("pk", flat=True), default=0)
        for m in models
        if m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    }
    recent = timezone.now() - datetime.timedelta(hours=1)
    dump = {}
    for model in models:
        instance_type = getattr(model, "instance_type", None)  # a history model's own model
        rows = []
        for obj in model.objects.order_by("pk"):
            row = []
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.attname)
                if field.primary_key and model in first_id:
                    value -= first_id[model]
                elif field.is_relation and field.related_model in first_id and value is not None:
                    value -= first_id[field.related_model]
                elif field.name == "id" and instance_type in first_id:
                    value -= first_id[instance_type]
                elif field.name == "id":
                    value = "link"  # a history snapshot's copy of a link row's id
                elif isinstance(value, datetime.datetime) and value > recent:
                    value = "now"
                row.append(value)
            rows.append(tuple(row))
        dump[model._meta.label] = rows
    return dump


@pytest.mark.django_db
def test_scale_n_gives_2020_21_n_times_the_real_network():
    generate()

    biennium = Biennium.objects.get(start_year=2020)
    assert MemberInstitution.objects.count() == 67 * SCALE
    assert ContributionAgreement.objects.count() == 17 * SCALE
    assert Contribution.objects.filter(biennium=biennium).count() == 72 * SCALE
    assert Activity.objects.filter(line_of_action__biennium=biennium).count() == 46 * SCALE
    assert Country.objects.count() == 27
    assert {"ES", "CV", "AR", "TT"} <= set(Country.objects.values_list("code", flat=True))
    assert len(set(ContributionAgreement.objects.values_list("currency", flat=True))) > 3


@pytest.mark.django_db
def test_twenty_approved_bienniums_come_before_it_with_their_history():
    generate()

    past = Biennium.objects.filter(start_year__lt=2018)
    assert past.count() == OTHER_BIENNIUMS
    assert set(past.values_list("status", flat=True)) == {"approved"}
    oldest = past.order_by("start_year").first()
    assert oldest.transitions.count() == 2
    statuses = oldest.history.order_by("history_date").values_list("status", flat=True)
    assert list(statuses) == ["draft", "submitted", "approved"]
    activity = Activity.objects.filter(line_of_action__biennium=oldest).first()
    records = list(activity.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[0].history_date.year < 2000
    assert {c.country_id for c in records[0].countries.all()} == set(
        activity.countries.values_list("code", flat=True)
    )
    assert Contribution.objects.filter(biennium=oldest).count() == 72
    assert Contribution.history.count() == Contribution.objects.count()


@pytest.mark.django_db
def test_past_bienniums_reconcile_their_appendices():
    generate()

    oldest = Biennium.objects.order_by("start_year").first()
    assert not [f for f in reconcile(oldest) if "Appendix" in f.where]


@pytest.mark.django_db
def test_the_shipped_proposal_is_unchanged_and_reconciles_as_before():
    try:
        with transaction.atomic():
            import_file(settings.SEED_PROPOSAL_FILE, username=create_people().importer.username)
            shipped = the_2020_21_proposal()
            findings = [str(f) for f in reconcile(Biennium.objects.get(start_year=2020))]
            raise Undo
    except Undo:
        pass

    generate()

    grown = the_2020_21_proposal()
    assert set(shipped["activities"]) < set(grown["activities"])
    grown["activities"] = {k: grown["activities"][k] for k in shipped["activities"]}
    assert grown == shipped
    assert [str(f) for f in reconcile(Biennium.objects.get(start_year=2020))] == findings


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    dumps = []
    for seed in (7, 7, 8):
        try:
            with transaction.atomic():
                generate(seed=seed)
                dumps.append(canonical_dump())
                raise Undo
        except Undo:
            pass

    assert dumps[0] == dumps[1]
    assert dumps[0]["programme.Activity"] != dumps[2]["programme.Activity"]


@pytest.mark.django_db
def test_a_database_that_already_holds_a_proposal_is_refused():
    generate(scale=1)

    with pytest.raises(CommandError, match="fresh"):
        generate(scale=1)
