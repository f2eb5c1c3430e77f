"""The resume: `content/resume.json` in the JSON Resume format (https://jsonresume.org/schema).

It is validated against the JSON Resume schema shipped inside brandkit (builds are offline), with
every error naming the field, e.g. `work[0].startDate`. The resume is also the source of the
site's `Person` (name, job title, photo, profiles) for structured data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from brandkit import urls
from brandkit.content.fields import Collected, Problem, display_path, to_datetime

RESUME_FILE = "resume.json"
# JSON Resume keys holding a link (basics.url, profiles[].url, work[].url...) or an image.
URL_KEYS = frozenset({"url", "image"})
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ResumeProfile:
    network: str
    username: str
    url: str


@dataclass(frozen=True)
class Resume:
    """A validated JSON Resume. `data` is the document itself, for the template's sections."""

    source: str
    data: Mapping[str, Any] = field(compare=False, hash=False)

    @property
    def basics(self) -> Mapping[str, Any]:
        value = self.data.get("basics") or {}
        return value if isinstance(value, Mapping) else {}

    @property
    def name(self) -> str:
        return str(self.basics.get("name") or "")

    @property
    def label(self) -> str:
        return str(self.basics.get("label") or "")

    @property
    def profiles(self) -> tuple[ResumeProfile, ...]:
        return tuple(
            ResumeProfile(
                str(p.get("network", "")), str(p.get("username", "")), str(p.get("url", ""))
            )
            for p in self.basics.get("profiles") or ()
        )

    def last_modified(self, timezone: str) -> datetime | None:
        """`meta.lastModified` (validated by `validate`), aware: the sitemap's lastmod."""
        meta = self.data.get("meta")
        value = to_datetime(meta.get("lastModified")) if isinstance(meta, Mapping) else None
        if value is None:
            return None
        if not isinstance(value, datetime):
            return datetime.combine(value, time(), ZoneInfo(timezone))
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone))

    def section(self, name: str) -> list[Mapping[str, Any]]:
        value = self.data.get(name) or []
        return [item for item in value if isinstance(item, Mapping)]

    @staticmethod
    def period(item: Mapping[str, Any], start: str = "startDate", end: str = "endDate") -> str:
        """E.g. "Mar 2021 - Present" (with an en dash) from JSON Resume's partial ISO dates."""
        first = month_year(item.get(start))
        if not first:
            return month_year(item.get(end))
        last = month_year(item.get(end)) or "Present"
        return first if first == last else f"{first} \u2013 {last}"

    @staticmethod
    def day(value: Any) -> str:
        return month_year(value)


def month_year(value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


@cache
def schema() -> dict[str, Any]:
    path = resources.files("brandkit") / "content" / "schemas" / "jsonresume.schema.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def field_path(parts: Sequence[str | int]) -> str:
    """`work[0].startDate` from jsonschema's path ["work", 0, "startDate"]."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_resume(docs_dir: Path, root: Path, found: Collected) -> Resume | None:
    """The validated resume, or None when there is no resume.json (or it has problems)."""
    path = docs_dir / RESUME_FILE
    if not path.is_file():
        return None
    shown = display_path(path, root)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        found.problems.append(Problem(shown, None, "not UTF-8 text", "re-save it as UTF-8"))
        return None
    except RecursionError:
        found.problems.append(
            Problem(shown, None, "nested too deeply to read", "write a JSON Resume document")
        )
        return None
    except json.JSONDecodeError as exc:
        found.problems.append(
            Problem(
                shown,
                None,
                f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
                "fix the syntax (a missing comma or quote, or a trailing comma)",
            )
        )
        return None
    try:
        problems = list(validate(data, shown))
    except RecursionError:
        problems = [Problem(shown, None, "nested too deeply to read", "write a JSON Resume")]
    for key, value in urls.nested(data, URL_KEYS):
        allowed = urls.LOAD if key.endswith("image") else urls.LINK
        why = urls.url_problem(value, allowed)
        if why is not None and isinstance(value, str) and value:  # types: the schema's
            problems.append(Problem(shown, key, why, urls.advice(allowed)))
    if problems:
        found.problems.extend(problems)
        return None
    return Resume(path.relative_to(docs_dir).as_posix(), data)


def validate(data: Any, shown: str) -> Iterator[Problem]:
    """Every schema error in `data`, each naming its field and how to fix it."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(schema())
    validator = validator_cls(schema(), format_checker=validator_cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        where = field_path(list(error.absolute_path)) or "(top level)"
        yield Problem(shown, where, *_explain(error))
    # The schema leaves lastModified a free string; brandkit reads it as the page's lastmod.
    meta = data.get("meta") if isinstance(data, Mapping) else None
    stamp = meta.get("lastModified") if isinstance(meta, Mapping) else None
    if isinstance(stamp, str) and stamp and to_datetime(stamp) is None:
        yield Problem(
            shown,
            "meta.lastModified",
            f"{stamp!r} is not a date",
            "write YYYY-MM-DD or YYYY-MM-DDThh:mm:ss, e.g. 2026-03-01",
        )


def _explain(error: Any) -> tuple[str, str]:
    kind = error.validator
    value = error.instance
    if kind == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        article = "an" if str(wanted)[0] in "aeiou" else "a"
        return (
            f"{json.dumps(value)[:60]} is not {article} {wanted}",
            f"write it as a JSON {wanted}",
        )
    if kind == "pattern" and "[1-2][0-9]{3}" in str(error.validator_value):
        return (f"{value!r} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-03")
    if kind == "format" and error.validator_value == "email":
        return (f"{value!r} is not an email address", "write it as name@example.com")
    if kind == "format":
        return (f"{value!r} is not a valid {error.validator_value}", "correct the value")
    if kind == "additionalProperties":
        return (error.message, "remove the key or fix its spelling")
    if kind == "required":
        return (error.message, "add the missing field")
    return (error.message, "see https://jsonresume.org/schema for the expected value")
