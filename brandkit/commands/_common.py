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


@contextlib.contextmanager
def mkdocs_logging(level: int = logging.WARNING) -> Iterator[_StderrHandler]:
    with _mkdocs_handler(level) as handler:
        yield handler


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
