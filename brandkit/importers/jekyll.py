"""Jekyll: `_posts/YYYY-MM-DD-title.md` (and `_drafts/`) with YAML front matter, Liquid, a
permalink style, and the site's `url` + `baseurl` for old addresses, images and feed ids."""

from __future__ import annotations

import posixpath
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import context, foreign, recognise
from brandkit.importers.convert import (
    Dates,
    body_line_offset,
    check_timezone,
    code_block,
    mask,
    rewrite_tags,
    slug_of,
    string_list,
    unreadable,
)
from brandkit.importers.embeds import LIQUID_LITERAL_RE, liquid_embed, unescape_liquid
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem

NAME_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-(?P<name>.+)\.(?P<ext>md|markdown|mkd|mkdn|html|htm)$"
)
DRAFT_NAME_RE = re.compile(r"^(?P<name>.+)\.(?P<ext>md|markdown|mkd|mkdn|html|htm)$")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_HIGHLIGHT_RE = re.compile(
    r"\{%-?\s*highlight\s+(\w[\w+#.-]*)?[^%]*%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)
_RAW_RE = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_RAW_BLOCK_RE = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_POST_URL_RE = re.compile(r"\{%-?\s*post_url\s+(?:[\w/]*/)?\d{4}-\d\d-\d\d-([^\s%]+?)\s*-?%\}")
_LINK_RE = re.compile(r"\{%-?\s*link\s+_posts/(?:[\w/]*/)?\d{4}-\d\d-\d\d-([^\s%.]+)\.\w+\s*-?%\}")
_SITE_URL_RE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_URL_FILTER_RE = re.compile(
    r"\{\{-?\s*['\"]([^'\"]*)['\"]\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}"
)
_LIQUID_RE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_EMBED_RE = re.compile(r"\{%-?\s*(\w+)\s+(.*?)\s*-?%\}")


def read(source: str, ctx: context.Context) -> Batch:
    return read_jekyll(Path(source), ctx)


def read_jekyll(top: Path, ctx: context.Context) -> Batch:
    site = _site_config(top)
    # `source:` in _config.yml moves the site's files (posts, drafts, assets) into a folder.
    root = top / str(site.get("source") or ".")
    posts_dir = root / "_posts"
    if not posts_dir.is_dir():
        raise BrandkitError(f"{top}: no _posts/ folder; pass the root of a Jekyll site.")
    check_timezone(site.get("timezone"), f"{top / '_config.yml'}: timezone")
    tz = site.get("timezone") if isinstance(site.get("timezone"), str) else None
    dates = Dates(tz, "the site's timezone" if tz else "_config.yml sets no timezone")
    url = context.base_url(site.get("url"))
    if url and site.get("baseurl"):
        url = context.base_url(url.rstrip("/") + "/" + str(site["baseurl"]).strip("/"))
    batch = Batch(old_base=ctx.old_url or url)
    feed_ids = _feed_id_rule(root, site)
    shown_root = top
    names: dict[str, str] = {}
    files = [(p, False) for p in sorted(posts_dir.rglob("*")) if p.is_file()]
    if (root / "_drafts").is_dir():
        files += [(p, True) for p in sorted((root / "_drafts").rglob("*")) if p.is_file()]
    for path, in_drafts in files:
        shown = path.relative_to(shown_root).as_posix()
        match = NAME_RE.match(path.name)
        if in_drafts and match is None:
            match = DRAFT_NAME_RE.match(path.name)
        if not match:
            if path.name.startswith("."):
                continue
            if path.suffix.lower() not in (".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm"):
                why = "not a post (a file posts include?); not imported: copy it by hand if needed"
            else:
                why = f"not named {'title.md' if in_drafts else 'YYYY-MM-DD-title.md'}; skipped"
            batch.problems.append(Problem(shown, 0, why))
            continue
        post = _read_post(root, path, shown, match, site, ctx, dates, batch, feed_ids)
        if post is not None:
            post.draft = post.draft or in_drafts
            batch.posts.append(post)
            names[slug_of(match.group("name"))] = post.slug
    context.relink(batch.posts, names, batch.problems)
    note = dates.note()
    if note:
        batch.notes.append(note)
    return batch


def _feed_id_rule(root: Path, site: dict[str, Any]) -> str:
    """What the site's feed used as each entry's id: jekyll-feed (and a feed template using
    `post.id`) the post's id made absolute, a template using `post.url` the post's URL."""
    for name in ("feed.xml", "atom.xml", "rss.xml", "feed.rss"):
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if re.search(r"<(?:guid|id)[^>]*>[^<]*post\.url", text):
                return "url"
            if "post.id" in text:
                return "id"
    return "id"  # jekyll-feed, GitHub Pages' default


def _site_config(root: Path) -> dict[str, Any]:
    path = root / "_config.yml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BrandkitError(str(unreadable(str(path), exc, "the Jekyll configuration"))) from exc
    except OSError as exc:
        raise BrandkitError(f"{path}: cannot read the Jekyll configuration ({exc}).") from exc
    return data if isinstance(data, dict) else {}


def _read_post(
    root: Path,
    path: Path,
    shown: str,
    match: re.Match[str],
    site: dict[str, Any],
    ctx: context.Context,
    dates: Dates,
    batch: Batch,
    feed_ids: str,
) -> Imported | None:
    problems = batch.problems
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        doc = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        batch.errors.append(unreadable(shown, exc))
        return None
    meta = doc.metadata
    name, ext = match.group("name"), match.group("ext")
    when = dates.parse(meta.get("date"))
    if when is None and meta.get("date") is not None:
        problems.append(
            Problem(shown, 0, f"date {meta.get('date')!r} not understood; used the file name's")
        )
    if when is None and "y" in match.groupdict():
        when = dates.parse(f"{match.group('y')}-{match.group('m')}-{match.group('d')}")
    elif when is None:  # a draft: Jekyll dates it by the file's time
        when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    if when is None:
        problems.append(Problem(shown, 0, "no date understood; skipped"))
        return None
    slug = slug_of(str(meta.get("slug") or name))
    title = str(meta.get("title") or name.replace("-", " ").capitalize())
    categories = string_list(meta.get("categories") or meta.get("category"))
    offset = body_line_offset(raw, doc.content)
    # Liquid runs first, as in Jekyll: in an HTML post the report then has the file's lines.
    html = ext in ("html", "htm")
    body = _liquid(doc.content, shown, offset, problems, html=html)
    if html:
        body = html_to_markdown(body)
    assets: list[Asset] = []

    def locate(link: str) -> tuple[Path, str] | None:
        local = context.strip_base(link, batch.old_base) or link
        if not local.startswith("/"):
            return None
        found = context.within(root, local)
        return (found, local.lstrip("/")) if found else None

    def missing(url: str) -> None:
        problems.append(Problem(shown, 0, f"{url} not found in the site folder; copy it by hand"))

    body = context.localize(body, ctx, locate, assets, missing=missing, base=batch.old_base)
    cover = _cover(meta.get("image") or meta.get("cover"), root, ctx, assets)
    link = _expand(str(meta.get("permalink") or _style(site)), when, name, slug, categories)
    old = [link, *(str(p) for p in string_list(meta.get("redirect_from")) if str(p).strip())]
    old_urls = [context.absolute(batch.old_base, p) for p in old]
    tags = string_list(meta.get("tags"))
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=dates.parse(meta.get("last_modified_at")),
        slug=slug,
        body=body,
        description=str(meta.get("description") or meta.get("excerpt") or "").strip(),
        tags=[*tags, *[c for c in categories if c not in tags]],
        series=str(meta["series"]) if isinstance(meta.get("series"), str) else None,
        series_order=foreign.series_order(meta),
        draft=meta.get("published") is False,
        cover=cover,
        old_urls=old_urls,
        canonical_url=foreign.canonical(meta, batch.old_base),
        feed_id=_feed_id(feed_ids, batch.old_base, link, slug, name),
        copies=foreign.copies(meta),
        assets=assets,
        extra=foreign.extra(meta, foreign.JEKYLL_KEYS),
    )


def _feed_id(rule: str, base: str | None, link: str, slug: str, name: str) -> str | None:
    """The id the old feed gave the post (only known with the site's `url`). jekyll-feed writes
    `post.id | absolute_url`, where a post's id is its URL's folder plus its slug."""
    if not base:
        return None
    if rule == "url":
        return context.absolute(base, link)
    folder = posixpath.dirname(link.rstrip("/")) if link.endswith("/") else posixpath.dirname(link)
    return context.absolute(base, posixpath.join(folder, slug or name))


def _liquid(body: str, shown: str, offset: int, problems: list[Problem], *, html: bool) -> str:
    body = _HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=html), body)
    body = _POST_URL_RE.sub(lambda m: f"{slug_of(m.group(1))}.md", body)
    body = _LINK_RE.sub(lambda m: f"{slug_of(m.group(1))}.md", body)
    body = _URL_FILTER_RE.sub(lambda m: m.group(1), body)
    body = _SITE_URL_RE.sub("", body)
    # Embed tags of dev.to's Liquid ({% youtube x %}), one line each: line numbers stay.
    body = _EMBED_RE.sub(lambda m: liquid_embed(m.group(1), m.group(2).strip()) or m.group(0), body)
    # Report what is left, except inside {% raw %} blocks, before their markers go.
    masked = mask(mask(body, _RAW_BLOCK_RE), LIQUID_LITERAL_RE)
    found: list[Problem] = []
    rewrite_tags(masked, _LIQUID_RE, lambda m: None, shown, offset, "Liquid tag", found)
    problems.extend(found)
    return unescape_liquid(_RAW_RE.sub("", body))


def _style(site: dict[str, Any]) -> str:
    permalink = site.get("permalink") or "date"
    return STYLES.get(str(permalink), str(permalink))


def _expand(pattern: str, when: Any, name: str, slug: str, categories: list[str]) -> str:
    pattern = STYLES.get(pattern, pattern)
    values = {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "title": name,
        "slug": slug,
        "categories": "/".join(c.lower() for c in categories),
        "output_ext": ".html",
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    return path


def _cover(value: Any, root: Path, ctx: context.Context, assets: list[Asset]) -> str | None:
    if isinstance(value, dict):
        value = value.get("path") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.match(r"^https?://", text):
        return text
    found = context.within(root, text)
    return None if found is None else context.take_asset(found, text.lstrip("/"), ctx, assets)


IMPORTER = Importer("jekyll", "a Jekyll site folder (with _posts/)", recognise.is_jekyll, read)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
