"""What `brandkit check` verifies about announcing, without secrets, files or network: every
sender's type and options, and the settings a real `send` needs (an unsubscribe link for email
sent by brandkit itself, addresses that parse, http(s) endpoints)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brandkit.announce.engine import load_senders
from brandkit.announce.senders.base import Sender
from brandkit.errors import ConfigError

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
    senders: list[Sender] = []
    for index, raw in enumerate(newsletter.senders):
        try:
            # One at a time, so one bad sender does not hide the problems of the next.
            senders += load_senders([raw], classes, {}, root)
        except ConfigError as exc:
            problems += str(exc).replace("senders[0]", f"senders[{index}]").splitlines()
    if len(senders) == len(newsletter.senders):
        try:
            load_senders(newsletter.senders, classes, {}, root)  # unique names
        except ConfigError as exc:
            problems += str(exc).splitlines()
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
    problems: list[str] = []
    names = {str(raw.get("name") or raw.get("type")) for raw in newsletter.senders}
    for index, raw in enumerate(announce.channels):
        try:
            channels = load_senders(
                [raw], classes, {}, root, section="announce.channels", taken=set(names)
            )
        except ConfigError as exc:
            problems += str(exc).replace("channels[0]", f"channels[{index}]").splitlines()
            continue
        for channel in channels:
            names.add(channel.name)
            problems += channel.config_problems(newsletter)
    return problems


def _is_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
