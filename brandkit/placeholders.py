"""Starter text that `brandkit new` writes and a person must replace before the site goes public.

`brandkit new` fills a site with examples ("Replace this with ...", "Company name", "Your city")
so that it builds at once. Left in place they would be published under the owner's name, so
`check` and `doctor` list them and `deploy`/`publish` refuse to publish them (unless
`--allow-placeholders`). Each phrase below appears in a shipped starter file (a test keeps the
two in step); drafts are skipped, since they are never published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Phrases only the starter files contain, each with what to do about it.
STARTER_PHRASES: tuple[tuple[str, str], ...] = (
    ("Replace this with", "write your own text"),
    ("Company name", "fill in your work history or remove the entry"),
    ("University name", "fill in your education or remove the entry"),
    ("Your city", "give your location or remove it"),
    ('"XX"', "give your country code or remove it"),
    ("What the team does and what you own", "describe your work"),
    ("An outcome you are proud of", "name a real outcome"),
    ("says what you are focused on at this point in your life", "write your own now page"),
    ("The editor, terminal, languages, hardware and services you use", "list what you use"),
    ("Describe the project: the problem it solves", "describe the project"),
    ("What it does, who uses it, and a short example", "describe the project"),
    ("A command-line tool that does one thing well", "replace the example project"),
    ("This is the first post on my new site", "write your first post"),
    ("A short talk about owning your writing", "replace the example talk"),
    ("Local developer meetup", "replace the example talk"),
    ("you@example.com", "give your own email address"),
    ("https://example.com/", "give your site's own URL"),
)
# Files that can hold starter text: the configuration and the content a build publishes.
SUFFIXES = (".md", ".json", ".yml", ".yaml")


@dataclass(frozen=True)
class Placeholder:
    path: str  # relative to the project root, POSIX style
    line: int
    phrase: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: starter text {self.phrase!r} is still there; {self.fix}"


def find_placeholders(root: Path, docs_dir: Path, config_file: Path) -> list[Placeholder]:
    """Every starter phrase left in `config_file` and the files under `docs_dir`, in file order
    (drafts excepted)."""
    found: list[Placeholder] = []
    for path in _candidates(docs_dir, config_file):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable files are the loader's to report
        if path.suffix == ".md" and _is_draft(text):
            continue
        shown = _shown(path, root)
        for number, line in enumerate(text.splitlines(), start=1):
            # One finding per line: the first phrase it holds.
            hit = next(((p, fix) for p, fix in STARTER_PHRASES if p in line), None)
            if hit is not None:
                found.append(Placeholder(shown, number, *hit))
    return found


def files_with_placeholders(found: list[Placeholder]) -> list[str]:
    """The files named in `found`, each once, in order."""
    return list(dict.fromkeys(p.path for p in found))


def _candidates(docs_dir: Path, config_file: Path) -> Iterator[Path]:
    if config_file.is_file():
        yield config_file
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                yield path


def _is_draft(text: str) -> bool:
    """Whether a Markdown file's front matter says `draft: true`."""
    if not text.startswith("---"):
        return False
    import frontmatter

    try:
        meta = frontmatter.loads(text).metadata
    except Exception:  # broken front matter is the loader's to report
        return False
    return meta.get("draft") is True


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
