"""What `brandkit check` verifies about announcing, without secrets, files or network: every
sender's type and options, and the settings a real `send` needs (an unsubscribe link for email
sent by brandkit itself, addresses that parse, http(s) endpoints)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brandkit.announce.engine import read_senders
from brandkit.announce.senders.base import Sender

WHERE = "mkdocs.yml: plugins.brandkit.newsletter"


def newsletter_problems(
    newsletter: Any, classes: Mapping[str, type[Sender]], root: Path
) -> list[str]:
    """Every problem with the `newsletter:` section, one line each."""
    problems: list[str] = []
    for key in ("unsubscribe_url",):
        value = getattr(newsletter, key)
        if value and not _is_http(value.replace("{email}", "x")):
            problems.append(f"{WHERE}.{key}: {value!r} is not an http(s) URL; write the full URL.")
    mailto = newsletter.unsubscribe_mailto
    if mailto and "@" not in mailto:
        problems.append(f"{WHERE}.unsubscribe_mailto: {mailto!r} is not an email address.")
    senders, found = read_senders(newsletter.senders, classes, {}, root)
    problems += found
    for sender in senders:
        problems += sender.config_problems(newsletter)
        for key in ("url", "api_url"):
            value = getattr(sender.options, key, None)
            if isinstance(value, str) and not _is_http(value):
                problems.append(f"{sender.where(key)}: {value!r} is not an http(s) URL.")
    return problems


def channel_problems(
    announce: Any, newsletter: Any, classes: Mapping[str, type[Sender]], root: Path
) -> list[str]:
    """Every problem with `announce.channels`: types, options, templates, unique names."""
    names = {str(raw.get("name") or raw.get("type")) for raw in newsletter.senders}
    channels, problems = read_senders(
        announce.channels, classes, {}, root, section="announce.channels", taken=names
    )
    for channel in channels:
        problems += channel.config_problems(newsletter)
    return problems


def _is_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
