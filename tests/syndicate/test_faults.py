"""Fault injection for `brandkit syndicate`: a real `python -m brandkit` process is SIGKILLed by
the service at every write it makes (each create of a run of two, and an update), once before
the service stores anything and once after (the answer is lost). After the next run every post
has exactly one copy, with its latest content: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunCli, write_post
from tests.syndicate.fakes import FakeForem, FakeHashnode, FakeService
from tests.syndicate.test_cli import configure

REPO = Path(__file__).resolve().parents[2]
PHASES = ("before", "after")


def run(site: Path, service: FakeService, target: str, kill: tuple[int, str] | None) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("DEVTO_API_KEY", "HASHNODE_TOKEN")}
    env.update(PYTHONPATH=str(REPO))
    if isinstance(service, FakeForem):
        env["DEVTO_API_KEY"] = service.api_key
    if isinstance(service, FakeHashnode):
        env["HASHNODE_TOKEN"] = service.token
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandkit", "syndicate", "--to", target, "--yes"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    service.client_pid, service.write_count, service.kill_write = proc.pid, 0, kill
    _, err = proc.communicate(timeout=120)
    service.kill_write = None
    assert "Traceback" not in err, err
    return proc.returncode


def copies(service: FakeService) -> dict[str, list[str]]:
    """canonical URL -> the bodies of its copies on the service."""
    found: dict[str, list[str]] = {}
    if isinstance(service, FakeForem):
        for article in service.articles.values():
            found.setdefault(article["canonical_url"], []).append(article["body_markdown"])
    if isinstance(service, FakeHashnode):
        for post in service.posts.values():
            found.setdefault(post["canonicalUrl"], []).append(post["contentMarkdown"])
    return found


def post(site: Path, slug: str, n: int, body: str) -> None:
    write_post(
        site,
        f"{slug}.md",
        f"id: urn:uuid:7e0c1c2a-0000-4000-8000-{n:012d}\ntitle: Fault {slug}\n"
        "date: 2026-03-14T09:30:00+01:00\ntags: [testing]",
        body,
    )


@pytest.mark.parametrize("target", ["devto", "hashnode"])
def test_killed_at_every_write_loses_and_duplicates_nothing(
    site: Path, cli: RunCli, forem: FakeForem, hashnode: FakeHashnode, target: str
) -> None:
    service: FakeService = forem if target == "devto" else hashnode
    configure(
        site, forem if target == "devto" else None, hashnode if target == "hashnode" else None
    )
    cli("build")
    assert run(site, service, target, None) == 0  # hello-world, before any fault
    n = 0
    for phase in PHASES:
        for k in (1, 2):  # two new posts: kill at the first create, then at the second
            n += 1
            slugs = [f"c{n}a", f"c{n}b"]
            for i, slug in enumerate(slugs):
                post(site, slug, n * 10 + i, f"First version of {slug}.\n")
            cli("build")
            assert run(site, service, target, (k, phase)) == -9, (target, k, phase)
            state = json.loads((site / ".brandkit" / "state.json").read_text())
            records = state["syndication"][target]
            assert any(r.get("status") == "pending" for r in records.values()), (k, phase)
            assert run(site, service, target, None) == 0, (target, k, phase)
            found = copies(service)
            for slug in slugs:
                bodies = found[f"https://jane.example.com/blog/{slug}/"]
                assert len(bodies) == 1, (target, k, phase, slug, bodies)
        # An edit: kill at its update, then check the copy carries the new text, once.
        n += 1
        post(site, f"c{n - 1}a", (n - 1) * 10, "Second version.\n")
        cli("build")
        assert run(site, service, target, (1, phase)) == -9, (target, "update", phase)
        assert run(site, service, target, None) == 0
        bodies = copies(service)[f"https://jane.example.com/blog/c{n - 1}a/"]
        assert len(bodies) == 1 and "Second version." in bodies[0], (target, phase, bodies)
    assert all(len(b) == 1 for b in copies(service).values())
    assert run(site, service, target, None) == 0
    assert service.write_count == 0  # a last run with nothing to do writes nothing
