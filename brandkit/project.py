"""A loaded brandkit project as plain data (paths, the checked brandkit block, the core Settings),
and finding its mkdocs.yml.

Reading mkdocs.yml is MkDocs' job, so `load_project()` lives in the adapter
(brandkit/mkdocs/project.py); commands call that one function and get a `Project` back.
"""

from __future__ import annotations

import logging
import os
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


def refuse_duplicate_keys(path: Path) -> None:
    """Raise ConfigError if a mapping in the YAML file at `path` has a key written twice. YAML
    loaders keep the last one silently, so the first setting would be ignored without a word.
    The file is composed, not constructed: MkDocs' own tags (`!ENV`, `!relative`, Python names)
    need no meaning here, and a file that is not valid YAML is left for MkDocs to report."""
    import yaml

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return
    twice: list[tuple[int, str, int]] = []
    seen_nodes: set[int] = set()
    stack: list[Any] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # an alias: the anchored node was checked already
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    line = key.start_mark.line + 1
                    if key.value in first:
                        twice.append((line, key.value, first[key.value]))
                    else:
                        first[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    if twice:
        line, key, earlier = min(twice)
        raise ConfigError(
            f"{path}:{line}: the key '{key}' is written twice (also at line {earlier}), and only "
            "the last one would count; keep one of them."
        )
