"""HTML (a feed entry, a WordPress, Ghost, Medium or Substack post) as Markdown.

Before markdownify sees it, the HTML is tidied where blog engines write code and media in ways
a converter would mangle: line-numbered code tables (Hugo/Chroma, Rouge, Pygments) become one
plain code block with its language, line-number spans go, `<br>`s inside `<pre>` become line
breaks, embedded iframes and gist scripts become links, and TeX math is kept verbatim.
"""

from __future__ import annotations

import re
from typing import Any

# TeX math as posts write it: $$...$$, \[...\] or \(...\).
MATH_RE = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)", re.DOTALL)


def html_to_markdown(html: str) -> str:
    """Markdown for `html`, code blocks fenced with their language."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    soup = BeautifulSoup(html, "html.parser")
    _code_tables(soup)
    _plain_pre(soup)
    _embeds(soup)
    math = _protect_math(soup)
    text = MarkdownConverter(
        heading_style="ATX", bullets="-", code_language_callback=_language
    ).convert_soup(soup)
    for index, tex in enumerate(math):
        text = text.replace(_token(index), tex)
    return re.sub(r"\n{3,}", "\n\n", str(text)).strip() + "\n"


def _token(index: int) -> str:
    return f"BRANDKITMATH{index:05d}X"


def _language(element: Any) -> str | None:
    """The language of a code block, from the `<code>`, the `<pre>` or a wrapping element
    (Rouge puts `language-x` on a div around the `<pre>`; Chroma puts `data-lang` on `<code>`)."""
    code = element.find("code") or element
    for node in (code, element, *list(element.parents)[:3]):
        if node is None or not hasattr(node, "get"):
            continue
        if node.get("data-lang"):
            return str(node["data-lang"])
        for cls in node.get("class") or []:
            for prefix in ("language-", "lang-"):
                if cls.startswith(prefix) and len(cls) > len(prefix):
                    return str(cls[len(prefix) :])
    return None


def _code_tables(soup: Any) -> None:
    """A table of line numbers beside the code (Hugo `lineNos: table`, Rouge `linenos`,
    Pygments `linenos=table`) becomes the code's own `<pre><code>`."""
    for table in soup.select("table.lntable, table.rouge-table, table.highlighttable"):
        cells = table.find_all("td", recursive=True)
        code_cell = next(
            (c for c in cells if set(c.get("class") or []) & {"code", "rouge-code"}),
            cells[-1] if len(cells) > 1 else None,
        )
        if code_cell is None:
            continue
        pre = code_cell.find("pre") or code_cell
        code = pre.find("code") or pre
        language = _language(code) or _language(table)
        new_pre = soup.new_tag("pre")
        new_code = soup.new_tag("code")
        if language:
            new_code["class"] = [f"language-{language}"]
        new_code.string = code.get_text()
        new_pre.append(new_code)
        table.replace_with(new_pre)
    for span in soup.select("pre span.ln, pre span.lnt"):
        span.decompose()  # Chroma's inline line numbers


def _plain_pre(soup: Any) -> None:
    """`<br>` inside `<pre>` (Medium, some WordPress themes) is a line break of the code."""
    for pre in soup.find_all("pre"):
        for br in pre.find_all("br"):
            br.replace_with("\n")


def _embeds(soup: Any) -> None:
    for frame in soup.find_all("iframe"):
        src = str(frame.get("src") or "")
        if src.startswith("//"):
            src = "https:" + src
        if src.startswith(("http://", "https://")):
            link = soup.new_tag("a", href=src)
            link.string = str(frame.get("title") or src)
            paragraph = soup.new_tag("p")
            paragraph.append(link)
            frame.replace_with(paragraph)
        else:
            frame.decompose()
    for script in soup.find_all("script"):
        src = str(script.get("src") or "")
        if src.startswith("https://gist.github.com/"):
            url = src.removesuffix(".js")
            link = soup.new_tag("a", href=url)
            link.string = url
            script.replace_with(link)
        else:
            script.decompose()


def _protect_math(soup: Any) -> list[str]:
    """Replace TeX in text (not in code) by tokens markdownify leaves alone; returns the TeX."""
    found: list[str] = []
    for node in list(soup.find_all(string=MATH_RE)):
        if node.find_parent(["pre", "code"]) is not None:
            continue

        def keep(match: re.Match[str]) -> str:
            found.append(match.group(0))
            return _token(len(found) - 1)

        node.replace_with(MATH_RE.sub(keep, str(node)))
    return found
