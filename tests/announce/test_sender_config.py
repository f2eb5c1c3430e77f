"""Senders and channels as mkdocs.yml lists them: every problem of every entry at once, each
named by its own index (one bad sender does not hide the next one's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.announce.engine import load_senders, read_senders
from brandkit.errors import ConfigError
from brandkit.plugins import sender_classes

RAW = [
    {"type": "smtp", "host": "127.0.0.1", "from_address": "jane@example.com", "to": "l@x.org"},
    {"type": "carrier-pigeon"},
    {"type": "smtp", "host": "127.0.0.1", "from_address": "jane@example.com"},  # "smtp" again
    {"type": "webhook", "name": "hook", "url": "https://example.com/hook", "colour": "red"},
    {"type": "webhook", "name": "ok", "url": "https://example.com/ok"},
    {"type": "smtp", "name": "alone", "host": "127.0.0.1", "from_address": "j@example.com"},
]


def test_every_problem_is_listed_with_its_index(tmp_path: Path) -> None:
    senders, problems = read_senders(RAW, sender_classes(), {}, tmp_path)
    assert [s.name for s in senders] == ["smtp", "ok"]
    where = "mkdocs.yml: plugins.brandkit.newsletter.senders"
    assert problems[0].startswith(f"{where}[1].type: 'carrier-pigeon' is not a sender type")
    assert problems[1].startswith(f"{where}[2].name: two senders are called 'smtp'")
    assert problems[2].startswith(f"{where}[3].colour:")
    # Options that are each fine but do not go together (the sender's own check).
    assert problems[3].startswith(f"{where}[alone]: set exactly one of `subscribers:`")
    assert len(problems) == 4
    with pytest.raises(ConfigError) as raised:
        load_senders(RAW, sender_classes(), {}, tmp_path)
    assert raised.value.message.splitlines() == problems
