"""Rewrite the link targets of Markdown text (inline links, images, reference definitions and
raw HTML href/src), leaving fenced code, indented code and code spans untouched.

Used to make a post's links absolute for syndication and to point imported posts at the images
copied next to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# `](url` of inline links and images (also nested: [![alt](img)](link)); `<url>` form included.
_INLINE_RE = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^)\s]+)")
# A footnote definition (`[^1]: text`) is not a link definition: its text is no URL.
_REFDEF_RE = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:\s*)(<[^>\n]*>|\S+)")
_HTML_ATTR_RE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)


def rewrite_links(body: str, fn: Callable[[str], str]) -> str:
    """`body` with every link target `url` replaced by `fn(url)` outside code."""
    out: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        if line.startswith(("    ", "\t")) and (not out or not out[-1].strip()):
            out.append(line)  # an indented code block's first line: leave it alone
            continue
        out.append(_outside_code_spans(line, lambda text: _rewrite_line(text, fn)))
    return "".join(out)


def _outside_code_spans(line: str, fn: Callable[[str], str]) -> str:
    parts: list[str] = []
    pos = 0
    for match in _CODE_SPAN_RE.finditer(line):
        parts.append(fn(line[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(fn(line[pos:]))
    return "".join(parts)


def _rewrite_line(text: str, fn: Callable[[str], str]) -> str:
    def inline(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith("<") and target.endswith(">"):
            return match.group(1) + "<" + fn(target[1:-1]) + ">"
        return match.group(1) + fn(target)

    def html_attr(match: re.Match[str]) -> str:
        quoted = match.group(2)
        return match.group(1) + quoted[0] + fn(quoted[1:-1]) + quoted[0]

    text = _REFDEF_RE.sub(inline, text)
    text = _INLINE_RE.sub(inline, text)
    return _HTML_ATTR_RE.sub(html_attr, text)
