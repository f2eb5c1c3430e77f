"""The one boundary between publishing (publish, ci, doctor) and the newsletter feature.

The newsletter lives in `brandkit.commands.newsletter` / `brandkit.announce`, written separately;
everything publishing needs from it goes through these few functions so either side can change
without the other. Optional hooks looked up in `brandkit.announce`:
- `is_configured(project) -> bool`: are any senders configured?
- `required_env(project) -> list[str]`: environment variables the configured senders read.
Without them, "configured" means the `newsletter` block of the brandkit config names senders.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brandkit.project import Project

SEND_COMMAND = "brandkit.commands.newsletter"


def available() -> bool:
    """Is the `brandkit newsletter` command part of this brandkit?"""
    return importlib.util.find_spec(SEND_COMMAND) is not None


def _hook(name: str) -> Callable[..., Any] | None:
    if importlib.util.find_spec("brandkit.announce") is None:
        return None
    hook = getattr(importlib.import_module("brandkit.announce"), name, None)
    return hook if callable(hook) else None


def configured(project: Project) -> bool:
    if not available():
        return False
    hook = _hook("is_configured")
    if hook is not None:
        return bool(hook(project))
    section = getattr(project.config, "newsletter", None)
    senders = getattr(section, "senders", None) if section is not None else None
    return bool(senders)


def required_env(project: Project) -> list[str]:
    hook = _hook("required_env")
    if hook is None or not configured(project):
        return []
    return sorted({str(name) for name in hook(project)})


def announce(config_file: Path | None) -> None:
    """Run `brandkit newsletter send --yes` in this process, its output going to the terminal.

    A sender failure raises the newsletter command's BrandkitError unchanged.
    """
    import click

    from brandkit.errors import BrandkitError

    command = getattr(importlib.import_module(SEND_COMMAND), "newsletter", None)
    if not isinstance(command, click.Command):
        raise BrandkitError(f"{SEND_COMMAND} has no `newsletter` command; cannot announce.")
    args = ["send", "--yes"]
    if config_file is not None:
        args += ["--config-file", str(config_file)]
    code = command.main(args, prog_name="brandkit newsletter", standalone_mode=False)
    if isinstance(code, int) and code != 0:
        raise BrandkitError(f"`brandkit newsletter send` failed (exit {code}).")
