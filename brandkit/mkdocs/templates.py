"""What brandkit adds to the Jinja environment MkDocs renders pages in (documented Jinja API)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import jinja2

THEME_DIR = Path(__file__).parent / "theme"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of a server, which makes a new Jinja
    environment for every rebuild (each would compile Material's templates again, a few hundred
    milliseconds). Never on disk: Jinja's compiled code is Python code objects, which a crafted
    cache file could use to run anything."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def configure(env: jinja2.Environment, compiled: jinja2.BytecodeCache | None = None) -> None:
    """brandkit's filters; `compiled`, templates compiled by an earlier build of this process.
    Templates cannot change during one build (serve makes a new environment per build), so
    Jinja need not check each included template's file for changes (thousands of stat() calls
    on a large blog)."""
    env.filters["bk_date"] = format_date
    env.filters["bk_datetime"] = html_datetime
    env.auto_reload = False
    if compiled is not None:
        env.bytecode_cache = compiled


def format_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def html_datetime(value: date) -> str:
    """A `datetime` attribute value: HTML allows at most three digits of a second's fraction,
    and a reader needs none, so whole seconds (a date alone stays a date)."""
    if not isinstance(value, datetime):
        return value.isoformat()  # a date
    return value.isoformat(timespec="seconds")
