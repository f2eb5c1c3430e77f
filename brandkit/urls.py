"""The one URL validator: every URL a user configures or writes in content is checked here.

Where a link is expected only http(s), mailto and relative URLs are accepted; where a page loads
something (an image, a script, a form's action) only http(s) and relative ones. A URL is read the
way a browser reads it before deciding what it is: character references decoded (`&#58;` is a
colon), tabs and newlines anywhere removed, control characters and spaces at either end
stripped, the scheme compared without case. So `JaVa&#x53;cript:`, ` javascript:` and
`java\\tscript:` are all the `javascript:` they are to a browser, and all refused.

`link_targets` finds the URLs written in Markdown (links, images, reference definitions and raw
HTML attributes, outside code), so a post or page is checked before it is rendered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from brandkit.markdown_lines import lines_outside_code

LINK = frozenset({"http", "https", "mailto"})  # where a reader follows a link
LOAD = frozenset({"http", "https"})  # where a page loads or sends something
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at both ends
_ADVICE = {LINK: "an http(s), mailto or relative URL", LOAD: "an http(s) or relative URL"}


def browser_form(value: str) -> str:
    """`value` as a browser sees it in an attribute: references decoded, tabs and newlines
    removed, controls and spaces at both ends stripped."""
    for _ in range(3):  # `&amp;#58;` written in Markdown is decoded twice on its way
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _INVISIBLE.sub("", value).strip(_EDGES)


def scheme(value: str) -> str | None:
    """The URL's scheme in lower case, as a browser would find it; None for a relative URL."""
    match = _SCHEME.match(browser_form(value))
    return match.group(1).lower() if match else None


def advice(allowed: frozenset[str] = LINK, *, relative: bool = True) -> str:
    """What to write instead, e.g. "write an http(s), mailto or relative URL"."""
    text = _ADVICE.get(allowed, " or ".join(sorted(allowed)) + " URL")
    if not relative:
        text = text.replace(" or relative", "").replace(", mailto", " or mailto")
    return f"write {text}"


def url_problem(value: Any, allowed: frozenset[str] = LINK, *, relative: bool = True) -> str | None:
    """What is wrong with `value` as a URL (one phrase quoting it; `advice` says what to write
    instead), or None when it is acceptable."""
    if not isinstance(value, str):
        return f"{value!r} is not a URL (write it as text)"
    found = scheme(value)
    if found is None:
        return None if relative else f"{value!r} is not an absolute URL"
    if found not in allowed:
        return f"{value!r} uses the {found}: scheme, which brandkit does not publish"
    if found in LOAD and not urlsplit(browser_form(value)).hostname:
        return f"{value!r} has no host name, e.g. https://example.com/"
    return None


def check(
    value: Any, where: str, allowed: frozenset[str] = LINK, *, relative: bool = True
) -> str | None:
    """`url_problem` as one line naming `where` (a file and key), or None."""
    why = url_problem(value, allowed, relative=relative)
    return None if why is None else f"{where}: {why}; {advice(allowed, relative=relative)}"


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)")
_ATTRIBUTE = re.compile(
    r"""<[A-Za-z][^>]*?\s(?:href|src|poster|action|formaction|data|cite|background)\s*=\s*"""
    r"""("[^"]*"|'[^']*'|[^\s>"']+)""",
    re.IGNORECASE,
)


def link_targets(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, URL) of every link target written in `markdown`, outside code."""
    for number, line in lines_outside_code(markdown):
        text = _CODE_SPAN.sub("", line)
        for pattern in (_REFDEF, _INLINE, _ATTRIBUTE):
            for match in pattern.finditer(text):
                target = match.group(1)
                if target[:1] in "<\"'" and target[-1:] in ">\"'":
                    target = target[1:-1]
                yield number, target


def markdown_link_problems(markdown: str, *, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, why) of every link target in `markdown` that is not an http(s), mailto or
    relative URL; lines are counted from `first_line` (where the body starts in its file)."""
    found = []
    for number, target in link_targets(markdown):
        why = url_problem(target)
        if why is not None:
            found.append((number + first_line - 1, why))
    return found


def nested(data: Any, keys: frozenset[str], path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every item named one of `keys` anywhere in JSON-like `data`,
    e.g. ("basics.profiles[0].url", "https://...")."""
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:  # no recursion: a document nested 100,000 deep must not overflow the stack
        where, item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                name = f"{where}.{key}" if where else str(key)
                if key in keys and isinstance(value, str | int | float | bool | type(None)):
                    yield name, value
                else:
                    stack.append((name, value))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(item))


# Keys of the brandkit block (at any depth) that hold a URL, and those a page loads.
CONFIG_LINKS = frozenset(
    {
        "url",
        "link",
        "contact_url",
        "subscribe_url",
        "unsubscribe_url",
        "github",
        "mastodon",
        "linkedin",
        "bluesky",
    }
)
CONFIG_LOADS = frozenset({"avatar", "action", "src", "image"})


def config_problems(site: Mapping[str, Any], block: Mapping[str, Any]) -> list[str]:
    """One line per URL in mkdocs.yml that is not acceptable: the brandkit plugin block (every
    key that holds a URL, at any depth), `site_url`, `repo_url`, the navigation's external links
    and mkdocs-material's `extra.social` links."""
    found: list[str] = []

    def add(key: str, value: Any, allowed: frozenset[str] = LINK) -> None:
        line = check(value, f"mkdocs.yml: {key}", allowed)
        if line is not None and value not in (None, ""):
            found.append(line)

    for key, value in nested(block, CONFIG_LINKS | CONFIG_LOADS, "plugins.brandkit"):
        add(key, value, LOAD if key.rpartition(".")[2] in CONFIG_LOADS else LINK)
    for key in ("site_url", "repo_url"):
        add(key, site.get(key), LOAD)
    extra = site.get("extra")
    if isinstance(extra, Mapping):
        for key, value in nested(extra.get("social") or [], frozenset({"link"}), "extra.social"):
            add(key, value)
    for key, value in _nav_links(site.get("nav")):
        add(key, value)
    return found


def _nav_links(nav: Any) -> Iterator[tuple[str, Any]]:
    """(key, target) of the navigation's entries that are URLs rather than pages."""
    stack: list[tuple[str, Any]] = [("nav", nav)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(item))
        elif isinstance(item, Mapping):
            stack.extend((f"{where}.{title}", value) for title, value in item.items())
        elif isinstance(item, str) and scheme(item) is not None:
            yield where, item
