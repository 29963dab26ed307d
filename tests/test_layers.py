"""The package's layers: imports run one way, presentation -> storage -> core, with no cycles."""

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "rcnet_data"
ORDER = {"core": 0, "storage": 1, "presentation": 2}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rcnet_data"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("rcnet_data")}
    return found


def test_imports_run_from_presentation_to_storage_to_core():
    for layer, rank in ORDER.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for module in imported_modules(path):
                parts = module.split(".")
                if len(parts) > 1 and parts[1] in ORDER:
                    assert ORDER[parts[1]] <= rank, f"{path.relative_to(PROJECT_ROOT)} imports {module}"


def test_no_import_cycles_between_modules():
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        modules[name] = {m for m in imported_modules(path)}
    graph = {name: {m for m in deps if m in modules and m != name} for name, deps in modules.items()}

    def visit(node, stack):
        assert node not in stack, " -> ".join([*stack, node])
        for neighbour in graph[node]:
            visit(neighbour, [*stack, node])

    for name in graph:
        visit(name, [])


def test_only_the_ui_package_imports_streamlit():
    """The pure modules are tested without Streamlit: it is imported in presentation/ui only."""
    importers = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "streamlit" or name.startswith("streamlit.") for name in names):
                importers.append(path.relative_to(PACKAGE).as_posix())
    assert importers and all(path.startswith("presentation/ui/") for path in importers), importers


def test_the_runtime_package_holds_only_the_product():
    """No benchmark or browser harness inside rcnet_data, and psutil is not a run-time need."""
    assert not (PACKAGE / "bench.py").exists() and not (PACKAGE / "browser.py").exists()
    requirements = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "psutil" not in requirements and "playwright" not in requirements
    assert not any("psutil" in path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))


def test_every_download_button_goes_through_ui_download():
    """One download button (`ui.download`): it never reruns the page on a click, which would
    revoke the file being made (a download that, under load, never came)."""
    callers = []
    for path in [*PACKAGE.rglob("*.py"), *(PROJECT_ROOT / "app_pages").glob("*.py"), PROJECT_ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "download_button":
                callers.append(path.relative_to(PROJECT_ROOT).as_posix())
    assert callers == ["rcnet_data/presentation/ui/components.py"], callers
