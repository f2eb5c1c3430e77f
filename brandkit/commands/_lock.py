"""The `--wait` option and the site lock as the commands take it (see brandkit.site_lock)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from brandkit.commands._progress import say
from brandkit.site_lock import DEFAULT_WAIT, site_lock

if TYPE_CHECKING:
    from brandkit.project import Project

F = TypeVar("F", bound=Callable[..., Any])


def wait_option(fn: F) -> F:
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=DEFAULT_WAIT,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait while another brandkit command builds this site (0: do not wait).",
    )(fn)


@contextlib.contextmanager
def locked(project: Project, command: str, wait: float | None = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the site lock of `project`, saying on stderr when another command has it."""
    cache_dir = project.root / project.config.cache_dir
    with site_lock(cache_dir, command, wait=wait, notify=say):
        yield
