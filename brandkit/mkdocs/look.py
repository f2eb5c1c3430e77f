"""brandkit's look on mkdocs-material, set up through Material's documented configuration.

Posts and pages have no docs sidebar: the table of contents goes into the navigation
(`toc.integrate`, so no "Table of contents" column and no control-less `<label for="__toc">`),
which brandkit's stylesheet hides on wide screens for a flat nav and keeps as the phone drawer;
a post shows its own table of contents inline (`partials/brandkit/toc.html`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

FEATURES = ("toc.integrate",)


def apply(config: MkDocsConfig) -> None:
    """Turn on the Material features brandkit's look relies on (idempotent)."""
    if config.theme.name != "material":
        return
    features = list(config.theme.get("features") or [])
    for feature in FEATURES:
        if feature not in features:
            features.append(feature)
    config.theme["features"] = features
