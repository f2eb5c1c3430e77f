"""Plan and run announcements: which post goes out through which sender, exactly once.

The plan is pure (ledger + announcements + senders -> actions). Running it records an intent in
the ledger before every outside call and the result after it, so a run that dies half way is
resumed (and its one uncertain call reconciled) by the next run, never repeated blindly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandkit.announce import ledger as L
from brandkit.announce.compose import Announcement
from brandkit.announce.senders.base import (
    DeliveryError,
    Reconciled,
    SendContext,
    Sender,
    Step,
)
from brandkit.config.options import load
from brandkit.errors import ConfigError

log = logging.getLogger("brandkit.newsletter")

# What the plan says about one step.
SEND = "send"
RETRY = "retry"  # failed last time, surely not done: do it again
RECONCILE = "reconcile"  # a run died during it: ask the provider first
FORCE = "force"  # uncertain last time, repeated because of --force
HELD = "held"  # uncertain last time: reported, not repeated


def load_senders(
    raw: Sequence[Mapping[str, Any]],
    classes: Mapping[str, type[Sender]],
    env: Mapping[str, str],
    root: Path,
) -> list[Sender]:
    """Senders from the `newsletter.senders` list of mkdocs.yml, each options block validated."""
    senders: list[Sender] = []
    names: set[str] = set()
    for index, item in enumerate(raw):
        where = f"mkdocs.yml: plugins.brandkit.newsletter.senders[{index}]"
        kind = item.get("type")
        if not isinstance(kind, str) or kind not in classes:
            known = ", ".join(sorted(classes))
            raise ConfigError(
                f"{where}.type: {kind!r} is not a sender type; use one of: {known} "
                "(`brandkit plugins` lists what is installed)."
            )
        name = str(item.get("name") or kind)
        if name in names:
            raise ConfigError(
                f"{where}.name: two senders are called {name!r}; give each a unique `name:` "
                "(the ledger records what each one sent under it)."
            )
        names.add(name)
        cls = classes[kind]
        options = {k: v for k, v in item.items() if k not in ("type", "name")}
        config: Any = load(cls.Options, options, where)
        senders.append(cls(name, config, env, root))
    return senders


@dataclass
class Item:
    announcement: Announcement
    sender: Sender
    steps: list[tuple[Step, str]]  # (step, one of SEND/RETRY/RECONCILE/FORCE/HELD)

    @property
    def actionable(self) -> list[tuple[Step, str]]:
        return [(s, how) for s, how in self.steps if how != HELD]


@dataclass
class Plan:
    baseline: dict[str, list[Announcement]] = field(default_factory=dict)  # new sender -> posts
    items: list[Item] = field(default_factory=list)
    held: list[tuple[Announcement, Sender, Step]] = field(default_factory=list)

    @property
    def sends(self) -> int:
        return sum(len(item.actionable) for item in self.items)


def make_plan(
    announcements: Sequence[Announcement],
    senders: Sequence[Sender],
    ledger: L.Ledger,
    *,
    force: bool = False,
) -> Plan:
    """Oldest post first, so readers get announcements in publishing order."""
    plan = Plan()
    ordered = sorted(announcements, key=lambda a: (a.date, a.slug))
    for sender in senders:
        if not ledger.knows_sender(sender.name):
            plan.baseline[sender.name] = list(ordered)
            continue
        for a in ordered:
            entry = ledger.entry(a.post_id, sender.name)
            if entry is not None and entry.get("state") in (L.BASELINE, L.DONE):
                continue
            records = ledger.steps(a.post_id, sender.name)
            steps: list[tuple[Step, str]] = []
            for step in sender.steps(a):
                state = records.get(step.key, {}).get("state")
                if state == L.STEP_DONE:
                    continue
                if state == L.PENDING or (state == L.UNKNOWN and sender.can_reconcile):
                    steps.append((step, RECONCILE))
                elif state == L.UNKNOWN:
                    steps.append((step, FORCE if force else HELD))
                    if not force:
                        plan.held.append((a, sender, step))
                elif state == L.FAILED:
                    steps.append((step, RETRY))
                else:
                    steps.append((step, SEND))
            plan.items.append(Item(a, sender, steps))
    return plan


@dataclass
class Outcome:
    done: list[tuple[Announcement, Sender, Step, str]] = field(default_factory=list)
    reconciled: list[tuple[Announcement, Sender, Step, str]] = field(default_factory=list)
    failed: list[tuple[Announcement, Sender, Step, str]] = field(default_factory=list)
    uncertain: list[tuple[Announcement, Sender, Step, str]] = field(default_factory=list)


Report = Callable[[str], None]


def apply_baseline(plan: Plan, senders: Sequence[Sender], ledger: L.Ledger) -> None:
    for sender in senders:
        posts = plan.baseline.get(sender.name)
        if posts is not None:
            ledger.add_sender(
                sender.name, sender.type, [(a.post_id, a.title, a.url) for a in posts]
            )


def run_plan(plan: Plan, ledger: L.Ledger, report: Report, *, force: bool = False) -> Outcome:
    """Do every actionable step; intent before, result after, each saved at once."""
    out = Outcome()
    stopped: set[str] = set()  # senders that hit a fatal error (bad credentials, server down)
    for item in plan.items:
        a, sender = item.announcement, item.sender
        if sender.name in stopped:
            continue
        for step, how in item.steps:
            if how == HELD:
                continue
            record = ledger.step(a.post_id, sender.name, step.key) or {}
            if how == RECONCILE:
                verdict, result = sender.reconcile(step, a, record)
                if verdict is Reconciled.DONE:
                    detail = (result.detail if result else "") or "found at the provider"
                    ledger.finish(
                        a.post_id,
                        sender.name,
                        step.key,
                        L.STEP_DONE,
                        remote_id=result.remote_id if result else None,
                        detail=f"reconciled: {detail}",
                    )
                    out.reconciled.append((a, sender, step, detail))
                    report(
                        f"{a.title} -> {sender.name}: {step.description}: already done ({detail})"
                    )
                    continue
                if verdict is Reconciled.UNKNOWN and not force:
                    msg = (
                        "a previous run stopped during this call and the provider cannot be asked;"
                        " not repeated (check, then run with --force to send it again)"
                    )
                    ledger.finish(a.post_id, sender.name, step.key, L.UNKNOWN, detail=msg)
                    out.uncertain.append((a, sender, step, msg))
                    continue
            ledger.begin(a.post_id, a.title, a.url, sender.name, step.key)
            try:
                context = SendContext(done=ledger.steps(a.post_id, sender.name))
                result = sender.run(step, a, context)
            except DeliveryError as exc:
                state = L.FAILED if exc.certain else L.UNKNOWN
                ledger.finish(a.post_id, sender.name, step.key, state, detail=str(exc))
                bucket = out.failed if exc.certain else out.uncertain
                bucket.append((a, sender, step, str(exc)))
                if exc.fatal:
                    stopped.add(sender.name)
                    break
                if not step.independent:
                    break  # later steps of this post depend on this one
                continue
            ledger.finish(
                a.post_id,
                sender.name,
                step.key,
                L.STEP_DONE,
                remote_id=result.remote_id,
                detail=result.detail,
            )
            out.done.append((a, sender, step, result.detail))
            report(f"{a.title} -> {sender.name}: {step.description}: done")
        ledger.complete(a.post_id, sender.name, [s.key for s in sender.steps(a)])
    return out
