"""The small helpers for the sentences brandkit prints: the one plural rule, word lists."""

from __future__ import annotations

from collections.abc import Sequence


def plural(number: int, noun: str, plural: str | None = None) -> str:
    """The noun for `number` things: `plural(1, "post")` -> "post", else "posts"."""
    return noun if number == 1 else plural or noun + "s"


def count(number: int, noun: str, plural_form: str | None = None) -> str:
    """`count(1, "post")` -> "1 post"; `count(2, "post")` -> "2 posts"."""
    return f"{number} {plural(number, noun, plural_form)}"


def join_words(words: Sequence[str], last: str = "and") -> str:
    """`join_words(["a", "b", "c"], "or")` -> "a, b or c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"
