"""Who may import whom (ARCHITECTURE.md): members ← programme ← budget ← documents."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "members",
    "programme",
    "budget",
    "translations",
    "documents",
    "tables",
    "benchmarks",
    "review",
]
# What each app may import of the others. Nothing imports benchmarks (the generator and the
# bench), which reads the data through members, programme and budget.
ALLOWED = {
    "members": set(),
    "programme": {"members"},
    "budget": {"members", "programme"},
    "translations": {"members", "programme", "budget"},  # the narrative in each language
    "documents": {"members", "programme", "budget", "translations"},
    "tables": {"members", "programme", "budget"},
    "benchmarks": {"members", "programme", "budget"},
    "review": {"members", "programme", "budget"},  # notes and reasons; nothing imports it
}
# The bench serves the site with settings and URLs of its own, made from the project's.
WIRING = {"benchmarks": {"cinterfor.settings", "cinterfor.urls"}}
# The parts of the project package that import no app, so every app may use them.
SHARED = {
    "cinterfor.narrative",
    "cinterfor.roles",
    "cinterfor.concurrency",
    "cinterfor.history",
    "cinterfor.admin_base",
    "cinterfor.forms",
    "cinterfor.submissions",
    "cinterfor.admin_forms",
    "cinterfor.admin_history",
    "cinterfor.links",
    "cinterfor.wording",
    "cinterfor.data_version",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _modules(app: str):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = []
    for path in _modules(app):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in APPS and top != app and top not in ALLOWED[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if top in APPS and top != app and ".views" in name:
                wrong.append(f"{path.relative_to(ROOT)} imports another app's views: {name}")
            allowed = SHARED | WIRING.get(app, set())
            shared = any(name == s or name.startswith(s + ".") for s in allowed)
            if top == "cinterfor" and name != "cinterfor" and not shared:
                wrong.append(f"{path.relative_to(ROOT)} imports {name} from the project package")
    assert not wrong, "\n".join(wrong)


def test_the_shared_project_modules_import_no_app():
    for module in SHARED:
        path = ROOT / (module.replace(".", "/") + ".py")
        tops = {name.split(".")[0] for name in _imports(path)}
        assert not tops & set(APPS), f"{module} imports an app"
