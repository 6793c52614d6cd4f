"""The layers of docs/architecture.md, checked: CI refuses an import that reaches up."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "core",
    "courses",
    "attendance",
    "certificates",
    "partners",
    "reports",
    "home",
    "search",
    "demo",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def project_app(module):
    top = (module or "").split(".")[0]
    return top if top in APPS else None


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory):
    """The project's Python packages and settings, in a folder the test may break."""
    root = tmp_path_factory.mktemp("layers")
    ignore = shutil.ignore_patterns("__pycache__", "templates", "static", "locale")
    for package in [*APPS, "config"]:
        shutil.copytree(ROOT / package, root / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_layers_hold_in_the_code_as_it_is(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_that_reaches_up_a_layer_is_refused(copy_of_the_code):
    models = copy_of_the_code / "courses" / "models" / "__init__.py"
    models.write_text(models.read_text() + "\nimport certificates  # noqa\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "courses is not allowed to import certificates" in result.stdout


def test_no_private_name_is_imported_from_another_app():
    found = []
    for app, path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and project_app(node.module) not in (None, app):
                found += [
                    f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert found == []


def test_no_import_of_another_app_hides_inside_a_function():
    """Imports inside functions once dodged cycles between apps; the layers need none."""
    found = []
    for app, path in python_files():
        if "migrations" in path.parts:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                modules = (
                    [node.module]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                found += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {module}"
                    for module in modules
                    if project_app(module) not in (None, app)
                ]
    assert found == []
