"""Page fingerprints say what shapes a page, and nothing else: not where the project lies
(deploy builds a copy of it elsewhere with the project's cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config import load_config

from brandkit.mkdocs.fingerprints import config_fingerprint


def fingerprint(root: Path) -> str:
    return config_fingerprint(load_config(str(root / "mkdocs.yml")))


def test_the_same_project_in_another_folder_has_the_same_fingerprint(
    site: Path, tmp_path: Path
) -> None:
    assert "custom_dir: themes/overrides" in (site / "mkdocs.yml").read_text()  # a path
    copy = tmp_path / "somewhere" / "else"
    shutil.copytree(site, copy)
    assert fingerprint(copy) == fingerprint(site)
    # ... while what does show in pages still changes it.
    moved = copy / "mkdocs.yml"
    moved.write_text(moved.read_text().replace("themes/overrides", "themes/mine"))
    shutil.copytree(copy / "themes" / "overrides", copy / "themes" / "mine")
    assert fingerprint(copy) != fingerprint(site)
