"""Template syntax of another blog engine left in a post: Hugo shortcodes (`{{< x >}}`,
`{{% x %}}`, `relref`), Liquid tags (`{% x %}`). brandkit does not run them, so a reader would
see them raw; each is reported with its line. Code blocks and code spans are skipped: showing
such syntax there is what they are for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from brandkit.markdown_lines import lines_outside_code

_CODE_SPAN_RE = re.compile(r"(`+).+?\1")
_LEFTOVER_RE = re.compile(r"\{\{[<%].*?(?:[>%]\}\}|$)|\{%.*?(?:%\}|$)|\brelref\b")


def template_leftovers(body: str) -> Iterator[tuple[int, str]]:
    """(line in `body`, 1-based; the syntax found) outside code."""
    for number, line in lines_outside_code(body):
        for found in _LEFTOVER_RE.finditer(_CODE_SPAN_RE.sub("", line)):
            snippet = " ".join(found.group(0).split())
            yield number, snippet if len(snippet) <= 60 else snippet[:57] + "..."
