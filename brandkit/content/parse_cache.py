"""What each post file yielded (its `Post`, problems and warnings), kept between builds in one
checksummed JSON cache file, so a warm build parses no YAML it parsed before.

Entries are found again by the file's bytes, its place and the settings. Values are written as
tagged JSON (tuples, dates and times with their time zone, mappings with any keys); a file whose
front matter holds anything else (YAML's binary or sets) is simply parsed again next time. A
damaged, foreign or older cache file reads as empty: every post is parsed again.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from brandkit import cache_file
from brandkit.content.fields import Problem
from brandkit.content.models import Post, Settings

# 3: JSON in a checksummed cache file; 2: ids may be any URI; series_order, extra, leftovers.
KIND, FORMAT = "parsed-posts", 3
# What one file yielded: its post (if valid), problems and warnings.
FileResult = tuple[Post | None, list[Problem], list[Problem]]
ContentKey = tuple[str, str, str]  # (docs-relative source, path shown, sha256 of the bytes)


class Unsupported(ValueError):
    """A value the cache format does not keep."""


class ParseCache:
    def __init__(self, path: Path, settings: Settings) -> None:
        from brandkit import __version__

        self.path = path
        parsers = []
        for name in ("pyyaml", "python-frontmatter"):
            try:
                parsers.append(version(name))
            except PackageNotFoundError:
                parsers.append("")
        self.tag = repr((__version__, parsers, settings))
        self.entries: dict[ContentKey, FileResult] = {}
        self.used: dict[ContentKey, FileResult] = {}
        self.encoded: dict[ContentKey, Any] = {}
        data = cache_file.read_json(path, KIND, FORMAT)
        if isinstance(data, dict) and data.get("tag") == self.tag:
            for raw in data.get("entries", []):
                try:
                    key = (str(raw[0]), str(raw[1]), str(raw[2]))
                    self.entries[key] = self._decode_result(raw[3])
                    self.encoded[key] = raw[3]
                except (TypeError, ValueError, KeyError, IndexError):
                    continue  # not an entry this version wrote: parsed again

    def get(self, key: ContentKey) -> FileResult | None:
        found = self.entries.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: ContentKey, result: FileResult) -> None:
        self.used[key] = result

    def save(self) -> None:
        if self.used.keys() == self.entries.keys():
            return
        entries = []
        for key, result in self.used.items():
            try:
                encoded = self.encoded.get(key) or _encode_result(result)
            except Unsupported:
                continue
            entries.append([*key, encoded])
        cache_file.write_json(self.path, KIND, FORMAT, {"tag": self.tag, "entries": entries})
        self.entries = dict(self.used)

    def _decode_result(self, raw: Any) -> FileResult:
        post, problems, warnings = raw
        make = Problem
        return (
            Post(**{k: decode(v) for k, v in post.items()}) if post is not None else None,
            [make(*p) for p in problems],
            [make(*w) for w in warnings],
        )


def _encode_result(result: FileResult) -> Any:
    post, problems, warnings = result
    fields = None
    if post is not None:
        fields = {f.name: encode(getattr(post, f.name)) for f in dataclasses.fields(post)}
    return [
        fields,
        [list(dataclasses.astuple(p)) for p in problems],
        [list(dataclasses.astuple(w)) for w in warnings],
    ]


def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {
            "datetime": value.replace(tzinfo=None).isoformat(),
            "fold": value.fold,
            "tz": _zone(value),
        }
    if isinstance(value, date):
        return {"date": value.isoformat()}
    raise Unsupported(type(value).__name__)


def _zone(value: datetime) -> Any:
    tz = value.tzinfo
    if tz is None:
        return None
    if isinstance(tz, ZoneInfo):
        return ["zone", tz.key]
    if isinstance(tz, timezone):
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        default = timezone(offset).tzname(None)
        return ["fixed", offset.total_seconds(), None if name == default else name]
    raise Unsupported(type(tz).__name__)


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "tuple" in value:
        return tuple(decode(v) for v in value["tuple"])
    if "map" in value:
        return {_hashable(decode(k)): decode(v) for k, v in value["map"]}
    if "datetime" in value:
        when = datetime.fromisoformat(value["datetime"]).replace(fold=int(value["fold"]))
        tz = value["tz"]
        if tz is None:
            return when
        if tz[0] == "zone":
            return when.replace(tzinfo=ZoneInfo(tz[1]))
        offset = timedelta(seconds=tz[1])
        return when.replace(tzinfo=timezone(offset, tz[2]) if tz[2] else timezone(offset))
    if "date" in value:
        return date.fromisoformat(value["date"])
    raise ValueError("not a value this cache writes")


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
