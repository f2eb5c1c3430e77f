"""The Mastodon channel against a local server speaking Mastodon's statuses API: one status per
post, exactly once through crashes, lost answers and expired idempotency keys, 429 waited out,
errors in one line, the token in no output or file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.announce.conftest import MASTODON_TOKEN
from tests.announce.servers import MastodonServer
from tests.echo import MODES, EchoServer, leaks
from tests.newsletter.conftest import configure, run, run_subprocess, state, uid, write_post

ENV = {"MASTODON_TOKEN": MASTODON_TOKEN}


def channel(server_url: str, extra: str = "") -> str:
    return (
        "announce:\n  channels:\n"
        f"    - {{type: mastodon, instance: '{server_url}', timeout: 1{extra}}}\n"
    )


def ready(site: Path, server_url: str, extra: str = "", *, n: int = 7) -> None:
    """The channel configured, its first run recorded (existing posts are not announced), then
    one new post built."""
    configure(site, channel(server_url, extra))
    run("build")
    first = run_subprocess(site, "announce", "--yes", env=ENV)
    assert "First run for sender 'mastodon'" in first.stdout, first.stderr
    write_post(
        site,
        f"new-{n}",
        "Tracing a slow query & <friends>",
        n=n,
        extra="tags: [postgres, machine learning, c++, 2026]\n",
    )
    run("build")


def test_one_status_per_post_and_none_the_second_time(site: Path, mastodon: MastodonServer) -> None:
    ready(site, mastodon.url)
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    assert "post a status on" in out.stdout and "done" in out.stdout
    [status] = mastodon.statuses
    assert status["text"] == (
        "Tracing a slow query & <friends>\n\nhttps://jane.example.com/blog/new-7/\n\n"
        "#postgres #MachineLearning #c"
    )
    assert status["visibility"] == "public" and status["language"] == "en"
    [post] = [r for r in mastodon.requests if r["method"] == "POST"]
    assert post["headers"]["idempotency-key"].startswith("brandkit-")
    again = run_subprocess(site, "announce", "--yes", env=ENV)
    assert again.stdout.strip().endswith("Nothing to send.") and len(mastodon.statuses) == 1
    record = state(site)["newsletter"]["posts"][uid(7)]["senders"]["mastodon"]
    assert record["state"] == "done" and record["steps"]["status"]["remote_id"] == "1001"
    status_out = run_subprocess(site, "announce", "status").stdout
    assert "mastodon (mastodon)" in status_out and "1 done" in status_out


@pytest.mark.parametrize("fault", ["kill", "kill-before"])
def test_a_crash_between_call_and_record_neither_duplicates_nor_misses(
    site: Path, mastodon: MastodonServer, fault: str
) -> None:
    ready(site, mastodon.url)
    mastodon.faults.queue.append(fault)

    def arm(pid: int) -> None:
        mastodon.faults.client_pid = pid

    crashed = run_subprocess(site, "announce", "--yes", env=ENV, client_pid=arm)
    assert crashed.returncode == -9
    mastodon.expire_keys()  # an hour later: the key no longer protects; the read-back must
    again = run_subprocess(site, "announce", "--yes", env=ENV)
    assert again.returncode == 0, again.stderr
    assert len(mastodon.statuses) == 1
    assert ("already done" in again.stdout) == (fault == "kill")
    reads = [r["path"] for r in mastodon.requests if r["method"] == "GET"]
    assert reads[0] == "/api/v1/accounts/verify_credentials"
    assert reads[1].startswith(f"/api/v1/accounts/{mastodon.account_id}/statuses?limit=40")


@pytest.mark.parametrize("keys", [True, False])
def test_a_lost_answer_is_reconciled_by_reading_back(
    site: Path, mastodon: MastodonServer, keys: bool
) -> None:
    """Stored, but the answer comes too late: brandkit reads the account's statuses instead of
    posting again, whether or not the server honours Idempotency-Key."""
    ready(site, mastodon.url)
    mastodon.honour_keys = keys
    mastodon.faults.queue.append("timeout")
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    assert "did not answer within 1s" not in out.stderr  # found, so no failure reported
    assert len(mastodon.statuses) == 1
    assert "Sent 1 call(s)" in out.stdout
    assert [r["method"] for r in mastodon.requests] == ["POST", "GET", "GET"]
    mastodon.faults.queue.append("500")  # stored nothing: read back, none found, posted once
    write_post(site, "another", "Another", n=8)
    run("build")
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    assert [s["text"].split("\n")[0] for s in mastodon.statuses] == [
        "Tracing a slow query & <friends>",
        "Another",
    ]


def test_429_is_waited_out(site: Path, mastodon: MastodonServer) -> None:
    ready(site, mastodon.url)
    mastodon.faults.queue.extend(["429-reset", "429"])
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    waits = [float(w) for w in re.findall(r"answered 429; retrying in ([\d.]+)s", out.stderr)]
    assert len(waits) == 2 and waits[0] >= 1.9  # the reset header's time, not a guess
    assert len(mastodon.statuses) == 1


def test_401_and_422_are_one_line_each(site: Path, mastodon: MastodonServer) -> None:
    ready(site, mastodon.url)
    bad = run_subprocess(site, "announce", "--yes", env={"MASTODON_TOKEN": "wrong-token-xyz"})
    assert bad.returncode == 1
    assert "Mastodon refused the credentials (401" in bad.stderr and "$MASTODON_TOKEN" in bad.stderr
    assert "wrong-token-xyz" not in bad.stdout + bad.stderr and "Traceback" not in bad.stderr
    config = site / "mkdocs.yml"
    template = "{title} " * 20  # 640 characters: over the server's 500, under max_length
    config.write_text(
        config.read_text().replace(
            "timeout: 1", f"timeout: 1, template: '{template}', max_length: 5000"
        )
    )
    run("build")
    long = run_subprocess(site, "announce", "--yes", env=ENV)
    assert long.returncode == 1 and "Mastodon rejected the request (422" in long.stderr
    assert "set max_length or template" in long.stderr
    assert mastodon.statuses == []


def test_dry_run_writes_the_exact_request(site: Path, mastodon: MastodonServer) -> None:
    ready(site, mastodon.url, ", visibility: unlisted, max_tags: 1")
    before = (site / ".brandkit/state.json").read_bytes()
    out = run_subprocess(site, "announce", "--dry-run", env={})
    assert out.returncode == 0, out.stderr
    preview = site / ".cache/brandkit/newsletter-preview/new-7/mastodon/request.json"
    request = json.loads(preview.read_text())
    assert request["url"] == f"{mastodon.url}/api/v1/statuses"
    assert request["headers"]["Authorization"] == "Bearer $MASTODON_TOKEN"
    assert request["json"] == {
        "status": "Tracing a slow query & <friends>\n\nhttps://jane.example.com/blog/new-7/\n\n#postgres",
        "visibility": "unlisted",
        "language": "en",
    }
    assert mastodon.requests == [] and (site / ".brandkit/state.json").read_bytes() == before
    # The preview is exactly what is sent.
    run_subprocess(site, "announce", "--yes", env=ENV)
    sent = next(r for r in mastodon.requests if r["method"] == "POST")
    assert json.loads(sent["body"]) == request["json"]
    assert sent["headers"]["idempotency-key"] == request["headers"]["Idempotency-Key"]


def test_opted_out_posts_and_newsletter_send_leave_mastodon_alone(
    site: Path, mastodon: MastodonServer
) -> None:
    ready(site, mastodon.url)
    post = site / "content/posts/new-7.md"
    post.write_text(post.read_text().replace("tags:", "announce: false\ntags:"))
    run("build")
    assert "Nothing to send." in run_subprocess(site, "announce", "--yes", env=ENV).stdout
    assert mastodon.statuses == []


@pytest.mark.parametrize("mode", MODES)
def test_echoed_token_appears_nowhere(site: Path, mode: str) -> None:
    with EchoServer(mode) as server:
        ready(site, server.url)
        outputs = [
            run_subprocess(site, "announce", "--yes", env=ENV),
            run_subprocess(site, "announce", "--yes", env=ENV),
            run_subprocess(site, "announce", "status", env=ENV),
        ]
    assert any(MASTODON_TOKEN in r["headers"].get("authorization", "") for r in server.requests)
    texts = [p.stdout + p.stderr for p in outputs]
    assert leaks(MASTODON_TOKEN, site, *texts) == []
    assert "Traceback" not in "".join(texts)
