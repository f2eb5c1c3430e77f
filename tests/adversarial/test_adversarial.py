"""Hostile and clumsy input, table-driven (cases.py): each case must end with a non-zero exit, a
one-line message naming the file and the key, no traceback, and nothing written outside site/ and
the cache (the whole parent folder of the project is compared before and after, content/ too).

Each case copies one small `brandkit new` site that was built once (so its cache is warm and a
case's `check` or `build` is quick) and runs the real CLI in this process.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandkit.cli import main
from tests.adversarial.cases import Case, all_cases
from tests.conftest import NEW_SITE_OPTIONS
from tests.sitetree import tree

CASES = all_cases()
# What a command may write: the built site, its staging folders and the cache.
WRITABLE = ("site", ".cache")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("adversarial") / "template"
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(root), *NEW_SITE_OPTIONS], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = runner.invoke(main, ["build", "--strict"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)
    yield root


def outside_writable(parent: Path) -> dict[str, str]:
    """Everything under `parent` but the project's site/, staging folders and cache."""
    found = tree(parent, skip=WRITABLE)
    return {k: v for k, v in found.items() if not k.split("/")[-1].startswith(".site.")}


def test_at_least_150_cases() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(
    case: Case, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "parent"
    parent.mkdir()
    root = parent / "site-src"
    shutil.copytree(template, root, symlinks=True)
    case.setup(root)
    before = outside_writable(parent)
    content_before = tree(root / "content")
    monkeypatch.chdir(root)

    result = CliRunner().invoke(main, [case.command], catch_exceptions=False)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")

    assert result.exit_code == 1, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if case.where in line and case.key in line]
    assert lines, f"no line names {case.where!r} and {case.key!r}:\n{output}"
    assert all(len(line) < 600 for line in lines), lines
    assert outside_writable(parent) == before
    assert tree(root / "content") == content_before
