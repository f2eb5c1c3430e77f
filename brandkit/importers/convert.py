"""Conversions shared by the importers: dates, slugs, lists, template tags found or rewritten."""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from html import escape
from typing import Any
from urllib.parse import unquote

from brandkit.content.fields import slugify
from brandkit.errors import BrandkitError
from brandkit.importers.model import Problem
from brandkit.text import count


def code_block(match: re.Match[str], language: str | None, code: str, *, html: bool) -> str:
    """A highlight tag's code as a fenced block, or (in an HTML post, before it is converted) as
    <pre><code>, which survives the conversion with its line breaks; the text keeps as many lines
    as the tag had, so later line numbers in the report stay right."""
    if not html:
        return f"```{language or ''}\n{code}\n```"
    attr = f' class="language-{escape(language)}"' if language else ""
    missing = match.group(0).count("\n") - code.count("\n")
    return f"<pre><code{attr}>{escape(code, quote=False)}</code></pre>" + "\n" * max(0, missing)


def mask(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with each match blanked out (line breaks kept, so line numbers still count)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", "\0", m.group(0)), text)


def check_timezone(value: Any, where: str) -> None:
    """An old site's time zone setting must be an IANA name, or dates would shift silently."""
    if value is None:
        return
    try:
        zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise BrandkitError(
            f"{where}: {value!r} is not an IANA time zone such as Europe/Berlin; fix it and "
            "import again."
        ) from exc


class Dates:
    """Reads the dates of one source in its time zone (UTC when it names none), and says so when
    a date carried no zone of its own: a site mixing `2021-04-03` with `...Z` dates is common."""

    def __init__(self, tz_name: str | None, where: str) -> None:
        self.tz_name = tz_name or "UTC"
        self.where = where  # e.g. "the Hugo configuration's timeZone", "no timeZone set"
        self.naive = 0

    def parse(self, value: Any) -> datetime | None:
        result = _datetime(value)
        if result is not None and result.tzinfo is None:
            self.naive += 1
            result = result.replace(tzinfo=zoneinfo.ZoneInfo(self.tz_name))
        return result

    def note(self) -> str | None:
        if not self.naive:
            return None
        return (
            f"{count(self.naive, 'date')} without a time zone read as {self.tz_name} ({self.where})"
        )


def parse_date(value: Any, tz_name: str = "UTC") -> datetime | None:
    """A date as an aware datetime; one written without a zone is taken in `tz_name`."""
    return Dates(tz_name, "").parse(value)


def _datetime(value: Any) -> datetime | None:
    """A front-matter date (datetime, date or text in the usual blog formats), as written."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    if not isinstance(value, str):
        return None
    text = value.strip()
    # Jekyll writes "2020-01-02 10:00:00 +0100"; WordPress "2020-01-02 10:00:00"
    text = re.sub(
        r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*([+-]\d\d):?(\d\d)$",
        r"\1T\2\3:\4",
        text,
    )
    text = re.sub(r"Z$", "+00:00", text)
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)  # RFC 822, as in feeds and WordPress <pubDate>
    except (TypeError, ValueError, IndexError):
        return None


def string_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = re.split(r"[,]" if "," in value else r"\s+", value)
    elif isinstance(value, list | tuple):
        parts = [str(v) for v in value if v is not None]
    else:
        parts = [str(value)]
    result: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in result:
            result.append(part)
    return result


def slug_of(text: str) -> str:
    """A slug from a title or an old URL's last segment; percent-encoded text is decoded first,
    so `001-%E4%B8%80` becomes `001-yi`, not `001-e4-b8-80`."""
    return slugify(unquote(text))


def line_of(text: str, index: int, offset: int = 0) -> int:
    return text.count("\n", 0, index) + 1 + offset


def rewrite_tags(
    text: str,
    pattern: re.Pattern[str],
    convert: Callable[[re.Match[str]], str | None],
    file: str,
    line_offset: int,
    what: str,
    problems: list[Problem],
) -> str:
    """Replace each match by `convert(match)`; when that returns None keep it and report it."""
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        out.append(text[pos : match.start()])
        new = convert(match)
        if new is None:
            snippet = " ".join(match.group(0).split())
            snippet = snippet if len(snippet) <= 80 else snippet[:77] + "..."
            problems.append(
                Problem(
                    file,
                    line_of(text, match.start(), line_offset),
                    f"{what} {snippet} left as-is: rewrite it in Markdown",
                )
            )
            out.append(match.group(0))
        else:
            out.append(new)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def body_line_offset(raw: str, body: str) -> int:
    """How many lines of front matter precede `body` in `raw` (for line numbers in reports)."""
    index = raw.find(body[:200]) if body.strip() else -1
    return raw.count("\n", 0, index) if index > 0 else 0


def unreadable(file: str, exc: Exception, what: str = "front matter") -> Problem:
    """One line for a YAML, TOML or JSON error, at its line in `file` (which starts with the
    opening `---`/`+++`, so line 1 of the block is line 2 of the file)."""
    line = 1
    reason = " ".join(str(exc).split())
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        line = mark.line + 1
        reason = str(problem)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            reason = f"{context} on line {context_mark.line + 1}: {problem}"
    elif isinstance(exc, json.JSONDecodeError):
        line, reason = exc.lineno, exc.msg
    elif found := re.search(r"\(at line (\d+), column \d+\)", reason):
        line = int(found.group(1))
        reason = reason[: found.start()].strip()
    return Problem(file, line, f"{what} cannot be read ({reason}); fix it and import again")
