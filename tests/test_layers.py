"""The layout holds: import-linter's contracts in pyproject.toml (layers, frameworks only in the
CLI and the MkDocs adapter, independent publishing packages, no cycles), and every module is
under 400 lines with a docstring saying what it owns."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "brandkit"
MAX_LINES = 400
NOT_YET: tuple[str, ...] = ()


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the brandkit package found first on the path from `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("text.py", "import click", "nothing imports MkDocs, Material or click"),
        ("announce/engine.py", "import mkdocs.config", "nothing imports MkDocs, Material or click"),
        ("feeds.py", "import brandkit.mkdocs.config", "The CLI above the MkDocs adapter"),
        ("syndicate/sync.py", "import brandkit.announce.ledger", "do not import each other"),
        ("content/models.py", "import brandkit.site", "No import cycles"),
    ],
)
def test_a_broken_layer_fails(tmp_path: Path, module: str, line: str, contract: str) -> None:
    shutil.copytree(PACKAGE, tmp_path / "brandkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    target = tmp_path / "brandkit" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken


def _modules() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in NOT_YET
    )


def test_every_module_is_short_and_says_what_it_owns() -> None:
    long, undocumented = [], []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        if text.count("\n") >= MAX_LINES:
            long.append(f"{name}: {text.count(chr(10))} lines")
        docstring = ast.get_docstring(ast.parse(text))
        if not docstring or len(docstring.split()) < 6:
            undocumented.append(name)
    assert not long, f"split these modules (at most {MAX_LINES} lines): {long}"
    assert not undocumented, f"say in a docstring what these modules own: {undocumented}"
