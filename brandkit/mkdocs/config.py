"""The brandkit block as MkDocs sees it, derived from the core schema (brandkit/config/).

MkDocs knows every key of the block (unknown ones get MkDocs' own "Unrecognised configuration
name" warning, at any depth) but checks no value: the core does, in `block_from()`, with messages
that name `mkdocs.yml: plugins.brandkit.<key.path>` and the fix. `site_from()` copies the values
of mkdocs.yml outside the block that the core uses into a plain `Site`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mkdocs.config import base

from brandkit.config.block import BrandkitConfig
from brandkit.config.options import MISSING, Option, Schema, Section, load
from brandkit.config.settings import Site


class CoreOption(base.BaseConfigOption[Any]):
    """One top-level key of the block: passed through as written (or the core default) for the
    core to check; keys the core schema does not know inside it are MkDocs warnings."""

    def __init__(self, option: Option[Any]) -> None:
        super().__init__()
        self.option = option
        if isinstance(option, Section):
            self.default = {}
        elif option.default is not MISSING:
            self.default = option.initial()

    def run_validation(self, value: object, /) -> Any:
        if isinstance(self.option, Section) and isinstance(value, Mapping):
            for path in self.option.schema.unknown_keys(value):
                self.warnings.append(f"Unrecognised configuration name: {path}")
        return value


def mkdocs_config_class(schema: type[Schema], name: str) -> type[base.Config]:
    """A MkDocs class-based config with one `CoreOption` per key of `schema`."""
    namespace = {key: CoreOption(option) for key, option in schema.options.items()}
    return type(name, (base.Config,), namespace)


if TYPE_CHECKING:

    class BrandkitBlock(base.Config):
        pass

else:
    BrandkitBlock = mkdocs_config_class(BrandkitConfig, "BrandkitBlock")


def block_from(plugin_config: Mapping[str, Any]) -> BrandkitConfig:
    """The brandkit block checked by the core (ConfigError listing every problem). Unknown keys
    are left to MkDocs, which has warned about them (errors under --strict)."""
    return load(BrandkitConfig, _plain(plugin_config), strict=False)


def _plain(value: Any) -> Any:
    # MkDocs hands over its own Config objects for mappings it has read; the core wants dicts.
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def site_from(mkdocs_config: Any) -> Site:
    """The values of mkdocs.yml outside the brandkit block that the core uses."""
    theme = mkdocs_config.get("theme")
    language = theme.get("language") if theme is not None else None
    custom_dir = getattr(theme, "custom_dir", None) if theme is not None else None
    return Site(
        site_name=mkdocs_config["site_name"],
        site_url=mkdocs_config.get("site_url") or None,
        site_description=mkdocs_config.get("site_description") or "",
        site_author=str(mkdocs_config.get("site_author") or ""),
        language=str(language or "en"),
        use_directory_urls=bool(mkdocs_config.get("use_directory_urls", True)),
        custom_dir=custom_dir or None,
        markdown_extensions=list(mkdocs_config.get("markdown_extensions") or []),
        mdx_configs=dict(mkdocs_config.get("mdx_configs") or {}),
    )


def confine(
    mkdocs_config: Any, raw: Mapping[str, Any], block: BrandkitConfig, *, serving: bool = False
) -> None:
    """Every folder and URL pattern inside the project and the site (brandkit.confine), every
    URL of mkdocs.yml acceptable (brandkit.urls), and no key of mkdocs.yml written twice (a
    plain `mkdocs build` too): a ConfigError listing each problem. `raw` is the brandkit block
    as written; `serving`: for `serve`, whose site folder is a temporary one MkDocs chooses."""
    from pathlib import Path

    from brandkit.confine import Layout, layout_problems, url_pattern_problems
    from brandkit.errors import ConfigError
    from brandkit.project import refuse_duplicate_keys
    from brandkit.urls import config_problems

    if mkdocs_config.config_file_path:
        refuse_duplicate_keys(Path(mkdocs_config.config_file_path))
    root = Path(mkdocs_config.config_file_path or "mkdocs.yml").resolve().parent
    custom_dir = mkdocs_config["theme"].custom_dir
    layout = Layout(
        config_file=root / "mkdocs.yml",
        docs_dir=Path(mkdocs_config["docs_dir"]),
        site_dir=None if serving else Path(mkdocs_config["site_dir"]),
        cache_dir=root / block.cache_dir,
        custom_dir=Path(custom_dir) if custom_dir else None,
        posts_dir=block.posts_dir,
    )
    problems = layout_problems(layout)
    problems += url_pattern_problems(block.blog_url, block.post_url)
    problems += config_problems(mkdocs_config, _plain(raw))
    if problems:
        raise ConfigError("\n".join(problems))
