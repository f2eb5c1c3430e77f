"""ProperDocs (the maintained fork of MkDocs 1.x) builds the example site with the brandkit plugin
(found through the `mkdocs.plugins` entry point, which ProperDocs also reads) to the same bytes
as MkDocs does, the generator tag aside."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_example_site import copy_example_site
from tests.test_incremental import tree

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(root: Path, tool: str) -> dict[str, bytes]:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "--quiet"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return {path: GENERATOR.sub(b"", data) for path, data in tree(root / "site").items()}


@pytest.mark.slow
def test_properdocs_builds_the_example_site_as_mkdocs_does(tmp_path: Path) -> None:
    copy_example_site(tmp_path)
    with_mkdocs = _build(tmp_path, "mkdocs")
    with_properdocs = _build(tmp_path, "properdocs")
    assert len(with_mkdocs) > 100
    assert sorted(with_mkdocs) == sorted(with_properdocs)
    assert [p for p in with_mkdocs if with_mkdocs[p] != with_properdocs[p]] == []
    page = (tmp_path / "site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in page  # the generator tag: this really was ProperDocs


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_a_plain_build_refuses_a_key_written_twice(site: Path, tool: str) -> None:
    """YAML keeps the second of two equal keys without a word; brandkit's plugin says so in a
    plain `mkdocs build` too, not only under `brandkit build`."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "site_name: Someone else\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", tool, "build"],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert re.search(
        r"mkdocs\.yml:\d+: the key 'site_name' is written twice \(also at line \d+\)",
        result.stderr,
    ), result.stderr
    assert not (site / "site").exists()
