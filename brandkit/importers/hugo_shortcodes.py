"""Hugo shortcodes in a post's Markdown: the built-in ones become Markdown, callout-like paired
ones become admonitions, escaped ones (`{{</* x */>}}`) become the text they show; the rest are
left in place and reported with their line."""

from __future__ import annotations

import re
from pathlib import Path

from brandkit.importers.convert import code_block, rewrite_tags, slug_of
from brandkit.importers.embeds import liquid_embeds
from brandkit.importers.model import Problem

HIGHLIGHT_RE = re.compile(
    r"\{\{<\s*highlight\s+([\w+#.-]+)[^>]*>\}\}\n?(.*?)\n?\{\{<\s*/highlight\s*>\}\}", re.DOTALL
)
_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*(/?)([\w/.-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_ESCAPED_RE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_ATTR_RE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_POSITIONAL_RE = re.compile(r"""(?:"([^"]*)"|(\S+))""")
ADMONITIONS = {"callout", "notice", "note", "tip", "warning", "info", "alert", "admonition", "hint"}
_ADMONITION_TYPES = {
    "note": "note",
    "info": "info",
    "tip": "tip",
    "hint": "tip",
    "success": "success",
    "warning": "warning",
    "caution": "warning",
    "danger": "danger",
    "error": "danger",
    "important": "warning",
}
_PAIRED_RE = re.compile(
    r"\{\{([<%])\s*(" + "|".join(sorted(ADMONITIONS)) + r")\b(.*?)\s*[>%]\}\}\n?"
    r"(.*?)\n?\{\{[<%]\s*/\2\s*[>%]\}\}",
    re.DOTALL,
)
# Hugo's code fence attributes ({linenos=table,hl_lines=[2]}) mean nothing to Python-Markdown.
_FENCE_ATTRS_RE = re.compile(
    r"^([ \t]*(?:`{3,}|~{3,})[ \t]*[\w#+.-]+)[ \t]*\{[^}\n]*\}[ \t]*$", re.M
)


def _attrs(args: str) -> tuple[dict[str, str], list[str]]:
    named = {
        m.group(1): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR_RE.finditer(args)
    }
    positional = [
        m.group(1) if m.group(1) is not None else m.group(2)
        for m in _POSITIONAL_RE.finditer(args)
        if "=" not in m.group(0)
    ]
    return named, positional


def convert_shortcodes(body: str, shown: str, offset: int, problems: list[Problem]) -> str:
    """The post body with shortcodes converted (line numbers in `problems` stay the file's)."""
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append("{{" + match.group(1) + match.group(2) + match.group(3) + "}}")
        # Same number of lines, so later line numbers in the report stay right.
        return f"\0{len(escaped) - 1}\0" + "\n" * match.group(0).count("\n")

    body = _ESCAPED_RE.sub(hide, body)
    body = _FENCE_ATTRS_RE.sub(r"\1", body)
    body = HIGHLIGHT_RE.sub(lambda m: code_block(m, m.group(1), m.group(2), html=False), body)
    body = _PAIRED_RE.sub(_admonition, body)
    body = rewrite_tags(body, _SHORTCODE_RE, _convert, shown, offset, "Hugo shortcode", problems)
    # dev.to embeds in posts first written there ({% embed %}, {% youtube %}).
    body = liquid_embeds(body, shown, offset, problems)

    def show(match: re.Match[str]) -> str:
        text = escaped[int(match.group(1))]
        return text + match.group(2)[text.count("\n") :]  # the line breaks `hide` added go

    return re.sub(r"\0(\d+)\0(\n*)", show, body)


def _admonition(match: re.Match[str]) -> str:
    name, args, inner = match.group(2), match.group(3), match.group(4)
    named, positional = _attrs(args)
    kind = named.get("type") or (positional[0] if positional else "") or name
    kind = _ADMONITION_TYPES.get(kind.lower(), "note")
    title = named.get("title")
    head = f'!!! {kind} "{title}"' if title else f"!!! {kind}"
    lines = [("    " + line) if line.strip() else "" for line in inner.strip("\n").splitlines()]
    # As many lines as the shortcode had (report line numbers after it stay the file's).
    extra = match.group(0).count("\n") - len(lines) - 1
    return "\n".join([head, *lines]) + "\n" * max(extra, 0)


def _convert(match: re.Match[str]) -> str | None:
    closing, name, args = match.groups()
    if closing:
        return match.group(0)  # kept; its opening tag is the one reported
    named, positional = _attrs(args)
    if name == "figure" and named.get("src"):
        alt = named.get("alt") or named.get("caption") or named.get("title") or ""
        image = f"![{alt}]({named['src']})"
        caption = named.get("caption")
        return f"{image}\n*{caption}*" if caption else image
    if name == "youtube":
        video = named.get("id") or (positional[0] if positional else "")
        return f"[Watch on YouTube](https://www.youtube.com/watch?v={video})" if video else None
    if name == "vimeo":
        video = named.get("id") or (positional[0] if positional else "")
        return f"[Watch on Vimeo](https://vimeo.com/{video})" if video else None
    if name == "gist" and len(positional) >= 2:
        return f"<https://gist.github.com/{positional[0]}/{positional[1]}>"
    if name in ("tweet", "x", "twitter"):
        user, tweet = named.get("user"), named.get("id") or (positional[-1] if positional else "")
        if tweet.isdigit():
            return f"<https://twitter.com/{user or 'i'}/status/{tweet}>"
        return None
    if name in ("ref", "relref") and positional:
        target = positional[0].split("#")[0].rstrip("/")
        anchor = positional[0].partition("#")[2]
        stem = (
            Path(target).parent.name
            if Path(target).stem in ("index", "_index")
            else Path(target).stem
        )
        if not stem:
            return None
        return f"{slug_of(stem)}.md" + (f"#{anchor}" if anchor else "")
    return None
