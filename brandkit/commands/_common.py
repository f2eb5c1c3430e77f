"""Pieces shared by the CLI commands: the --config-file option, logging, terminal detection."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def config_option(fn: F) -> F:
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Path of mkdocs.yml (default: ./mkdocs.yml).",
    )(fn)


class _StderrHandler(logging.Handler):
    """Prints warnings at once and keeps errors, so a failed build ends with one clean message."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.errors: list[str] = []
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        elif record.levelno >= logging.WARNING:
            self.warnings += 1
            click.echo(f"warning: {message}", err=True)
        else:
            click.echo(message, err=True)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    # brandkit runs MkDocs' dirty mode on purpose (on an empty staging directory for `build`,
    # with its own page selection for `serve`): MkDocs' warning about it does not apply, and
    # under --strict it would fail every build.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def mkdocs_logging(level: int = logging.WARNING) -> Iterator[_StderrHandler]:
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(_not_dirty_warning)
    try:
        with _mkdocs_handler(level) as handler:
            yield handler
    finally:
        build_logger.removeFilter(_not_dirty_warning)


@contextlib.contextmanager
def _mkdocs_handler(level: int) -> Iterator[_StderrHandler]:
    logger = logging.getLogger("mkdocs")
    handler = _StderrHandler(level)
    old = (logger.level, logger.propagate, list(logger.handlers))
    for h in old[2]:
        logger.removeHandler(h)
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.WARNING))
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        for h in old[2]:
            logger.addHandler(h)
        logger.setLevel(old[0])
        logger.propagate = old[1]


def stdout_is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


class _Notice(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


@contextlib.contextmanager
def site_notices() -> Iterator[None]:
    """Show which site a command works on when its mkdocs.yml is in a folder above this one."""
    logger = logging.getLogger("brandkit.project")
    handler = _Notice(logging.INFO)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
