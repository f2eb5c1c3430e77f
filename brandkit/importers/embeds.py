"""Template tags blogs leave in Markdown, shared by the readers: the embed tags of dev.to's
Liquid (which also turn up in Jekyll and Hugo posts first written there) become links, and the
escapes that show template syntax literally (`{{</* x */>}}`, `{{ "{%" }}`) become that syntax."""

from __future__ import annotations

import re

from brandkit.importers.convert import rewrite_tags
from brandkit.importers.model import Problem

LIQUID_RE = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}")
# Hugo's way to show a shortcode in a post: {{</* name */>}} and {{%/* name */%}}.
# Jekyll's way to show Liquid delimiters: {{ "{%" }} or {{ '{{' }}.
LIQUID_LITERAL_RE = re.compile(r"""\{\{-?\s*(["'])(\{\{|\{%|%\}|\}\})\1\s*-?\}\}""")


def liquid_embed(name: str, args: str) -> str | None:
    """Markdown for a dev.to-style embed tag, or None when it is not one brandkit knows."""
    first = args.split()[0].strip("\"'") if args.split() else ""
    if name in ("embed", "link", "gist", "codepen", "stackblitz", "codesandbox", "replit"):
        if first.startswith(("http://", "https://")):
            return f"<{first}>"
        if name == "codesandbox" and first:
            return f"<https://codesandbox.io/s/{first}>"
        if name == "stackblitz" and first:
            return f"<https://stackblitz.com/edit/{first}>"
        return None
    if name == "youtube" and first:
        return f"[Watch on YouTube](https://www.youtube.com/watch?v={first})"
    if name == "vimeo" and first:
        return f"[Watch on Vimeo](https://vimeo.com/{first})"
    if name == "github" and first:
        url = first if first.startswith("http") else f"https://github.com/{first}"
        return f"<{url}>"
    if name == "asciinema" and first.isdigit():
        return f"[Watch the recording](https://asciinema.org/a/{first})"
    if name in ("twitter", "tweet") and first.isdigit():
        return f"<https://twitter.com/i/status/{first}>"
    return None


def liquid_embeds(
    body: str, shown: str, offset: int, problems: list[Problem], what: str = "Liquid tag"
) -> str:
    """Known embed tags converted; any other `{% ... %}` left as-is and reported."""

    def convert(match: re.Match[str]) -> str | None:
        return liquid_embed(match.group(1), match.group(2).strip())

    return rewrite_tags(body, LIQUID_RE, convert, shown, offset, what, problems)


def unescape_liquid(body: str) -> str:
    return LIQUID_LITERAL_RE.sub(lambda m: m.group(2), body)
