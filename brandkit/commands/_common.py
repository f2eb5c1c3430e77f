"""Pieces shared by the CLI commands: the --config-file option, logging, terminal detection."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

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


# The warnings printed so far inside `warnings_once`.
_SAID: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "brandkit_said", default=None
)


class _StderrHandler(logging.Handler):
    """Prints MkDocs' messages in brandkit's words (brandkit.mkdocs.messages): warnings at once,
    counted; errors kept, so a failed build ends with one clean message; MkDocs' bookkeeping
    only with --verbose."""

    def __init__(self, level: int, *, verbose: bool = False) -> None:
        super().__init__(logging.DEBUG if verbose else level)
        self.verbose = verbose
        self.errors: list[str] = []
        self.warnings = 0
        self.docs = "content"  # the content folder as the user sees it; set once it is known

    def emit(self, record: logging.LogRecord) -> None:
        from brandkit.commands._progress import say
        from brandkit.mkdocs.messages import NEVER, VERBOSE, translate

        counted = getattr(record, "brandkit_counted", None)
        if isinstance(counted, int):
            # A summary of warnings already printed elsewhere (by the second page builder).
            self.warnings += counted
            return
        shown = translate(record.getMessage(), self.docs)
        if shown.when == NEVER:
            return
        if record.levelno >= logging.ERROR:
            self.errors.append(shown.text)
            return
        if record.levelno >= logging.WARNING:
            self.warnings += 1
            said = _SAID.get()
            if said is None or shown.text not in said:
                if said is not None:
                    said.add(shown.text)
                say(f"warning: {shown.text}")
            return
        if shown.when == VERBOSE and not self.verbose:
            return
        say(shown.text)


@contextlib.contextmanager
def mkdocs_logging(
    level: int = logging.WARNING, *, verbose: bool = False
) -> Iterator[_StderrHandler]:
    """MkDocs' log shown the brandkit way while the block runs: `level` and above, everything
    with `verbose`."""
    with _mkdocs_handler(level, verbose) as handler:
        yield handler


@contextlib.contextmanager
def _mkdocs_handler(level: int, verbose: bool) -> Iterator[_StderrHandler]:
    logger = logging.getLogger("mkdocs")
    handler = _StderrHandler(level, verbose=verbose)
    old = (logger.level, logger.propagate, list(logger.handlers))
    for h in old[2]:
        logger.removeHandler(h)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else min(level, logging.WARNING))
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        for h in old[2]:
            logger.addHandler(h)
        logger.setLevel(old[0])
        logger.propagate = old[1]


def quiet_option(fn: F) -> F:
    """--quiet, for commands that show progress."""
    return click.option(
        "-q", "--quiet", is_flag=True, help="No progress; only warnings, errors and the result."
    )(fn)


def output_options(fn: F) -> F:
    """--quiet and --verbose, for commands that build the site."""
    fn = click.option(
        "-v", "--verbose", is_flag=True, help="Also show what MkDocs does, step by step."
    )(fn)
    return quiet_option(fn)


def stdout_is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm_or_refuse(question: str, no_terminal: str) -> None:
    """Ask `question` and stop on no; with no terminal to ask on, refuse with `no_terminal`
    (which says to pass --yes)."""
    from brandkit.errors import BrandkitError

    if not stdout_is_terminal():
        raise BrandkitError(no_terminal)
    click.confirm(question, abort=True)


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


@contextlib.contextmanager
def warnings_once() -> Iterator[None]:
    """Print each of MkDocs' warnings once while the block runs, however often it is raised:
    `deploy` and `publish` load mkdocs.yml and build more than once (a server, which rebuilds
    for as long as it runs, says a warning again each time)."""
    said = _SAID.set(set())
    try:
        yield
    finally:
        _SAID.reset(said)


def each_warning_once(fn: F) -> F:
    """Run the command inside `warnings_once` (put it just above the function)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with warnings_once():
            return fn(*args, **kwargs)

    return cast(F, run)
