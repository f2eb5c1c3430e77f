"""Cross-post continuity after an import: dev.to copies of the old blog's posts are updated,
never posted again, whether the export named their ids or only their old canonical URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.importers.test_import import FIXTURES
from tests.syndicate.fakes import FakeForem
from tests.syndicate.test_cli import configure

OLD = "https://jane.example.com/blog/"


def test_imported_posts_update_their_old_devto_copies(
    site: Path, cli: RunCli, forem: FakeForem, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, forem)
    forem._next_id = 1200  # the Hugo fixture's first post says `devto_id: 1201`
    forem._save(
        None, {"article": {"title": "First", "canonical_url": f"{OLD}2022/02/first-hugo-post/"}}
    )
    forem._save(None, {"article": {"title": "Bundle", "canonical_url": f"{OLD}2022/03/a-bundle/"}})
    cli("import", str(FIXTURES / "hugo"))
    ledger = json.loads((site / ".brandkit" / "state.json").read_text())["syndication"]["devto"]
    assert ledger[f"{OLD}2022/02/first-hugo-post/"]["remote_id"] == "1201"
    cli("build")
    monkeypatch.setenv("DEVTO_API_KEY", forem.api_key)
    result = cli("syndicate", "--to", "devto", "--yes")
    assert "dev.to: updated 'First Hugo post'" in result.output  # by the id the export had
    assert "dev.to: adopted 'A bundle with an image'" in result.output  # by its old address
    canonical = {a["id"]: a["canonical_url"] for a in forem.articles.values()}
    assert canonical[1201] == "https://jane.example.com/blog/first-hugo/"
    assert canonical[1202] == "https://jane.example.com/blog/a-bundle/"
    # The others were new: each posted once; nothing else on dev.to.
    assert sorted(canonical.values()).count("https://jane.example.com/blog/a-bundle/") == 1
    assert len(forem.articles) == 4  # 2 old copies + the math post + the starter post
