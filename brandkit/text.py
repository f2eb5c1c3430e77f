"""Small helpers for the sentences brandkit prints."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`count(1, "post")` -> "1 post"; `count(2, "post")` -> "2 posts"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
