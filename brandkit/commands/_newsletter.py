"""The one boundary between publishing (publish, ci, doctor) and announcing.

Publishing asks three things: is anything configured to announce, which environment variables
do the configured senders declare (the notify job's secrets, `doctor`'s check), and which plugin
packages provide them (the workflow's install step). All three come from the senders' own
declarations (`Sender.secrets`), never from a list kept here.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brandkit.announce.senders.base import Sender
    from brandkit.announce.setup import Need
    from brandkit.project import Project

SEND_COMMAND = "brandkit.commands.newsletter"


def available() -> bool:
    """Is the `brandkit newsletter` command part of this brandkit?"""
    return importlib.util.find_spec(SEND_COMMAND) is not None


def configured(project: Project) -> bool:
    """Anything to announce: email senders or channels (Mastodon, Bluesky, webmentions...)."""
    announce = project.config.announce
    return available() and bool(project.config.newsletter.senders or announce.channels)


def senders(project: Project) -> list[Sender]:
    """The configured senders and channels, validated (a ConfigError names what is wrong)."""
    from brandkit.announce.setup import configured_senders
    from brandkit.plugins import sender_classes

    if not configured(project):
        return []
    return configured_senders(
        project.config.newsletter.senders,
        project.config.announce.channels,
        sender_classes(),
        project.root,
    )


def needs(project: Project) -> list[Need]:
    """Each secret a configured sender reads: variable name and who reads it for what."""
    from brandkit.announce.setup import secret_needs

    return secret_needs(senders(project))


def required_env(project: Project) -> list[str]:
    return sorted({need.env for need in needs(project)})


def plugin_packages(project: Project) -> list[str]:
    from brandkit.announce.setup import plugin_requirements

    return plugin_requirements(senders(project))


def announce(config_file: Path | None) -> None:
    """Run `brandkit announce --yes` (every sender and channel) in this process, its output
    going to the terminal. A failure raises the command's BrandkitError unchanged."""
    from brandkit.commands.newsletter import run_send

    run_send(config_file, dry_run=False, yes=True, force=False, preview_dir=None, channels=True)
