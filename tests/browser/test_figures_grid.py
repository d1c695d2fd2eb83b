"""In a real browser, the figures grid works as a spreadsheet (static/js/budget-tables.js)."""

import pytest

from budget.appendices import Column, appendices
from programme.models import Biennium
from tests.factories import finance_user

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

URL = "/bienniums/2020-21/budget/figures/"
ILO = "ILO contribution, 2020–21 Proposed budget"
HOST = "Host country contribution, 2020–21 Proposed budget"  # the row below the ILO's


@pytest.fixture
def grid(proposal_2020_21, page, log_in):
    log_in(finance_user())
    page.goto(URL)
    return page


def focused_label(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_figures_read_formatted_and_are_typed_raw(grid):
    ilo = grid.get_by_label(ILO)
    assert ilo.input_value() == "2,462,895"
    ilo.focus()
    assert ilo.input_value() == "2462895"
    grid.keyboard.type("2500000.5")
    grid.keyboard.press("Tab")
    assert ilo.input_value() == "2,500,000.50"


def test_the_raw_figures_are_posted_and_saved(grid, proposal_2020_21):
    grid.get_by_label(ILO).fill("2500000.50")
    grid.get_by_label(HOST).focus()  # the ILO figure is formatted again on leaving it
    with grid.expect_navigation():
        grid.get_by_role("button", name="Save the figures").click()
    assert grid.get_by_text("The figures are saved").is_visible()
    one, _two = appendices(Biennium.objects.get(pk=proposal_2020_21.pk))
    assert str(one.column(Column.PROPOSED).income["ilo"]) == "2500000.50"


def test_enter_moves_down_and_arrows_move_at_the_edge(grid):
    grid.get_by_label(ILO).focus()
    grid.keyboard.press("Enter")
    assert focused_label(grid) == HOST
    grid.keyboard.press("Shift+Enter")
    assert focused_label(grid) == ILO
    grid.keyboard.press("ArrowDown")
    assert focused_label(grid) == HOST
    grid.keyboard.press("ArrowUp")
    grid.keyboard.press("End")  # the caret at the end of the figure, nothing selected
    grid.keyboard.press("ArrowLeft")
    assert focused_label(grid) == ILO  # inside the text, the arrow moves the caret
    grid.keyboard.press("Home")
    grid.keyboard.press("ArrowLeft")
    assert focused_label(grid) != ILO  # at the start, it moves to the cell on the left


def test_a_changed_cell_is_marked_until_saved(grid):
    ilo = grid.get_by_label(ILO)
    ilo.fill("2462895.00")  # the same value: not a change
    assert "figure-changed" not in ilo.get_attribute("class")
    ilo.fill("1")
    assert "figure-changed" in ilo.get_attribute("class")
    note = ilo.get_attribute("aria-describedby")
    assert grid.locator(f"#{note}").inner_text() == "changed"
    ilo.fill("2462895")
    assert "figure-changed" not in ilo.get_attribute("class")
    assert grid.locator(f"#{note}").count() == 0


def test_leaving_with_unsaved_changes_asks_first(grid):
    grid.get_by_label(ILO).fill("1")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    grid.on("dialog", answer)
    grid.locator('a[href="/"]').first.click(no_wait_after=True)
    grid.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert grid.url.endswith(URL)


def test_a_subprogramme_has_one_name_box_in_the_source_language(grid):
    assert grid.get_by_label("English name of subprogramme 3").count() == 1
    assert grid.get_by_label("Spanish name of subprogramme 3").count() == 0
    assert grid.locator("textarea[data-name]").count() == grid.locator("[data-remove]").count()


def test_the_whole_name_is_visible(grid):
    name = grid.get_by_label("English name of subprogramme 3")
    assert name.input_value() == "Printing services and other contributions"
    fits = name.evaluate("box => box.scrollWidth <= box.clientWidth + 1")
    assert fits


def test_finance_changes_a_figure_and_saves_by_keyboard_alone(grid, proposal_2020_21):
    grid.get_by_label(ILO).focus()
    grid.keyboard.press("Enter")  # down to the host country's contribution
    grid.keyboard.type("1500")
    grid.keyboard.press("Enter")
    for _step in range(200):  # Tab on to the Save button
        grid.keyboard.press("Tab")
        if grid.evaluate("document.activeElement.textContent.trim()") == "Save the figures":
            break
    else:
        pytest.fail("Tab never reached the Save button")
    with grid.expect_navigation():
        grid.keyboard.press("Enter")
    assert grid.get_by_text("The figures are saved").is_visible()
    one, _two = appendices(Biennium.objects.get(pk=proposal_2020_21.pk))
    assert str(one.column(Column.PROPOSED).income["host_country"]) == "1500.00"


def test_spanish_figures_read_with_spanish_grouping(grid, live_server):
    grid.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    grid.goto(URL)
    ilo = grid.locator('[name="proposed-income_ilo"]')
    assert ilo.input_value() == "2\u00a0462\u00a0895"  # as the server prints 3 387 895 below
    total = grid.locator('[data-column="proposed"][data-derived="total_income"]')
    assert total.inner_text().replace("\u00a0", " ") == "3 387 895"
    ilo.fill("2462895.5")
    assert total.inner_text().replace("\u00a0", " ") == "3 387 896"
    grid.locator('[name="proposed-income_host_country"]').focus()
    assert ilo.input_value() == "2\u00a0462\u00a0895,50"


def caret(page) -> int:
    return page.evaluate("document.activeElement.selectionStart")


def test_up_and_down_move_the_caret_inside_a_name_of_several_lines(grid):
    # The name boxes of the subprogrammes, one above the other (the name in the source language;
    # its translations are kept on the translations pages).
    three = "English name of subprogramme 3"
    name = grid.get_by_label(three)
    above, below = name.evaluate(
        """box => { const boxes = [...document.querySelectorAll("textarea[data-name]")];
                    const at = boxes.indexOf(box);
                    return [boxes[at - 1], boxes[at + 1]].map(b => b.getAttribute("aria-label")); }"""
    )
    name.fill("Printing services and other contributions of the Centre. " * 4)
    name.evaluate("box => box.setSelectionRange(0, 0)")
    grid.keyboard.press("ArrowUp")  # from the first line: up to the box above
    assert focused_label(grid) == above

    name.focus()
    name.evaluate("box => box.setSelectionRange(0, 0)")
    positions = [caret(grid)]
    for _press in range(10):
        grid.keyboard.press("ArrowDown")
        if focused_label(grid) != three:
            break
        positions.append(caret(grid))
    assert focused_label(grid) == below  # down from the last line: to the cell below
    assert len(positions) >= 3  # before that, each press went down a line inside the box
    assert positions == sorted(set(positions))

    grid.keyboard.press("Alt+ArrowUp")  # at once, wherever the caret is
    assert focused_label(grid) == three
    name.evaluate("box => box.setSelectionRange(box.value.length, box.value.length)")
    grid.keyboard.press("ArrowUp")  # from the last line, up is a line of the same box
    assert focused_label(grid) == three and caret(grid) < positions[-1]
    grid.keyboard.press("Control+ArrowDown")
    assert focused_label(grid) == below
