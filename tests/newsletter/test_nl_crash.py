"""Crash tests: the sending process is SIGKILLed by the server after the provider committed and
before brandkit could record the result; the next run must not send anything twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.announce.senders.smtp import reader_key
from tests.newsletter.conftest import (
    BUTTONDOWN_KEY,
    LISTMONK_TOKEN,
    WEBHOOK_SECRET,
    configure,
    run,
    run_subprocess,
    state,
    uid,
    write_post,
)
from tests.newsletter.servers import ButtondownServer, ListmonkServer, SmtpServer, WebhookReceiver

ENV = {
    "BUTTONDOWN_API_KEY": BUTTONDOWN_KEY,
    "LISTMONK_API_TOKEN": LISTMONK_TOKEN,
    "BRANDKIT_WEBHOOK_SECRET": WEBHOOK_SECRET,
}


def prepare(site: Path, sender: str) -> None:
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: unsubscribe@jane.example.com\n  senders:\n"
        + "".join(f"    {line}\n" for line in sender.strip("\n").splitlines()),
    )
    run("build")
    run("newsletter", "send")
    write_post(site, "crash", "Crash course", n=9)
    run("build")


def steps(site: Path, sender: str) -> dict[str, dict[str, str]]:
    return state(site)["newsletter"]["posts"][uid(9)]["senders"][sender]["steps"]  # type: ignore[no-any-return]


def test_smtp_crash_mid_list_resumes_at_next_reader(site: Path, smtp: SmtpServer) -> None:
    readers = [f"reader{i}@example.org" for i in range(1, 6)]
    (site / "subscribers.csv").write_text("email\n" + "\n".join(readers) + "\n")
    prepare(
        site,
        f"- type: smtp\n  host: 127.0.0.1\n  port: {smtp.port}\n  security: none\n"
        "  from_address: jane@example.com\n  subscribers: subscribers.csv\n",
    )
    smtp.kill_after = 2  # the server accepts reader2's mail, then kills brandkit

    def set_pid(pid: int) -> None:
        smtp.faults.client_pid = pid

    crashed = run_subprocess(site, "newsletter", "send", "--yes", client_pid=set_pid)
    assert crashed.returncode == -9
    assert [m["To"] for _, m in smtp.messages] == readers[:2]
    assert steps(site, "smtp")[reader_key(readers[1])]["state"] == "pending"  # intent, no result

    smtp.kill_after = None
    again = run_subprocess(site, "newsletter", "send", "--yes")
    assert again.returncode == 0, again.stderr
    assert "mail to r***@example.org: a previous run stopped during this call" in again.stderr
    # Each reader got exactly one mail; reader2's uncertain one was not repeated.
    assert sorted(m["To"] for _, m in smtp.messages) == readers
    assert steps(site, "smtp")[reader_key(readers[1])]["state"] == "unknown"

    third = run_subprocess(site, "newsletter", "send", "--yes")
    assert len(smtp.messages) == 5 and "--force" in third.stderr
    forced = run_subprocess(site, "newsletter", "send", "--yes", "--force")
    assert forced.returncode == 0
    assert [m["To"] for _, m in smtp.messages].count("reader2@example.org") == 2
    assert state(site)["newsletter"]["posts"][uid(9)]["senders"]["smtp"]["state"] == "done"
    status = run_subprocess(site, "newsletter", "status")
    assert "Crash course -> smtp: done (5 done)" in status.stdout


@pytest.mark.parametrize("send", [False, True])
def test_listmonk_crash_is_reconciled_by_asking(
    site: Path, listmonk: ListmonkServer, send: bool
) -> None:
    prepare(
        site,
        f"- type: listmonk\n  url: {listmonk.url}\n  username: brandkit\n  lists: [1]\n"
        f"  send: {'true' if send else 'false'}\n",
    )
    listmonk.faults.queue.append("kill")  # commit the campaign, then kill brandkit

    def set_pid(pid: int) -> None:
        listmonk.faults.client_pid = pid

    crashed = run_subprocess(site, "newsletter", "send", "--yes", env=ENV, client_pid=set_pid)
    assert crashed.returncode == -9
    assert len(listmonk.campaigns) == 1
    again = run_subprocess(site, "newsletter", "send", "--yes", env=ENV)
    assert again.returncode == 0, again.stderr
    assert "create draft campaign: already done" in again.stdout
    assert len(listmonk.campaigns) == 1
    assert listmonk.campaigns[0]["status"] == ("running" if send else "draft")
    assert steps(site, "listmonk")["create"]["remote_id"] == "1"


def test_buttondown_crash_is_reconciled_by_asking(site: Path, buttondown: ButtondownServer) -> None:
    prepare(site, f"- type: buttondown\n  api_url: {buttondown.url}/v1/\n")
    buttondown.emails.extend(
        {"id": f"old{i}", "subject": "old", "body": "", "status": "sent", "metadata": {}}
        for i in range(3)
    )  # reconciling follows `next`
    buttondown.faults.queue.append("kill")

    def set_pid(pid: int) -> None:
        buttondown.faults.client_pid = pid

    crashed = run_subprocess(site, "newsletter", "send", "--yes", env=ENV, client_pid=set_pid)
    assert crashed.returncode == -9
    buttondown.idempotency.clear()  # even with the key expired, the email is found, not repeated
    again = run_subprocess(site, "newsletter", "send", "--yes", env=ENV)
    assert again.returncode == 0, again.stderr
    assert "already done" in again.stdout
    assert [e["subject"] for e in buttondown.emails].count("Crash course") == 1
    assert steps(site, "buttondown")["create"]["remote_id"] == "em_4"


def test_webhook_crash_is_reported_and_held_until_force(
    site: Path, receiver: WebhookReceiver
) -> None:
    prepare(site, f"- type: webhook\n  url: {receiver.url}/hook\n")
    receiver.faults.queue.append("kill")

    def set_pid(pid: int) -> None:
        receiver.faults.client_pid = pid

    crashed = run_subprocess(site, "newsletter", "send", "--yes", env=ENV, client_pid=set_pid)
    assert crashed.returncode == -9
    again = run_subprocess(site, "newsletter", "send", "--yes", env=ENV)
    assert again.returncode == 0
    assert "not repeated" in again.stderr
    assert receiver.deliveries == 1
    status = run_subprocess(site, "newsletter", "status")
    assert "post: unknown" in status.stdout and "need attention" in status.stderr
    forced = run_subprocess(site, "newsletter", "send", "--yes", "--force", env=ENV)
    assert forced.returncode == 0, forced.stderr
    assert receiver.deliveries == 2 and len(receiver.events) == 1  # same webhook-id
