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
    *,
    section: str = "newsletter.senders",
    taken: set[str] | None = None,
) -> list[Sender]:
    """Senders (or channels) from a list of mkdocs.yml, each options block validated: a
    ConfigError listing every problem. `taken`: names already used by another list, since the
    ledger keys by name."""
    senders, problems = read_senders(raw, classes, env, root, section=section, taken=taken)
    if problems:
        raise ConfigError("\n".join(problems))
    return senders


def read_senders(
    raw: Sequence[Mapping[str, Any]],
    classes: Mapping[str, type[Sender]],
    env: Mapping[str, str],
    root: Path,
    *,
    section: str = "newsletter.senders",
    taken: set[str] | None = None,
) -> tuple[list[Sender], list[str]]:
    """The senders of `raw` that are valid, and every problem of the others (one line each, so
    one bad sender does not hide the next one's); see `load_senders`."""
    senders: list[Sender] = []
    problems: list[str] = []
    names: set[str] = taken if taken is not None else set()
    for index, item in enumerate(raw):
        where = f"mkdocs.yml: plugins.brandkit.{section}[{index}]"
        kind = item.get("type")
        if not isinstance(kind, str) or kind not in classes:
            known = ", ".join(sorted(classes))
            problems.append(
                f"{where}.type: {kind!r} is not a sender type; use one of: {known} "
                "(`brandkit plugins` lists what is installed)."
            )
            continue
        name = str(item.get("name") or kind)
        if name in names:
            problems.append(
                f"{where}.name: two senders are called {name!r}; give each a unique `name:` "
                "(the ledger records what each one sent under it)."
            )
            continue
        names.add(name)
        cls = classes[kind]
        options = {k: v for k, v in item.items() if k not in ("type", "name")}
        try:
            config: Any = load(cls.Options, options, where)
            sender = cls(name, config, env, root)  # may check how its options go together
        except ConfigError as exc:
            problems += str(exc).splitlines()
            continue
        sender.section = section
        senders.append(sender)
    return senders, problems


@dataclass
class Item:
    announcement: Announcement
    sender: Sender
    steps: list[tuple[Step, str]]  # (step, one of SEND/RETRY/RECONCILE/FORCE/HELD)
    all_steps: list[Step] = field(default_factory=list)  # done ones included

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
            if sender.kind in a.opt_out:
                continue
            entry = ledger.entry(a.post_id, sender.name)
            announced = entry is not None and entry.get("state") in (L.BASELINE, L.DONE)
            if announced and (
                not sender.revisits or (entry or {}).get("version") == sender.version(a)
            ):
                continue
            records = ledger.steps(a.post_id, sender.name)
            steps: list[tuple[Step, str]] = []
            all_steps = sender.steps_for(a, records)
            for step in all_steps:
                record = _record(records, step)
                state = record.get("state")
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
            plan.items.append(Item(a, sender, steps, all_steps))
    return plan


def _record(records: Mapping[str, Mapping[str, Any]], step: Step) -> Mapping[str, Any]:
    for key in (step.key, *step.aliases):
        if key in records:
            return records[key]
    return {}


def validate_plan(plan: Plan) -> None:
    """Compose every message the plan would send, before any intent is recorded: a post that
    cannot be composed (a bad address, a missing unsubscribe link) stops the run here, with
    nothing sent and no reader left "uncertain". One line per problem, naming post and sender."""
    problems: dict[tuple[str, str], list[str]] = {}
    for item in plan.items:
        if not item.actionable:
            continue
        a, sender = item.announcement, item.sender
        try:
            sender.validate(a)
        except (ConfigError, DeliveryError, ValueError) as exc:
            message = str(exc).replace("\n", "; ")
            problems.setdefault((f"{sender.name} ({sender.type})", message), []).append(
                a.source or a.title
            )
    if problems:
        lines = [
            f"{', '.join(posts)} -> sender {name}: {message}"
            for (name, message), posts in problems.items()
        ]
        lines.append("Nothing was sent or recorded: fix the above and run again.")
        raise ConfigError("\n".join(lines))


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
                sender.name,
                sender.type,
                [(a.post_id, a.title, a.url) for a in posts],
                {a.post_id: v for a in posts if (v := sender.version(a)) is not None},
            )


def run_plan(plan: Plan, ledger: L.Ledger, report: Report, *, force: bool = False) -> Outcome:
    """Do every actionable step; intent before, result after, each saved at once."""
    out = Outcome()
    stopped: set[str] = set()  # senders that hit a fatal error (bad credentials, server down)
    for item in plan.items:
        a, sender = item.announcement, item.sender
        if sender.name in stopped:
            continue
        for step in item.all_steps:
            ledger.adopt_aliases(a.post_id, sender.name, step.key, step.aliases)
        for step, how in item.steps:
            if how == HELD:
                continue
            record = ledger.step(a.post_id, sender.name, step.key) or {}
            if how == RECONCILE:
                try:
                    verdict, result = sender.reconcile(step, a, record)
                except DeliveryError as exc:
                    # Could not ask: the step stays as it was (pending), asked again next run.
                    msg = f"could not check with the provider whether it went out: {exc}"
                    out.failed.append((a, sender, step, msg))
                    if exc.fatal:
                        stopped.add(sender.name)
                    if exc.fatal or not step.independent:
                        break
                    continue
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
            except ConfigError as exc:
                # Raised by brandkit's own checks before the call (validate_plan catches them
                # first; a plugin may still raise one): surely not sent.
                ledger.finish(a.post_id, sender.name, step.key, L.FAILED, detail=str(exc))
                raise ConfigError(f"{a.source or a.title} -> sender {sender.name}: {exc}") from exc
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
        ledger.complete(a.post_id, sender.name, [s.key for s in item.all_steps], sender.version(a))
    return out
