"""What brandkit adds to the Jinja environment MkDocs renders pages in (documented Jinja API)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import jinja2

THEME_DIR = Path(__file__).parent / "theme"


def configure(env: jinja2.Environment) -> None:
    """brandkit's filters. Templates cannot change during one build (serve makes a new
    environment per build), so Jinja need not check each included template's file for changes
    (thousands of stat() calls on a large blog)."""
    env.filters["bk_date"] = format_date
    env.filters["bk_datetime"] = html_datetime
    env.auto_reload = False


def format_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def html_datetime(value: date) -> str:
    """A `datetime` attribute value: HTML allows at most three digits of a second's fraction,
    and a reader needs none, so whole seconds (a date alone stays a date)."""
    if not isinstance(value, datetime):
        return value.isoformat()  # a date
    return value.isoformat(timespec="seconds")
