"""The portfolio end to end: `brandkit new`, then the real `brandkit build`/`check` through Click,
asserting on the HTML a visitor gets and the messages a user sees."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from brandkit.cli import main

PROFILE = """      profile:
        avatar: images/avatar.svg
        tagline: Backend engineer & <b>databases</b>
        bio: I make slow queries fast.
        github: https://github.com/janedoe
        mastodon: https://hachyderm.io/@jane
        linkedin: https://www.linkedin.com/in/janedoe/
        bluesky: https://bsky.app/profile/jane.bsky.social
        subscribe_url: https://buttondown.example/jane
"""


def run(*args: str, expect: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


def html(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def write(root: Path, relative: str, text: str) -> Path:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def set_profile(root: Path, block: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      profile:\n")
    end = text.index("\nmarkdown_extensions:")
    config.write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_new_site_has_every_portfolio_page(site: Path) -> None:
    result = run("build", "--strict")
    assert "Built" in result.output
    for url in (
        "projects",
        "projects/my-website",
        "projects/example-tool",
        "projects/tech/python",
        "talks",
        "resume",
        "about",
        "now",
        "uses",
    ):
        assert (site / "site" / url / "index.html").is_file(), url
    home = html(site, "")
    assert '<h1 class="bk-hero__name p-name">Jane Doe</h1>' in home
    assert 'src="images/avatar.svg"' in home and (site / "site/images/avatar.svg").is_file()
    assert "Software developer" in home  # tagline from the starter resume.json
    assert 'href="mailto:jane@example.com">Contact me' in home
    assert 'href="resume/">Resume' in home
    # Subscribe leads to /subscribe/ (the feeds explained), never to the raw feed.
    assert 'href="subscribe/">Subscribe</a>' in home and 'href="feed.xml">Subscribe' not in home
    assert "Featured projects" in home and 'href="projects/my-website/"' in home
    assert "Upcoming talks" in home and "What I learned building my own site" in home
    # Latest posts still there, one heading level under their section.
    assert '<h3 class="bk-card__title"><a href="blog/hello-world/">Hello, world</a></h3>' in home
    nav = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', home)
    assert {"Projects", "Talks", "Resume"} <= set(nav)
    # The resume is rendered, not published as a raw file.
    assert not (site / "site/resume.json").exists()


def test_home_page_shows_configured_profile_and_social_links(site: Path) -> None:
    set_profile(site, PROFILE)
    run("build", "--strict")
    home = html(site, "")
    assert "Backend engineer &amp; &lt;b&gt;databases&lt;/b&gt;" in home
    assert "<b>databases</b>" not in home
    assert "I make slow queries fast." in home
    assert 'href="https://buttondown.example/jane">Subscribe' in home
    links = dict(re.findall(r'<a class="u-url" href="([^"]+)"( rel="me")?', home))
    for url in (
        "https://github.com/janedoe",
        "https://hachyderm.io/@jane",
        "https://www.linkedin.com/in/janedoe/",
        "https://bsky.app/profile/jane.bsky.social",
    ):
        assert links.get(url) == ' rel="me"', url
    assert re.search(r'class="u-email" href="mailto:jane@example.com"', home)
    # The same profiles are the site's schema.org Person sameAs; its job title is the resume's.
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', home)
    person = next(d for d in map(json.loads, blocks) if d["@type"] == "Person")
    assert person["jobTitle"] == "Software developer"
    assert person["sameAs"] == [
        "https://github.com/janedoe",
        "https://hachyderm.io/@jane",
        "https://www.linkedin.com/in/janedoe/",
        "https://bsky.app/profile/jane.bsky.social",
    ]
    assert "<svg" in home  # brand icons are inlined: no request for an icon font


def test_missing_avatar_is_a_config_error(site: Path) -> None:
    set_profile(site, "      profile:\n        avatar: images/me.jpg\n")
    result = run("build", expect=1)
    assert "plugins.brandkit.profile.avatar" in result.output
    assert "images/me.jpg" in result.output
    assert "Traceback" not in result.output
    assert run("check", expect=1).output.count("profile.avatar") == 1


def test_projects_page_filters_by_tech_without_javascript(site: Path) -> None:
    write(site, "images/shot.png", "")
    write(
        site,
        "projects/pgwatch.md",
        """---
name: pgwatch-lite
summary: Watches Postgres for slow queries.
repository: https://github.com/janedoe/pgwatch-lite
url: https://pgwatch.example.dev/
tech: [Go, PostgreSQL]
role: Author
status: archived
year: 2021-2024
image: ../images/shot.png
---

It reads `pg_stat_statements`. See [the post](../posts/hello-world.md) and
![diagram](../images/shot.png).
""",
    )
    write(
        site, "projects/cpp-thing.md", "---\nname: C++ thing\nsummary: Fast.\ntech: [C++, C]\n---\n"
    )
    run("build", "--strict")
    listing = html(site, "projects")
    assert listing.count('class="bk-project-card"') == 4
    filter_nav = listing.split('class="bk-filter"')[1].split("</nav>")[0]
    assert 'href="./" aria-current="page">All' in filter_nav
    for slug in ("go", "postgresql", "cpp", "c", "python"):
        assert f'href="tech/{slug}/"' in filter_nav, slug
    go = html(site, "projects/tech/go")
    assert "<h1>Projects using Go</h1>" in go
    assert go.count('class="bk-project-card"') == 1 and "pgwatch-lite" in go
    assert 'aria-current="page">Go' in go
    assert html(site, "projects/tech/cpp").count('class="bk-project-card"') == 1
    page = html(site, "projects/pgwatch")
    assert '<h1 class="p-name">pgwatch-lite</h1>' in page
    assert 'href="https://github.com/janedoe/pgwatch-lite">Source code' in page
    assert 'href="https://pgwatch.example.dev/"' in page
    assert "<dd>archived</dd>" in page and "<dd>2021-2024</dd>" in page
    assert "<code>pg_stat_statements</code>" in page  # the body, rendered by MkDocs
    assert 'src="../../images/shot.png"' in page  # relative paths work as written
    assert 'href="../../blog/hello-world/"' in page  # links to posts resolve too
    assert "pgwatch-lite" in (site / "site/search/search_index.json").read_text()


def test_project_errors_name_file_key_and_fix(site: Path) -> None:
    run("build")
    before = html(site, "projects")
    write(
        site,
        "projects/broken.md",
        """---
name: Broken
repository: github.com/x
tech: {a: 1}
status: dead
year: twenty
featurd: true
image: nope.png
---
""",
    )
    write(site, "projects/Bad Name.md", "---\nname: X\nsummary: Y\n---\n")
    result = run("build", expect=1)
    out = result.output
    assert "content/projects/broken.md: summary: missing or empty; add `summary:" in out
    assert "content/projects/broken.md: repository: 'github.com/x' is not an absolute" in out
    assert "content/projects/broken.md: tech: must be a list of words" in out
    assert "content/projects/broken.md: status: unknown status 'dead'; use one of: active" in out
    assert "content/projects/broken.md: year: 'twenty' is not a year" in out
    assert "content/projects/broken.md: image: file 'nope.png' not found" in out
    assert (
        "content/projects/Bad Name.md: file name 'Bad Name.md' does not make a clean URL; "
        "rename it to bad-name.md" in out
    )
    assert "Traceback" not in out
    assert html(site, "projects") == before  # the previous site is left as it was
    check = run("check", expect=1).output
    assert "status: unknown status 'dead'" in check
    assert "featurd: unknown front-matter key; did you mean 'featured'?" in check


def test_generated_listing_cannot_be_shadowed(site: Path) -> None:
    write(site, "talks/index.md", "# Mine\n")
    write(site, "projects/index.md", "# Mine\n")
    result = run("build", expect=1)
    assert "projects/index.md: brandkit generates this page itself" in result.output


def test_talks_split_into_upcoming_and_past(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        site,
        "talks/indexes.md",
        """---
title: Indexes you did not know you needed
event: PyCon Example 2026
event_url: https://pycon.example.org/
date: 2026-05-14
location: Lisbon, Portugal
abstract: Partial, covering and BRIN indexes.
slides: slides.pdf
video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
---

Notes from the talk.
""",
    )
    write(site, "talks/slides.pdf", "%PDF-1.4\n")
    write(
        site,
        "talks/tracing.md",
        """---
title: Tracing without tears
event: Observability Day
date: 2026-12-03T14:30:00+01:00
location: Online
---
""",
    )
    for starter in (site / "content/talks").glob("what-i-learned*.md"):
        starter.unlink()
    monkeypatch.setenv("BRANDKIT_NOW", "2026-05-14T23:00:00+00:00")
    run("build", "--strict")
    talks = html(site, "talks")
    upcoming, past = talks.split('id="bk-talks-past"')
    assert "Indexes you did not know" in upcoming  # still its day in London
    assert upcoming.index("Indexes") < upcoming.index("Tracing")  # soonest first
    assert "No past talks yet." in past
    assert "Upcoming talks" in html(site, "")

    monkeypatch.setenv("BRANDKIT_NOW", "2026-11-22T12:00:00+00:00")
    run("build", "--strict")
    upcoming, past = html(site, "talks").split('id="bk-talks-past"')
    assert "Tracing without tears" in upcoming and "Indexes" not in upcoming
    assert "Indexes you did not know" in past

    monkeypatch.setenv("BRANDKIT_NOW", "2027-01-01T00:00:00+00:00")
    run("build", "--strict")
    upcoming, past = html(site, "talks").split('id="bk-talks-past"')
    assert "No talks scheduled right now." in upcoming
    assert past.index("Tracing") < past.index("Indexes")  # newest first
    assert "Upcoming talks" not in html(site, "")

    page = html(site, "talks/indexes")
    assert '<a class="u-url" href="https://pycon.example.org/">PyCon Example 2026</a>' in page
    assert 'href="../slides.pdf">Slides' in page and (site / "site/talks/slides.pdf").is_file()
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the recording' in page
    assert 'data-bk-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page
    assert "<iframe" not in page
    assert "Notes from the talk." in page
    assert "14:30" in html(site, "talks/tracing")


def test_default_site_loads_nothing_from_other_hosts(site: Path) -> None:
    write(
        site,
        "talks/recorded.md",
        "---\ntitle: T\nevent: E\ndate: 2020-01-01\nvideo: https://youtu.be/dQw4w9WgXcQ\n---\n",
    )
    run("build", "--strict")
    fetched = re.compile(
        r'<(?:script|img|iframe|video|audio|source)\b[^>]*?\ssrc="([^"]+)"'
        r'|<link\b(?=[^>]*\srel="(?:stylesheet|preload|modulepreload|icon|preconnect|manifest)")'
        r'[^>]*?\shref="([^"]+)"'
    )
    pages = list((site / "site").rglob("*.html"))
    assert len(pages) > 10
    seen = 0
    for page in pages:
        for match in fetched.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            seen += 1
            assert not re.match(r"(https?:)?//", url), (page, url)
    assert seen > len(pages)  # the pattern does find the stylesheets and scripts


def test_talk_errors(site: Path) -> None:
    write(
        site,
        "talks/bad.md",
        "---\ntitle: ''\ndate: next week\nvideo: youtube\nembed: maybe\n"
        "slides: /abs/slides.pdf\n---\n",
    )
    out = run("check", expect=1).output
    assert "content/talks/bad.md: title: missing or empty" in out
    assert "content/talks/bad.md: event: missing or empty; add `event: PyCon Example 2026`" in out
    assert "content/talks/bad.md: date: 'next week' is not a date" in out
    assert "content/talks/bad.md: video: 'youtube' is not an absolute http(s) URL" in out
    assert "content/talks/bad.md: embed: 'maybe' is not true or false" in out
    assert "content/talks/bad.md: slides: '/abs/slides.pdf' is neither" in out


def test_resume_page_and_print_css(site: Path) -> None:
    resume = json.loads((site / "content/resume.json").read_text())
    resume["basics"]["name"] = "Jane <Doe>"
    resume["work"][0]["endDate"] = "2024-06"
    resume["basics"]["profiles"] = [
        {"network": "Mastodon", "username": "jane", "url": "https://hachyderm.io/@jane"}
    ]
    (site / "content/resume.json").write_text(json.dumps(resume))
    run("build", "--strict")
    page = html(site, "resume")
    assert '<h1 class="p-name">Jane &lt;Doe&gt;</h1>' in page
    assert "Software Engineer" in page and "Jan 2022 \u2013 Jun 2024" in page
    # A job's url is the employer's: it links the company name, not the position.
    assert (
        '<h3>Software Engineer<span class="bk-resume__sub">, <a href="https://jane.example.com/">'
        in page
    )
    assert "BSc, Computer Science" in page and "2016 \u2013 2019" in page
    assert "Python, SQL" in page
    assert 'href="https://hachyderm.io/@jane" rel="me"' in page
    # Mastodon from the resume's profiles also reaches the home page's links.
    assert 'href="https://hachyderm.io/@jane" rel="me"' in html(site, "")
    css = (site / "site/assets/brandkit/brandkit.css").read_text()
    assert "@page" in css
    print_css = css.split("@media print")[1]
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer"):
        assert chrome in print_css
    assert "brandkit.css" in page


def test_resume_errors_name_the_field(site: Path) -> None:
    path = site / "content/resume.json"
    resume = json.loads(path.read_text())
    resume["work"][0]["startDate"] = "Jan 2020"
    resume["basics"]["email"] = "not-an-email"
    resume["skills"][1]["keywords"] = "Git"
    path.write_text(json.dumps(resume))
    for command in ("check", "build"):
        out = run(command, expect=1).output
        assert (
            "content/resume.json: work[0].startDate: 'Jan 2020' is not a date; write "
            "YYYY-MM-DD, YYYY-MM or YYYY" in out
        )
        assert "content/resume.json: basics.email: 'not-an-email' is not an email address" in out
        assert 'content/resume.json: skills[1].keywords: "Git" is not an array' in out
        assert "Traceback" not in out
    path.write_text('{"basics": {"name": "Jane",}}')
    out = run("check", expect=1).output
    assert "content/resume.json: not valid JSON at line 1, column 28" in out


def test_about_now_uses_show_last_updated(site: Path) -> None:
    run("build")
    for url in ("about", "now", "uses"):
        page = html(site, url)
        match = re.search(
            r'Last updated\s*<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>', page
        )
        assert match, url
    (site / "content/now.md").write_text(
        "---\ntitle: Now\nupdated: 2026-03-05\n---\n\n# Now\n\nWriting.\n"
    )
    run("build")
    assert '<time datetime="2026-03-05">5 March 2026</time>' in html(site, "now")


def test_project_and_talk_new_commands(site: Path) -> None:
    path = (
        run("project", "new", "Fancy: Thing", "-t", "Rust", "--featured", "--summary", "It's fast")
        .output.strip()
        .splitlines()[-1]
    )
    assert path == "content/projects/fancy-thing.md"
    again = run("project", "new", "Fancy: Thing").output.strip().splitlines()[-1]
    assert again == "content/projects/fancy-thing-2.md"
    talk = (
        run("talk", "new", "Tech", "--date", "2027-02-01", "-e", "FOSDEM", "-l", "Brussels")
        .output.strip()
        .splitlines()[-1]
    )
    assert talk == "content/talks/tech.md"
    assert "date: 2027-02-01" in (site / talk).read_text()
    today = f"updated: {date.today().isoformat()}"  # the sitemap's lastmod
    assert today in (site / talk).read_text() and today in (site / path).read_text()
    bad = run("talk", "new", "X", "--date", "soon", expect=1).output
    assert "--date 'soon' is not a date" in bad
    run("build", "--strict")
    assert "Fancy: Thing" in html(site, "projects/tech/rust")
    assert "It&#39;s fast" in html(site, "projects/fancy-thing") or "It's fast" in html(
        site, "projects/fancy-thing"
    )
    assert "FOSDEM" in html(site, "talks").split('id="bk-talks-past"')[0]


REPO = Path(__file__).resolve().parent.parent


def test_repository_example_site_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    for name in ("mkdocs.yml", "content", "themes"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name)
        elif src.is_file():
            shutil.copy2(src, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRANDKIT_NOW", "2026-11-22T12:00:00+01:00")
    out = run("build", "--strict").output
    assert "warning" not in out.lower(), out
    assert "4 projects, 3 talks, a resume" in run("check", "--strict").output
    home = html(tmp_path, "")
    assert "Backend and infrastructure engineer" in home  # tagline from resume.json
    assert 'href="https://hachyderm.io/@maya" rel="me"' in home
    assert home.count('class="bk-project-card"') == 3
    upcoming, past = html(tmp_path, "talks").split('id="bk-talks-past"')
    assert upcoming.count('class="bk-talk-item') == 1 and past.count('class="bk-talk-item') == 2
    assert "Havenlink Logistics" in html(tmp_path, "resume")
