"""Find and load a brandkit project: mkdocs.yml, its brandkit block, and the core Settings.

This is the adapter between MkDocs' configuration and brandkit's core: commands call
`load_project()` and get plain paths and a `Settings` object back.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit.errors import ConfigError

if TYPE_CHECKING:  # keeps `brandkit --help` from importing MkDocs
    from brandkit.config import BrandkitConfig
    from brandkit.content.models import Settings


@dataclass
class Project:
    config_file: Path
    root: Path
    docs_dir: Path
    site_dir: Path
    settings: Settings
    config: BrandkitConfig
    mkdocs_config: Any

    @property
    def posts_dir(self) -> Path:
        return self.docs_dir / self.settings.posts_dir

    def relative(self, path: Path) -> str:
        """A path as the user should see it: relative to the project root when possible."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


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
    after a load that passed, `replay` hands them to the usual handlers."""
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


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
log = logging.getLogger("brandkit.project")


def discover_config(start: Path) -> Path | None:
    """The mkdocs.yml of the site `start` is in: in `start` or the nearest folder above it, as
    git and Hugo find their root, so commands work from content/posts/ too."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def find_config(config_file: Path | None = None) -> Path:
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such file; pass the path of your mkdocs.yml.")
        return config_file
    cwd = Path.cwd()
    found = discover_config(cwd)
    if found is None:
        raise ConfigError(
            "No mkdocs.yml in this folder or any folder above it: run this inside a brandkit "
            "site, pass --config-file, or create a site with `brandkit new DIR`."
        )
    if found.parent == cwd:
        return Path(found.name)
    root = os.path.relpath(found.parent, cwd)
    log.info("Using the site in %s (%s); paths below are relative to it.", root, found.name)
    return found


def load_project(
    config_file: Path | None = None, *, site_dir: str | None = None, strict: bool = False
) -> Project:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from brandkit.config import settings_from

    path = find_config(config_file)
    overrides: dict[str, Any] = {}
    if site_dir is not None:
        overrides["site_dir"] = site_dir
    with _captured_mkdocs_log() as log:
        try:
            cfg = load_config(str(path), strict=strict, **overrides)
        except (Abort, ConfigurationError) as exc:
            details = "; ".join(log.messages) or str(exc)
            raise ConfigError(f"{path}: {details}") from exc
    for record in log.records:
        logging.getLogger(record.name).handle(record)
    plugin = cfg.plugins.get("brandkit")
    if plugin is None:
        raise ConfigError(
            f"{path}: the brandkit plugin is not enabled; add `- brandkit` under `plugins:`."
        )
    settings = settings_from(cfg, plugin.config)
    return Project(
        config_file=path,
        root=path.parent.resolve(),
        docs_dir=Path(cfg["docs_dir"]),
        site_dir=Path(cfg["site_dir"]),
        settings=settings,
        config=plugin.config,
        mkdocs_config=cfg,
    )
