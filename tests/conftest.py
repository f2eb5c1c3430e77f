"""Shared fixtures: small real sites built through the real CLI."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from brandkit.cli import main

REPO = Path(__file__).resolve().parent.parent
# The owner every test site made with `brandkit new` belongs to.
NEW_SITE_OPTIONS = (
    "--name",
    "Jane Doe",
    "--author",
    "Jane Doe",
    "--email",
    "jane@example.com",
    "--url",
    "https://jane.example.com/",
)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from brandkit.secrets import REDACTOR

    monkeypatch.delenv("BRANDKIT_NOW", raising=False)
    # CI machines set CI, which turns the progress display into plain lines on stderr; tests
    # that check output ask for that mode themselves, the rest see what a terminal-less user sees.
    monkeypatch.delenv("CI", raising=False)
    yield
    REDACTOR.clear()  # secrets registered by one test's in-process runs stay out of the next


RunCli = Callable[..., Result]


@pytest.fixture
def cli() -> RunCli:
    """Run the real `brandkit` command in-process; asserts nothing about the outcome."""

    def run(*args: str, expect: int | None = 0) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, result.output + (result.stderr or "")
        return result

    return run


@pytest.fixture
def untouched_site(tmp_path: Path, cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh `brandkit new` site as it is written (starter text, the first post a draft); the
    current directory is its root."""
    root = tmp_path / "site-src"
    cli(
        "new",
        str(root),
        *NEW_SITE_OPTIONS,
    )
    monkeypatch.chdir(root)
    yield root
    os.chdir(tmp_path)


@pytest.fixture
def site(untouched_site: Path) -> Path:
    """A `brandkit new` site its owner has filled in: starter text replaced and the first post
    published (`publish_first_post`); the current directory is its root."""
    publish_first_post(untouched_site)
    personalize(untouched_site)
    return untouched_site


def publish_first_post(root: Path) -> Path:
    """Take the starter post out of draft, as its owner does once it is written."""
    post = root / "content" / "posts" / "hello-world.md"
    text = post.read_text(encoding="utf-8")
    assert "draft: true\n" in text
    post.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    return post


def write_post(root: Path, name: str, front: str, body: str = "Some text.\n") -> Path:
    path = root / "content" / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


# What the owner writes in place of the starter text (valid inside JSON and YAML strings).
_OWN_WORDS = {
    '"XX"': '"NL"',
    "https://example.com/": "https://jane.example.com/",
    "you@example.com": "jane@example.com",
}


def personalize(root: Path) -> None:
    """Replace the starter text `brandkit new` wrote, as the owner does before publishing (deploy
    and publish refuse starter text)."""
    from brandkit.placeholders import find_placeholders

    for _ in range(3):  # a line may hold two phrases: one is reported at a time
        for found in find_placeholders(root, root / "content", root / "mkdocs.yml"):
            path = root / found.path
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            own = _OWN_WORDS.get(found.phrase, "Words Jane wrote herself")
            lines[found.line - 1] = lines[found.line - 1].replace(found.phrase, own)
            path.write_text("".join(lines), encoding="utf-8")
    assert find_placeholders(root, root / "content", root / "mkdocs.yml") == []
