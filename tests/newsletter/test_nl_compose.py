"""Compose errors are not crashes: everything a send would compose is checked before any intent
is recorded, so a bad post or setting stops the run with nothing sent and no reader "uncertain",
and after the fix every reader gets the post. `check` finds the same settings problems first."""

from __future__ import annotations

import json
from pathlib import Path

from brandkit.announce.senders.smtp import reader_key
from tests.newsletter.conftest import configure, run, state, uid, write_post
from tests.newsletter.servers import SmtpServer

READERS = ["ada@example.org", "lin@example.net", "grace@example.com"]


def smtp_block(smtp: SmtpServer, *, unsubscribe: bool = True, extra: str = "") -> str:
    unsub = "  unsubscribe_mailto: unsubscribe@jane.example.com\n" if unsubscribe else ""
    return (
        f"newsletter:\n{unsub}  senders:\n    - type: smtp\n      host: 127.0.0.1\n"
        f"      port: {smtp.port}\n      security: none\n      from_address: jane@example.com\n"
        f"{extra or '      subscribers: subscribers.csv'}\n"
    )


def steps(site: Path, n: int) -> dict[str, dict[str, str]]:
    post = state(site)["newsletter"]["posts"].get(uid(n), {})
    return post.get("senders", {}).get("smtp", {}).get("steps", {})  # type: ignore[no-any-return]


def test_title_with_line_separator_is_sent_on_one_line(site: Path, smtp: SmtpServer) -> None:
    (site / "subscribers.csv").write_text("email\n" + "\n".join(READERS) + "\n")
    configure(site, smtp_block(smtp))
    run("build")
    run("newsletter", "send")
    write_post(site, "sep", "Two\u2028lines\u2029and a\x85break", n=3)
    run("build")
    run("newsletter", "send", "--yes")
    assert sorted(m["To"] for _, m in smtp.messages) == sorted(READERS)
    assert {m["Subject"] for _, m in smtp.messages} == {"Two lines and a break"}
    assert {r["state"] for r in steps(site, 3).values()} == {"done"}


def test_missing_unsubscribe_stops_before_any_intent_and_nobody_misses_the_post(
    site: Path, smtp: SmtpServer
) -> None:
    (site / "subscribers.csv").write_text("email\n" + "\n".join(READERS) + "\n")
    configure(site, smtp_block(smtp, unsubscribe=False))
    run("build")
    run("newsletter", "send")
    write_post(site, "unsub", "No way out", n=4)
    run("build")
    for _ in range(2):  # the same on every run: an error, never "may have gone out"
        failed = run("newsletter", "send", "--yes", expect=1)
        line = next(x for x in failed.output.splitlines() if "unsub.md" in x)
        assert "content/posts/unsub.md -> sender smtp (smtp):" in line
        assert "set `unsubscribe_url:` or `unsubscribe_mailto:`" in line
        assert "Nothing was sent or recorded" in failed.output
        assert "Traceback" not in failed.output
        assert steps(site, 4) == {} and smtp.messages == []
    status = run("newsletter", "status")
    assert "need attention" not in status.output
    # The fix: every reader gets the post, exactly once.
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      newsletter:\n",
            "      newsletter:\n        unsubscribe_mailto: u@jane.example.com\n",
        )
    )
    run("newsletter", "send", "--yes")
    assert sorted(m["To"] for _, m in smtp.messages) == sorted(READERS)
    run("newsletter", "send", "--yes")
    assert len(smtp.messages) == 3


def test_bad_address_names_the_sender_key_before_any_intent(site: Path, smtp: SmtpServer) -> None:
    (site / "subscribers.csv").write_text("email\nada@example.org\n")
    configure(site, smtp_block(smtp).replace("jane@example.com", "Jane <not-an-address>"))
    run("build")
    run("newsletter", "send")
    write_post(site, "addr", "Bad from", n=5)
    run("build")
    failed = run("newsletter", "send", "--yes", expect=1)
    assert "content/posts/addr.md -> sender smtp (smtp):" in failed.output
    assert "not an email address" in failed.output
    assert steps(site, 5) == {} and smtp.messages == []


def test_check_validates_what_send_needs(site: Path, smtp: SmtpServer) -> None:
    configure(
        site,
        "newsletter:\n  senders:\n"
        "    - type: carrier-pigeon\n"
        f"    - type: smtp\n      host: 127.0.0.1\n      port: {smtp.port}\n"
        "      from_address: nobody\n      to: list@example.org\n"
        "    - type: listmonk\n      username: api\n      lists: [1]\n      colour: red\n"
        "    - type: webhook\n      url: hooks.example.com/in\n",
    )
    result = run("check", expect=1)
    out = result.output
    assert "newsletter.senders[0].type: 'carrier-pigeon' is not a sender type" in out
    assert "senders[smtp].from_address: 'nobody' is not an email address" in out
    assert "newsletter.senders[2].url:" in out  # listmonk without its url
    assert "senders[webhook].url: 'hooks.example.com/in' is not an http(s) URL" in out
    assert "newsletter.senders[2].colour: unknown option" in out
    assert "Traceback" not in out


def test_check_requires_an_unsubscribe_link_for_smtp(site: Path, smtp: SmtpServer) -> None:
    (site / "subscribers.csv").write_text("email\nada@example.org\n")
    configure(site, smtp_block(smtp, unsubscribe=False))
    out = run("check", expect=1).output
    assert "set `unsubscribe_url:` or `unsubscribe_mailto:`" in out
    configure(site, smtp_block(smtp).replace("newsletter:", "other:"))


def test_subscribers_from_an_environment_variable_never_reach_state_or_output(
    site: Path, smtp: SmtpServer, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    configure(site, smtp_block(smtp, extra="      subscribers_env: BRANDKIT_SUBSCRIBERS"))
    run("build")
    monkeypatch.setenv("BRANDKIT_SUBSCRIBERS", "email,name\n" + "\n".join(READERS) + "\n")
    run("newsletter", "send")
    write_post(site, "secret-list", "From a secret", n=6)
    run("build")
    out = run("newsletter", "send", "--yes").output
    out += run("newsletter", "status").output
    assert sorted(m["To"] for _, m in smtp.messages) == sorted(READERS)
    stored = json.dumps(state(site))
    for reader in READERS:
        assert reader not in out and reader not in stored
    assert set(steps(site, 6)) == {reader_key(r) for r in READERS}
    assert not (site / "subscribers.csv").exists()
    monkeypatch.setenv("BRANDKIT_SUBSCRIBERS", "email\nada@example.org\nnot-an-address\n")
    write_post(site, "bad-list", "Bad list", n=7)
    run("build")
    bad = run("newsletter", "send", "--yes", expect=1).output
    assert "$BRANDKIT_SUBSCRIBERS: line 3: it is not an email address" in bad
    assert "not-an-address" not in bad


def test_a_reader_recorded_by_address_is_not_mailed_again(site: Path, smtp: SmtpServer) -> None:
    """State files written before readers were keyed by digest: the old record still counts."""
    (site / "subscribers.csv").write_text("email\nada@example.org\nlin@example.net\n")
    configure(site, smtp_block(smtp))
    run("build")
    run("newsletter", "send")
    write_post(site, "legacy", "Legacy", n=8)
    run("build")
    path = site / ".brandkit" / "state.json"
    data = json.loads(path.read_text())
    data["newsletter"]["posts"][uid(8)] = {
        "title": "Legacy",
        "senders": {
            "smtp": {
                "state": "partial",
                "steps": {
                    "to:ada@example.org": {"state": "done", "at": "2026-01-01T00:00:00+00:00"}
                },
            }
        },
    }
    path.write_text(json.dumps(data))
    run("newsletter", "send", "--yes")
    assert [m["To"] for _, m in smtp.messages] == ["lin@example.net"]
    assert "ada@example.org" not in path.read_text()
    assert set(steps(site, 8)) == {reader_key("ada@example.org"), reader_key("lin@example.net")}
