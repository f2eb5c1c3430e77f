"""The lines of a Markdown text that are prose, not code: what checks for links or for another
engine's template syntax read, skipping fenced and indented code blocks as Markdown does."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def lines_outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, 1-based; the line) of every line outside fenced and indented code blocks."""
    fence: str | None = None
    previous_blank = True
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) and previous_blank:
            continue  # an indented code block
        previous_blank = not line.strip()
        yield number, line
