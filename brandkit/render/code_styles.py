"""Pygments' tables of CSS classes built once per style instead of once per code block.

pymdownx.highlight makes a new Pygments `HtmlFormatter` for every fenced code block, and each one
walks its whole style to build the table of CSS classes (`_create_stylesheet`), then works out the
`<span class="...">` of each token type it meets: about a quarter of the time Pygments spends on a
post with a few short code blocks. Both depend only on the formatter class, the style, the class
prefix and two options, so `install` keeps them per process; the HTML does not change
(tests/test_code_styles.py).
"""

from __future__ import annotations

from typing import Any

Tables = tuple[dict[Any, str], dict[str, Any]]
_tables: dict[tuple[Any, ...], Tables] = {}
_openers: dict[tuple[Any, ...], dict[Any, str]] = {}


def install() -> None:
    """Make every `HtmlFormatter` in this process reuse the class table of its style."""
    from pygments.formatters.html import HtmlFormatter

    if getattr(HtmlFormatter._create_stylesheet, "brandkit_original", None) is not None:
        return
    original = HtmlFormatter._create_stylesheet

    def create_stylesheet(self: Any) -> None:
        # What `_create_stylesheet` reads: the style, and the class names `_get_css_class` makes
        # (from the prefix, unless a subclass makes them otherwise).
        key = (type(self), self.style, self.classprefix)
        found = _tables.get(key)
        if found is None:
            original(self)
            found = _tables[key] = (self.ttype2class, self.class2style)
        self.ttype2class, self.class2style = dict(found[0]), dict(found[1])
        # The span opener of a token type, which `_format_lines` fills in as it meets them: made
        # from the class table and these two options. (`_create_stylesheet` runs last in
        # `__init__`, after both are set.)
        self.span_element_openers = _openers.setdefault(
            (*key, self.noclasses, self.debug_token_types), {}
        )

    create_stylesheet.brandkit_original = original  # type: ignore[attr-defined]
    HtmlFormatter._create_stylesheet = create_stylesheet
