"""How long work tells how far it has got: stages and steps, shown by whoever listens.

The core and the MkDocs adapter report through a `Progress`; the CLI decides how it looks (one
updating line on a terminal, plain lines in CI, nothing when piped or with --quiet). Work that
nobody watches reports to `SILENT`.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins: `name` says what it does ("rendering posts"); `total`, when
        known, is how many steps `advance` will count."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more steps of the current stage are done."""


class _Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT: Progress = _Silent()
