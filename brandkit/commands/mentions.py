"""`brandkit mentions pull`: fetch the webmentions your posts received into a committed file."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.errors import BrandkitError


@click.group()
def mentions() -> None:
    """Webmentions your posts received: likes, reposts and replies under each post.

    \b
    Receive them with a webmention.io-style service (add its <link rel="webmention"> to your
    site), then:
      export WEBMENTION_IO_TOKEN=...   # webmention.io: Settings > API key
      brandkit mentions pull           # into data/mentions.json (+ data/avatars/); commit both
      brandkit build                   # shown under each post; the build stays offline
    """


@mentions.command()
@config_option
def pull(config_file: Path | None) -> None:
    """Fetch every received mention into the mentions file, avatars copied beside it.

    The file and its avatars are committed with the site, so builds make no network call and
    visitors' browsers ask no third party (avatars are re-encoded as small PNGs; with
    `avatars: initials` none are kept). Running it again replaces the file with what the
    service knows now.

    \b
    Example:
      brandkit mentions pull
    """
    from brandkit.announce import mentions as m
    from brandkit.announce.senders.base import DeliveryError
    from brandkit.announce.senders.http import HttpClient, json_body
    from brandkit.mkdocs.project import load_project
    from brandkit.secrets import register

    with mkdocs_logging():
        project = load_project(config_file)
    options = project.config.announce.mentions
    where = "mkdocs.yml: plugins.brandkit.announce.mentions"
    domain = options.domain or urlsplit(project.settings.site_url or "").hostname
    if not domain:
        raise BrandkitError(f"{where}.domain: set it (or site_url) to the domain mentions name.")
    token = os.environ.get(options.token_env, "").strip()
    if not token:
        raise BrandkitError(
            f"{where}.token_env: the environment variable {options.token_env} is not set; copy "
            f"your API key from the service (webmention.io: Settings) and export "
            f"{options.token_env}=..."
        )
    register(token)
    client = HttpClient(
        "the mentions API",
        timeout=30.0,
        auth_hint=f"check the API key in ${options.token_env} and {where}.domain",
    )
    avatars = (project.root / options.file).parent / "avatars"

    def fetch_avatar(url: str) -> str | None:
        if options.avatars == "initials":
            return None
        name = m.avatar_name(url)
        if (avatars / name).is_file():
            return name
        try:
            answer = client.request("GET", url, headers={"Accept": "image/*"}, writes=False)
        except DeliveryError:
            return None  # shown as initials
        png = m.avatar_png(answer.body)
        if png is None:
            return None
        avatars.mkdir(parents=True, exist_ok=True)
        (avatars / name).write_bytes(png)
        return name

    found: dict[str, m.Mention] = {}
    try:
        for page in range(m.MAX_PAGES):
            url = m.api_url(str(options.endpoint), domain, token, page)
            data = json_body(client.request("GET", url, writes=False))
            children = data.get("children") if isinstance(data, dict) else None
            if not isinstance(children, list):
                raise BrandkitError(f"{where}.endpoint: the answer is not a JF2 feed.")
            for child in children:
                mention = m.parse(child, fetch_avatar) if isinstance(child, dict) else None
                if mention is not None:
                    found[mention.id] = mention
            if len(children) < m.PER_PAGE:
                break
    except DeliveryError as exc:
        raise BrandkitError(f"{where}: {exc}; nothing was changed.") from None
    path = project.root / options.file
    m.write(path, found.values())
    used = {x.avatar for x in found.values() if x.avatar}
    if avatars.is_dir():
        for stale in avatars.glob("*.png"):
            if stale.name not in used:
                stale.unlink()
    kinds: dict[str, int] = {}
    for mention in found.values():
        kinds[mention.kind] = kinds.get(mention.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(kinds.items()))
    posts = len({x.target for x in found.values()})
    click.echo(
        f"{len(found)} mention(s) ({summary or 'none'}) of {posts} page(s) in "
        f"{project.relative(path)}; commit it (and {project.relative(avatars)}/), then build."
    )
