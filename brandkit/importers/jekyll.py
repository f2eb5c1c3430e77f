"""Jekyll: `_posts/YYYY-MM-DD-title.md` with YAML front matter, Liquid, a permalink style."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers.context import Context, localize, relink, take_asset, within
from brandkit.importers.convert import (
    body_line_offset,
    check_timezone,
    code_block,
    html_to_markdown,
    mask,
    parse_date,
    rewrite_tags,
    slug_of,
    string_list,
    unreadable,
)
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem, is_url

NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown|mkd|mkdn|html|htm)$")
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


def read_jekyll(root: Path, ctx: Context) -> Batch:
    posts_dir = root / "_posts"
    if not posts_dir.is_dir():
        raise BrandkitError(f"{root}: no _posts/ folder; pass the root of a Jekyll site.")
    site = _site_config(root)
    check_timezone(site.get("timezone"), f"{root / '_config.yml'}: timezone")
    batch = Batch()
    names: dict[str, str] = {}
    for path in sorted(p for p in posts_dir.rglob("*") if p.is_file()):
        shown = path.relative_to(root).as_posix()
        match = NAME_RE.match(path.name)
        if not match:
            if not path.name.startswith("."):
                batch.problems.append(Problem(shown, 0, "not named YYYY-MM-DD-title.md; skipped"))
            continue
        post = _read_post(root, path, shown, match, site, ctx, batch)
        if post is not None:
            batch.posts.append(post)
            names[slug_of(match.group(4))] = post.slug
    relink(batch.posts, names)
    return batch


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
    ctx: Context,
    batch: Batch,
) -> Imported | None:
    problems = batch.problems
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        doc = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        batch.errors.append(unreadable(shown, exc))
        return None
    meta = doc.metadata
    year, month, day, name, ext = match.groups()
    tz = site.get("timezone") if isinstance(site.get("timezone"), str) else None
    when = parse_date(meta.get("date"), tz)
    if when is None and meta.get("date") is not None:
        problems.append(
            Problem(shown, 0, f"date {meta.get('date')!r} not understood; used the file name's")
        )
    when = when or parse_date(f"{year}-{month}-{day}", tz)
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
        if not link.startswith("/"):
            return None
        found = within(root, link)
        return (found, link.lstrip("/")) if found else None

    body = localize(body, ctx, locate, assets)
    cover = _cover(meta.get("image"), root, ctx, assets)
    old = [_expand(str(meta.get("permalink") or _style(site)), when, name, slug, categories)]
    old += [str(p) for p in string_list(meta.get("redirect_from")) if str(p).startswith("/")]
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=parse_date(meta.get("last_modified_at"), tz),
        slug=slug,
        body=body,
        description=str(meta.get("description") or meta.get("excerpt") or "").strip(),
        tags=[
            *string_list(meta.get("tags")),
            *[c for c in categories if c not in string_list(meta.get("tags"))],
        ],
        draft=meta.get("published") is False,
        cover=cover,
        old_paths=old,
        assets=assets,
    )


def _liquid(body: str, shown: str, offset: int, problems: list[Problem], *, html: bool) -> str:
    body = _HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=html), body)
    body = _POST_URL_RE.sub(lambda m: f"{slug_of(m.group(1))}.md", body)
    body = _LINK_RE.sub(lambda m: f"{slug_of(m.group(1))}.md", body)
    body = _URL_FILTER_RE.sub(lambda m: m.group(1), body)
    body = _SITE_URL_RE.sub("", body)
    # Report what is left, except inside {% raw %} blocks, before their markers go.
    masked = mask(body, _RAW_BLOCK_RE)
    found: list[Problem] = []
    rewrite_tags(masked, _LIQUID_RE, lambda m: None, shown, offset, "Liquid tag", found)
    problems.extend(found)
    return _RAW_RE.sub("", body)


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


def _cover(value: Any, root: Path, ctx: Context, assets: list[Asset]) -> str | None:
    if isinstance(value, dict):
        value = value.get("path") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.match(r"^https?://", text):
        return text
    found = within(root, text)
    return None if found is None else take_asset(found, text.lstrip("/"), ctx, assets)


def _recognises(source: str) -> bool:
    return not is_url(source) and (Path(source) / "_posts").is_dir()


IMPORTER = Importer(
    "jekyll",
    "a Jekyll site folder (with _posts/)",
    _recognises,
    lambda source, ctx: read_jekyll(Path(source), ctx),
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
