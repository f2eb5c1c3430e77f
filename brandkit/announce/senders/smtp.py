"""SMTP: one multipart text+HTML email per post and reader, through any mail server.

Each reader is a step of its own, so a run that dies in the middle of the list resumes at the next
reader; the one mail in flight when it died is reported (SMTP cannot be asked whether it was
delivered) and sent again only with --force.

Readers' addresses never reach the state file or the output (both can be public: a committed
file, a CI log): a reader's step is keyed by a digest of the address and shown masked
(`a***@example.org`).
The list comes from a CSV file (anywhere, e.g. outside the repository) or from an environment
variable holding the CSV text (`subscribers_env`, e.g. a GitHub Actions secret).
"""

from __future__ import annotations

import contextlib
import hashlib
import smtplib
import ssl
from email.policy import SMTP as SMTP_POLICY
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from brandkit.announce.compose import Announcement, build_email
from brandkit.announce.senders import base
from brandkit.announce.subscribers import parse_subscribers, read_subscribers
from brandkit.config import options as o
from brandkit.errors import ConfigError
from brandkit.hookspecs import hookimpl
from brandkit.secrets import SecretEnv


class SmtpOptions(o.Schema):
    host = o.Text()
    port = o.Optional(o.Whole())
    """Default: 465 with security: tls, else 587."""
    security = o.Choice(("starttls", "tls", "none"), default="starttls")
    username = o.Optional(o.Text())
    password_env = o.Text("BRANDKIT_SMTP_PASSWORD")
    """The environment variable holding the SMTP password (never put it in mkdocs.yml)."""
    from_address = o.Text()
    """The From: of the emails, e.g. 'Jane Doe <jane@example.com>'."""
    reply_to = o.Optional(o.Text())
    subscribers = o.Optional(o.Text())
    """A CSV file with an `email` column, one mail per reader: relative to mkdocs.yml, absolute
    or under ~ (keep it out of a public repository)."""
    subscribers_env = o.Optional(o.Text())
    """Or an environment variable holding that CSV's text (e.g. a GitHub Actions secret)."""
    to = o.Optional(o.Text())
    """Or one address (a mailing list) that receives one mail."""
    timeout = o.Number(30)


class SmtpSender(base.Sender):
    type = "smtp"
    description = (
        "Email through an SMTP server, to each reader of a CSV list or to one list address."
    )
    Options = SmtpOptions
    secrets = (
        SecretEnv(
            "BRANDKIT_SMTP_PASSWORD",
            "password",
            "use the password (or app password) of the SMTP `username`",
            option="password_env",
            only_if="username",
        ),
        SecretEnv(
            "BRANDKIT_SUBSCRIBERS",
            "subscriber list (the CSV's text)",
            "put the CSV's text (`email` header, one address a line) in it",
            option="subscribers_env",
            only_if="subscribers_env",
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        o = self.options
        if sum(1 for v in (o.subscribers, o.subscribers_env, o.to) if v) != 1:
            raise ConfigError(
                f"{self.where()}: set exactly one of `subscribers:` (a CSV file of readers), "
                "`subscribers_env:` (an environment variable holding that CSV) or `to:` (one list "
                "address)."
            )
        self._smtp: smtplib.SMTP | None = None
        self._recipients: list[str] | None = None

    def recipients(self) -> list[str]:
        if self._recipients is None:
            o = self.options
            if o.to:
                self._recipients = [o.to]
            elif o.subscribers_env:
                text = self.secret(o.subscribers_env, "subscribers_env")
                self._recipients = parse_subscribers(text, f"${o.subscribers_env}", quote=False)
            else:
                path = self.root / Path(o.subscribers).expanduser()
                self._recipients = read_subscribers(path, o.subscribers)
        return self._recipients

    def config_problems(self, settings: Any) -> list[str]:
        problems = []
        if not (settings.unsubscribe_url or settings.unsubscribe_mailto):
            problems.append(
                "mkdocs.yml: plugins.brandkit.newsletter: set `unsubscribe_url:` or "
                "`unsubscribe_mailto:`; every email must tell readers how to unsubscribe "
                f"(the smtp sender {self.name!r} sends them)."
            )
        for key in ("from_address", "reply_to", "to"):
            value = getattr(self.options, key)
            if value and "@" not in parseaddr(value)[1]:
                problems.append(
                    f"{self.where(key)}: {value!r} is not an email address; write e.g. "
                    "'Jane Doe <jane@example.com>'."
                )
        return problems

    @property
    def per_recipient(self) -> bool:
        return not self.options.to

    def check(self) -> None:
        if self.options.username:
            self.secret(self.options.password_env, "password_env")

    def steps(self, announcement: Announcement) -> list[base.Step]:
        return [
            base.Step(reader_key(addr), f"mail to {masked(addr)}", True, (f"to:{addr}",))
            for addr in self.recipients()
        ]

    def message(self, announcement: Announcement, to: str) -> bytes:
        if not (announcement.unsubscribe_url or announcement.unsubscribe_mailto):
            raise ConfigError(
                "mkdocs.yml: plugins.brandkit.newsletter: set `unsubscribe_url:` or "
                "`unsubscribe_mailto:`; every email must tell readers how to unsubscribe."
            )
        try:
            msg = build_email(
                announcement,
                from_address=self.options.from_address,
                to=to,
                per_recipient=self.per_recipient,
                reply_to=self.options.reply_to,
            )
        except ValueError as exc:
            raise ConfigError(f"{self.where()}: {exc}") from exc
        # CRLF line ends, exactly as they go on the wire (smtplib sends bytes unchanged).
        return msg.as_bytes(policy=SMTP_POLICY)

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        # Preview files stay on this machine (.cache/), so they may be named by address.
        return {f"{addr}.eml": self.message(announcement, addr) for addr in self.recipients()}

    def preview_step(self, name: str) -> str | None:
        return reader_key(name[:-4]) if name.endswith(".eml") else None

    def _address_of(self, key: str) -> str:
        for addr in self.recipients():
            if reader_key(addr) == key:
                return addr
        raise base.DeliveryError("the reader is no longer in the subscriber list", certain=True)

    def _connect(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        o = self.options
        port = o.port or (465 if o.security == "tls" else 587)
        try:
            smtp: smtplib.SMTP
            if o.security == "tls":
                smtp = smtplib.SMTP_SSL(
                    o.host, port, timeout=o.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(o.host, port, timeout=o.timeout)
                if o.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if o.username:
                smtp.login(o.username, self.secret(o.password_env, "password_env"))
        except smtplib.SMTPAuthenticationError as exc:
            raise base.DeliveryError(
                f"the SMTP server refused the login of {o.username!r} ({exc.smtp_code}); check "
                f"the username and ${o.password_env}",
                certain=True,
                fatal=True,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise base.DeliveryError(
                f"cannot talk to the SMTP server {o.host}:{port} ({exc}); check host, port and "
                "security in mkdocs.yml",
                certain=True,
                fatal=True,
            ) from None
        self._smtp = smtp
        return smtp

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        to = self._address_of(step.key)
        data = self.message(announcement, to)
        smtp = self._connect()
        try:
            refused = smtp.sendmail(_bare(self.options.from_address), [to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise base.DeliveryError(
                f"the server refused {masked(to)} ({code} {_text(text)})", certain=True
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise base.DeliveryError(
                f"the server refused the sender {exc.sender} ({exc.smtp_code}); check from_address",
                certain=True,
                fatal=True,
            ) from None
        except smtplib.SMTPDataError as exc:
            raise base.DeliveryError(
                f"the server rejected the mail to {masked(to)} "
                f"({exc.smtp_code} {_text(exc.smtp_error)})",
                certain=True,
            ) from None
        except (smtplib.SMTPServerDisconnected, TimeoutError, OSError) as exc:
            # The message may have been accepted just before the connection broke.
            self._smtp = None
            raise base.DeliveryError(
                f"the connection broke while sending to {masked(to)} ({exc})",
                certain=False,
                fatal=True,
            ) from None
        if refused:
            raise base.DeliveryError(f"the server refused {masked(to)}", certain=True)
        return base.StepResult(detail="accepted by the SMTP server")

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def reader_key(address: str) -> str:
    """A reader's step key: a digest of the address, so the state file holds no address."""
    return "to:" + hashlib.sha256(address.strip().lower().encode()).hexdigest()[:20]


def masked(address: str) -> str:
    """An address as output shows it: enough to recognise, not enough to harvest."""
    local, _, domain = parseaddr(address)[1].rpartition("@")
    return f"{local[:1]}***@{domain}" if local else "***"


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _bare(address: str) -> str:
    return parseaddr(address)[1]


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [SmtpSender]
