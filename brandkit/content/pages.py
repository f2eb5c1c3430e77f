"""Ordinary pages (about.md, a project's or talk's own text): what MkDocs would pass over or crash
on, found before it reads them.

MkDocs reads a page as UTF-8 and crashes on anything else, and silently drops front matter that
is not valid YAML (the page is then published with its YAML as text). Each page is read here
first: not UTF-8, front matter that is broken, unclosed or has a key twice, and links that are
not http(s), mailto or relative are problems naming the file (and line), like a post's.
"""

from __future__ import annotations

from pathlib import Path

from brandkit import urls
from brandkit.content.fields import Problem, body_line, parse_front_matter


def page_problems(path: Path, shown: str) -> list[Problem]:
    """Every problem of the Markdown page at `path` (shown to the user as `shown`)."""
    found: list[Problem] = []

    def problem(key: str | None, message: str, fix: str) -> None:
        found.append(Problem(shown, key, message, fix))

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        problem(None, f"cannot be read ({exc.strerror})", "check the file and its permissions")
        return found
    except UnicodeDecodeError as exc:
        problem(
            None,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "re-save the file with UTF-8 encoding",
        )
        return found
    body = text
    if text.lstrip().startswith("---"):
        parsed = parse_front_matter(raw, problem, "remove the '---' lines or write keys in them")
        if parsed is None:
            return found
        body = parsed[1]
    for line, why in urls.markdown_link_problems(body, first_line=body_line(text, body)):
        problem(f"link on line {line}", why, "link with http(s), mailto or a relative path")
    return found
