"""`brandkit announce`: every configured sender and channel (email, Mastodon, Bluesky,
webmentions, plugins) once per post; `brandkit announce status`: the ledger per channel."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option
from brandkit.commands.newsletter import (
    DEFAULT_PREVIEW,
    attention_lines,
    read_ledger,
    report_attention,
    run_send,
)


@click.group(invoke_without_command=True)
@config_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the plan and write the exact requests to the preview folder; send nothing.",
)
@click.option("-y", "--yes", is_flag=True, help="Send without asking (required in CI).")
@click.option(
    "--force", is_flag=True, help="Also repeat calls a crashed run left uncertain (may duplicate)."
)
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Only this sender or channel (by its name; repeat for more).",
)
@click.option(
    "--preview-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Where --dry-run writes (default: {DEFAULT_PREVIEW}/).",
)
@click.pass_context
def announce(
    ctx: click.Context,
    config_file: Path | None,
    dry_run: bool,
    yes: bool,
    force: bool,
    only: tuple[str, ...],
    preview_dir: Path | None,
) -> None:
    """Announce every post published since the last run on every channel, once per channel.

    Runs the email senders of `newsletter:` and the channels of `announce:` (Mastodon, Bluesky,
    webmentions, plugins) through one ledger in .brandkit/state.json: the first run of a channel
    records the existing posts and sends nothing; a crash is reconciled on the next run.
    `brandkit newsletter send` is the email part alone.

    \b
    Examples:
      brandkit announce --dry-run        # the plan; exact requests in .cache/brandkit/...
      brandkit announce --yes            # in CI, after a deploy
      brandkit announce --only mastodon  # one channel
      brandkit announce status           # what went out where
    """
    if ctx.invoked_subcommand is not None:
        return
    run_send(
        config_file,
        dry_run=dry_run,
        yes=yes,
        force=force,
        preview_dir=preview_dir,
        channels=True,
        only=only,
    )


@announce.command()
@config_option
def status(config_file: Path | None) -> None:
    """The ledger per channel: how many posts each announced, and what needs attention.

    \b
    Example:
      brandkit announce status
    """
    from brandkit.announce import ledger as L

    ledger = read_ledger(
        config_file, "Nothing announced yet: run `brandkit announce` once to start the ledger."
    )
    if ledger is None:
        return
    attention = 0
    for name, info in sorted(ledger.data["senders"].items()):
        counts: dict[str, int] = {}
        lines: list[str] = []
        for _post_id, post, sender, entry in ledger.rows():
            if sender != name:
                continue
            state = entry.get("state", "?")
            counts[state] = counts.get(state, 0) + 1
            if state == L.BASELINE:
                continue
            done = [r for r in entry.get("steps", {}).values() if r.get("state") == L.STEP_DONE]
            detail = "; ".join(str(r["detail"]) for r in done if r.get("detail"))[:120]
            lines.append(
                f"  {post.get('title', _post_id)}: {state}" + (f" ({detail})" if detail else "")
            )
            problems = attention_lines(entry, "    ")
            attention += len(problems)
            lines += problems
        summary = ", ".join(
            f"{n} {'from before its first run' if s == L.BASELINE else s}"
            for s, n in sorted(counts.items())
        )
        click.echo(
            f"{name} ({info.get('type')}), since {info.get('since')}: {summary or 'no posts'}"
        )
        for line in lines:
            click.echo(line)
    report_attention(attention)
