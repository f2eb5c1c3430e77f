"""Buttondown, listmonk and webhook senders against local servers speaking their documented APIs,
including their failure modes: 401/403, 429 with Retry-After, 500, and a timeout after commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.newsletter.conftest import (
    BUTTONDOWN_KEY,
    LISTMONK_TOKEN,
    WEBHOOK_SECRET,
    configure,
    run,
    write_post,
)
from tests.newsletter.servers import ButtondownServer, ListmonkServer, WebhookReceiver


def ready(site: Path, senders: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Configure the senders, take the first-run baseline, then add one new post and build."""
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: unsubscribe@jane.example.com\n  senders:\n"
        + "".join(f"    {line}\n" for line in senders.strip("\n").splitlines()),
    )
    run("build")
    run("newsletter", "send")
    write_post(site, "new-post", "A new post & <friends>", n=7)
    run("build")
    monkeypatch.setenv("BUTTONDOWN_API_KEY", BUTTONDOWN_KEY)
    monkeypatch.setenv("LISTMONK_API_TOKEN", LISTMONK_TOKEN)
    monkeypatch.setenv("BRANDKIT_WEBHOOK_SECRET", WEBHOOK_SECRET)


def bd_sender(server: ButtondownServer, extra: str = "") -> str:
    return f"- type: buttondown\n  api_url: {server.url}/v1/\n  timeout: 1\n{extra}"


def test_buttondown_creates_a_draft_with_status_and_idempotency_key(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, bd_sender(buttondown), monkeypatch)
    out = run("newsletter", "send", "--yes").output
    assert "create draft: done" in out
    [email] = buttondown.emails
    assert email["status"] == "draft"  # never Buttondown's send-at-once default
    assert email["subject"] == "A new post & <friends>"
    assert 'href="https://jane.example.com/blog/new-post/"' in email["body"]
    [post] = [r for r in buttondown.requests if r["method"] == "POST"]
    assert post["headers"]["idempotency-key"].startswith("brandkit-")
    assert "x-buttondown-live-dangerously" not in post["headers"]
    assert json.loads(post["body"])["status"] == "draft"
    assert BUTTONDOWN_KEY not in out
    assert run("newsletter", "send", "--yes").output.strip().endswith("Nothing to send.")
    assert len(buttondown.emails) == 1


def test_buttondown_send_mode_passes_about_to_send(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, bd_sender(buttondown, "  status: about_to_send\n"), monkeypatch)
    run("newsletter", "send", "--yes")
    [email] = buttondown.emails
    assert email["status"] == "about_to_send"
    assert buttondown.requests[-1]["headers"]["x-buttondown-live-dangerously"] == "true"


def test_buttondown_401_says_which_env_var(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, bd_sender(buttondown), monkeypatch)
    monkeypatch.setenv("BUTTONDOWN_API_KEY", "wrong-key-123")
    result = run("newsletter", "send", "--yes", expect=1)
    assert "Buttondown refused the credentials (401" in result.output
    assert "$BUTTONDOWN_API_KEY" in result.output
    assert "wrong-key-123" not in result.output
    assert "Traceback" not in result.output
    assert buttondown.emails == []
    monkeypatch.setenv("BUTTONDOWN_API_KEY", BUTTONDOWN_KEY)
    run("newsletter", "send", "--yes")  # a certain failure is retried on the next run
    assert len(buttondown.emails) == 1


def test_buttondown_missing_key_fails_before_any_call(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, bd_sender(buttondown), monkeypatch)
    monkeypatch.delenv("BUTTONDOWN_API_KEY")
    result = run("newsletter", "send", "--yes", expect=1)
    assert "the environment variable BUTTONDOWN_API_KEY is not set" in result.output
    assert buttondown.requests == []


@pytest.mark.parametrize("fault", ["429", "500", "500-after", "timeout"])
def test_buttondown_retries_without_duplicating(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    ready(site, bd_sender(buttondown), monkeypatch)
    buttondown.faults.queue.append(fault)
    out = run("newsletter", "send", "--yes").output
    assert "create draft: done" in out
    posts = [r for r in buttondown.requests if r["method"] == "POST"]
    assert len(posts) == 2  # the failed attempt and one retry with the same key
    assert posts[0]["headers"]["idempotency-key"] == posts[1]["headers"]["idempotency-key"]
    assert len(buttondown.emails) == 1


def test_buttondown_persistent_429_stops_with_advice(
    site: Path, buttondown: ButtondownServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, bd_sender(buttondown), monkeypatch)
    buttondown.faults.queue.extend(["429"] * 4)
    result = run("newsletter", "send", "--yes", expect=1)
    assert "Buttondown is rate-limiting requests (429); run again after 1s" in result.output
    assert buttondown.emails == []


def lm_sender(server: ListmonkServer, extra: str = "") -> str:
    return (
        f"- type: listmonk\n  url: {server.url}\n  username: brandkit\n  lists: [3]\n"
        f"  timeout: 1\n{extra}"
    )


def test_listmonk_creates_a_draft_campaign(
    site: Path, listmonk: ListmonkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, lm_sender(listmonk), monkeypatch)
    run("newsletter", "send", "--yes")
    [campaign] = listmonk.campaigns
    assert campaign["status"] == "draft"
    assert campaign["lists"] == [3] and campaign["content_type"] == "html"
    assert campaign["subject"] == "A new post & <friends>"
    assert "https://jane.example.com/blog/new-post/" in campaign["altbody"]
    assert not any(r["method"] == "PUT" for r in listmonk.requests)


def test_listmonk_send_starts_the_campaign(
    site: Path, listmonk: ListmonkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, lm_sender(listmonk, "  send: true\n"), monkeypatch)
    out = run("newsletter", "send", "--yes").output
    assert "start the campaign (send to the lists): done" in out
    [campaign] = listmonk.campaigns
    assert campaign["status"] == "running"
    run("newsletter", "send", "--yes")
    assert len(listmonk.campaigns) == 1


@pytest.mark.parametrize("fault", ["timeout", "500-after", "500", "429"])
def test_listmonk_asks_before_repeating(
    site: Path, listmonk: ListmonkServer, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    ready(site, lm_sender(listmonk), monkeypatch)
    listmonk.faults.queue.append(fault)
    run("newsletter", "send", "--yes")
    assert len(listmonk.campaigns) == 1
    if fault in ("timeout", "500-after"):
        # Created despite the error: found by asking, not created again.
        assert sum(r["method"] == "POST" for r in listmonk.requests) == 1
        assert any(r["method"] == "GET" for r in listmonk.requests)


def test_listmonk_403_names_the_token(
    site: Path, listmonk: ListmonkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, lm_sender(listmonk), monkeypatch)
    monkeypatch.setenv("LISTMONK_API_TOKEN", "nope")
    result = run("newsletter", "send", "--yes", expect=1)
    assert "listmonk refused the credentials (403" in result.output
    assert "$LISTMONK_API_TOKEN" in result.output


def wh_sender(server: WebhookReceiver) -> str:
    return f"- type: webhook\n  url: {server.url}/hooks/brandkit\n  timeout: 1\n"


def test_webhook_is_signed_the_standard_webhooks_way(
    site: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, wh_sender(receiver), monkeypatch)
    out = run("newsletter", "send", "--yes").output
    assert WEBHOOK_SECRET not in out
    [event] = receiver.events
    assert receiver.rejected == 0
    assert event["id"].startswith("msg_")
    payload = event["payload"]
    assert payload["type"] == "post.published"
    data = payload["data"]
    assert data["title"] == "A new post & <friends>"
    assert data["url"] == "https://jane.example.com/blog/new-post/"
    assert data["tags"] == ["python", "email"]
    assert data["summary"] == "A post about new-post."
    assert data["date"] == "2026-01-10T09:30:00+01:00"


def test_webhook_with_wrong_secret_is_rejected_by_the_receiver(
    site: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, wh_sender(receiver), monkeypatch)
    monkeypatch.setenv("BRANDKIT_WEBHOOK_SECRET", "whsec_" + "QUFBQUFBQUFBQUFBQUFBQQ==")
    result = run("newsletter", "send", "--yes", expect=1)
    assert receiver.rejected == 1 and receiver.events == []
    assert "the webhook receiver refused the credentials (401" in result.output
    monkeypatch.setenv("BRANDKIT_WEBHOOK_SECRET", "not-a-secret")
    bad = run("newsletter", "send", "--yes", expect=1)
    assert "$BRANDKIT_WEBHOOK_SECRET is not a valid signing secret" in bad.output
    assert "not-a-secret" not in bad.output


def test_webhook_timeout_retried_with_the_same_id(
    site: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(site, wh_sender(receiver), monkeypatch)
    receiver.faults.queue.extend(["timeout", "500"])
    out = run("newsletter", "send", "--yes").output
    assert "done" in out
    # Three signed deliveries with one webhook-id: the receiver keeps one event (Standard Webhooks).
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert len(receiver.requests) == 3 and len(ids) == 1
    assert len(receiver.events) == 1


def test_dry_run_previews_requests_without_secrets(
    site: Path,
    buttondown: ButtondownServer,
    listmonk: ListmonkServer,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ready(site, bd_sender(buttondown) + lm_sender(listmonk) + wh_sender(receiver), monkeypatch)
    out = run("newsletter", "send", "--dry-run").output
    assert "4 preview file(s)" not in out  # 3 senders, one file each
    assert "3 preview file(s)" in out
    preview = site / ".cache/brandkit/newsletter-preview/new-post"
    texts = {p.relative_to(preview).as_posix(): p.read_text() for p in preview.rglob("*.json")}
    assert set(texts) == {
        "buttondown/request.json",
        "listmonk/requests.json",
        "webhook/request.json",
    }
    joined = "\n".join(texts.values())
    for secret in (BUTTONDOWN_KEY, LISTMONK_TOKEN, WEBHOOK_SECRET):
        assert secret not in joined and secret not in out
    assert json.loads(texts["buttondown/request.json"])["json"]["status"] == "draft"
    assert buttondown.requests == [] and listmonk.requests == [] and receiver.requests == []


def test_unknown_sender_type_is_a_clear_config_error(site: Path) -> None:
    configure(site, "newsletter:\n  senders:\n    - {type: carrier-pigeon}\n")
    run("build")
    result = run("newsletter", "send", expect=1)
    assert "newsletter.senders[0].type: 'carrier-pigeon' is not a sender type" in result.output
    typo = site / "mkdocs.yml"
    typo.write_text(
        typo.read_text().replace(
            "{type: carrier-pigeon}", "{type: webhook, url: http://127.0.0.1:9/, secert_env: X}"
        )
    )
    result = run("newsletter", "send", expect=1)
    assert "senders[0].secert_env: unknown option" in result.output
