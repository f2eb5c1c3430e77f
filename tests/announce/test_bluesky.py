"""The Bluesky channel against a local PDS speaking the AT Protocol (createSession, uploadBlob,
createRecord, getRecord, getAuthorFeed): one record per post under a key derived from the post,
facets and link card right, 300 graphemes kept, exactly once through crashes and lost answers,
429 waited out, the app password and session token in no output or file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import regex

from tests.announce.conftest import BLUESKY_HANDLE, BLUESKY_PASSWORD
from tests.announce.servers import TID, AtprotoServer
from tests.echo import MODES, EchoServer, leaks
from tests.newsletter.conftest import configure, run, run_subprocess, state, uid, write_post

ENV = {"BLUESKY_APP_PASSWORD": BLUESKY_PASSWORD}
TITLE = "Tracing a slow query ✨ in Postgres"


def ready(site: Path, url: str, *, title: str = TITLE, extra: str = "") -> None:
    configure(
        site,
        "announce:\n  channels:\n"
        f"    - {{type: bluesky, handle: {BLUESKY_HANDLE}, service: '{url}', timeout: 1{extra}}}\n",
    )
    run("build")
    first = run_subprocess(site, "announce", "--yes", env=ENV)
    assert "First run for sender 'bluesky'" in first.stdout, first.stderr
    write_post(site, "sky", title, n=9, extra="tags: [postgres, performance tuning]\n")
    run("build")


def test_one_record_with_facets_and_a_card(site: Path, bluesky: AtprotoServer) -> None:
    ready(site, bluesky.url)
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    [(rkey, record)] = bluesky.records.items()
    assert TID.match(rkey)
    url = "https://jane.example.com/blog/sky/"
    assert record["text"] == f"{TITLE}\n\n{url}\n\n#postgres #PerformanceTuning"
    kinds = [(f["features"][0]["$type"].split("#")[1], f["index"]) for f in record["facets"]]
    start = len(f"{TITLE}\n\n".encode())  # a byte offset: ✨ is 3 bytes
    assert kinds[0] == ("link", {"byteStart": start, "byteEnd": start + len(url)})
    assert [k for k, _ in kinds] == ["link", "tag", "tag"]
    external = record["embed"]["external"]
    assert external["uri"] == url and external["title"] == TITLE
    [png] = bluesky.blobs.values()
    assert png.startswith(b"\x89PNG") and external["thumb"]["mimeType"] == "image/png"
    assert record["langs"] == ["en"]
    assert (
        run_subprocess(site, "announce", "--yes", env=ENV)
        .stdout.strip()
        .endswith("Nothing to send.")
    )
    assert len(bluesky.records) == 1
    entry = state(site)["newsletter"]["posts"][uid(9)]["senders"]["bluesky"]
    assert entry["steps"]["post"]["remote_id"] == f"at://{bluesky.did}/app.bsky.feed.post/{rkey}"


def test_text_is_cut_to_300_graphemes_never_the_url(site: Path, bluesky: AtprotoServer) -> None:
    ready(
        site, bluesky.url, title="👩‍👩‍👧 family " * 60
    )  # 600+ graphemes, 8 code points each emoji
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    [record] = bluesky.records.values()
    assert len(regex.findall(r"\X", record["text"])) <= 300
    assert "https://jane.example.com/blog/sky/" in record["text"]
    assert "…" in record["text"]


@pytest.mark.parametrize("fault", ["kill", "kill-before"])
def test_a_crash_at_the_record_is_reconciled(
    site: Path, bluesky: AtprotoServer, fault: str
) -> None:
    ready(site, bluesky.url)
    bluesky.faults.queue.append(fault)

    def arm(pid: int) -> None:
        bluesky.faults.client_pid = pid

    assert run_subprocess(site, "announce", "--yes", env=ENV, client_pid=arm).returncode == -9
    again = run_subprocess(site, "announce", "--yes", env=ENV)
    assert again.returncode == 0, again.stderr
    assert len(bluesky.records) == 1
    assert ("already done" in again.stdout) == (fault == "kill")


def test_a_post_made_under_another_key_is_found_in_the_author_feed(
    site: Path, bluesky: AtprotoServer
) -> None:
    """The record exists, but not under brandkit's key (posted by hand, or by another tool):
    the author feed shows it links the post, so nothing is posted again."""
    ready(site, bluesky.url)
    bluesky.faults.queue.append("kill")

    def arm(pid: int) -> None:
        bluesky.faults.client_pid = pid

    run_subprocess(site, "announce", "--yes", env=ENV, client_pid=arm)
    [(_rkey, record)] = bluesky.records.items()
    bluesky.records = {"3kzzzzzzzzzz2": record}  # moved away from brandkit's key
    again = run_subprocess(site, "announce", "--yes", env=ENV)
    assert "already done" in again.stdout and "(feed)" in again.stdout
    assert len(bluesky.records) == 1


def test_a_lost_answer_collides_instead_of_duplicating(site: Path, bluesky: AtprotoServer) -> None:
    ready(site, bluesky.url)
    bluesky.faults.queue.append("timeout")  # stored; the answer comes too late
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    creates = [r for r in bluesky.requests if r["path"].endswith("createRecord")]
    assert len(creates) == 2  # retried with the same record key...
    assert len(bluesky.records) == 1  # ...which collided, and the first record was adopted
    assert "Sent 1 call(s)" in out.stdout


def test_429_is_waited_out_and_bad_password_is_one_line(site: Path, bluesky: AtprotoServer) -> None:
    ready(site, bluesky.url)
    bad = run_subprocess(site, "announce", "--yes", env={"BLUESKY_APP_PASSWORD": "wrong-pass-1"})
    assert bad.returncode == 1 and "Bluesky refused the credentials (401" in bad.stderr
    assert "$BLUESKY_APP_PASSWORD" in bad.stderr and "wrong-pass-1" not in bad.stderr
    bluesky.faults.queue.extend(["429-reset", "429"])
    out = run_subprocess(site, "announce", "--yes", env=ENV)
    assert out.returncode == 0, out.stderr
    waits = [float(w) for w in re.findall(r"answered 429; retrying in ([\d.]+)s", out.stderr)]
    assert len(waits) == 2 and waits[0] >= 1.9  # the reset header's time, not a guess
    assert len(bluesky.records) == 1


def test_dry_run_writes_the_exact_request_and_thumbnail(site: Path, bluesky: AtprotoServer) -> None:
    ready(site, bluesky.url)
    out = run_subprocess(site, "announce", "--dry-run")
    assert out.returncode == 0, out.stderr
    folder = site / ".cache/brandkit/newsletter-preview/sky/bluesky"
    request = json.loads((folder / "request.json").read_text())
    assert bluesky.requests == []
    run_subprocess(site, "announce", "--yes", env=ENV)
    sent = json.loads(
        next(r for r in bluesky.requests if r["path"].endswith("createRecord"))["body"]
    )
    assert sent["rkey"] == request["json"]["rkey"]
    for key in ("text", "facets", "langs"):
        assert sent["record"][key] == request["json"]["record"][key]
    [png] = bluesky.blobs.values()
    assert (folder / "thumbnail.png").read_bytes() == png


@pytest.mark.parametrize("mode", MODES)
def test_echoed_password_and_token_appear_nowhere(site: Path, mode: str) -> None:
    with EchoServer(mode) as server:
        ready(site, server.url)
        outputs = [run_subprocess(site, "announce", "--yes", env=ENV) for _ in range(2)]
    texts = [p.stdout + p.stderr for p in outputs]
    assert leaks(BLUESKY_PASSWORD, site, *texts) == []
    assert "Traceback" not in "".join(texts)
    assert all(not re.search(r"eyJ\.jwt", t) for t in texts)
