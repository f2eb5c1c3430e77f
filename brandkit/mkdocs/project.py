"""Load a brandkit project: mkdocs.yml read by MkDocs, the brandkit block checked by the core.

The one function commands call to get a `Project`. MkDocs' own config messages are collected and
raised as one brandkit `ConfigError`, so the CLI prints them like every other error.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brandkit.errors import ConfigError
from brandkit.project import Project, find_config, refuse_duplicate_keys


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _captured_mkdocs_log() -> Iterator[_Collect]:
    """Collect MkDocs' config messages so they can be re-raised as one brandkit error. They
    are held back meanwhile (a warning that fails a strict load is said once, in the error);
    after a load that passed, they are replayed to the usual handlers."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    others = list(logger.handlers)
    for other in others:
        logger.removeHandler(other)
    logger.addHandler(handler)
    old_propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        for other in others:
            logger.addHandler(other)
        logger.propagate = old_propagate


def load_project(
    config_file: Path | None = None,
    *,
    site_dir: str | None = None,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> Project:
    """The project of `config_file` (or the mkdocs.yml found from here). `cache_dir` (absolute)
    replaces the project's cache folder after the layout has been checked: deploy builds its
    committed copy with the project's own cache, which lies outside the copy."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from brandkit.config.settings import settings_from
    from brandkit.mkdocs.config import block_from, confine, site_from

    path = find_config(config_file)
    overrides: dict[str, Any] = {}
    if site_dir is not None:
        overrides["site_dir"] = site_dir
    with _captured_mkdocs_log() as log:
        try:
            cfg = load_config(str(path), strict=strict, **overrides)
        except (Abort, ConfigurationError) as exc:
            details = "; ".join(log.messages) or str(exc)
            if strict and log.records and all(r.levelno < logging.ERROR for r in log.records):
                details += " (a warning, which stops a --strict build: fix it)"
            raise ConfigError(f"{path}: {details}") from exc
    for record in log.records:
        logging.getLogger(record.name).handle(record)
    plugin = cfg.plugins.get("brandkit")
    if plugin is None:
        refuse_duplicate_keys(path)  # a second `plugins:` may be why (else `confine` checks)
        raise ConfigError(
            f"{path}: the brandkit plugin is not enabled; add `- brandkit` under `plugins:`."
        )
    block = block_from(plugin.config)
    confine(cfg, plugin.config, block)  # before anything is read or written
    if cache_dir is not None:
        block = block.replace(cache_dir=str(cache_dir))
    # The plugin reads its block again at on_config. Set either way: MkDocs keeps one plugin
    # instance per process (it has on_startup), so a deploy's value must not reach a later load.
    plugin.cache_override = cache_dir
    site = site_from(cfg)
    return Project(
        config_file=path,
        root=path.parent.resolve(),
        docs_dir=Path(cfg["docs_dir"]),
        site_dir=Path(cfg["site_dir"]),
        settings=settings_from(site, block),
        config=block,
        site=site,
        mkdocs_config=cfg,
    )
