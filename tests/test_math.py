"""brandkit.render.math: TeX written for MathJax/KaTeX becomes MathML at build time."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def render(text: str) -> str:
    md = markdown.Markdown(
        extensions=["brandkit.render.math", "pymdownx.superfences", "footnotes", "tables"]
    )
    return md.convert(text)


def maths(html: str) -> list[etree.Element]:
    root = etree.fromstring(f"<div>{html}</div>")
    return [el for el in root.iter() if el.tag == f"{MATHML}math"]


def test_display_and_inline_math_become_mathml() -> None:
    html = render(
        "Inline $a_1 + b_1$ and \\(x^2\\), kramdown's $$\\sum_i x_i$$ too.\n\n"
        "$$\n\\begin{pmatrix}1 & 2\\\\\n3 & 4\\end{pmatrix}\n$$\n\n"
        "\\[ E = mc^2 \\]\n"
    )
    found = maths(html)
    assert [m.get("display") for m in found] == ["inline", "inline", "inline", "block", "block"]
    # The underscores are subscripts, not emphasis; `\\` is a new matrix row, not an escape.
    assert "<em>" not in html
    matrix = found[3]
    assert len([el for el in matrix.iter() if el.tag == f"{MATHML}mtr"]) == 2
    assert "<p><math" not in html.replace("\n", "")  # display math is not inside a paragraph


def test_dollars_code_and_escapes_stay_text() -> None:
    html = render(
        'Costs $5 and $10 today, \\$3 off.\n\n`$not math$`\n\n```python\nx = "$a$"\n```\n'
    )
    assert maths(html) == []
    assert "Costs $5 and $10 today, $3 off." in html
    assert "<code>$not math$</code>" in html
    assert "$a$" in html
