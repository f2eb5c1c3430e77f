"""A loaded brandkit project as plain data (paths, the checked brandkit block, the core Settings),
and finding its mkdocs.yml.

Reading mkdocs.yml is MkDocs' job, so `load_project()` lives in the adapter
(brandkit/mkdocs/project.py); commands call that one function and get a `Project` back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit.errors import ConfigError

if TYPE_CHECKING:
    from brandkit.config.block import BrandkitConfig
    from brandkit.config.settings import Site
    from brandkit.content.models import Settings


@dataclass
class Project:
    config_file: Path
    root: Path
    docs_dir: Path
    site_dir: Path
    settings: Settings
    config: BrandkitConfig  # the brandkit block, checked
    site: Site  # what brandkit uses from mkdocs.yml outside its block
    mkdocs_config: Any  # MkDocs' own loaded config: only the adapter looks inside it

    @property
    def posts_dir(self) -> Path:
        return self.docs_dir / self.settings.posts_dir

    def relative(self, path: Path) -> str:
        """A path as the user should see it: relative to the project root when possible."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_config(config_file: Path | None = None) -> Path:
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: no such file; pass the path of your mkdocs.yml.")
        return config_file
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        candidate = Path(name)
        if candidate.is_file():
            return candidate
    raise ConfigError(
        "No mkdocs.yml in the current directory: run this inside a brandkit site, pass "
        "--config-file, or create a site with `brandkit new DIR`."
    )
