"""Talks: one Markdown file per talk in `content/talks/`; the body holds notes or a transcript.

Front matter (title, event and date are required):

    title: Indexes you did not know you needed
    event: PyCon Example 2026
    date: 2026-05-14                         # or 2026-05-14T14:30:00+02:00
    location: Lisbon, Portugal               # or "Online"
    event_url: https://pycon.example.org/
    abstract: What the talk is about, in a few sentences.
    slides: https://speakerdeck.com/you/talk # or a file next to this one, e.g. slides.pdf
    video: https://www.youtube.com/watch?v=ID
    embed: true                              # play YouTube/Vimeo in the page, only on click
    updated: 2026-05-20                      # when this page last changed (sitemap lastmod)
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from brandkit.content import documents as d
from brandkit.content import fields as f

TALKS_DIR = "talks"
KNOWN_KEYS = (
    "title",
    "event",
    "event_url",
    "date",
    "location",
    "abstract",
    "slides",
    "video",
    "embed",
    "description",
    "updated",
)
_VIDEO_ID_RE = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Embed:
    """A video player loaded only when the visitor asks for it (no third-party request on load)."""

    provider: str  # shown on the button: "YouTube", "Vimeo"
    src: str  # the privacy-friendly player URL (youtube-nocookie.com, player.vimeo.com?dnt=1)


@dataclass(frozen=True)
class Talk:
    source: str
    slug: str
    url: str  # site-relative: "talks/<slug>/"
    title: str
    event: str
    date: datetime  # timezone-aware; midnight local time when only a day was given
    has_time: bool
    body: str
    location: str = ""
    event_url: str | None = None
    abstract: str = ""
    slides: str | None = None  # absolute URL or docs-relative file path
    video: str | None = None
    embed: Embed | None = None
    updated: datetime | None = None

    def is_upcoming(self, now: datetime) -> bool:
        """A talk stays upcoming for the whole of its day, in the talk's own time zone."""
        return self.date.date() >= now.astimezone(self.date.tzinfo).date()


def load_talks(docs_dir: Path, root: Path, timezone: str, found: f.Collected) -> list[Talk]:
    """Every valid talk, newest first."""
    tz = zoneinfo.ZoneInfo(timezone)
    talks = d.load_folder(
        docs_dir / TALKS_DIR,
        docs_dir,
        root,
        KNOWN_KEYS,
        found,
        lambda doc: _talk(doc, tz, found, timezone),
    )
    return sorted(talks, key=lambda t: t.date, reverse=True)


def split(talks: Sequence[Talk], now: datetime) -> tuple[list[Talk], list[Talk]]:
    """(upcoming soonest first, past newest first)."""
    upcoming = sorted((t for t in talks if t.is_upcoming(now)), key=lambda t: t.date)
    past = sorted((t for t in talks if not t.is_upcoming(now)), key=lambda t: t.date, reverse=True)
    return upcoming, past


def _talk(doc: d.Document, tz: zoneinfo.ZoneInfo, found: f.Collected, timezone: str) -> Talk | None:
    problem = d.problem_fn(doc, found)
    meta = doc.meta
    slug = d.file_slug(doc, ("index",), problem)
    title = f.text(meta, "title", problem, required="My talk")
    event = f.text(meta, "event", problem, required="PyCon Example 2026")
    when = f.moment(
        meta,
        "date",
        problem,
        tz,
        fix="write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        required="add `date: 2026-05-14` (or with a time, 2026-05-14T14:30)",
    )
    has_time = isinstance(f.to_datetime(meta.get("date")), datetime)
    video = f.url(meta, "video", problem, "https://www.youtube.com/watch?v=ID")
    embed_wanted = f.flag(meta, "embed", problem) if "embed" in meta else True
    slides = d.link_or_file(doc, "slides", problem, "slides.pdf")
    abstract = f.text(meta, "abstract", problem) or f.text(meta, "description", problem)
    updated = f.updated(meta, problem, timezone)
    if not (slug and title and event and when):
        return None
    return Talk(
        source=doc.source,
        slug=slug,
        url=f"{TALKS_DIR}/{slug}/",
        title=title,
        event=event,
        date=when,
        has_time=has_time,
        body=doc.body,
        location=f.text(meta, "location", problem),
        event_url=f.url(meta, "event_url", problem, "https://conference.example.org/"),
        abstract=abstract,
        slides=slides,
        video=video,
        embed=video_embed(video) if video and embed_wanted else None,
        updated=updated,
    )


def video_embed(video: str) -> Embed | None:
    """The no-cookie player for YouTube and Vimeo links; other hosts are only linked."""
    parts = urlsplit(video)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parts.path.split("/")[2]
        if _VIDEO_ID_RE.match(video_id):
            return Embed("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1")
    elif host == "youtu.be":
        video_id = parts.path.strip("/")
        if _VIDEO_ID_RE.match(video_id):
            return Embed("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1")
    elif host in ("vimeo.com", "player.vimeo.com"):
        video_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if video_id.isdigit():
            return Embed("Vimeo", f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1")
    return None
