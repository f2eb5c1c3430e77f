"""brandkit stands on MkDocs, mkdocs-material, Python-Markdown, Pygments and Pillow through their
documented interfaces only: no private helpers called, no methods replaced, no template copied."""

from __future__ import annotations

import re
from pathlib import Path

import material

from tests.conftest import REPO

PACKAGE = REPO / "brandkit"
THEME = PACKAGE / "mkdocs" / "theme"
MATERIAL = Path(material.__file__).parent / "templates"
FOREIGN = r"(?:mkdocs|material|markdown|pymdownx|pygments|PIL|jinja2|watchdog)"
BANNED = {
    # A private name imported from a library brandkit stands on.
    "private import": re.compile(rf"from {FOREIGN}[\w.]* import [^\n]*\b_[a-z]\w*"),
    # A private attribute of one of their modules or objects.
    "private attribute": re.compile(
        r"\b(?:_build_page|_populate_page|_current_page|_create_stylesheet|_InlineProcessor__\w+"
        r"|_src_uris|_watch_refs|_want_rebuild)\b"
        r"|\b(?:file|files|page|config|server|md|env|nav|theme|plugins|builder)\._[a-z]\w*"
    ),
    # A method of someone else's object replaced on an instance or a class.
    "replaced method": re.compile(
        r"\.(?:is_modified|render|read_source|copy_file|_?applyPattern|__class__)\s*=[^=]"
    ),
    "replaced observer": re.compile(r"\.observer\s*=[^=]"),
    # Formats a crafted cache file could run code through.
    "pickle or marshal": re.compile(r"^\s*(?:import|from) (?:pickle|marshal)\b", re.M),
}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_private_api_of_the_libraries_brandkit_stands_on() -> None:
    found = [
        f"{path.relative_to(REPO)}: {name}: {match.group(0).strip()!r}"
        for path in _sources()
        for name, pattern in BANNED.items()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_log_message_of_mkdocs_is_matched_as_text() -> None:
    pattern = re.compile(r"getMessage\(\)\s*\.\s*(?:startswith|endswith)|in record\.getMessage")
    found = [str(p.relative_to(REPO)) for p in _sources() if pattern.search(p.read_text("utf-8"))]
    assert found == []


# Templates mkdocs-material's documentation names as the ones to override with one's own.
DOCUMENTED_OVERRIDES = {"main.html", "404.html", "partials/logo.html", "partials/comments.html"}


def test_no_mkdocs_material_template_is_copied_into_the_theme() -> None:
    """Every other template of Material's is extended by blocks, never shadowed; the documented
    override points hold brandkit's own content, not a copy of Material's."""
    import difflib

    for path in THEME.rglob("*.html"):
        name = path.relative_to(THEME).as_posix()
        theirs = MATERIAL / name
        if not theirs.is_file():
            continue
        assert name in DOCUMENTED_OVERRIDES, name
        ours = path.read_text(encoding="utf-8")
        alike = difflib.SequenceMatcher(None, ours, theirs.read_text(encoding="utf-8")).ratio()
        assert alike < 0.5, f"{name} is {alike:.0%} like Material's own"
