"""Inline patterns passed over on text they cannot match (content.inline_filter) change no HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

import frontmatter
import markdown
import pytest
from markdown import inlinepatterns
from markdown.inlinepatterns import InlineProcessor as PatternProcessor
from markdown.treeprocessors import InlineProcessor

from brandkit.render import inline_filter

EXTENSIONS = [
    "toc",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "footnotes",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]
CONFIGS = {"toc": {"permalink": True}, "pymdownx.highlight": {"anchor_linenums": True}}
REPO = Path(__file__).resolve().parent.parent

# Every inline construct, next to text that has the character but not the construct.
TRICKY = r"""
# Title with *emphasis* and `code` {#custom-id}

Plain words only, nothing to match here.

A [link](https://example.com "title") and [a reference][ref], [short ref] and
![image](a.png) ![image ref][ref] ![short image].

[ref]: https://example.org
[short ref]: https://example.net
[short image]: b.png

Autolink <https://example.com/a?b=c&d=e> and mail <me@example.com>, an @handle, a < b > c.
Entities &amp; &#169; &#x00A9; and a lone & sign; escapes \*not em\* and \\ and \[x\].
Line break here<two spaces>
and **strong**, __strong__, _em_, *em*, ***both***, snake_case_name, 2 * 3 * 4.

Inline `#!python print("hi")`, ``double `tick` code``, \`not code\`
and html <span class="x">in</span> <!-- a comment --> and <br/>.

Footnote[^1] and a [^ not footnote] and [^].

[^1]: The note, with a [link](https://example.com) and `code`.

| a | b [x](y) |
|---|---|
| `c` | *d* & e |

!!! note "Admonition *title*"
    Body with <kbd>Ctrl</kbd> and https://bare.example.com.

<div markdown="1">
*md in html* with [link](z.md)
</div>

```python
print("[not a link](x)")  # *not em*
```
""".replace("<two spaces>", "  ")


def documents() -> list[str]:
    posts = sorted((REPO / "content" / "posts").glob("*.md"))
    assert posts, "the example site's posts are the sample"
    return [TRICKY] + [frontmatter.loads(p.read_text("utf-8")).content for p in posts]


def convert(md: markdown.Markdown, docs: list[str]) -> list[str]:
    out = []
    for doc in docs:
        md.reset()
        out.append(md.convert(doc))
    return out


def test_filtered_processor_gives_the_same_html_and_skips_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"searches": 0}
    original = PatternProcessor.getCompiledRegExp

    def counted(self: Any) -> re.Pattern[str]:
        calls["searches"] += 1
        return original(self)

    monkeypatch.setattr(PatternProcessor, "getCompiledRegExp", counted)
    docs = documents()
    stock = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    expected = convert(stock, docs)
    stock_searches, calls["searches"] = calls["searches"], 0

    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    inline_filter.install(md)
    assert type(md.treeprocessors["inline"]) is inline_filter.FilteredInlineProcessor
    checks = calls["searches"]
    assert convert(md, docs) == expected
    # A pattern's expression is fetched once per pattern to look it up, then only to search.
    assert calls["searches"] - checks < stock_searches / 2


def test_unknown_patterns_are_always_searched() -> None:
    class Tag(PatternProcessor):
        def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
            el = etree.Element("ins")
            el.text = m.group(0).strip() or "nl"
            return el, m.start(0), m.end(0)

    class Extension(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.inlinePatterns.register(Tag(r"\+\+.+?\+\+", md), "ins", 175)
            # Python-Markdown's line-break expression, but verbose: its spaces mean nothing,
            # so it matches a newline alone and must not be skipped for want of two spaces.
            verbose = Tag(inlinepatterns.LINE_BREAK_RE, md)
            verbose.compiled_re = re.compile(inlinepatterns.LINE_BREAK_RE, re.VERBOSE)
            md.inlinePatterns.register(verbose, "verbose", 174)

    md = markdown.Markdown(extensions=[Extension()])
    inline_filter.install(md)
    assert type(md.treeprocessors["inline"]) is inline_filter.FilteredInlineProcessor
    html = md.convert("a ++b++ c\nd")
    assert html == "<p>a <ins>++b++</ins> c<ins>nl</ins>d</p>"


def test_install_leaves_a_replaced_processor_alone() -> None:
    class Own(InlineProcessor):
        pass

    md = markdown.Markdown()
    md.treeprocessors.register(Own(md), "inline", 20)
    inline_filter.install(md)
    assert type(md.treeprocessors["inline"]) is Own
