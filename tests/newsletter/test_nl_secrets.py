"""Secrets never leak: each secret-bearing sender talks to a server that echoes the credentials
back (in the error body, in headers, in a 500 page, in a "successful" answer's ids), and the
secret must appear in no output, no file under the site (state file, previews, caches, site/)
and no exception text, on send, on the run after (reconciling), on status and on a dry run."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from brandkit.cli import main
from tests.echo import MODES, EchoServer, leaks
from tests.newsletter.conftest import configure, run, run_subprocess, write_post

SECRETS = {
    "BUTTONDOWN_API_KEY": "bd-echo-8c1f2e7a9d",
    "LISTMONK_API_TOKEN": "lm-echo-3b9d0c6e1f",
    "BRANDKIT_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}
SENDERS = {
    "buttondown": (
        "BUTTONDOWN_API_KEY",
        "- type: buttondown\n  api_url: {url}/v1/\n  timeout: 2\n",
    ),
    "listmonk": (
        "LISTMONK_API_TOKEN",
        "- type: listmonk\n  url: {url}\n  username: api\n  lists: [1]\n  send: true\n"
        "  timeout: 2\n",
    ),
    "webhook": ("BRANDKIT_WEBHOOK_SECRET", "- type: webhook\n  url: {url}/hook\n  timeout: 2\n"),
}


def prepare(site: Path, senders: str) -> None:
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: unsubscribe@jane.example.com\n  senders:\n"
        + "".join(f"    {line}\n" for line in senders.strip("\n").splitlines()),
    )
    run("build")
    run("newsletter", "send")  # the first run records the existing posts; no call
    write_post(site, "echo", "Echo chamber", n=5)
    run("build")


def chain_texts(exc: BaseException | None) -> list[str]:
    """str() and repr() of an exception and everything it was raised from."""
    texts: list[str] = []
    while exc is not None:
        texts += [str(exc), repr(exc)]
        exc = exc.__cause__ or exc.__context__
    return texts


def in_process(*args: str) -> list[str]:
    """Run in this process with click's standalone mode off, so the raised exception (not just
    its printed line) can be inspected."""
    try:
        main.main(list(args), prog_name="brandkit", standalone_mode=False)
    except (click.ClickException, click.exceptions.Exit, click.Abort) as exc:
        return chain_texts(exc)
    return []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", sorted(SENDERS))
def test_echoed_credentials_appear_nowhere(
    site: Path, kind: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_name, block = SENDERS[kind]
    secret = SECRETS[env_name]
    with EchoServer(mode) as server:
        prepare(site, block.format(url=server.url))
        env = {env_name: secret}
        first = run_subprocess(site, "newsletter", "send", "--yes", env=env)
        again = run_subprocess(site, "newsletter", "send", "--yes", env=env)  # reconciling
        status = run_subprocess(site, "newsletter", "status", env=env)
        dry = run_subprocess(site, "newsletter", "send", "--dry-run", "--force", env=env)
        monkeypatch.setenv(env_name, secret)
        raised = in_process("newsletter", "send", "--yes", "--force")
        assert server.requests, "the sender never called the echo server"
    if kind != "webhook":  # the webhook's secret only signs; it is never sent
        sent = [r["headers"].get("authorization", "") for r in server.requests]
        assert any(secret in value for value in sent), "the test must put the secret on the wire"
    outputs = [p.stdout + p.stderr for p in (first, again, status, dry)]
    assert leaks(secret, site, *outputs, *raised) == []
    assert "Traceback" not in "".join(outputs)
    if mode in ("body", "header"):  # refused credentials: a failure naming the variable
        assert first.returncode == 1 and env_name in first.stderr


# SMTP: a server whose AUTH and DATA replies quote the password -------------------------------
PASSWORD = "smtp-echo-5e2a7c"


class EchoingSmtp:
    """aiosmtpd with AUTH: while `refuse` is set, logins are refused with a reply that quotes
    the password; then logins succeed and the mail is rejected with a reply that quotes it."""

    def __init__(self) -> None:
        self.logins = 0
        self.refuse = True

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> Any:
        self.logins += 1
        password = data.password.decode() if isinstance(data.password, bytes) else data.password
        if self.refuse:
            return AuthResult(
                success=False, handled=False, message=f"535 5.7.8 bad password {password}"
            )
        session.password = password
        return AuthResult(success=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return f"554 5.7.1 rejected, your password {session.password} is weak"


@pytest.fixture
def echoing_smtp() -> Iterator[tuple[EchoingSmtp, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    handler = EchoingSmtp()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=handler.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield handler, port
    controller.stop()


def test_smtp_password_echoed_by_the_server_appears_nowhere(
    site: Path, echoing_smtp: tuple[EchoingSmtp, int]
) -> None:
    handler, port = echoing_smtp
    (site / "subscribers.csv").write_text("email\nada@example.org\n", encoding="utf-8")
    prepare(
        site,
        f"- type: smtp\n  host: 127.0.0.1\n  port: {port}\n  security: none\n  username: jane\n"
        "  from_address: jane@example.com\n  subscribers: subscribers.csv\n",
    )
    env = {"BRANDKIT_SMTP_PASSWORD": PASSWORD}
    refused = run_subprocess(site, "newsletter", "send", "--yes", env=env)  # AUTH echo
    handler.refuse = False
    rejected = run_subprocess(site, "newsletter", "send", "--yes", env=env)  # DATA echo
    status = run_subprocess(site, "newsletter", "status", env=env)
    assert handler.logins >= 2
    assert refused.returncode == 1 and "refused the login" in refused.stderr
    assert rejected.returncode == 1 and "rejected the mail" in rejected.stderr
    outputs = [p.stdout + p.stderr for p in (refused, rejected, status)]
    assert leaks(PASSWORD, site, *outputs) == []
    assert "[redacted]" in rejected.stderr  # the server's words are kept, the password is not
