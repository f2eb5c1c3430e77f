"""`brandkit talk new`: start a talk page with complete front matter."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.commands._habits import SuggestingGroup
from brandkit.errors import BrandkitError


@click.group(cls=SuggestingGroup)
def talk() -> None:
    """Add talks (content/talks/*.md)."""


@talk.command("new")
@click.argument("title")
@click.option("-e", "--event", default="", help="Conference or meetup name.")
@click.option("--date", "when", default=None, help="Day (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM).")
@click.option("-l", "--location", default="", help='City and country, or "Online".')
@click.option("--abstract", default="", help="What the talk is about, in a few sentences.")
@config_option
def new_talk(
    title: str,
    event: str,
    when: str | None,
    location: str,
    abstract: str,
    config_file: Path | None,
) -> None:
    """Create a talk page titled TITLE and print its path (last line of output).

    Talks dated today or later are listed as upcoming (on /talks/ and the home page); the
    others as past. Add slides and a video link in the front matter after the talk.

    \b
    Examples:
      brandkit talk new "Indexes you did not know you needed" --event "PyCon Example 2026" \\
          --date 2026-05-14 --location "Lisbon, Portugal"
    """
    from brandkit.content.portfolio_write import create_talk
    from brandkit.content.talks import TALKS_DIR
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging():
        site = load_project(config_file)
    path = create_talk(
        site.docs_dir / TALKS_DIR,
        title,
        _parse_day(when, site.settings.timezone),
        event=event,
        location=location,
        abstract=abstract,
    )
    click.echo(site.relative(path))


def _parse_day(value: str | None, timezone: str) -> date | datetime:
    from brandkit.content.write import parse_when

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        return parse_when(value, timezone)
    except BrandkitError as exc:
        raise BrandkitError(
            f"--date {value!r} is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM."
        ) from exc
