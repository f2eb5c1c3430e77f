"""Hugo: posts in the site's main sections (`content/posts/**`, leaf bundles with their images),
front matter in YAML, TOML or JSON, shortcodes, the `permalinks` setting and the base URL's
path. Every other file under content/ is named in the report with the reason it was left."""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import context, foreign, recognise
from brandkit.importers.convert import (
    Dates,
    body_line_offset,
    check_timezone,
    code_block,
    slug_of,
    string_list,
    unreadable,
)
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.hugo_shortcodes import HIGHLIGHT_RE, convert_shortcodes
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem

CONFIG_NAMES = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)
SECTIONS = ("posts", "post", "blog")
POST_SUFFIXES = (".md", ".markdown", ".html")


class _Toml(BaseHandler):
    """TOML front matter (+++) parsed by the standard library: python-frontmatter's own TOML
    handler needs the third-party `toml` package."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: Any) -> Any:
        return tomllib.loads(fm)


def read(source: str, ctx: context.Context) -> Batch:
    return read_hugo(Path(source), ctx)


def read_hugo(root: Path, ctx: context.Context) -> Batch:
    site = _site_config(root)
    sections = _main_sections(root, site)
    if not sections:
        raise BrandkitError(f"{root}: no content/posts/ folder; pass the root of a Hugo site.")
    check_timezone(site.get("timeZone"), f"{root}: the Hugo configuration's timeZone")
    tz = site.get("timeZone") if isinstance(site.get("timeZone"), str) else None
    dates = Dates(tz, "the site's timeZone" if tz else "the Hugo site sets no timeZone")
    batch = Batch(
        old_base=ctx.old_url or context.base_url(site.get("baseURL") or site.get("baseurl"))
    )
    names: dict[str, str] = {}
    content = root / "content"
    others: list[tuple[Path, Problem]] = []
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        shown = path.relative_to(root).as_posix()
        section = path.relative_to(content).parts[0] if path.parent != content else ""
        why = _not_a_post(path, content, section, sections)
        if why is not None:
            if why:
                others.append((path, Problem(shown, 0, why)))
            continue
        bundle = path.stem == "index"
        post = _read_post(root, section, path, bundle, site, ctx, dates, batch)
        if post is not None:
            batch.posts.append(post)
            names[slug_of(path.parent.name if bundle else path.stem)] = post.slug
    context.relink(batch.posts, names, batch.problems)
    copied = {a.source.resolve() for p in batch.posts for a in p.assets if a.source}
    batch.problems.extend(problem for path, problem in others if path.resolve() not in copied)
    note = dates.note()
    if note:
        batch.notes.append(note)
    return batch


def _main_sections(root: Path, site: dict[str, Any]) -> list[str]:
    """The sections holding the posts: `mainSections` when the site sets it, else Hugo's own
    default, the section with the most pages (posts/, post/ or blog/ when they tie)."""
    params = site.get("params")
    nested = params.get("mainSections") if isinstance(params, dict) else None
    configured = string_list(site.get("mainSections") or nested)
    if configured:
        found = [s for s in configured if (root / "content" / s).is_dir()]
        if not found:
            folders = ", ".join(f"content/{s}/" for s in configured)
            raise BrandkitError(
                f"{root}: the Hugo configuration's mainSections names {folders}, and none of "
                "them exists; correct mainSections, or pass the root of the Hugo site."
            )
        return found
    content = root / "content"
    sizes = {
        folder.name: sum(1 for p in folder.rglob("*") if p.suffix.lower() in POST_SUFFIXES)
        for folder in (content.iterdir() if content.is_dir() else [])
        if folder.is_dir()
    }
    if not sizes:
        return []
    return [max(sizes, key=lambda name: (sizes[name], name in SECTIONS))]


def _not_a_post(path: Path, content: Path, section: str, sections: list[str]) -> str | None:
    """Why `path` is not imported as a post ("" to pass over it silently), or None for a post."""
    name = path.name
    if name.startswith("."):
        return ""
    if path.suffix.lower() not in POST_SUFFIXES:
        # Reported unless a post links to it (then it is copied): see read_hugo.
        return "a file no imported post links to; not imported: copy it by hand if needed"
    if name.startswith("_index."):
        return "a section's list page (_index); its text is not imported"
    if section not in sections:
        where = ", ".join(f"content/{s}/" for s in sections)
        if section:
            return (
                f"in content/{section}/, not in {where}: not imported (to import that section "
                f"too, add it to mainSections in the Hugo configuration and import again)"
            )
        return f"a page outside {where}; not imported: copy it into content/ by hand"
    if path.stem != "index" and (path.parent / "index.md").is_file():
        return "a page inside a bundle (its resource); not imported on its own"
    return None


def _site_config(root: Path) -> dict[str, Any]:
    for name in CONFIG_NAMES:
        for folder in (root, root / "config" / "_default"):
            path = folder / name
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            try:
                if name.endswith(".toml"):
                    data: Any = tomllib.loads(text)
                elif name.endswith(".json"):
                    data = json.loads(text)
                else:
                    data = yaml.safe_load(text)
            except (tomllib.TOMLDecodeError, ValueError, yaml.YAMLError) as exc:
                problem = unreadable(str(path), exc, "the Hugo configuration")
                raise BrandkitError(str(problem)) from exc
            return data if isinstance(data, dict) else {}
    return {}


def _load(raw: str) -> Any:
    if raw.startswith("+++"):
        return frontmatter.loads(raw, handler=_Toml())
    if raw.lstrip().startswith("{"):
        decoder = json.JSONDecoder()
        meta, end = decoder.raw_decode(raw.lstrip())
        return frontmatter.Post(raw.lstrip()[end:].lstrip("\n"), **meta)
    return frontmatter.loads(raw)


def _read_post(
    root: Path,
    section: str,
    path: Path,
    bundle: bool,
    site: dict[str, Any],
    ctx: context.Context,
    dates: Dates,
    batch: Batch,
) -> Imported | None:
    problems = batch.problems
    shown = path.relative_to(root).as_posix()
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        doc = _load(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        batch.errors.append(unreadable(shown, exc))
        return None
    meta = doc.metadata
    build = meta.get("_build") or meta.get("build") or {}
    if meta.get("headless") is True or (
        isinstance(build, dict)
        and build.get("render")
        in (
            False,
            "never",
        )
    ):
        problems.append(Problem(shown, 0, "headless (never rendered by Hugo); not imported"))
        return None
    name = path.parent.name if bundle else path.stem
    when = dates.parse(meta.get("publishDate") or meta.get("date"))
    if when is None:
        problems.append(Problem(shown, 0, "no date (or one not understood); skipped"))
        return None
    slug = slug_of(str(meta.get("slug") or name))
    offset = body_line_offset(raw, doc.content)
    body = doc.content
    if path.suffix.lower() == ".html":
        # Report at the file's lines; convert once the HTML is Markdown (the shortcodes
        # become Markdown too). Highlight blocks go first, to keep their line breaks.
        body = HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=True), body)
        convert_shortcodes(body, shown, offset, problems)
        body = convert_shortcodes(html_to_markdown(body), shown, 0, [])
    else:
        body = convert_shortcodes(body, shown, offset, problems)
    assets: list[Asset] = []
    folder = path.parent.relative_to(root / "content" / section).as_posix()
    link = _permalink(site, section, folder, meta, when, name, slug)

    def locate(link_path: str) -> tuple[Path, str] | None:
        if link_path.startswith("/"):
            local = context.strip_base(link_path, batch.old_base) or link_path
            for folder in ("static", "assets", "content"):
                found = context.within(root / folder, local)
                if found:
                    return found, local.lstrip("/")
            return None
        if bundle:
            found = context.within(path.parent, link_path)
            if found:
                rel = found.relative_to(path.parent.resolve()).as_posix()
                return found, f"{ctx.posts_dir}/{slug}/{rel}".lstrip("/")
        return None

    def missing(url: str) -> None:
        problems.append(
            Problem(
                shown,
                0,
                f"{url} not found in static/, assets/, content/ or the bundle; copy it by hand",
            )
        )

    body = context.localize(body, ctx, locate, assets, missing=missing, base=batch.old_base)
    cover = _cover(meta, locate, ctx, assets)
    series = string_list(meta.get("series"))
    old = [str(meta["url"])] if meta.get("url") else [link]
    old += [_alias_path(a, old[0]) for a in string_list(meta.get("aliases")) if a.strip()]
    old_urls = [context.absolute(batch.old_base, p) for p in old]
    tags = string_list(meta.get("tags"))
    return Imported(
        origin=shown,
        title=str(meta.get("title") or name.replace("-", " ").capitalize()),
        date=when,
        updated=dates.parse(meta.get("lastmod")),
        slug=slug,
        body=body,
        description=str(meta.get("description") or meta.get("summary") or "").strip(),
        tags=[*tags, *[c for c in string_list(meta.get("categories")) if c not in tags]],
        series=series[0] if series else None,
        series_order=foreign.series_order(meta),
        draft=meta.get("draft") is True,
        cover=cover,
        old_urls=old_urls,
        canonical_url=foreign.canonical(meta, batch.old_base),
        # Hugo's RSS template gives each item its permalink as <guid>.
        feed_id=old_urls[0] if old_urls[0].startswith(("http://", "https://")) else None,
        copies=foreign.copies(meta),
        assets=assets,
        extra=foreign.extra(meta, foreign.HUGO_KEYS),
    )


def _permalink(
    site: dict[str, Any],
    section: str,
    folder: str,
    meta: dict[str, Any],
    when: Any,
    name: str,
    slug: str,
) -> str:
    """The page's path from the site's root, as Hugo makes it."""
    permalinks = site.get("permalinks") or {}
    pattern = None
    if isinstance(permalinks, dict):
        page = permalinks.get("page")
        pattern = (page.get(section) if isinstance(page, dict) else None) or permalinks.get(section)
    own_slug = str(meta.get("slug") or "")
    # The folders between the section and the page (a bundle's own folder is the page).
    parent = posixpath.dirname(folder) if name == posixpath.basename(folder) else folder
    parent = "" if parent == "." else parent
    if not isinstance(pattern, str):
        # Hugo's default: the file's place under content/, its slug (if set) as the last part.
        return ("/" + "/".join(p for p in (section, parent, own_slug or name) if p) + "/").lower()
    title = slug_of(str(meta.get("title") or name))
    values = {
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "monthname": when.strftime("%B").lower(),
        "day": f"{when.day:02d}",
        "weekday": str(when.isoweekday() % 7),
        "yearday": str(when.timetuple().tm_yday),
        "slug": own_slug or title,
        "title": title,
        "filename": name,
        "contentbasename": name,
        "section": section,
        "sections": "/".join(p for p in (section, parent) if p),
        "slugorfilename": own_slug or name,
        "slugorcontentbasename": own_slug or name,
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"/{2,}", "/", "/" + path.lstrip("/")).lower()


def _alias_path(alias: str, link: str) -> str:
    """An alias as a site path. Hugo takes one without a leading slash as relative to the folder
    the page's own URL is in (`old-name` on /posts/new/ is /posts/old-name/, `../x` is /x/)."""
    alias = alias.strip()
    if alias.startswith(("/", "http://", "https://")):
        return alias
    base = posixpath.dirname(link.rstrip("/"))
    resolved = posixpath.normpath(posixpath.join("/", base, alias))  # never above the root
    return resolved + "/" if alias.endswith("/") and resolved != "/" else resolved


def _cover(
    meta: dict[str, Any],
    locate: Callable[[str], tuple[Path, str] | None],
    ctx: context.Context,
    assets: list[Asset],
) -> str | None:
    value: Any = meta.get("cover") or meta.get("featured_image") or meta.get("image")
    if isinstance(value, dict):
        value = value.get("image")
    if value is None and string_list(meta.get("images")):
        value = string_list(meta.get("images"))[0]
    if not isinstance(value, str) or not value.strip():
        return None
    if re.match(r"^https?://", value):
        return value
    found = locate(value)
    return None if found is None else context.take_asset(*found, ctx, assets)


IMPORTER = Importer("hugo", "a Hugo site folder (with content/)", recognise.is_hugo, read)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
