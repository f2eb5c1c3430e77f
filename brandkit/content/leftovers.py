"""Template syntax of another blog engine left in a post: Hugo shortcodes (`{{< x >}}`,
`{{% x %}}`, `relref`), Liquid tags (`{% x %}`). brandkit does not run them, so a reader would
see them raw; each is reported with its line. Code blocks and code spans are skipped: showing
such syntax there is what they are for."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_LEFTOVER_RE = re.compile(r"\{\{[<%].*?(?:[>%]\}\}|$)|\{%.*?(?:%\}|$)|\brelref\b")


def template_leftovers(body: str) -> Iterator[tuple[int, str]]:
    """(line in `body`, 1-based; the syntax found) outside code."""
    fence: str | None = None
    previous_blank = True
    for number, line in enumerate(body.splitlines(), start=1):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if line.startswith(("    ", "\t")) and previous_blank:
            continue  # an indented code block
        previous_blank = not line.strip()
        for found in _LEFTOVER_RE.finditer(_CODE_SPAN_RE.sub("", line)):
            snippet = " ".join(found.group(0).split())
            yield number, snippet if len(snippet) <= 60 else snippet[:57] + "..."
