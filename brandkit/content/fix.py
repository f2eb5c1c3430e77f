"""`brandkit check --fix`: what hand-copied posts need to be brandkit posts, as edits of their
front matter that keep everything else (comments, order, quoting) as written.

A missing `id` is added (a new urn:uuid), and other engines' keys become brandkit's: `summary`
and `excerpt` -> `description`, `aliases` -> `redirect_from`, `categories` -> `tags` (merged),
`canonicalURL` -> `canonical_url`, `lastmod` and `last_modified_at` -> `updated`,
`series_weight` -> `series_order`, a one-item `series` list (a Hugo taxonomy) -> its text;
`devto_id` and `hashnode_id` leave the front matter for the state ledger, where `brandkit
syndicate` finds the copy they name. Other keys brandkit does not know, and that are not close
to one it does (a typo is left for you to see), move under `extra:`. Hugo `ref`/`relref` links
to posts of the site become links to their files. Each edit is checked by reading the result
back: a file whose edit would not give exactly the intended values is left alone and named.
"""

from __future__ import annotations

import difflib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brandkit.content.fields import FIX_LEDGER_KEYS as LEDGER_KEYS
from brandkit.content.fields import FIX_MERGES as MERGES
from brandkit.content.fields import FIX_RENAMES as RENAMES
from brandkit.content.fields import SUGGEST_CUTOFF

_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_REF_RE = re.compile(r"\{\{<\s*(?:rel)?ref\s+\"([^\"]+)\"\s*>\}\}")


@dataclass
class FileFix:
    path: Path
    old: str
    new: str
    changes: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (service, remote id)
    post_id: str = ""


@dataclass
class Skipped:
    path: Path
    reason: str


def fix_text(
    text: str, known: tuple[str, ...] = (), slugs: frozenset[str] = frozenset()
) -> tuple[str, list[str], list[tuple[str, str]], str] | str:
    """(new text, what changed, copies for the ledger, the post's id), or why it cannot be fixed."""
    match = re.match(r"\A(---[ \t]*\n)(.*?\n)(---[ \t]*\n)", text, re.DOTALL)
    if match is None:
        return "no front matter between '---' lines"
    head = match.group(2)
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError:
        return "its front matter is not valid YAML (`brandkit check` says where)"
    if not isinstance(meta, dict):
        return "its front matter is not a map of keys"
    blocks = _blocks(head)
    if set(blocks) != {str(k) for k in meta}:
        return "its front matter is laid out in a way brandkit does not edit (fix it by hand)"
    wanted = dict(meta)
    changes: list[str] = []
    copies: list[tuple[str, str]] = []
    for old, new in RENAMES.items():
        if old in wanted and new not in wanted:
            blocks[old] = re.sub(rf"^{re.escape(old)}", new, blocks[old])
            blocks = {(new if k == old else k): v for k, v in blocks.items()}
            wanted[new] = wanted.pop(old)
            changes.append(f"{old} -> {new}")
        elif old in wanted and new == "redirect_from":
            merged = _as_list(wanted[new]) + [
                v for v in _as_list(wanted[old]) if v not in _as_list(wanted[new])
            ]
            wanted[new] = merged
            del wanted[old]
            blocks[new] = _dump(new, merged)
            del blocks[old]
            changes.append(f"{old} merged into {new}")
    for old, new in MERGES.items():
        if old in wanted:
            merged = _as_list(wanted.get(new))
            merged += [v for v in _as_list(wanted.pop(old)) if v not in merged]
            wanted[new] = merged
            del blocks[old]
            blocks[new] = _dump(new, merged)
            changes.append(f"{old} merged into {new}")
    for key, service in LEDGER_KEYS.items():
        if key in wanted:
            value = str(wanted.pop(key)).strip()
            del blocks[key]
            if value:
                copies.append((service, value))
                changes.append(f"{key} {value} -> .brandkit/state.json ({service} copy)")
    series = wanted.get("series")
    if isinstance(series, list) and len(series) == 1 and isinstance(series[0], str):
        wanted["series"] = series[0]
        blocks["series"] = _dump("series", series[0])
        changes.append("series list -> text")
    elif series == [] or series == "":
        del wanted["series"], blocks["series"]
        changes.append("empty series removed")
    keep = [
        k
        for k in wanted
        if known
        and k not in known
        and k not in RENAMES
        and k not in MERGES
        and not difflib.get_close_matches(str(k), known, n=1, cutoff=SUGGEST_CUTOFF)
    ]
    current = wanted.get("extra") or {}
    if keep and isinstance(current, dict):
        extra = dict(current)
        for key in keep:
            extra[key] = wanted.pop(key)
            del blocks[key]
        wanted["extra"] = extra
        blocks["extra"] = _dump("extra", extra)
        changes.append(f"{', '.join(keep)} -> extra")
    post_id = str(wanted.get("id") or "")
    if not post_id:
        post_id = f"urn:uuid:{uuid.uuid4()}"
        wanted = {"id": post_id, **wanted}
        blocks = {"id": f"id: {post_id}\n", **blocks}
        changes.insert(0, "id added")
    body = text[match.end() :]
    linked = _REF_RE.sub(lambda m: _ref(m, slugs), body)
    if linked != body:
        changes.append(f"{_REF_RE.subn('', body)[1] - _REF_RE.subn('', linked)[1]} relref links")
    if not changes:
        return text, [], [], post_id
    new_head = "".join(blocks.values())
    try:
        exact = (yaml.safe_load(new_head) or {}) == wanted
    except yaml.YAMLError:
        exact = False
    if not exact:
        return "the edit could not be made exactly; change it by hand"
    return match.group(1) + new_head + match.group(3) + linked, changes, copies, post_id


def _ref(match: re.Match[str], slugs: frozenset[str]) -> str:
    """`{{< relref "name" >}}` as `name.md` when a post of the site has that name."""
    target = match.group(1).split("#")[0].rstrip("/")
    anchor = match.group(1).partition("#")[2]
    name = target.rsplit("/", 1)[-1]
    if name in ("index", "_index", "index.md"):
        name = target.rsplit("/", 2)[-2] if target.count("/") else ""
    name = re.sub(r"\.md$", "", name)
    if name not in slugs:
        return match.group(0)
    return f"{name}.md" + (f"#{anchor}" if anchor else "")


def _blocks(head: str) -> dict[str, str]:
    """Each top-level key with its lines (its value, nested lines and comments after it)."""
    blocks: dict[str, str] = {}
    current = ""
    lead = ""  # comments and blank lines before the first key stay first
    for line in head.splitlines(keepends=True):
        found = _KEY_RE.match(line)
        if found is not None and not line[0].isspace():
            current = found.group(1)
            blocks[current] = line
        elif current:
            blocks[current] += line
        else:
            lead += line
    if lead:
        first = next(iter(blocks), None)
        if first is not None:
            blocks[first] = lead + blocks[first]
    return blocks


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value) if isinstance(value, list | tuple) else [value]


def _dump(key: str, value: Any) -> str:
    """`key: value` as YAML: a list of words in brackets, as front matter usually has them."""
    options: dict[str, Any] = {"allow_unicode": True, "width": 10_000, "sort_keys": False}
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        words = str(yaml.safe_dump(value, default_flow_style=True, **options)).strip()
        return f"{key}: {words}\n"
    return str(yaml.safe_dump({key: value}, default_flow_style=False, **options))


def plan_fixes(folder: Path, known: tuple[str, ...] = ()) -> tuple[list[FileFix], list[Skipped]]:
    fixes: list[FileFix] = []
    skipped: list[Skipped] = []
    files = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    slugs = frozenset(p.stem for p in files)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `brandkit check` reports it
        result = fix_text(text, known, slugs)
        if isinstance(result, str):
            if _has_fixable(text):
                skipped.append(Skipped(path, result))
            continue
        new, changes, copies, post_id = result
        if changes:
            fixes.append(FileFix(path, text, new, changes, copies, post_id))
    return fixes, skipped


def _has_fixable(text: str) -> bool:
    return any(
        re.search(rf"^{re.escape(k)}\s*:", text, re.M) for k in (*RENAMES, *MERGES, *LEDGER_KEYS)
    ) or not re.search(r"^id\s*:", text, re.M)
