"""`brandkit new DIR`: a complete starter site that builds immediately."""

from __future__ import annotations

import html
import json
import re
import shlex
import string
from datetime import date
from importlib import resources
from pathlib import Path

import click

from brandkit.commands._common import stdout_is_terminal
from brandkit.commands._habits import reject_post_path
from brandkit.errors import BrandkitError

# Template files whose shipped name differs from the name written into the new site.
RENAMES = {"mkdocs.yml.tmpl": "mkdocs.yml", "gitignore.tmpl": ".gitignore"}


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def scaffold(
    target: Path,
    *,
    name: str,
    author: str,
    email: str,
    url: str,
    description: str,
    timezone: str,
    force: bool,
    tagline: str = "Software developer",
    github: str | None = None,
    mastodon: str | None = None,
    bluesky: str | None = None,
) -> tuple[list[Path], list[Path]]:
    """Write the starter site into `target`. Returns (written, kept) paths; never overwrites."""
    from brandkit.content.fields import slugify
    from brandkit.content.write import create_post, parse_when
    from brandkit.files import write_new_file

    if target.exists() and not target.is_dir():
        raise BrandkitError(f"{target}: exists and is not a directory; choose another DIR.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise BrandkitError(
            f"{target}: directory is not empty; choose an empty DIR, or pass --force to add the "
            "starter files (your existing files are never overwritten)."
        )
    if not url.startswith(("http://", "https://")):
        raise BrandkitError(f"--url {url!r}: give the full address, e.g. https://jane.dev/")
    url = url if url.endswith("/") else url + "/"
    today = date.today().isoformat()
    yaml_values = {
        "site_name": _yaml(name),
        "site_url": _yaml(url),
        "description": _yaml(description),
        "author": _yaml(author),
        "author_key": slugify(author) or "me",
        "email": _yaml(email),
        "copyright": _yaml(f"© {date.today().year} {author}"),
        "timezone": _yaml(timezone),
        "today": today,
        "author_text": html.escape(author),
        "initials": html.escape(_initials(author)),
        "year": str(date.today().year),
        "tagline": _yaml(tagline),
        "github_line": f"github: {_yaml(github)}" if github else "# github: https://github.com/you",
        "mastodon_line": f'mastodon: {_yaml(mastodon)}  # rel="me" and fediverse:creator'
        if mastodon
        else '# mastodon: https://mastodon.social/@you    # linked with rel="me" for verification',
        "bluesky_line": f"bluesky: {_yaml(bluesky)}"
        if bluesky
        else "# bluesky: https://bsky.app/profile/you.bsky.social",
        "github_profiles": (
            json.dumps([{"network": "GitHub", "url": github}], ensure_ascii=False)
            if github
            else "[]"
        ),
    }
    written: list[Path] = []
    kept: list[Path] = []
    root = resources.files("brandkit") / "templates" / "site"
    for source, relative in _walk(root):
        dest = target / RENAMES.get(relative.name, relative.name)
        dest = target / relative.parent / dest.name
        text = string.Template(source.read_text(encoding="utf-8")).safe_substitute(yaml_values)
        (written if write_new_file(dest, text) else kept).append(dest)

    posts = target / "content" / "posts"
    first = create_post(
        posts,
        "Hello, world",
        parse_when(None, timezone),
        tags=["meta"],
        # A draft: `serve` shows it, but nothing publishes it until the owner has written it
        # and removed `draft: true`.
        draft=True,
        description="Why I started this site and what I will write about.",
        body=(
            "This is the first post on my new site. I will write about what I build and what I "
            "learn.\n\n## What to expect\n\n- Notes from projects I work on\n- Deep dives into "
            'tools and techniques\n\n```python\nprint("hello, world")\n```\n'
        ),
    )
    written.append(first)
    talks = target / "content" / "talks"
    if not (talks.is_dir() and any(talks.glob("*.md"))):
        written.append(_starter_talk(talks, timezone))
    return written, kept


def owner_names(
    directory: Path, *, name: str | None, site_name: str | None, author: str | None
) -> tuple[str, str]:
    """(the person, the site's name) from the options: one name is enough for a one-person site.

    `--author` is the older way to give the person's name; with it, `--name` keeps its old
    meaning (the site's name), so `--name "Jane's notes" --author "Jane Doe"` still works."""
    folder = directory.resolve().name.replace("-", " ").replace("_", " ").title()
    if author is not None:
        return author, site_name or name or author
    person = name or "Your Name"
    return person, site_name or name or folder


def mastodon_url(value: str | None) -> str | None:
    """`@jane@fosstodon.org` or `https://fosstodon.org/@jane` -> the profile URL."""
    if not value:
        return None
    value = value.strip()
    account = re.fullmatch(r"@?([A-Za-z0-9_]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})", value)
    if account:
        return f"https://{account[2].lower()}/@{account[1]}"
    if re.fullmatch(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}/@[A-Za-z0-9_]+/?", value):
        return value.rstrip("/")
    raise BrandkitError(
        f"--mastodon {value!r}: give your address (@jane@fosstodon.org) or your profile's URL "
        "(https://fosstodon.org/@jane)."
    )


def bluesky_url(value: str | None) -> str | None:
    """`jane.bsky.social` (or your own domain), or its bsky.app URL -> the profile URL."""
    if not value:
        return None
    value = value.strip().removeprefix("@")
    handle = re.fullmatch(
        r"(?:https://bsky\.app/profile/)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/?", value
    )
    if handle is None:
        raise BrandkitError(
            f"--bluesky {value!r}: give your handle (jane.bsky.social, or your domain) or "
            "https://bsky.app/profile/<handle>."
        )
    return f"https://bsky.app/profile/{handle[1].lower()}"


def github_url(value: str | None) -> str | None:
    """A GitHub profile URL from a user name ("jane", "@jane") or a URL as given."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    user = value.removeprefix("@").strip("/")
    if not user or not all(c.isalnum() or c == "-" for c in user):
        raise BrandkitError(
            f"--github {value!r}: give your GitHub user name (letters, digits and '-') or "
            "your profile's URL, e.g. https://github.com/jane"
        )
    return f"https://github.com/{user}"


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"


def _starter_talk(folder: Path, timezone: str) -> Path:
    from datetime import timedelta

    from brandkit.content.portfolio_write import create_talk
    from brandkit.content.write import parse_when

    when = (parse_when(None, timezone) + timedelta(days=30)).date()
    return create_talk(
        folder,
        "What I learned building my own site",
        when,
        event="Local developer meetup",
        location="Online",
        abstract="A short talk about owning your writing: a static site, a feed and a resume.",
    )


def _walk(
    root: resources.abc.Traversable, prefix: Path = Path()
) -> list[tuple[resources.abc.Traversable, Path]]:
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found.extend(_walk(entry, prefix / entry.name))
        else:
            found.append((entry, prefix / entry.name))
    return found


@click.command()
@click.argument(
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    callback=reject_post_path,
)
@click.option(
    "--name",
    default=None,
    help="Your name: the person the site is about, and the site's name unless --site-name.",
)
@click.option("--site-name", default=None, help="The site's name, when it is not your name.")
@click.option(
    "--author",
    default=None,
    hidden=True,  # the older spelling: --author is the person, --name then the site's name
    help="Your name, when --name is the site's name.",
)
@click.option("--tagline", default=None, help="One line under your name, e.g. Backend engineer.")
@click.option("--github", default=None, help="Your GitHub profile: a user name or its URL.")
@click.option("--mastodon", default=None, help="Your Mastodon address (@you@host) or profile URL.")
@click.option("--bluesky", default=None, help="Your Bluesky handle (you.bsky.social) or its URL.")
@click.option("--email", default="you@example.com", show_default=True)
@click.option("--url", default=None, help="The site's URL (default: https://example.com/).")
@click.option("--description", default="Notes on software, projects and talks.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone for dates.")
@click.option(
    "--force",
    is_flag=True,
    help="Add the starter files to a non-empty DIR (nothing is overwritten).",
)
def new(
    directory: Path,
    name: str | None,
    site_name: str | None,
    author: str | None,
    tagline: str | None,
    github: str | None,
    mastodon: str | None,
    bluesky: str | None,
    email: str,
    url: str | None,
    description: str,
    timezone: str,
    force: bool,
) -> None:
    """Create a new site in DIRECTORY: mkdocs.yml, home, about, now, uses, a first post, two
    projects, a talk and a resume.json to fill in.

    \b
    Example:
      brandkit new mysite      (in a terminal: asks for your name, tagline, URL and GitHub)
      brandkit new mysite --name "Jane Doe" --tagline "Backend engineer" \\
          --url https://jane.dev/ --github jane
      brandkit new notes --name "Jane Doe" --site-name "Jane's notes"
      cd mysite && brandkit serve
    """
    if stdout_is_terminal():
        # In a terminal, ask for what the site cannot be published without; flags answer
        # ahead, and without a terminal (scripts, CI) the defaults are kept as before.
        if name is None and author is None:
            name = click.prompt("Your name", default="Your Name")
        if tagline is None:
            tagline = click.prompt("A line about you", default="Software developer")
        if url is None:
            url = click.prompt("Your site's address", default="https://example.com/")
        if github is None:
            github = click.prompt("Your GitHub user name (Enter to skip)", default="") or None
        if mastodon is None:
            mastodon = (
                click.prompt("Your Mastodon address, e.g. @you@host (Enter to skip)", default="")
                or None
            )
        if bluesky is None:
            bluesky = click.prompt("Your Bluesky handle (Enter to skip)", default="") or None
    person, title = owner_names(directory, name=name, site_name=site_name, author=author)
    written, kept = scaffold(
        directory,
        name=title,
        author=person,
        email=email,
        url=url or "https://example.com/",
        description=description,
        timezone=timezone,
        force=force,
        tagline=tagline or "Software developer",
        github=github_url(github),
        mastodon=mastodon_url(mastodon),
        bluesky=bluesky_url(bluesky),
    )
    for path in kept:
        click.echo(f"kept your {path} (not overwritten)", err=True)
    click.echo(f"Created {len(written)} files in {directory}/. Next:")
    click.echo(f"  cd {shlex.quote(str(directory))}")
    click.echo('  brandkit post new "My first post"   # writes content/posts/my-first-post.md')
    click.echo("  brandkit check                      # every problem at once")
    click.echo(
        "  brandkit serve                      # in a second terminal: http://127.0.0.1:8000/"
    )
    click.echo("  brandkit build                      # the site, into site/")
