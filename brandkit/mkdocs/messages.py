"""MkDocs' log messages in brandkit's words.

MkDocs speaks of "documentation", "doc files" and "docs_dir"; a brandkit user writes a site in
content/. Each known message is rewritten to name the file as the user sees it (relative to the
site root), what is wrong and how to fix it; messages about MkDocs' own bookkeeping are kept for
--verbose. Messages this table does not know pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# How a message is shown: always, or only with --verbose (MkDocs' bookkeeping), or never (it
# does not apply to brandkit, which runs MkDocs the way it does on purpose).
ALWAYS, VERBOSE, NEVER = "always", "verbose", "never"


@dataclass(frozen=True)
class Shown:
    text: str
    when: str = ALWAYS


Rewrite = Callable[["re.Match[str]", str], str]


def _path(docs: str, uri: str) -> str:
    return f"{docs}/{uri}" if docs not in ("", ".") else uri


def _did_you_mean(suggestion: str | None) -> str:
    return f" Did you mean '{suggestion}'?" if suggestion else ""


_RULES: list[tuple[re.Pattern[str], str, Rewrite]] = [
    (re.compile(r"Building documentation\.\.\."), ALWAYS, lambda m, d: "Building the site..."),
    (
        re.compile(r"Documentation built in ([\d.]+) seconds"),
        ALWAYS,
        lambda m, d: f"Site built in {m[1]} s",
    ),
    (
        re.compile(r"Building documentation to directory: (.*)"),
        VERBOSE,
        lambda m, d: f"Writing the site to {m[1]}",
    ),
    (re.compile(r"Cleaning site directory"), VERBOSE, lambda m, d: "Emptying the site directory"),
    # brandkit runs MkDocs' dirty mode on purpose (an empty staging directory for `build`, its
    # own page selection for `serve`) and removes stale files itself.
    (re.compile(r"A 'dirty' build is being performed.*", re.S), NEVER, lambda m, d: ""),
    (re.compile(r"The directory contains stale files.*"), NEVER, lambda m, d: ""),
    # Material's sitemap template is left empty on purpose: brandkit writes sitemap.xml itself.
    (re.compile(r"Template skipped: 'sitemap.xml' .*"), NEVER, lambda m, d: ""),
    (
        re.compile(r"Template skipped: '(.+?)' not found in docs_dir\."),
        ALWAYS,
        lambda m, d: (
            f"mkdocs.yml: extra_templates: {m[1]} is not in {d}/; add it there or "
            "remove it from extra_templates"
        ),
    ),
    (
        re.compile(r"Template skipped: '(.+?)' not found in theme directories\."),
        ALWAYS,
        lambda m, d: (
            f"mkdocs.yml: theme: the template {m[1]} is in no theme folder; add it to "
            "your custom_dir or remove it from static_templates"
        ),
    ),
    (
        re.compile(r"(Template|Page) skipped: '(.+?)'\.? [Gg]enerated empty output\."),
        VERBOSE,
        lambda m, d: f"{m[2]}: empty, not written",
    ),
    (
        re.compile(
            r"Doc file '(.+?)' contains a link '(.+?)', but the target(?: '.+?')? is not found "
            r"among documentation files\.(?: Did you mean '(.+?)'\?)?"
        ),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: link '{m[2]}' points to no page; fix the path (relative to the "
            f"file).{_did_you_mean(m[3])}"
        ),
    ),
    (
        re.compile(
            r"Doc file '(.+?)' contains an unrecognized relative link '(.+?)', it was left as "
            r"is\.(?: Did you mean '(.+?)'\?)?"
        ),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: link '{m[2]}' is kept as it is, unchecked; link to the page's "
            f".md file so brandkit can check it.{_did_you_mean(m[3])}"
        ),
    ),
    (
        re.compile(
            r"Doc file '(.+?)' contains an absolute link '(.+?)', it was left as is\."
            r"(?: Did you mean '(.+?)'\?)?"
        ),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: link '{m[2]}' is kept as it is, unchecked; link to the page's "
            f".md file with a relative path so it works under any site URL.{_did_you_mean(m[3])}"
        ),
    ),
    (
        re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but there is no such anchor on "),
        ALWAYS,
        lambda m, d: f"{_path(d, m[1])}: link '{m[2]}': no heading on this page has that #id.",
    ),
    (
        re.compile(
            r"Doc file '(.+?)' contains a link '(.+?)', but the doc '(.+?)' does not contain an "
            r"anchor '#(.+?)'\."
        ),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: link '{m[2]}': {_path(d, m[3])} has no heading with the id "
            f"'{m[4]}'; fix the part after #."
        ),
    ),
    (
        re.compile(
            r"Doc file '(.+?)' contains a link to '(.+?)' which is excluded from the built site\."
        ),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: links to {_path(d, m[2])}, which the built site leaves out."
        ),
    ),
    (
        re.compile(
            r"The following pages exist in the docs directory, but are not included in the "
            r"\"nav\" configuration:\n(.*)",
            re.S,
        ),
        VERBOSE,
        lambda m, d: f"Pages published but not in the nav: of mkdocs.yml:\n{m[1]}",
    ),
    (
        re.compile(
            r"A reference to '(.+?)' is included in the 'nav' configuration, which is not found "
            r"in the documentation files\."
        ),
        ALWAYS,
        lambda m, d: (
            f"mkdocs.yml: nav: '{m[1]}' is not a page in {d}/; fix the path (relative to {d}/)."
        ),
    ),
    (
        re.compile(
            r"A reference to '(.+?)' is included in the 'nav' configuration, but this file is "
            r"excluded from the built site\."
        ),
        ALWAYS,
        lambda m, d: f"mkdocs.yml: nav: '{m[1]}' is left out of the built site.",
    ),
    (
        re.compile(
            r"An absolute path to '(.+?)' is included in the 'nav' configuration, which "
            r"presumably points to an external resource\."
        ),
        ALWAYS,
        lambda m, d: (
            f"mkdocs.yml: nav: '{m[1]}' is an absolute path, left unchecked; write a page's "
            f"path relative to {d}/ or a full URL."
        ),
    ),
    (
        re.compile(r"Excluding '(.+?)' from the site because it conflicts with '(.+?)'\."),
        ALWAYS,
        lambda m, d: (
            f"{_path(d, m[1])}: left out because {_path(d, m[2])} is the same page; remove one."
        ),
    ),
    (
        re.compile(r"Config value '([^']+)': (.*)", re.S),
        ALWAYS,
        lambda m, d: f"mkdocs.yml: {m[1]}: {m[2]}",
    ),
    (re.compile(r"Reading: (.+)"), VERBOSE, lambda m, d: f"reading {_path(d, m[1])}"),
    (re.compile(r"Loading configuration file: (.+)"), VERBOSE, lambda m, d: f"reading {m[1]}"),
    (re.compile(r"Copying media file: .*"), NEVER, lambda m, d: ""),
    # MkDocs' debug chatter: the whole configuration, every plugin event, locale look-ups.
    (re.compile(r"Config value '[^']+' = .*", re.S), NEVER, lambda m, d: ""),
    (re.compile(r"Loaded theme configuration .*", re.S), NEVER, lambda m, d: ""),
    (re.compile(r"Running `\w+` event from plugin .*"), NEVER, lambda m, d: ""),
    (
        re.compile(r"(No translations found here|Looking for translations)\b.*"),
        NEVER,
        lambda m, d: "",
    ),
    (
        re.compile(
            r"The following pages are being built only for the preview but will be excluded "
            r"from `mkdocs build` per `draft_docs` config:\n(.*)",
            re.S,
        ),
        VERBOSE,
        lambda m, d: f"Shown by serve only, left out of builds:\n{m[1]}",
    ),
    (
        re.compile(r"Watching paths for changes: (.*)"),
        ALWAYS,
        lambda m, d: f"Watching {m[1]} for changes",
    ),
    (
        re.compile(r"Serving on (\S+) and opening it in a browser"),
        ALWAYS,
        lambda m, d: f"Serving the site on {m[1]} (opening it in a browser); Ctrl+C stops",
    ),
    (
        re.compile(r"Serving on (\S+)"),
        ALWAYS,
        lambda m, d: f"Serving the site on {m[1]}; Ctrl+C stops",
    ),
    (re.compile(r"Detected file changes"), ALWAYS, lambda m, d: "A file changed; rebuilding"),
    (re.compile(r"Reloading browsers"), ALWAYS, lambda m, d: "Reloading the browser"),
    (re.compile(r"Browser connected: (.*)"), VERBOSE, lambda m, d: f"Browser connected: {m[1]}"),
    (re.compile(r"Shutting down\.\.\."), ALWAYS, lambda m, d: "Stopped."),
    (
        re.compile(r'"(?:GET|HEAD) (\S+) [^"]*" code (404)'),
        ALWAYS,
        lambda m, d: f"{m[1]}: not found (404) in the previewed site",
    ),
]


_STAMP = re.compile(r"\[\d\d:\d\d:\d\d\] ")


def translate(message: str, docs: str = "content") -> Shown:
    """`message` from MkDocs' logger as brandkit says it; `docs` is the content folder as the
    user sees it (relative to the site root)."""
    # The live-reload server starts its messages with the time of day: keep it in front.
    stamp = _STAMP.match(message)
    prefix = stamp[0] if stamp else ""
    body = message[len(prefix) :]
    for pattern, when, rewrite in _RULES:
        match = pattern.fullmatch(body)
        if match is not None:
            return Shown(prefix + rewrite(match, docs), when)
    return Shown(message)
