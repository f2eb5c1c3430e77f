"""Unit tests of the pure portfolio core: loaders, filters, talk dates, video embeds, Person."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brandkit import seo
from brandkit.content.fields import Collected
from brandkit.content.models import Person
from brandkit.content.profile import Profile, person_from
from brandkit.content.projects import load_projects, techs
from brandkit.content.resume import Resume, field_path, load_resume, month_year
from brandkit.content.talks import load_talks, split, video_embed
from brandkit.portfolio import load_portfolio


def write(docs: Path, relative: str, text: str) -> None:
    path = docs / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def project(name: str, tech: str, **extra: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return f"---\nname: {name}\nsummary: About {name}.\ntech: {tech}\n{lines}---\nBody.\n"


def test_projects_sorted_and_grouped_by_tech(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "projects/a.md", project("Alpha", "[Python, C++]", year="2020"))
    write(docs, "projects/b.md", project("Beta", "[python, C]", year="2019-present"))
    write(docs, "projects/c.md", project("Gamma", "[C#]", year="2024", order="-1"))
    write(docs, "projects/index.md", "# not a project\n")
    found = Collected()
    projects = load_projects(docs, tmp_path, found)
    assert found.problems == [] and found.warnings == []
    assert [p.name for p in projects] == ["Gamma", "Beta", "Alpha"]  # order, then newest year
    assert projects[2].url == "projects/a/" and projects[2].body.strip() == "Body."
    groups = {t.slug: (t.name, [p.name for p in t.projects]) for t in techs(projects)}
    assert groups == {
        "python": ("python", ["Beta", "Alpha"]),  # merged case-insensitively, most used first
        "cpp": ("C++", ["Alpha"]),
        "c": ("C", ["Beta"]),
        "csharp": ("C#", ["Gamma"]),
    }
    assert next(iter(groups)) == "python"


def test_project_reserved_file_name(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "projects/tech.md", project("Tech", "[]"))
    found = Collected()
    assert load_projects(docs, tmp_path, found) == []
    assert str(found.problems[0]) == (
        "content/projects/tech.md: file name 'tech.md' is reserved; rename it, e.g. tech-1.md"
    )


def test_talk_is_upcoming_for_its_whole_day(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "talks/a.md", "---\ntitle: A\nevent: E\ndate: 2026-05-14\n---\n")
    write(docs, "talks/b.md", "---\ntitle: B\nevent: E\ndate: 2026-05-20T09:00:00-07:00\n---\n")
    found = Collected()
    talks = load_talks(docs, tmp_path, "Europe/Berlin", found)
    assert found.problems == []
    assert [t.title for t in talks] == ["B", "A"]
    a, b = talks[1], talks[0]
    assert str(a.date.tzinfo) == "Europe/Berlin" and not a.has_time and b.has_time
    late = datetime(2026, 5, 14, 21, 59, tzinfo=UTC)  # 23:59 in Berlin
    assert a.is_upcoming(late)
    assert not a.is_upcoming(datetime(2026, 5, 14, 22, 1, tzinfo=UTC))  # next day in Berlin
    upcoming, past = split(talks, datetime(2026, 5, 1, tzinfo=UTC))
    assert [t.title for t in upcoming] == ["A", "B"] and past == []
    upcoming, past = split(talks, datetime(2027, 1, 1, tzinfo=UTC))
    assert upcoming == [] and [t.title for t in past] == ["B", "A"]


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://m.youtube.com/live/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://media.ccc.de/v/some-talk", None),
    ],
)
def test_video_embed(url: str, src: str | None) -> None:
    embed = video_embed(url)
    assert (embed.src if embed else None) == src


def test_resume_field_paths_and_dates(tmp_path: Path) -> None:
    assert field_path(["work", 0, "highlights", 2]) == "work[0].highlights[2]"
    assert month_year("2021-03-09") == "Mar 2021" and month_year("2019") == "2019"
    assert Resume.period({"startDate": "2021-03"}) == "Mar 2021 \u2013 Present"
    assert Resume.period({"date": "2020-01"}, "date", "date") == "Jan 2020"
    docs = tmp_path / "content"
    write(docs, "resume.json", json.dumps({"basics": {"profiles": [{"url": 1}]}, "work": {}}))
    found = Collected()
    assert load_resume(docs, tmp_path, found) is None
    assert [p.key for p in found.problems] == ["basics.profiles[0].url", "work"]


def test_profile_falls_back_to_resume_and_person(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "images/me.png", "")
    write(
        docs,
        "resume.json",
        json.dumps(
            {
                "basics": {
                    "name": "Maya Okafor",
                    "label": "Staff engineer",
                    "summary": "Databases.",
                    "email": "maya@example.dev",
                    "profiles": [
                        {"network": "GitHub", "url": "https://github.com/maya"},
                        {"network": "Codeberg", "url": "https://codeberg.org/maya"},
                    ],
                }
            }
        ),
    )
    portfolio = load_portfolio(
        docs,
        profile=Profile(avatar="images/me.png", mastodon="https://hachyderm.io/@maya"),
        site_url="https://maya.example.dev/",
        timezone="UTC",
        now=datetime(2026, 11, 22, tzinfo=UTC),
        root=tmp_path,
    )
    assert portfolio.problems == []
    profile = portfolio.profile
    assert (profile.name, profile.tagline, profile.bio) == (
        "Maya Okafor",
        "Staff engineer",
        "Databases.",
    )
    assert [link.network for link in profile.links] == ["github", "mastodon", "email"]
    assert profile.contact == "mailto:maya@example.dev"
    assert person_ld(portfolio.person) == {
        "@type": "Person",
        "name": "Maya Okafor",
        "url": "https://maya.example.dev/",
        "image": "https://maya.example.dev/images/me.png",
        "jobTitle": "Staff engineer",
        "description": "Databases.",
        "sameAs": [
            "https://github.com/maya",
            "https://hachyderm.io/@maya",
            "https://codeberg.org/maya",
        ],
    }
    assert person_ld(person_from(Profile(name="X"), None, None)) == {
        "@type": "Person",
        "name": "X",
    }


def person_ld(owner: Person) -> dict[str, object]:
    return {k: v for k, v in seo.person(owner).items() if k != "@context"}


def test_portfolio_lastmod_comes_from_content_never_the_future(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "projects/a.md", project("Alpha", "[Python]", updated="2026-03-01"))
    write(docs, "projects/b.md", project("Beta", "[Python, Go]", updated="2026-06-10"))
    write(docs, "projects/c.md", project("Gamma", "[Rust]"))
    write(docs, "talks/given.md", "---\ntitle: G\nevent: E\ndate: 2026-02-02T14:05:00+01:00\n---\n")
    write(docs, "talks/soon.md", "---\ntitle: S\nevent: E\ndate: 2026-12-09\n---\n")
    write(
        docs,
        "talks/edited.md",
        "---\ntitle: X\nevent: E\ndate: 2027-01-05\nupdated: 2026-11-01\n---\n",
    )
    write(docs, "resume.json", json.dumps({"basics": {}, "meta": {"lastModified": "2026-10-01"}}))
    portfolio = load_portfolio(
        docs,
        profile=Profile(name="Jane"),
        site_url="https://jane.example.com/",
        timezone="Europe/Amsterdam",
        now=datetime(2026, 11, 22, tzinfo=UTC),
        root=tmp_path,
    )
    assert portfolio.problems == [] and portfolio.warnings == []
    lastmod = {p.path: p.lastmod.isoformat() if p.lastmod else None for p in portfolio.pages("J")}
    assert lastmod == {
        "projects/index.md": "2026-06-10T00:00:00+02:00",  # the newest project
        "projects/tech/python/index.md": "2026-06-10T00:00:00+02:00",
        "projects/tech/go/index.md": "2026-06-10T00:00:00+02:00",
        "projects/tech/rust/index.md": None,  # nothing says when Gamma changed
        "projects/a.md": "2026-03-01T00:00:00+01:00",
        "projects/b.md": "2026-06-10T00:00:00+02:00",
        "projects/c.md": None,
        "talks/index.md": "2026-11-01T00:00:00+01:00",
        "talks/edited.md": "2026-11-01T00:00:00+01:00",  # `updated` wins
        "talks/soon.md": None,  # its date is in the future: not a modification time
        "talks/given.md": "2026-02-02T14:05:00+01:00",  # given: the day of the talk
        "resume/index.md": "2026-10-01T00:00:00+02:00",  # JSON Resume's meta.lastModified
    }


def test_bad_updated_dates_name_file_and_key(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    write(docs, "projects/a.md", project("Alpha", "[Python]", updated="someday"))
    write(docs, "talks/t.md", "---\ntitle: T\nevent: E\ndate: 2026-01-01\nupdated: [1]\n---\n")
    write(docs, "resume.json", json.dumps({"meta": {"lastModified": "last week"}}))
    found = Collected()
    load_projects(docs, tmp_path, found)
    load_talks(docs, tmp_path, "UTC", found)
    load_resume(docs, tmp_path, found)
    assert [str(p) for p in found.problems] == [
        "content/projects/a.md: updated: 'someday' is not a date; write it as YYYY-MM-DD, or "
        "remove the key",
        "content/talks/t.md: updated: [1] is not a date; write it as YYYY-MM-DD, or remove the key",
        "content/resume.json: meta.lastModified: 'last week' is not a date; write YYYY-MM-DD or "
        "YYYY-MM-DDThh:mm:ss, e.g. 2026-03-01",
    ]
