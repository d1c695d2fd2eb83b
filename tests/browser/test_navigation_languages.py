"""The menu stays one line an item on a 1366×768 laptop in every language of the interface.

Spanish and French labels are longer than the English ones ("Contribuciones recibidas frente a
la previsión"); each menu entry, heading and top-bar item must still be one line high.
"""

import pytest

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
# Each visible item of the sidebar and the top bar, with how many lines its text takes.
LINES = """() => [...document.querySelectorAll(
    ".site-menu .nav-link, .site-menu-heading, .site-header .navbar-brand, "
    + ".site-header .site-biennium, .site-header-tools > *")]
  .filter(item => item.getClientRects().length > 0)
  .map(item => {
    const style = getComputedStyle(item);
    const box = item.getBoundingClientRect();
    const inner = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    return [item.textContent.trim().replace(/\\s+/g, " "), Math.round(inner / line)];
  })"""


@pytest.mark.parametrize("language", ["es", "fr"])
def test_no_menu_item_wraps_on_a_laptop_in_spanish_or_french(
    page, log_in, proposal_2020_21, manager, language
):
    log_in(manager)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.set_viewport_size(LAPTOP)
    for url in ("/bienniums/2020-21/", "/bienniums/2020-21/budget/contributions/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        items = page.evaluate(LINES)
        assert len(items) > 20, items  # the whole menu was measured
        assert [(text, lines) for text, lines in items if lines > 1] == []
        assert page.locator(".site-header").bounding_box()["height"] < 70
