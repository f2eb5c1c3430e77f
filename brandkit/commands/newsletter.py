"""`brandkit newsletter send|status`: announce each new post exactly once per sender."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from brandkit.commands._common import config_option, confirm_or_refuse, mkdocs_logging
from brandkit.commands._habits import SuggestingGroup
from brandkit.errors import BrandkitError

if TYPE_CHECKING:
    from brandkit.announce.engine import Outcome, Plan
    from brandkit.announce.ledger import Ledger
    from brandkit.announce.senders.base import Sender

DEFAULT_PREVIEW = Path(".cache") / "brandkit" / "newsletter-preview"


@click.group(cls=SuggestingGroup)
def newsletter() -> None:
    """Announce new posts by email: `send` them, see the ledger with `status`.

    \b
    Configure senders in the brandkit block of mkdocs.yml (see the README), then:
      brandkit build
      brandkit newsletter send --dry-run   # the plan, and the exact emails in a folder
      brandkit newsletter send             # asks before sending (use --yes in CI)
      brandkit newsletter status
    """


def err(message: str) -> None:
    click.echo(message, err=True)


@newsletter.command()
@config_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the plan and write the exact emails and requests to the preview folder; "
    "send and record nothing.",
)
@click.option(
    "-y",
    "--yes",
    is_flag=True,
    help="Send without asking (required when not run from a terminal, e.g. in CI).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Also repeat calls a crashed run left uncertain (may send a duplicate).",
)
@click.option(
    "--preview-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Where --dry-run writes (default: {DEFAULT_PREVIEW}/).",
)
def send(
    config_file: Path | None, dry_run: bool, yes: bool, force: bool, preview_dir: Path | None
) -> None:
    """Announce every post published since the last run, once per post and sender.

    The first run for a sender records every existing post as already announced and sends
    nothing. Only published posts present in the built site (run `brandkit build` first) are
    announced. Secrets come from environment variables only.

    \b
    Examples:
      brandkit newsletter send --dry-run   # plan + exact emails in .cache/brandkit/...
      brandkit newsletter send --yes       # in CI, after `brandkit build`
      brandkit newsletter send --force     # also repeat calls a crash left uncertain
    """
    run_send(
        config_file, dry_run=dry_run, yes=yes, force=force, preview_dir=preview_dir, channels=False
    )


def run_send(
    config_file: Path | None,
    *,
    dry_run: bool,
    yes: bool,
    force: bool,
    preview_dir: Path | None,
    channels: bool,
    only: tuple[str, ...] = (),
) -> None:
    """`newsletter send` (the email senders) and `announce` (those and every channel): one plan,
    one ledger, the same guarantees."""
    from brandkit.announce import engine
    from brandkit.announce.ledger import Ledger
    from brandkit.announce.posts import collect
    from brandkit.content.loader import load_valid_posts
    from brandkit.mkdocs.project import load_project
    from brandkit.plugins import sender_classes
    from brandkit.site import build_now
    from brandkit.state import STATE_PATH, State, locked_state

    with mkdocs_logging():
        project = load_project(config_file)
    nl = project.config.newsletter
    raw_channels = project.config.announce.channels if channels else []
    if not nl.senders and not raw_channels:
        where = "newsletter.senders" + (" and announce.channels are" if channels else " is")
        raise BrandkitError(
            f"mkdocs.yml: plugins.brandkit.{where} empty; add a sender (smtp, buttondown, "
            "listmonk or webhook) or a channel (mastodon, bluesky, webmention; see the README) "
            "to announce posts."
        )
    classes, names = sender_classes(), set[str]()
    senders = engine.load_senders(nl.senders, classes, os.environ, project.root, taken=names)
    senders += engine.load_senders(
        raw_channels, classes, os.environ, project.root, section="announce.channels", taken=names
    )
    if only:
        unknown = sorted(set(only) - names)
        if unknown:
            raise BrandkitError(
                f"--only {', '.join(unknown)}: no sender or channel of that name; configured: "
                f"{', '.join(sorted(names))}."
            )
        senders = [s for s in senders if s.name in only]
    from brandkit.mkdocs.seo import post_card_spec

    candidates = collect(
        project,
        load_valid_posts(project),
        build_now(),
        lambda post: post_card_spec(project, post),
    )
    for post in candidates.not_built:
        err(
            f"note: {post.title!r} is published but not in the built site; "
            "run `brandkit build` to announce it."
        )
    state_path = project.root / STATE_PATH

    if dry_run:
        ledger = Ledger(State.load(state_path), persist=False)
        plan = engine.make_plan(candidates.announcements, senders, ledger, force=force)
        _print_plan(plan, dry_run=True)
        engine.validate_plan(plan)
        for sender in senders:  # read-only (webmention discovery), so previews are exact
            sender.prepare(
                [i.announcement for i in plan.items if i.sender is sender and i.actionable]
            )
        target = preview_dir or project.root / DEFAULT_PREVIEW
        written = _write_previews(plan, target)
        click.echo(
            f"Dry run: nothing sent, nothing recorded. "
            f"{written} preview file(s) in {_shown(target)}/"
        )
        return

    with locked_state(state_path) as state:
        ledger = Ledger(state)
        plan = engine.make_plan(candidates.announcements, senders, ledger, force=force)
        _print_plan(plan, dry_run=False)
        engine.validate_plan(plan)  # every message composed before any intent is recorded
        engine.apply_baseline(plan, senders, ledger)
        if plan.sends == 0:
            click.echo("Nothing to send.")
            _print_held(plan)
            return
        if not yes:
            confirm_or_refuse(
                f"Send {plan.sends} announcement call(s) now?",
                f"{plan.sends} outside call(s) planned; not run from a terminal, so pass --yes "
                "to send (or --dry-run to preview).",
            )
        active = {item.sender.name: item.sender for item in plan.items if item.actionable}
        for sender in active.values():
            sender.check()
        for sender in active.values():
            # e.g. webmention endpoints discovered concurrently; read-only, so no ledger record
            sender.prepare(
                [i.announcement for i in plan.items if i.sender is sender and i.actionable]
            )
        try:
            outcome = engine.run_plan(plan, ledger, click.echo, force=force)
        finally:
            for sender in senders:
                sender.close()
    _print_held(plan)
    _finish(outcome)


def _print_plan(plan: Plan, *, dry_run: bool) -> None:
    would = "would record" if dry_run else "recording"
    for name, posts in plan.baseline.items():
        click.echo(
            f"First run for sender {name!r}: {would} {len(posts)} existing post(s) as already "
            "announced; nothing is sent for them."
        )
    for item in plan.items:
        for step, how in item.actionable:
            label = {
                "send": "send",
                "retry": "retry (failed before)",
                "reconcile": "check with the provider (a run stopped here)",
                "force": "send again (--force)",
            }[how]
            click.echo(
                f"plan: {item.announcement.title} -> {item.sender.name}: "
                f"{step.description} [{label}]"
            )


def _print_held(plan: Plan) -> None:
    for a, sender, step in plan.held:
        err(
            f"warning: {a.title} -> {sender.name}: {step.description}: a previous run stopped "
            "during this call and it may have gone out; not repeated. Check, then use "
            "`brandkit newsletter send --force` to send it again."
        )


def _finish(outcome: Outcome) -> None:
    for a, sender, step, message in outcome.uncertain:
        err(f"warning: {a.title} -> {sender.name}: {step.description}: {message}")
    sent = len(outcome.done)
    click.echo(
        f"Sent {sent} call(s), {len(outcome.reconciled)} reconciled, "
        f"{len(outcome.failed)} failed, {len(outcome.uncertain)} uncertain."
    )
    if outcome.failed:
        lines = [
            f"{a.title} -> {sender.name}: {step.description}: {message}"
            for a, sender, step, message in outcome.failed
        ]
        raise BrandkitError(
            "\n".join([*lines, "Failed calls are recorded; fix the cause and run send again."])
        )


def _write_previews(plan: Plan, target: Path) -> int:
    from brandkit.secrets import redact_bytes

    # The preview folder is brandkit's own scratch space: replaced wholesale on every dry run.
    if target.exists():
        shutil.rmtree(target)
    count = 0
    seen: set[tuple[str, str]] = set()
    for item in plan.items:
        if not item.actionable:
            continue
        a, sender = item.announcement, item.sender
        if (a.post_id, sender.name) in seen:
            continue
        seen.add((a.post_id, sender.name))
        wanted = {step.key for step, _ in item.actionable}
        files = sender.preview(a)
        for name, data in files.items():
            step_key = sender.preview_step(name)
            if step_key is not None and step_key not in wanted:
                continue
            path = target / a.slug / _safe(sender.name) / _safe(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Previews are exact, except for a secret a sender put in by mistake.
            path.write_bytes(redact_bytes(data, patterns=False))
            count += 1
    return count


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "@._-+" else "_" for ch in name)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


@newsletter.command()
@config_option
def status(config_file: Path | None) -> None:
    """Show the send ledger: each post, each sender, and what happened.

    \b
    Example:
      brandkit newsletter status
    """
    ledger = read_ledger(
        config_file,
        "No announcements yet: run `brandkit newsletter send` once to start the ledger.",
    )
    if ledger is None:
        return
    for name, info in sorted(ledger.data["senders"].items()):
        click.echo(f"sender {name} ({info.get('type')}): since {info.get('since')}")
    attention = 0
    for _post_id, post, sender, entry in ledger.rows():
        steps = entry.get("steps", {})
        counts: dict[str, int] = {}
        for record in steps.values():
            counts[record.get("state", "?")] = counts.get(record.get("state", "?"), 0) + 1
        state = entry.get("state", "?")
        label = {"baseline": "existed before the first run (not sent)"}.get(state, state)
        detail = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        click.echo(
            f"{post.get('title', _post_id)} -> {sender}: {label}"
            + (f" ({detail})" if detail else "")
        )
        for line in attention_lines(entry, "  "):
            attention += 1
            click.echo(line)
    report_attention(attention)


def read_ledger(config_file: Path | None, nothing_yet: str) -> Ledger | None:
    """The send ledger of the project, read only; None, after saying `nothing_yet`, when no
    sender has run yet."""
    from brandkit.announce.ledger import Ledger
    from brandkit.mkdocs.project import load_project
    from brandkit.state import STATE_PATH, State

    with mkdocs_logging():
        project = load_project(config_file)
    ledger = Ledger(State.load(project.root / STATE_PATH), persist=False)
    if not ledger.data["senders"]:
        click.echo(nothing_yet)
        return None
    return ledger


def report_attention(count: int) -> None:
    """The status commands' last line, on stderr, when calls listed above need attention."""
    if count:
        err(f"{count} call(s) need attention (see above).")


def attention_lines(entry: dict[str, Any], indent: str) -> list[str]:
    """One line per call of a (post, sender) entry that failed, is uncertain or was cut off."""
    from brandkit.announce import ledger as L

    return [
        f"{indent}{key}: {record['state']}: {record.get('detail', 'interrupted')}"
        for key, record in entry.get("steps", {}).items()
        if record.get("state") in (L.UNKNOWN, L.FAILED, L.PENDING)
    ]


def _unused(_: list[Sender]) -> None:  # keeps the TYPE_CHECKING import honest for mypy
    return None
