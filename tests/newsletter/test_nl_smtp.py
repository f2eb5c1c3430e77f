"""`brandkit newsletter send` through SMTP, end to end: a real site, a real build, aiosmtpd."""

from __future__ import annotations

import json
from pathlib import Path

from tests.newsletter.conftest import configure, run, state, uid, write_post
from tests.newsletter.servers import SmtpServer

READERS = ["ada@example.org", "linus@example.net", "grace@example.com"]


def smtp_site(site: Path, smtp: SmtpServer, *, to: str | None = None, extra: str = "") -> None:
    target = f"to: {to}" if to else "subscribers: subscribers.csv"
    configure(
        site,
        f"""
newsletter:
  unsubscribe_url: https://jane.example.com/unsubscribe/?email={{email}}
  unsubscribe_mailto: unsubscribe@jane.example.com
  senders:
    - type: smtp
      host: 127.0.0.1
      port: {smtp.port}
      security: none
      from_address: Jane Doe <jane@example.com>
      {target}
      {extra}
""",
    )
    (site / "subscribers.csv").write_text("email,name\n" + "".join(f"{a},x\n" for a in READERS))


def test_first_run_records_existing_posts_and_sends_nothing(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp)
    write_post(site, "existing", "Already there", n=9)  # the starter post is a draft
    run("build")
    out = run("newsletter", "send").output
    ledger = state(site)["newsletter"]
    posts = ledger["posts"]
    assert f"First run for sender 'smtp': recording {len(posts)} existing post(s)" in out
    assert "Nothing to send." in out
    assert smtp.messages == []
    assert ledger["senders"]["smtp"]["type"] == "smtp"
    assert uid(9) in posts  # the post written above (the starter post may be published too)
    assert {p["senders"]["smtp"]["state"] for p in posts.values()} == {"baseline"}


def test_new_post_mailed_to_each_reader_once(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp)
    run("build")
    run("newsletter", "send")
    write_post(site, "tracing", 'Tracing <a> "slow" query', n=1)
    write_post(site, "secret", "A draft", n=2, extra="draft: true\n")
    write_post(site, "later", "From the future", n=3, date="2099-01-01T00:00:00+00:00")
    run("build")
    write_post(site, "unbuilt", "Written after the build", n=4)

    result = run("newsletter", "send", "--yes")
    assert "Sent 3 call(s), 0 reconciled, 0 failed, 0 uncertain." in result.output
    assert "'Written after the build' is published but not in the built site" in result.output

    assert sorted(r for rcpts, _ in smtp.messages for r in rcpts) == sorted(READERS)
    for reader in READERS:
        [msg] = smtp.to(reader)
        assert msg["Subject"] == 'Tracing <a> "slow" query'
        assert msg["To"] == reader
        assert msg["From"] == "Jane Doe <jane@example.com>"
        assert msg.get_content_type() == "multipart/alternative"
        unsub = f"https://jane.example.com/unsubscribe/?email={reader.replace('@', '%40')}"
        assert (
            msg["List-Unsubscribe"]
            == f"<mailto:unsubscribe@jane.example.com?subject=unsubscribe>, <{unsub}>"
        )
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert "Hello readers." in text and f"Unsubscribe: {unsub}" in text
        assert "https://jane.example.com/blog/tracing/" in text
        # Absolute links and images, the title escaped, the reader's own unsubscribe link.
        assert 'src="https://jane.example.com/posts/images/diagram.png"' in html
        assert 'href="https://jane.example.com/about/"' in html
        assert "Tracing &lt;a&gt; &quot;slow&quot; query" in html
        assert f'href="{unsub}"' in html
    assert not any(
        "draft" in m["Subject"].lower() or "future" in m["Subject"].lower()
        for _, m in smtp.messages
    )

    again = run("newsletter", "send", "--yes")
    assert "Nothing to send." in again.output
    assert len(smtp.messages) == 3


def test_one_list_address_gets_one_mail(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp, to="readers@lists.example.com")
    run("build")
    run("newsletter", "send")
    write_post(site, "one", "One for the list", n=1)
    run("build")
    run("newsletter", "send", "--yes")
    [(rcpts, msg)] = smtp.messages
    assert rcpts == ["readers@lists.example.com"]
    assert "<https://jane.example.com/unsubscribe/?email=>" in msg["List-Unsubscribe"]


def test_dry_run_writes_exact_emails_and_touches_nothing(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp)
    run("build")
    run("newsletter", "send")
    before = (site / ".brandkit/state.json").read_bytes()
    write_post(site, "preview-me", "Preview me", n=1)
    run("build")

    out = run("newsletter", "send", "--dry-run").output
    assert "plan: Preview me -> smtp: mail to a***@example.org [send]" in out
    assert "ada@example.org" not in out  # addresses stay out of output (CI logs are public)
    assert "Dry run: nothing sent, nothing recorded. 3 preview file(s)" in out
    assert smtp.messages == []
    assert (site / ".brandkit/state.json").read_bytes() == before
    eml = site / ".cache/brandkit/newsletter-preview/preview-me/smtp/ada@example.org.eml"
    assert b"Subject: Preview me" in eml.read_bytes()
    assert b"List-Unsubscribe:" in eml.read_bytes()

    run("newsletter", "send", "--yes")  # the dry run did not mark anything as sent
    assert len(smtp.messages) == 3


def test_real_send_without_terminal_needs_yes(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp)
    run("build")
    run("newsletter", "send")
    write_post(site, "confirm", "Needs confirmation", n=1)
    run("build")
    result = run("newsletter", "send", expect=1)
    assert "not run from a terminal, so pass --yes" in result.output
    assert smtp.messages == []
    assert "Traceback" not in result.output


def test_password_from_env_never_shown(site: Path, smtp: SmtpServer, monkeypatch) -> None:
    smtp_site(site, smtp, extra="username: jane")
    run("build")
    run("newsletter", "send")
    write_post(site, "auth", "Needs a password", n=1)
    run("build")
    missing = run("newsletter", "send", "--yes", expect=1)
    assert "BRANDKIT_SMTP_PASSWORD is not set" in missing.output
    # aiosmtpd without TLS refuses AUTH: the error says so without echoing the password.
    monkeypatch.setenv("BRANDKIT_SMTP_PASSWORD", "hunter2-smtp-secret")
    failed = run("newsletter", "send", "--yes", expect=1)
    assert "hunter2-smtp-secret" not in failed.output
    assert "SMTP server" in failed.output
    assert "hunter2" not in json.dumps(state(site))


def test_bad_subscriber_file_is_named_and_nothing_sent(site: Path, smtp: SmtpServer) -> None:
    smtp_site(site, smtp)
    run("build")
    run("newsletter", "send")
    (site / "subscribers.csv").write_text("email\nada@example.org\nnot-an-address\n")
    write_post(site, "bad", "Bad list", n=1)
    run("build")
    result = run("newsletter", "send", "--yes", expect=1)
    assert "subscribers.csv: line 3: 'not-an-address' is not an email address" in result.output
    assert smtp.messages == []
