"""The paragraph editor shows figures as labelled chips: a flagged stated figure is corrected
where it stands, a figure is inserted from a picker, and no one types placeholder syntax."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.figures import figures_for
from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.forms import ParagraphForm
from programme.models import Paragraph

YEARS = "2020-21"
SHARE = "[[network.agreements_share_percent|26]]"


@pytest.fixture(autouse=True)
def _figures_from_budget(settings):
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"


@pytest.fixture
def paragraph(proposal_2020_21) -> Paragraph:
    (found,) = [
        p
        for p in Paragraph.objects.filter(section__biennium=proposal_2020_21)
        if SHARE in p.text["en"]
    ]
    return found


def edit_url(paragraph: Paragraph) -> str:
    return reverse("programme:paragraph_edit", kwargs={"years": YEARS, "pk": paragraph.pk})


def as_served(paragraph: Paragraph) -> dict:
    """What the editor's form posts when nothing is changed: the texts with chips."""
    form = ParagraphForm(paragraph=paragraph, figures=figures_for(paragraph.section.biennium))
    data = {f"text_{code}": text for code, text in form.initial["text"].items()}
    data |= {"version": paragraph.version, "placeholders": form.initial["placeholders"]}
    data |= {f"figure_{chip.number}": "keep" for chip in form.chips}
    return data


def chip_of(paragraph: Paragraph, key: str) -> int:
    tokens = json.loads(as_served(paragraph)["placeholders"])
    return next(n for n, token in enumerate(tokens, start=1) if f"[[{key}" in token)


def test_the_editor_shows_the_written_and_the_computed_value_without_syntax(
    client, paragraph, staff
):
    client.force_login(staff)
    page = client.get(edit_url(paragraph), follow=True).content.decode()
    number = chip_of(paragraph, "network.agreements_share_percent")
    row = page[page.index(f'id="figure-row-{number}"') :]
    row = row[: row.index("</tr>")]
    assert "Share of member institutions with a signed agreement" in row
    assert '<span class="stated-figure">26</span>' in row  # as written
    assert '<span class="placeholder-figure">25.4</span>' in row  # 17 of 67, as computed
    assert "differs from the data" in row
    assert "Take the computed value, 25.4" in row
    textarea = page[page.index('name="text_en"') :]
    assert f"⟦{number}⟧ per cent" in textarea[: textarea.index("</textarea>")]


def test_taking_the_computed_value_corrects_the_figure_where_it_stands(client, paragraph, staff):
    client.force_login(staff)
    number = chip_of(paragraph, "network.agreements_share_percent")
    data = as_served(paragraph) | {f"figure_{number}": "computed"}

    response = client.post(edit_url(paragraph), data, follow=True)

    assert "The paragraph is saved." in response.content.decode()
    paragraph.refresh_from_db()
    assert "[[network.agreements_share_percent|25.4]] per cent" in paragraph.text["en"]
    assert SHARE not in paragraph.text["en"]
    assert paragraph.version == 2
    figure = figures_for(paragraph.section.biennium)["network.agreements_share_percent"]
    assert figure.agrees_with("25.4")  # the reconciliation's own check


def test_typing_another_value_states_that_value(client, paragraph, staff):
    client.force_login(staff)
    number = chip_of(paragraph, "network.agreements_share_percent")
    data = as_served(paragraph) | {f"figure_{number}": "other", f"figure_{number}_value": "25"}
    client.post(edit_url(paragraph), data)
    paragraph.refresh_from_db()
    assert "[[network.agreements_share_percent|25]] per cent" in paragraph.text["en"]


def test_a_value_with_brackets_is_refused_beside_its_field(client, paragraph, staff):
    client.force_login(staff)
    number = chip_of(paragraph, "network.agreements_share_percent")
    data = as_served(paragraph) | {f"figure_{number}": "other", f"figure_{number}_value": "2]]"}
    page = client.post(edit_url(paragraph), data).content.decode()
    assert "no brackets or bars" in page
    assert Paragraph.objects.get(pk=paragraph.pk).version == 1


def test_the_picker_inserts_a_chip_and_saving_binds_the_figure(client, paragraph, staff):
    client.force_login(staff)
    served = as_served(paragraph)
    inserted = client.post(
        edit_url(paragraph),
        served | {"insert_figure": "1", "insert_key": "network.countries"},
    )
    assert inserted.status_code == 200  # the editor again, nothing saved yet
    assert Paragraph.objects.get(pk=paragraph.pk).version == 1
    form = inserted.context["form"]
    new_chip = len(form.chips)
    assert form.chips[-1].label == "Countries in the network"
    assert form.initial["text"]["en"].endswith(f" ⟦{new_chip}⟧")

    data = served | {
        "text_en": form.initial["text"]["en"],
        "placeholders": form.initial["placeholders"],
        f"figure_{new_chip}": "keep",
    }
    response = client.post(edit_url(paragraph), data, follow=True)

    assert "The paragraph is saved." in response.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith(" [[network.countries]]")


def test_the_picker_inserts_where_the_cursor_was(client, paragraph, staff):
    client.force_login(staff)
    served = as_served(paragraph)
    inserted = client.post(
        edit_url(paragraph),
        served
        | {
            "insert_figure": "1",
            "insert_key": "network.countries",
            "insert_language": "en",
            "insert_at": "0",
        },
    )
    form = inserted.context["form"]
    assert form.initial["text"]["en"].startswith(f"⟦{len(form.chips)}⟧")
    assert form.inserted_at == ("en", 3)


def test_typed_placeholder_syntax_is_still_refused(client, paragraph, staff):
    client.force_login(staff)
    data = as_served(paragraph)
    data["text_en"] += " [[network.countries]]"
    page = client.post(edit_url(paragraph), data).content.decode()
    assert "may not add or change placeholders" in page
    assert Paragraph.objects.get(pk=paragraph.pk).version == 1


def test_a_chip_deleted_from_the_text_is_refused_unless_removed_with_its_control(
    client, paragraph, staff
):
    client.force_login(staff)
    number = chip_of(paragraph, "network.agreements_share_percent")
    data = as_served(paragraph)
    data["text_en"] = data["text_en"].replace(f"⟦{number}⟧ per cent", "")
    page = client.post(edit_url(paragraph), data).content.decode()
    assert f"must keep figure ⟦{number}⟧ (Share of member institutions" in page
    assert Paragraph.objects.get(pk=paragraph.pk).version == 1

    client.post(edit_url(paragraph), data | {f"figure_{number}": "remove"})
    paragraph.refresh_from_db()
    assert "agreements_share_percent" not in paragraph.text["en"]
    assert paragraph.version == 2


def test_a_chip_the_editor_did_not_offer_is_refused(client, paragraph, staff):
    client.force_login(staff)
    data = as_served(paragraph)
    data["text_en"] += " ⟦99⟧"
    page = client.post(edit_url(paragraph), data).content.decode()
    assert "names figures the editor does not have: ⟦99⟧" in page


def test_a_correction_on_a_stale_page_is_refused(client, paragraph, staff, manager):
    client.force_login(staff)
    number = chip_of(paragraph, "network.agreements_share_percent")
    stale = as_served(paragraph) | {f"figure_{number}": "computed"}
    services.paragraph_update(
        paragraph=paragraph,
        by=manager,
        seen_version=1,
        text={**paragraph.text, "en": paragraph.text["en"] + " Later."},
    )
    page = client.post(edit_url(paragraph), stale).content.decode()
    assert str(ConcurrentEdit.message) in page
    paragraph.refresh_from_db()
    assert SHARE in paragraph.text["en"] and paragraph.text["en"].endswith(" Later.")


def test_the_service_refuses_a_correction_that_names_another_figure(paragraph, staff):
    edit = services.PlaceholderEdit(replaced={SHARE: "[[network.countries|26]]"})
    text = {**paragraph.text, "en": paragraph.text["en"].replace(SHARE, "[[network.countries|26]]")}
    with pytest.raises(ValidationError, match="A correction keeps its figure"):
        services.paragraph_update(
            paragraph=paragraph, by=staff, seen_version=1, text=text, placeholder_edit=edit
        )


def test_the_cursor_offset_counts_a_line_end_as_one_character(paragraph):
    """Browsers post line ends as CR LF but count them as one character in the cursor offset."""
    data = as_served(paragraph) | {
        "text_en": "- first\r\n- second",
        "insert_figure": "1",
        "insert_key": "network.countries",
        "insert_language": "en",
        "insert_at": str(len("- first\n- ")),
    }
    form = ParagraphForm(data, paragraph=paragraph, figures=figures_for(paragraph.section.biennium))
    assert form.initial["text"]["en"] == f"- first\n- ⟦{len(form.chips)}⟧second"
