"""What a site's announcing needs outside brandkit: the secrets its senders declare (for `doctor`
and the CI workflow's notify job) and the plugin packages that provide them (for the workflow's
install step). Pure over the configured senders; no network, no secrets read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandkit.announce.engine import load_senders
from brandkit.announce.senders.base import Sender


@dataclass(frozen=True)
class Need:
    """One environment variable a configured sender reads, and who reads it for what."""

    env: str
    who: str  # e.g. "sender buttondown (API key)"


def configured_senders(
    raw: Sequence[Mapping[str, Any]],
    channels: Sequence[Mapping[str, Any]],
    classes: Mapping[str, type[Sender]],
    root: Path,
) -> list[Sender]:
    """The configured senders and channels, options validated, with no environment (nothing
    is read)."""
    names: set[str] = set()
    found = load_senders(raw, classes, {}, root, taken=names)
    return found + load_senders(
        channels, classes, {}, root, section="announce.channels", taken=names
    )


def secret_needs(senders: Iterable[Sender]) -> list[Need]:
    needs: list[Need] = []
    for sender in senders:
        for declared in sender.secrets:
            if declared.needed(sender.options):
                env = declared.name(sender.options)
                needs.append(Need(env, f"{sender.type} {sender.name!r} ({declared.purpose})"))
    return needs


def plugin_requirements(senders: Iterable[Sender]) -> list[str]:
    """`name==version` of each installed distribution (other than brandkit) whose plugin
    provides a configured sender, so CI installs the same plugins."""
    from brandkit.plugins import get_plugin_manager

    wanted = {type(sender) for sender in senders}
    found: set[str] = set()
    for plugin, dist in get_plugin_manager().list_plugin_distinfo():
        hook = getattr(plugin, "brandkit_senders", None)
        if hook is not None and wanted.intersection(hook()):
            found.add(f"{dist.project_name}=={dist.version}")
    return sorted(found)
