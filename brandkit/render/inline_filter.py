"""Python-Markdown's inline patterns tried only on text that holds what they need to match.

For every piece of text in a post, Python-Markdown's `InlineProcessor` tries each of its dozen or
so inline patterns in turn: a Python call and a regular-expression search each, although most
patterns cannot match most text (a link needs a `[`, an entity a `&`, code a backtick). That is a
third of the time Python-Markdown spends on a typical post. `install` makes the processor first
check, in C, whether the text contains a character sequence without which the pattern's regular
expression cannot match at all; if it does not, the pattern is passed over exactly as if its
search had found nothing. Only patterns whose regular expression is one of the known ones below
are checked, so an extension's own patterns are always searched. The HTML does not change
(tests/test_inline_filter.py renders the same posts both ways).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor

# Regular expression -> strings one of which any text it matches must contain.
_NEEDS: dict[str, tuple[str, ...]] = {}


def _needs() -> dict[str, tuple[str, ...]]:
    if not _NEEDS:
        from markdown import inlinepatterns as patterns

        known: dict[str, tuple[str, ...]] = {
            # Both alternatives end in a backtick (also pymdownx.inlinehilite's pattern).
            "BACKTICK_RE": ("`",),
            "ESCAPE_RE": ("\\",),
            "LINK_RE": ("[",),  # also REFERENCE_RE
            "IMAGE_LINK_RE": ("![",),  # also IMAGE_REFERENCE_RE
            "AUTOLINK_RE": ("<",),
            "AUTOMAIL_RE": ("@",),
            "LINE_BREAK_RE": ("  \n",),
            "HTML_RE": ("<",),
            "ENTITY_RE": ("&",),
            "NOT_STRONG_RE": ("*", "_"),
        }
        for name, needs in known.items():
            regex = getattr(patterns, name, None)
            if isinstance(regex, str):
                _NEEDS[regex] = needs
        # Emphasis delimiters (Python-Markdown 3.11's one processor, or one per character
        # before) and footnote references (markdown.extensions.footnotes).
        _NEEDS.update({r"\*|_": ("*", "_"), r"\*": ("*",), "_": ("_",)})
        _NEEDS[r"\[\^([^\]]*)\]"] = ("[^",)
    return _NEEDS


class FilteredInlineProcessor(InlineProcessor):  # type: ignore[misc]
    """An `InlineProcessor` that passes over patterns the text cannot match."""

    _bk_needs: dict[int, tuple[Any, tuple[str, ...] | None]]

    # The name Python-Markdown's own calls resolve to (`self.__applyPattern` in its class).
    def _InlineProcessor__applyPattern(
        self, pattern: Any, data: str, patternIndex: int, startIndex: int = 0
    ) -> tuple[str, bool, int]:
        found = self._bk_needs.get(id(pattern))
        if found is None or found[0] is not pattern:
            found = self._bk_needs[id(pattern)] = (pattern, _needed(pattern))
        needs = found[1]
        if needs is not None and not any(s in data for s in needs):
            return data, False, 0  # what the method returns when the search finds nothing
        result: tuple[str, bool, int] = InlineProcessor._InlineProcessor__applyPattern(
            self, pattern, data, patternIndex, startIndex
        )
        return result


def _needed(pattern: Any) -> tuple[str, ...] | None:
    from markdown.inlinepatterns import InlineProcessor as NewStylePattern

    if not isinstance(pattern, NewStylePattern):
        return None  # an old-style pattern's expression is wrapped in others: always searched
    compiled = pattern.getCompiledRegExp()
    if not isinstance(compiled, re.Pattern) or compiled.flags & re.VERBOSE:
        return None
    return _needs().get(compiled.pattern)


def install(md: Markdown) -> None:
    """Make `md`'s inline processor skip patterns the text cannot match (if it is the stock
    one of a Python-Markdown version whose method is known)."""
    try:
        processor = md.treeprocessors["inline"]  # a Registry: no .get()
    except KeyError:
        return
    known = hasattr(InlineProcessor, "_InlineProcessor__applyPattern")
    if type(processor) is not InlineProcessor or not known:
        return
    # The instance stays (other extensions may hold it); only its class changes.
    processor.__class__ = FilteredInlineProcessor
    processor._bk_needs = {}
