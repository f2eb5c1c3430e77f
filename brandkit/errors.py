"""The exceptions brandkit raises. Plain exceptions: the CLI (`brandkit.cli`) alone turns them
into one clean line on stderr and an exit code, so the core never imports click."""

from __future__ import annotations

from collections.abc import Sequence

from brandkit.secrets import redact


class BrandkitError(Exception):
    """A user-facing failure: the message says what failed, where, and how to fix it. Any
    registered secret in it is removed here, whoever raised it."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(BrandkitError):
    """mkdocs.yml or the brandkit block in it is wrong."""


class ContentError(BrandkitError):
    """One or more content files are invalid; every problem is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        from brandkit.text import count

        total = count(len(self.problems), "problem")
        lines = [*self.problems, f"{total} in content: fix the files above and run again."]
        super().__init__("\n".join(lines))
