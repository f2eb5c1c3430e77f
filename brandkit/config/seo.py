"""The `seo`, `analytics` and `comments` sections of the brandkit block, and their translation
into plain settings the templates read.

Analytics and comments are one line each and off by default, e.g.

    analytics: {plausible: jane.example.com}
    comments: {giscus: {repo: jane/site, repo_id: R_kgDO..., category: Comments,
                        category_id: DIC_kwDO...}}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from brandkit.config.options import WHERE, Flag, Optional, Schema, Table, Text
from brandkit.errors import ConfigError


class SeoConfig(Schema):
    cards = Flag(True)
    """Draw a 1200x630 social card (og:image) for every page."""
    card_background = Optional(Text())
    """Card colour: a Material colour name or #rrggbb (default: the theme's primary colour)."""
    card_accent = Optional(Text())
    """Colour of the card's top bar (default: the theme's accent colour)."""
    card_font = Optional(Text())
    """A .ttf/.otf file for card text, relative to mkdocs.yml (default: a system sans font)."""
    twitter = Optional(Text())
    """Your X/Twitter handle (@name) for twitter:site and twitter:creator."""
    robots_txt = Flag(True)
    llms_txt = Flag(True)


class AnalyticsConfig(Schema):
    plausible = Optional(Text())
    """Your site's domain as registered with Plausible."""
    goatcounter = Optional(Text())
    """Your GoatCounter code (the NAME in NAME.goatcounter.com) or your counter URL."""
    umami = Optional(Text())
    """Your Umami website id; set `src` to your Umami server's script.js."""
    src = Optional(Text())
    """Script URL for a self-hosted Plausible/GoatCounter/Umami."""


class CommentsConfig(Schema):
    giscus = Optional(Table())
    """Giscus settings: repo, repo_id, category, category_id (from https://giscus.app)."""


@dataclass(frozen=True)
class Analytics:
    provider: str  # plausible, goatcounter, umami
    script: str  # absolute URL of the script
    attributes: tuple[tuple[str, str], ...]  # data-* attributes of the <script> tag


@dataclass(frozen=True)
class Giscus:
    repo: str
    repo_id: str
    category: str
    category_id: str
    mapping: str = "pathname"
    reactions: str = "1"
    lang: str = "en"


_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")


def analytics_from(cfg: AnalyticsConfig) -> Analytics | None:
    chosen = [k for k in ("plausible", "goatcounter", "umami") if getattr(cfg, k)]
    if len(chosen) > 1:
        raise ConfigError(
            f"{WHERE}.analytics: {' and '.join(chosen)} are both set; keep one provider."
        )
    if not chosen:
        if cfg.src:
            raise ConfigError(
                f"{WHERE}.analytics.src: set a provider too (plausible, goatcounter or umami)."
            )
        return None
    provider = chosen[0]
    value: str = getattr(cfg, provider).strip()
    _check_https(cfg.src, f"{WHERE}.analytics.src")
    if provider == "plausible":
        return Analytics(
            provider,
            cfg.src or "https://plausible.io/js/script.js",
            (("data-domain", value),),
        )
    if provider == "goatcounter":
        endpoint = (
            value if value.startswith("https://") else f"https://{value}.goatcounter.com/count"
        )
        if not re.fullmatch(r"https://[\w.-]+(/[\w./-]*)?", endpoint):
            raise ConfigError(
                f"{WHERE}.analytics.goatcounter: {value!r} is not a GoatCounter code or https URL."
            )
        return Analytics(
            provider, cfg.src or "https://gc.zgo.at/count.js", (("data-goatcounter", endpoint),)
        )
    if not cfg.src:
        raise ConfigError(
            f"{WHERE}.analytics.src: Umami needs the URL of your Umami script, e.g. "
            "`src: https://umami.example.com/script.js` (or https://cloud.umami.is/script.js)."
        )
    return Analytics(provider, cfg.src, (("data-website-id", value),))


def _check_https(url: str | None, where: str) -> None:
    if url and not url.startswith("https://"):
        raise ConfigError(f"{where}: {url!r} must be an https:// URL.")


def giscus_from(cfg: CommentsConfig, language: str) -> Giscus | None:
    raw: dict[str, Any] | None = cfg.giscus
    if not raw:
        return None
    where = f"{WHERE}.comments.giscus"
    required = ("repo", "repo_id", "category", "category_id")
    missing = [k for k in required if not isinstance(raw.get(k), str) or not raw.get(k)]
    if missing:
        raise ConfigError(
            f"{where}: missing {', '.join(missing)}; copy them from the snippet https://giscus.app "
            "generates for your repository."
        )
    unknown = sorted(set(raw) - {*required, "mapping", "reactions", "lang"})
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; remove them.")
    if not _REPO.match(raw["repo"]):
        raise ConfigError(f"{where}.repo: {raw['repo']!r} must look like owner/name.")
    return Giscus(
        repo=raw["repo"],
        repo_id=raw["repo_id"],
        category=raw["category"],
        category_id=raw["category_id"],
        mapping=str(raw.get("mapping", "pathname")),
        reactions="0" if raw.get("reactions") is False else "1",
        lang=str(raw.get("lang", language.split("-")[0] or "en")),
    )
