"""Hugo: `content/posts/*.md` and page bundles (`content/posts/<name>/index.md` with images),
front matter in YAML, TOML or JSON, shortcodes, and the site's `permalinks` setting."""

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
from brandkit.importers.context import Context, localize, relink, take_asset, within
from brandkit.importers.convert import (
    body_line_offset,
    check_timezone,
    code_block,
    html_to_markdown,
    parse_date,
    rewrite_tags,
    slug_of,
    string_list,
    unreadable,
)
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem, is_url

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
_HIGHLIGHT_RE = re.compile(
    r"\{\{<\s*highlight\s+([\w+#.-]+)[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}", re.DOTALL
)
_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*(/?)([\w/.-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_ATTR_RE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_POSITIONAL_RE = re.compile(r"""(?:"([^"]*)"|(\S+))""")


class _Toml(BaseHandler):
    """TOML front matter (+++) parsed by the standard library: python-frontmatter's own TOML
    handler needs the third-party `toml` package."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: Any) -> Any:
        return tomllib.loads(fm)


def read_hugo(root: Path, ctx: Context) -> Batch:
    section = next((s for s in SECTIONS if (root / "content" / s).is_dir()), None)
    if section is None:
        raise BrandkitError(f"{root}: no content/posts/ folder; pass the root of a Hugo site.")
    site = _site_config(root)
    check_timezone(site.get("timeZone"), f"{root}: the Hugo configuration's timeZone")
    folder = root / "content" / section
    batch = Batch()
    names: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown", ".html"):
            continue
        if path.name.startswith("_index."):
            continue
        bundle = path.stem == "index" and path.parent != folder
        if path.parent != folder and not bundle:
            continue  # a file inside a bundle that is not its index: an asset or a fragment
        post = _read_post(root, folder, section, path, bundle, site, ctx, batch)
        if post is not None:
            batch.posts.append(post)
            names[slug_of(path.parent.name if bundle else path.stem)] = post.slug
    relink(batch.posts, names)
    return batch


def _site_config(root: Path) -> dict[str, Any]:
    for name in CONFIG_NAMES:
        path = root / name
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
    folder: Path,
    section: str,
    path: Path,
    bundle: bool,
    site: dict[str, Any],
    ctx: Context,
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
    name = path.parent.name if bundle else path.stem
    tz = site.get("timeZone") if isinstance(site.get("timeZone"), str) else None
    when = parse_date(meta.get("date") or meta.get("publishDate"), tz)
    if when is None:
        problems.append(Problem(shown, 0, "no date (or one not understood); skipped"))
        return None
    slug = slug_of(str(meta.get("slug") or name))
    offset = body_line_offset(raw, doc.content)
    body = doc.content
    if path.suffix.lower() == ".html":
        # Report at the file's lines; convert once the HTML is Markdown (the shortcodes
        # become Markdown too). Highlight blocks go first, to keep their line breaks.
        body = _HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=True), body)
        _shortcodes(body, shown, offset, problems)
        body = _shortcodes(html_to_markdown(body), shown, 0, [])
    else:
        body = _shortcodes(body, shown, offset, problems)
    assets: list[Asset] = []

    def locate(link: str) -> tuple[Path, str] | None:
        if link.startswith("/"):
            found = within(root / "static", link)
            return (found, link.lstrip("/")) if found else None
        if bundle:
            found = within(path.parent, link)
            if found:
                rel = found.relative_to(path.parent.resolve()).as_posix()
                return found, f"{ctx.posts_dir}/{slug}/{rel}".lstrip("/")
        return None

    body = localize(body, ctx, locate, assets)
    cover = _cover(meta, locate, ctx, assets)
    series = string_list(meta.get("series"))
    old = (
        [str(meta["url"])]
        if meta.get("url")
        else [_permalink(site, section, meta, when, name, slug)]
    )
    old += [_alias_path(a, old[0]) for a in string_list(meta.get("aliases")) if a.strip()]
    return Imported(
        origin=shown,
        title=str(meta.get("title") or name.replace("-", " ").capitalize()),
        date=when,
        updated=parse_date(meta.get("lastmod"), tz),
        slug=slug,
        body=body,
        description=str(meta.get("description") or meta.get("summary") or "").strip(),
        tags=[
            *string_list(meta.get("tags")),
            *[
                c
                for c in string_list(meta.get("categories"))
                if c not in string_list(meta.get("tags"))
            ],
        ],
        series=series[0] if series else None,
        draft=meta.get("draft") is True,
        cover=cover,
        old_paths=old,
        assets=assets,
    )


def _shortcodes(body: str, shown: str, offset: int, problems: list[Problem]) -> str:
    body = _HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=False), body)

    def convert(match: re.Match[str]) -> str | None:
        closing, name, args = match.groups()
        attrs = {
            m.group(1): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR_RE.finditer(args)
        }
        positional = [
            m.group(1) or m.group(2)
            for m in _POSITIONAL_RE.finditer(args)
            if "=" not in (m.group(0))
        ]
        if closing:
            return None
        if name == "figure" and attrs.get("src"):
            alt = attrs.get("alt") or attrs.get("caption") or attrs.get("title") or ""
            image = f"![{alt}]({attrs['src']})"
            caption = attrs.get("caption")
            return f"{image}\n*{caption}*" if caption else image
        if name == "youtube":
            video = attrs.get("id") or (positional[0] if positional else "")
            return f"[Watch on YouTube](https://www.youtube.com/watch?v={video})" if video else None
        if name == "gist" and len(positional) >= 2:
            return f"[Gist](https://gist.github.com/{positional[0]}/{positional[1]})"
        if name in ("ref", "relref") and positional:
            target = positional[0].split("#")[0].rstrip("/")
            stem = (
                Path(target).parent.name
                if Path(target).stem in ("index", "_index")
                else Path(target).stem
            )
            return f"{slug_of(stem)}.md" if stem else None
        return None

    return rewrite_tags(body, _SHORTCODE_RE, convert, shown, offset, "Hugo shortcode", problems)


def _permalink(
    site: dict[str, Any], section: str, meta: dict[str, Any], when: Any, name: str, slug: str
) -> str:
    permalinks = site.get("permalinks") or {}
    pattern = None
    if isinstance(permalinks, dict):
        page = permalinks.get("page")
        pattern = (page.get(section) if isinstance(page, dict) else None) or permalinks.get(section)
    if not isinstance(pattern, str):
        return f"/{section}/{(str(meta.get('slug') or name)).lower()}/"
    values = {
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
        "slug": str(meta.get("slug") or slug_of(str(meta.get("title") or name))),
        "title": slug_of(str(meta.get("title") or name)),
        "filename": name,
        "contentbasename": name,
        "section": section,
        "slugorfilename": str(meta.get("slug") or name),
        "slugorcontentbasename": str(meta.get("slug") or name),
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"/{2,}", "/", "/" + path.lstrip("/")).lower()


def _alias_path(alias: str, link: str) -> str:
    """An alias as a site path. Hugo takes one without a leading slash as relative to the folder
    the page's own URL is in (`old-name` on /posts/new/ is /posts/old-name/, `../x` is /x/)."""
    alias = alias.strip()
    if alias.startswith("/"):
        return alias
    base = posixpath.dirname(link.rstrip("/"))
    resolved = posixpath.normpath(posixpath.join("/", base, alias))  # never above the root
    return resolved + "/" if alias.endswith("/") and resolved != "/" else resolved


def _cover(
    meta: dict[str, Any],
    locate: Callable[[str], tuple[Path, str] | None],
    ctx: Context,
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
    return None if found is None else take_asset(*found, ctx, assets)


def _recognises(source: str) -> bool:
    return not is_url(source) and (Path(source) / "content").is_dir()


IMPORTER = Importer(
    "hugo",
    "a Hugo site folder (with content/posts/)",
    _recognises,
    lambda source, ctx: read_hugo(Path(source), ctx),
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
