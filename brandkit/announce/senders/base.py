"""What a sender is: a named, configured way to announce a post, split into steps.

A step is one outside call (one mail to one reader, one API request). The engine records an intent
in the ledger before each step and the result after it; when a run dies between the two, the next
run calls `reconcile()` so the sender can ask its provider what happened.
"""

from __future__ import annotations

import builtins
import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from brandkit.announce.compose import Announcement
from brandkit.config.options import Schema
from brandkit.errors import ConfigError


class DeliveryError(Exception):
    """A step failed. `certain` is True when the provider surely did nothing (safe to retry
    later), False when it may have acted (a timeout after the request went out)."""

    def __init__(self, message: str, *, certain: bool, fatal: bool = False) -> None:
        super().__init__(message)
        self.certain = certain
        self.fatal = fatal  # nothing else can work this run (bad credentials, server down)


class Reconciled(enum.Enum):
    DONE = "done"  # the provider has it: record it as done
    NOT_DONE = "not-done"  # the provider surely does not have it: safe to do it now
    UNKNOWN = "unknown"  # no way to ask: report it and do not repeat without --force


@dataclass(frozen=True)
class Step:
    key: str  # unique within (post, sender): "to:reader@example.com", "create", "start"
    description: str  # what a user reads in the plan: "mail to reader@example.com"
    independent: bool = False  # True: later steps do not depend on this one (one mail each)


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

    def __init__(self, name: str, options: Any, env: Mapping[str, str], root: Path) -> None:
        self.name = name
        self.options = options
        self.env = env
        self.root = root

    def where(self, key: str | None = None) -> str:
        base_where = f"mkdocs.yml: plugins.brandkit.newsletter.senders[{self.name}]"
        return f"{base_where}.{key}" if key else base_where

    def secret(self, env_name: str, key: str) -> str:
        """A secret from the environment; never from mkdocs.yml, never printed."""
        value = self.env.get(env_name, "")
        if not value:
            raise ConfigError(
                f"{self.where(key)}: the environment variable {env_name} is not set; export it "
                f"(e.g. as a GitHub Actions secret) before sending."
            )
        return value

    def check(self) -> None:  # noqa: B027 - optional hook
        """Fail early (before any step) when something needed for a real send is missing."""

    @abstractmethod
    def steps(self, announcement: Announcement) -> list[Step]:
        """The outside calls that announce this post, in order."""

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

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections at the end of a run."""
