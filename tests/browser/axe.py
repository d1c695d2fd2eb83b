"""axe-core's WCAG 2.1 AA check of the page a browser test has open."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only violations come back with their elements: passes and inapplicable rules, which
# axe otherwise details node by node, were a quarter of each page's check.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
# Given to a browser context's add_init_script, axe-core loads with each page of it instead
# of being sent to every page after it loads.
AXE_SCRIPT = Axe().axe_script


def violations_on(page) -> list[str]:
    """One line per violation axe reports: rule, impact and the first offending elements."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in results["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found
