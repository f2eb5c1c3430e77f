"""What a sender is: a named, configured way to announce a post, split into steps.

A step is one outside call (one mail to one reader, one API request). The engine records an intent
in the ledger before each step and the result after it; when a run dies between the two, the next
run calls `reconcile()` so the sender can ask its provider what happened.
"""

from __future__ import annotations

import builtins
import enum
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from brandkit.announce.compose import Announcement
from brandkit.config.options import Schema
from brandkit.errors import ConfigError
from brandkit.secrets import SecretEnv, declared_names, redact, register, register_declared


class DeliveryError(Exception):
    """A step failed. `certain` is True when the provider surely did nothing (safe to retry
    later), False when it may have acted (a timeout after the request went out). The message is
    redacted here, whatever built it (an SMTP server's reply can quote a password too)."""

    def __init__(self, message: str, *, certain: bool, fatal: bool = False) -> None:
        message = redact(message)
        super().__init__(message)
        self.certain = certain
        self.fatal = fatal  # nothing else can work this run (bad credentials, server down)


class Reconciled(enum.Enum):
    DONE = "done"  # the provider has it: record it as done
    NOT_DONE = "not-done"  # the provider surely does not have it: safe to do it now
    UNKNOWN = "unknown"  # no way to ask: report it and do not repeat without --force


@dataclass(frozen=True)
class Step:
    key: str  # unique within (post, sender): "to:<reader digest>", "create", "start"
    description: str  # what a user reads in the plan: "mail to r***@example.com"
    independent: bool = False  # True: later steps do not depend on this one (one mail each)
    aliases: tuple[str, ...] = ()  # keys an older brandkit recorded the same step under


@dataclass(frozen=True)
class StepResult:
    remote_id: str | None = None
    detail: str = ""


@dataclass
class SendContext:
    """What a step may need besides the announcement: earlier steps' results, the env."""

    done: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # step key -> record


class Sender(ABC):
    type: ClassVar[str]
    description: ClassVar[str]
    Options: ClassVar[builtins.type[Schema]]
    can_reconcile: ClassVar[bool] = False  # True: reconcile() really asks the provider
    # The environment variables it reads secrets from: `doctor`, `brandkit ci` (the workflow's
    # secrets) and the messages below name them from here, and their values are redacted.
    secrets: ClassVar[tuple[SecretEnv, ...]] = ()
    section: str = "newsletter.senders"  # where its block lives (set by the loader)
    # Which front-matter flag opts a post out: `newsletter: false` for email senders,
    # `announce: false` for social channels and webmentions.
    kind: ClassVar[str] = "newsletter"
    # True: what a post needs sent changes when the post changes (a webmention per link, sent
    # again after an update); `version()` says which version of the post was announced.
    revisits: ClassVar[bool] = False
    key_length: ClassVar[int] = 32  # hex digits of the post's digest in `key()`

    def __init__(self, name: str, options: Any, env: Mapping[str, str], root: Path) -> None:
        self.name = name
        self.options = options
        self.env = env
        self.root = root
        register_declared(self.secrets, options, env)

    def key(self, a: Announcement) -> str:
        """The post's key at this sender, the same on every run: an idempotency key, or the tag
        that finds what an earlier run created."""
        return f"brandkit-{a.digest(self.name, self.key_length)}"

    def env_names(self) -> list[str]:
        """The variables this sender needs under its options (what CI must pass it)."""
        return declared_names(self.secrets, self.options)

    def where(self, key: str | None = None) -> str:
        base_where = f"mkdocs.yml: plugins.brandkit.{self.section}[{self.name}]"
        return f"{base_where}.{key}" if key else base_where

    def secret(self, env_name: str, key: str) -> str:
        """A secret from the environment; never from mkdocs.yml, never printed."""
        value = self.env.get(env_name, "")
        if not value:
            declared = next((s for s in self.secrets if s.option == key), None)
            what = f" (the {self.type} {declared.purpose})" if declared else ""
            how = f"{declared.how}, then " if declared else ""
            raise ConfigError(
                f"{self.where(key)}: the environment variable {env_name} is not set{what}; "
                f"{how}export {env_name}=... (in GitHub Actions: a repository secret of that "
                "name; `brandkit ci` passes it to the notify job)."
            )
        register(value)
        return value

    def check(self) -> None:  # noqa: B027 - optional hook
        """Fail early (before any step) when something needed for a real send is missing."""

    def prepare(self, announcements: list[Announcement]) -> None:  # noqa: B027 - optional hook
        """Before the first step of a run: read-only work for every planned post at once (e.g.
        discovering endpoints concurrently). Nothing here may change anything anywhere."""

    def config_problems(self, settings: Any) -> list[str]:
        """What is wrong with the options alone (no secrets, no files, no network), for
        `brandkit check`; `settings` is the newsletter section (unsubscribe_url...)."""
        return []

    def validate(self, announcement: Announcement) -> None:
        """Compose everything this post would send, raising what a real send would raise, before
        any intent is recorded. By default: the preview, which is the exact messages."""
        self.preview(announcement)

    @abstractmethod
    def steps(self, announcement: Announcement) -> list[Step]:
        """The outside calls that announce this post, in order."""

    def version(self, announcement: Announcement) -> str | None:
        """For senders that revisit: an id of what was announced (changes with the post)."""
        return None

    def steps_for(
        self, announcement: Announcement, records: Mapping[str, Mapping[str, Any]]
    ) -> list[Step]:
        """The steps, knowing what earlier runs recorded for this post (revisiting senders
        re-send to targets a previous version linked)."""
        return self.steps(announcement)

    @abstractmethod
    def run(self, step: Step, announcement: Announcement, context: SendContext) -> StepResult:
        """Do one step; raise DeliveryError on failure."""

    def reconcile(
        self, step: Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[Reconciled, StepResult | None]:
        """A previous run died during `step`: ask the provider whether it happened."""
        return Reconciled.UNKNOWN, None

    @abstractmethod
    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        """The exact messages or requests, as files (relative name -> bytes), secrets hidden."""

    def preview_step(self, name: str) -> str | None:
        """The step a preview file belongs to (only files of planned steps are written), or
        None when the file belongs to every step."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections at the end of a run."""


def reconciled(found: StepResult | None) -> tuple[Reconciled, StepResult | None]:
    """What `reconcile()` answers once the provider was asked for the step's result: done, with
    what was found, or surely not done."""
    return (Reconciled.NOT_DONE, None) if found is None else (Reconciled.DONE, found)


def preview_json(data: Any) -> bytes:
    """A preview file of requests: indented JSON, non-ASCII text kept readable."""
    return json.dumps(data, indent=2, ensure_ascii=False).encode()
