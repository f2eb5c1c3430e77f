"""The few exceptions brandkit raises; all are Click exceptions so the CLI prints one clean line."""

from __future__ import annotations

from collections.abc import Sequence

import click


class BrandkitError(click.ClickException):
    """A user-facing failure: the message says what failed, where, and how to fix it."""


class ConfigError(BrandkitError):
    """mkdocs.yml or the brandkit block in it is wrong."""


class ContentError(BrandkitError):
    """One or more content files are invalid; every problem is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [*self.problems, f"{count} {noun} in content: fix the files above and run again."]
        super().__init__("\n".join(lines))
