"""WordPress: the WXR export (Tools > Export, an .xml file). Posts with their categories, tags,
excerpt, featured image and status; WordPress shortcodes ([caption], [code], [embed] ...) and
its unwrapped paragraphs (wpautop) converted; images under wp-content/uploads taken from a
local copy next to the export (a `wp-content/` or `uploads/` folder) or downloaded from the old
site. The old feed's ids (`?p=123` guids) are kept."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import Context, base_url
from brandkit.importers.convert import Dates, mask, rewrite_tags, slug_of
from brandkit.importers.fetch import bring_images
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Batch, Imported, Importer, Problem
from brandkit.text import count

NS = {
    "wp": "http://wordpress.org/export/{v}/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/{v}/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->\n?", re.DOTALL)
_CODE_RE = re.compile(
    r"\[(code|sourcecode|source|(?:python|php|js|javascript|bash|shell|sql|css|html|xml|java|"
    r"ruby|go|c|cpp|csharp|text))\b([^\]]*)\](.*?)\[/\1\]",
    re.DOTALL | re.IGNORECASE,
)
_CAPTION_RE = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.DOTALL)
_EMBED_RE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
_URL_SHORTCODE_RE = re.compile(
    r"\[(youtube|vimeo|gist|tweet|twitter)\s+(?:url=)?[\"']?(\S+?)[\"']?\s*\]"
)
_SHORTCODE_RE = re.compile(r"\[(/?)([a-z][\w-]*)((?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+))*)\s*/?\]")
# Shortcodes of WordPress and popular plugins, reported even without attributes.
_KNOWN_SHORTCODES = {
    "gallery",
    "audio",
    "video",
    "playlist",
    "contact-form",
    "wpforms",
    "ninja_form",
}
_CONTAINER_RE = re.compile(
    r"\s*(</?(?:ul|ol|table|blockquote|h[1-6]|div|figure|dl|hr)\b[^>]*>)\s*", re.IGNORECASE
)
_CODE_ELEMENT_RE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|pre|blockquote|figure|table|thead|tbody|tr|td|th|hr|"
    r"iframe|dl|dt|dd|section|\0)",
    re.IGNORECASE,
)
_PRE_RE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
# Names WordPress (and its popular plugins) use for shortcodes that are not code or media.
_NOT_SHORTCODES = {"x", "i", "ii", "a", "b", "s", "sic", "0", "1", "2", "note", "citation"}


def read(source: str, ctx: Context) -> Batch:
    path = Path(source)
    try:
        tree = ElementTree.parse(path)
    except (ElementTree.ParseError, OSError) as exc:
        raise BrandkitError(
            f"{source}: cannot read the WordPress export ({exc}); export it again (Tools > "
            "Export > All content) and import again."
        ) from exc
    channel = tree.getroot().find("channel")
    if channel is None:
        raise BrandkitError(f"{source}: not a WordPress export (no <channel>).")
    version = _version(tree.getroot())
    ns = {k: v.format(v=version) for k, v in NS.items()}
    site = _text(channel, "wp:base_blog_url", ns) or _text(channel, "link", ns)
    batch = Batch(old_base=ctx.old_url or base_url(site))
    dates = Dates(None, "WordPress gave no GMT date (drafts)")
    attachments = {
        _text(item, "wp:post_id", ns): _text(item, "wp:attachment_url", ns)
        for item in channel.iter("item")
        if _text(item, "wp:post_type", ns) == "attachment"
    }
    others: Counter[str] = Counter()
    roots = [path.parent / "wp-content" / "uploads", path.parent / "uploads", path.parent]
    host = urlsplit(batch.old_base or "").hostname or ""
    raw = path.read_text(encoding="utf-8", errors="replace")
    for item in channel.iter("item"):
        kind = _text(item, "wp:post_type", ns)
        if kind != "post":
            others[kind or "unknown"] += 1
            continue
        post = _read_item(item, path.name, ns, attachments, dates, batch, raw)
        if post is not None:
            bring_images(post, batch.old_base or "", [host], ctx, batch.problems, local_roots=roots)
            batch.posts.append(post)
    if others:
        what = ", ".join(count(n, kind) for kind, n in sorted(others.items()))
        batch.notes.append(
            f"not posts, not imported: {what} (attachments are copied when a post shows them; "
            "copy pages into content/ by hand)"
        )
    note = dates.note()
    if note:
        batch.notes.append(note)
    return batch


def _version(root: ElementTree.Element) -> str:
    for element in root.iter():
        if element.tag.endswith("}wxr_version") and element.text:
            return element.text.strip()
    return "1.2"


def _text(item: ElementTree.Element, path: str, ns: dict[str, str]) -> str:
    found = item.find(path, ns)
    return (found.text or "").strip() if found is not None else ""


def _read_item(
    item: ElementTree.Element,
    shown: str,
    ns: dict[str, str],
    attachments: dict[str, str],
    dates: Dates,
    batch: Batch,
    raw: str,
) -> Imported | None:
    problems = batch.problems
    title = html.unescape(_text(item, "title", ns))
    status = _text(item, "wp:status", ns)
    content = _text(item, "content:encoded", ns)
    # Problems in a post's content are reported at their line in the export file.
    start = raw.find(content[:200]) if content else -1
    offset = raw.count("\n", 0, start) if start > 0 else 0
    file_shown = shown
    shown = f"{shown} ({title or 'untitled'})"
    if status == "trash":
        problems.append(Problem(shown, 0, "in WordPress' trash; not imported"))
        return None
    gmt = _text(item, "wp:post_date_gmt", ns)
    when = dates.parse(gmt + "+00:00") if gmt and not gmt.startswith("0000") else None
    when = when or dates.parse(_text(item, "wp:post_date", ns))
    if when is None:
        problems.append(Problem(shown, 0, "no date; skipped"))
        return None
    if not title:
        problems.append(Problem(shown, 0, "no title; imported as 'Untitled'"))
        title = "Untitled"
    tags: list[str] = []
    series = None
    for category in item.findall("category"):
        name = html.unescape((category.text or "").strip())
        domain = category.get("domain")
        if domain == "series":
            series = name
        elif domain in ("category", "post_tag") and name not in ("", "Uncategorized", *tags):
            tags.append(name)
    meta = {
        _text(m, "wp:meta_key", ns): _text(m, "wp:meta_value", ns)
        for m in item.findall("wp:postmeta", ns)
    }
    body = _content(content, file_shown if offset else shown, offset, problems)
    link = _text(item, "link", ns)
    guid = _text(item, "guid", ns)
    name = _text(item, "wp:post_name", ns)
    private = status == "private"
    if private:
        problems.append(Problem(shown, 0, "private in WordPress; imported as a draft"))
    modified = _text(item, "wp:post_modified_gmt", ns)
    updated = dates.parse(modified + "+00:00") if modified and modified[:4] != "0000" else None
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=updated if updated and updated > when else None,
        slug=slug_of(name) or slug_of(title),
        body=body,
        description=" ".join(html.unescape(_strip(_text(item, "excerpt:encoded", ns))).split()),
        tags=tags,
        series=series,
        draft=status in ("draft", "pending", "private", "auto-draft"),
        cover=attachments.get(meta.get("_thumbnail_id", "")) or None,
        old_urls=[link] if status == "publish" and link.startswith("http") else [],
        feed_id=guid or None,
    )


def _strip(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _content(raw: str, shown: str, offset: int, problems: list[Problem]) -> str:
    text = _BLOCK_COMMENT_RE.sub("", raw)
    text = _CODE_RE.sub(_code, text)
    text = _CAPTION_RE.sub(_caption, text)
    text = _EMBED_RE.sub(
        lambda m: (
            f'<p><a href="{html.escape(m.group(1).strip())}">'
            f"{html.escape(m.group(1).strip())}</a></p>"
        ),
        text,
    )
    text = _URL_SHORTCODE_RE.sub(
        lambda m: f'<p><a href="{html.escape(m.group(2))}">{html.escape(m.group(2))}</a></p>', text
    )

    # A [word] in code is code; elsewhere a shortcode has attributes, a closing tag, or a
    # well-known name ([key] in prose is left alone).
    masked = mask(text, _CODE_ELEMENT_RE)
    closed = {m.group(2) for m in _SHORTCODE_RE.finditer(masked) if m.group(1)}

    def unknown(match: re.Match[str]) -> str | None:
        name = match.group(2)
        shortcode = match.group(3) or name in closed or name in _KNOWN_SHORTCODES
        return None if shortcode and name not in _NOT_SHORTCODES else match.group(0)

    rewrite_tags(masked, _SHORTCODE_RE, unknown, shown, offset, "WordPress shortcode", problems)
    return html_to_markdown(autop(text))


def _code(match: re.Match[str]) -> str:
    name, args, code = match.group(1).lower(), match.group(2), match.group(3)
    found = re.search(r"""(?:lang|language)\s*=\s*["']?([\w#+-]+)""", args)
    language = (
        found.group(1) if found else ("" if name in ("code", "sourcecode", "source") else name)
    )
    # The code is stored as typed (entities in newer exports): unescape, then escape once.
    code = html.unescape(code.strip("\n"))
    attr = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{attr}>{html.escape(code, quote=False)}</code></pre>"


def _caption(match: re.Match[str]) -> str:
    inner = match.group(1)
    image = re.search(r"(<a\b[^>]*>)?\s*<img\b[^>]*>\s*(</a>)?", inner)
    if image is None:
        return inner
    caption = inner[image.end() :].strip()
    return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"


def autop(text: str) -> str:
    """WordPress stores paragraphs as blank-line-separated text (its `wpautop` adds the <p>s when
    showing a post); the same here, leaving <pre> blocks and block-level HTML alone."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\0{len(kept) - 1}\0"

    text = _PRE_RE.sub(keep, text.replace("\r\n", "\n"))
    # A list or table right after a line of text is a block of its own, as wpautop has it.
    text = _CONTAINER_RE.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        if not chunk.strip():
            continue
        if _BLOCK_TAG_RE.match(chunk):
            blocks.append(chunk)
        else:
            blocks.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    joined = "\n\n".join(blocks)
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], joined)


IMPORTER = Importer(
    "wordpress", "a WordPress export (WXR .xml: Tools > Export)", recognise.is_wordpress, read
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
