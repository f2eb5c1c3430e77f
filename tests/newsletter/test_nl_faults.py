"""Fault injection for `newsletter send`: a real `python -m brandkit` process is SIGKILLed by the
server at every outside call it makes, once just before the provider stores anything (the
request is lost) and once just after (the answer is lost), i.e. between each recorded intent and
its result. The servers count deliveries; after the next run nothing is sent twice, and nothing
is lost: a call brandkit can check with the provider is reconciled, one it cannot (an SMTP mail,
a webhook) is reported by name and sent again only with --force.

Each kill point gets a post of its own on one site, so the whole table costs one site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.newsletter.conftest import (
    BUTTONDOWN_KEY,
    LISTMONK_TOKEN,
    WEBHOOK_SECRET,
    configure,
    run,
    run_subprocess,
    write_post,
)
from tests.newsletter.servers import (
    ButtondownServer,
    ListmonkServer,
    SmtpServer,
    WebhookReceiver,
)

ENV = {
    "BUTTONDOWN_API_KEY": BUTTONDOWN_KEY,
    "LISTMONK_API_TOKEN": LISTMONK_TOKEN,
    "BRANDKIT_WEBHOOK_SECRET": WEBHOOK_SECRET,
}
PHASES = ("before", "after")
READERS = ["ada@example.org", "lin@example.net", "grace@example.com"]


def setup(site: Path, sender: str) -> None:
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: unsubscribe@jane.example.com\n  senders:\n"
        + "".join(f"    {line}\n" for line in sender.strip("\n").splitlines()),
    )
    run("build")
    run("newsletter", "send")


def kill_points(calls: int) -> list[tuple[int, str]]:
    """Every (call, phase). The "before" kills come first: their resume uses --force, which
    would also repeat the calls that earlier "after" kills left held."""
    return [(k, phase) for phase in PHASES for k in range(1, calls + 1)]


def crash_then_resume(
    site: Path, n: int, title: str, arm: Callable[[int], None], *, force: bool = False
) -> tuple[str, str]:
    """Publish a post, run send until the server kills it, then run send again (and once more
    with --force when asked). Returns the outputs of the runs after the crash."""
    write_post(site, f"fault-{n}", title, n=100 + n)
    run("build")
    crashed = run_subprocess(site, "newsletter", "send", "--yes", env=ENV, client_pid=arm)
    assert crashed.returncode == -9, (title, crashed.stdout, crashed.stderr)
    again = run_subprocess(site, "newsletter", "send", "--yes", env=ENV)
    assert again.returncode == 0, (title, again.stderr)
    out = again.stdout + again.stderr
    if force:
        forced = run_subprocess(site, "newsletter", "send", "--yes", "--force", env=ENV)
        assert forced.returncode == 0, (title, forced.stderr)
        return out, forced.stdout + forced.stderr
    return out, ""


def test_smtp_killed_at_every_mail(site: Path, smtp: SmtpServer) -> None:
    (site / "subscribers.csv").write_text("email\n" + "\n".join(READERS) + "\n")
    setup(
        site,
        f"- type: smtp\n  host: 127.0.0.1\n  port: {smtp.port}\n  security: none\n"
        "  from_address: jane@example.com\n  subscribers: subscribers.csv\n",
    )
    for n, (k, phase) in enumerate(kill_points(len(READERS))):
        title = f"SMTP kill at mail {k} {phase}"

        def arm(pid: int, k: int = k, phase: str = phase) -> None:
            smtp.faults.client_pid = pid
            smtp.data_count = 0
            smtp.kill_at = (k, phase)

        # SMTP cannot be asked: the mail in flight is held (reported) until --force.
        out, forced = crash_then_resume(site, n, title, arm, force=phase == "before")
        smtp.kill_at = None
        got = {r: sum(1 for m in smtp.to(r) if m["Subject"] == title) for r in READERS}
        in_flight = READERS[k - 1]
        masked = f"{in_flight[0]}***@{in_flight.split('@')[1]}"
        assert f"mail to {masked}: a previous run stopped during this call" in out, title
        others = {r: c for r, c in got.items() if r != in_flight}
        assert others == dict.fromkeys(others, 1), (title, got)  # nothing sent twice
        assert got[in_flight] == 1, (title, got)  # delivered before the kill, or after --force
        if phase == "before":
            assert "Sent 1 call(s)" in forced, (title, forced)


def test_buttondown_killed_before_and_after_its_call(
    site: Path, buttondown: ButtondownServer
) -> None:
    setup(site, f"- type: buttondown\n  api_url: {buttondown.url}/v1/\n")
    for n, (_, phase) in enumerate(kill_points(1)):
        title = f"Buttondown kill {phase}"

        def arm(pid: int, phase: str = phase) -> None:
            buttondown.faults.client_pid = pid
            buttondown.faults.queue[:] = ["kill-before" if phase == "before" else "kill"]

        out, _ = crash_then_resume(site, n, title, arm)
        buttondown.idempotency.clear()  # found by its key, not saved by the idempotency window
        assert [e["subject"] for e in buttondown.emails].count(title) == 1, title
        assert ("already done" in out) == (phase == "after"), (title, out)


def test_listmonk_killed_at_create_and_at_start(site: Path, listmonk: ListmonkServer) -> None:
    setup(
        site,
        f"- type: listmonk\n  url: {listmonk.url}\n  username: brandkit\n  lists: [1]\n"
        "  send: true\n",
    )
    for n, (k, phase) in enumerate(kill_points(2)):  # 1: create the campaign, 2: start it
        title = f"listmonk kill at call {k} {phase}"

        def arm(pid: int, k: int = k, phase: str = phase) -> None:
            listmonk.faults.client_pid = pid
            fault = "kill-before" if phase == "before" else "kill"
            listmonk.faults.queue[:] = ["pass"] * (k - 1) + [fault]

        crash_then_resume(site, n, title, arm)
        campaigns = [c for c in listmonk.campaigns if c["subject"] == title]
        assert len(campaigns) == 1, (title, campaigns)
        assert campaigns[0]["status"] == "running", title
        starts = [
            r
            for r in listmonk.requests
            if r["method"] == "PUT" and r["path"] == f"/api/campaigns/{campaigns[0]['id']}/status"
        ]
        assert 1 <= len(starts) <= 2, title  # started once; a lost start is safely repeated


def test_webhook_killed_before_and_after_its_call(site: Path, receiver: WebhookReceiver) -> None:
    setup(site, f"- type: webhook\n  url: {receiver.url}/hook\n")
    for n, (_, phase) in enumerate(kill_points(1)):
        title = f"Webhook kill {phase}"

        def arm(pid: int, phase: str = phase) -> None:
            receiver.faults.client_pid = pid
            receiver.faults.queue[:] = ["kill-before" if phase == "before" else "kill"]

        out, _ = crash_then_resume(site, n, title, arm, force=phase == "before")
        events = [e for e in receiver.events if e["payload"]["data"]["title"] == title]
        assert len(events) == 1, (title, events)  # lost before: --force delivers it once
        assert "POST" in out and "not repeated" in out, (title, out)
