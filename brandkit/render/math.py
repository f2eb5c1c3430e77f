"""TeX math in posts rendered to MathML while the site is built, so pages need no MathJax or
KaTeX script from another host: browsers draw MathML themselves.

A Python-Markdown extension, enabled in mkdocs.yml with `- brandkit.render.math` under
`markdown_extensions`. It understands what blogs written for MathJax and KaTeX use:
`$$...$$` and `\\[...\\]` for display math in a block of their own (`$$...$$` inside a
paragraph is inline, as kramdown writes it), `\\(...\\)` and `$...$` for inline math. A `$`
opens inline math only when a non-space follows it and closes it only after a non-space and
before a non-digit (pandoc's rule), so "$5 and $10" stays text. Code spans and code blocks
are left alone, and the TeX is read as written: Markdown's escapes (`\\\\`, `\\_`) and
emphasis never reach it.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor

# Display math as a block of its own: $$ ... $$ or \[ ... \], possibly over several lines.
_BLOCK_RE = re.compile(r"^[ ]{0,3}(\$\$|\\\[)(.+?)(\$\$|\\\])[ \t]*$", re.DOTALL)
_INLINE = (
    r"(?<![\\$])\$\$(?P<d1>.+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$\w])\$(?P<i2>[^\s$](?:[^$\n]*?[^\s\\$])?)\$(?![\d$])"
)
# Before backslash escapes (180), after code spans (190): TeX is taken as written.
INLINE_PRIORITY = 185
BLOCK_PRIORITY = 75  # before paragraphs, after code blocks and lists


def to_mathml(tex: str, *, display: bool) -> str:
    """MathML for `tex`; TeX that latex2mathml cannot read is shown as code, never dropped."""
    from latex2mathml.converter import convert

    try:
        return str(convert(tex.strip(), display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many types on input it does not know
        tag = "pre" if display else "code"
        return f'<{tag} class="math-error">{html.escape(tex)}</{tag}>'


class _InlineMath(InlineProcessor):  # type: ignore[misc]
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        # `$$` inside a paragraph is inline math, as kramdown (Jekyll) reads it; `\\[` is display.
        display = m.group("d2") is not None
        tex = next(g for g in (m.group("d1"), m.group("d2"), m.group("i1"), m.group("i2")) if g)
        placeholder = self.md.htmlStash.store(to_mathml(tex, display=display))
        return placeholder, m.start(0), m.end(0)


class _BlockMath(BlockProcessor):  # type: ignore[misc]
    def test(self, parent: etree.Element, block: str) -> bool:
        match = _BLOCK_RE.match(block)
        if match is None:
            return False
        opened, closed = match.group(1), match.group(3)
        return (opened == "$$") == (closed == "$$") and bool(match.group(2).strip())

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        match = _BLOCK_RE.match(blocks.pop(0))
        assert match is not None
        paragraph = etree.SubElement(parent, "p")
        # A <p> holding only a placeholder of block-level HTML (<math>) is replaced by it.
        paragraph.text = self.parser.md.htmlStash.store(to_mathml(match.group(2), display=True))


class MathExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # `\$5` is a dollar sign, never math
        md.inlinePatterns.register(_InlineMath(_INLINE, md), "brandkit_math", INLINE_PRIORITY)
        md.parser.blockprocessors.register(
            _BlockMath(md.parser), "brandkit_math_block", BLOCK_PRIORITY
        )


def makeExtension(**kwargs: Any) -> MathExtension:
    return MathExtension(**kwargs)
