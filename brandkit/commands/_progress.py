"""What progress looks like: one updating line on a terminal, plain lines in CI, nothing when
the output is piped or with --quiet.

The line is click's progress bar, so brandkit adds no dependency for it: click already finds out
whether stderr is a terminal, hides the cursor while the line updates and pads it when it gets
shorter. Stages rarely know their length in advance (MkDocs decides which pages it writes), so
the line shows the stage and its count rather than a bar.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from brandkit.progress import SILENT, Progress

# Lines being updated on the terminal; a message printed meanwhile clears them first.
_live: list[_TerminalLine] = []


class _TerminalLine:
    """One line on the terminal, rewritten as stages begin and steps are done."""

    def __init__(self, label: str, bar: Any) -> None:
        self.label = label
        self.bar = bar
        self.pid = os.getpid()
        self.name = ""
        self.total: int | None = None
        self.done = 0

    def stage(self, name: str, total: int | None = None) -> None:
        self.name, self.total, self.done = name, total, 0
        self._show(1)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self._show(steps)

    def _show(self, steps: int) -> None:
        # A forked helper process (the second page builder) shares the terminal, not the line.
        if os.getpid() != self.pid:
            return
        if self.total:
            text = f"{self.name} {min(self.done, self.total)}/{self.total}"
        elif self.done:
            text = f"{self.name} ({self.done})"
        else:
            text = self.name
        self.bar.update(steps, text)


class _PlainLines:
    """A line per stage, for logs (CI) that keep every line and show no carriage returns."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.pid = os.getpid()

    def stage(self, name: str, total: int | None = None) -> None:
        if os.getpid() == self.pid:
            suffix = f" ({total})" if total else ""
            click.echo(f"{self.label}: {name}{suffix}", err=True)

    def advance(self, steps: int = 1) -> None:
        pass


@contextlib.contextmanager
def reporting(label: str, *, quiet: bool = False) -> Iterator[Progress]:
    """A `Progress` for the work done inside the block, shown on stderr as the situation wants:
    a terminal gets one updating line, a CI log gets a plain line per stage, a pipe gets none
    (it is read by a program), and --quiet turns it off."""
    if quiet:
        yield SILENT
    elif _is_terminal():
        bar = click.progressbar(
            itertools.count(),
            label=label,
            item_show_func=lambda text: text,
            file=sys.stderr,
            bar_template="%(label)s: %(info)s",
            show_eta=False,
            show_percent=False,
        )
        with bar:
            line = _TerminalLine(label, bar)
            _live.append(line)
            try:
                yield line
                line.stage("done")
            finally:
                _live.remove(line)
    elif os.environ.get("CI"):
        yield _PlainLines(label)
    else:
        yield SILENT


def _is_terminal() -> bool:
    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


def interrupt() -> None:
    """Clear the updating line before a message is printed, so the message starts at the left
    edge; the line is drawn again below it at its next update."""
    if _live:
        click.echo("\r\x1b[2K", nl=False, err=True)


def say(message: str) -> None:
    """A message on stderr that keeps clear of the updating line."""
    interrupt()
    click.echo(message, err=True)
