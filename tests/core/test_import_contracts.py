"""The import table (README, Design) is enforced by the import-linter contracts in
pyproject.toml, which `make lint` and `make test` run: the project keeps them, an import the
table forbids breaks them, and every app is under them."""

import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LINT_IMPORTS = pathlib.Path(sys.executable).parent / "lint-imports"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint_imports(cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_keeps_its_import_contracts():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def copy_of_the_project(tmp_path_factory):
    """The application packages and pyproject.toml, copied, so a test can add a stray module."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


@pytest.mark.parametrize(
    ("module", "source", "contract", "reported"),
    [
        (
            "members/stray.py",
            "from meetings.models import Meeting\n",
            "members never imports meetings, awards, news or icis.site",
            "members.stray -> meetings.models",
        ),
        (
            "awards/stray.py",
            "from members.models import MemberProfile\n",
            "other apps use members through its selectors, services",
            "awards.stray -> members.models",
        ),
        (
            "news/stray.py",
            "def page():\n    from icis.site import views\n",
            "nothing imports icis.site but the root URLconf",
            "news.stray -> icis.site.views",
        ),
        (
            "icis/payments/stray.py",
            "from members import services\n",
            "icis.payments uses icis.core, icis.accounts and icis.mail",
            "icis.payments.stray -> members.services",
        ),
        (
            "icis/review/stray.py",
            "from awards.models import Application\n",
            "icis.review uses icis.core, icis.accounts and icis.mail",
            "icis.review.stray -> awards.models",
        ),
    ],
)
def test_an_import_the_table_forbids_fails_the_lint(
    copy_of_the_project, module, source, contract, reported
):
    stray = copy_of_the_project / module
    stray.write_text(source)
    try:
        result = _lint_imports(copy_of_the_project)
    finally:
        stray.unlink()

    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    assert reported in broken


def _named_in_contracts() -> set[str]:
    named = set()
    for contract in CONFIG["contracts"]:
        for key in ("source_modules", "protected_modules"):
            named.update(contract.get(key, []))
    return named


def test_every_app_is_under_the_contracts():
    """A new app (`mentorship`, `icis/review`) must be added to the contracts, with its row in
    the README's table: a contract cannot name a module before it exists."""
    top_level = {path.parent.name for path in ROOT.glob("*/apps.py")}
    cross_cutting = {f"icis.{path.parent.name}" for path in ROOT.glob("icis/*/apps.py")}

    assert top_level <= set(CONFIG["root_packages"])
    assert top_level | cross_cutting <= _named_in_contracts()
