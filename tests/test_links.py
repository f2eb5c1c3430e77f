"""Link rewriting: the one-pass form used for feeds equals the two passes it replaces."""

from __future__ import annotations

import pytest

from brandkit.content.links import absolute_links, absolutize, resolve_links

HTML = (
    '<p><a href="other.md">o</a> <a href="other.md#part">p</a> <a href="#local">l</a>'
    ' <a href="../img/a.png?v=2">i</a> <img src="img/b.png"> <a href="https://x.org/y">x</a>'
    ' <a href=\'missing.md\'>m</a> <a href="/root/page/">r</a> <a href="mailto:a@b.c">e</a>'
    ' <video poster="p.jpg"></video> <a href="">empty</a> <a href="//cdn.example/z.js">c</a></p>'
)
URLS = {"posts/other.md": "blog/other/", "posts/this.md": "blog/this/"}


@pytest.mark.parametrize("site", ["https://jane.example.com/", "https://jane.example.com/sub/"])
def test_absolute_links_is_resolve_then_absolutize(site: str) -> None:
    page = f"{site}blog/this/"
    expected = absolutize(resolve_links(HTML, "posts/this.md", "blog/this/", URLS), page)
    assert absolute_links(HTML, "posts/this.md", "blog/this/", URLS, page) == expected
    assert f'href="{site}blog/other/#part"' in expected
    assert f'href="{page}#local"' in expected
