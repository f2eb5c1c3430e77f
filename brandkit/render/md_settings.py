"""The Markdown settings as rendering sees them: what a cached rendering depends on (the
renderer's versions, the extension settings without the image catalog), and the settings of
feed items (the page-only options off)."""

from __future__ import annotations

import functools
from typing import Any

from brandkit.render.images import EXTENSION as IMAGES_EXTENSION


@functools.lru_cache(maxsize=1)
def renderer_versions() -> list[str]:
    """Versions of what turns Markdown into HTML: an upgrade must not reuse old output."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("markdown", "pymdown-extensions", "pygments"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return found


def stable(obj: Any) -> Any:
    """A JSON-able stand-in for config values such as Material's `!!python/name` functions."""
    if callable(obj):
        return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', repr(obj))}"
    return repr(obj)


def without_catalog(configs: dict[str, Any]) -> dict[str, Any]:
    """The extension settings without the image catalog, which `Renderer._entry_key` covers
    image by image."""
    images = configs.get(IMAGES_EXTENSION)
    if not isinstance(images, dict) or "images" not in images:
        return configs
    return {**configs, IMAGES_EXTENSION: {k: v for k, v in images.items() if k != "images"}}


# Options of page-only output per extension, and their off value (all documented options).
_PAGE_ONLY: dict[str, dict[str, Any]] = {
    "toc": {"permalink": False},
    "markdown.extensions.toc": {"permalink": False},
    "pymdownx.highlight": {"anchor_linenums": False, "line_anchors": ""},
    "codehilite": {"anchorlinenos": False, "lineanchors": ""},
    IMAGES_EXTENSION: {"srcset": False},
    "markdown.extensions.codehilite": {"anchorlinenos": False, "lineanchors": ""},
}


def feed_configs(configs: dict[str, Any]) -> dict[str, Any]:
    """`configs` with the page-only options that are on turned off (see `Renderer.for_feeds`)."""
    result = dict(configs)
    for name, off in _PAGE_ONLY.items():
        current = configs.get(name)
        if not isinstance(current, dict):
            continue
        changed = {k: v for k, v in off.items() if current.get(k) not in (None, v)}
        if changed:
            result[name] = {**current, **changed}
    return result
