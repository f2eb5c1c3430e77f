"""SMTP: one multipart text+HTML email per post and reader, through any mail server.

Each reader is a step of its own, so a run that dies in the middle of the list resumes at the next
reader; the one mail in flight when it died is reported (SMTP cannot be asked whether it was
delivered) and sent again only with --force.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.policy import SMTP as SMTP_POLICY
from typing import Any

from brandkit.announce.compose import Announcement, build_email
from brandkit.announce.senders.base import (
    DeliveryError,
    SendContext,
    Sender,
    Step,
    StepResult,
)
from brandkit.announce.subscribers import read_subscribers
from brandkit.config import options as o
from brandkit.errors import ConfigError
from brandkit.hookspecs import hookimpl


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
    """A CSV file (relative to mkdocs.yml) with an `email` column: one mail per reader."""
    to = o.Optional(o.Text())
    """Or one address (a mailing list) that receives one mail."""
    timeout = o.Number(30)


class SmtpSender(Sender):
    type = "smtp"
    description = (
        "Email through an SMTP server, to each reader of a CSV list or to one list address."
    )
    Options = SmtpOptions

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        o = self.options
        if bool(o.subscribers) == bool(o.to):
            raise ConfigError(
                f"{self.where()}: set exactly one of `subscribers:` (a CSV file of readers) or "
                "`to:` (one list address)."
            )
        self._smtp: smtplib.SMTP | None = None
        self._recipients: list[str] | None = None

    def recipients(self) -> list[str]:
        if self._recipients is None:
            if self.options.to:
                self._recipients = [self.options.to]
            else:
                path = self.root / self.options.subscribers
                self._recipients = read_subscribers(path, self.options.subscribers)
        return self._recipients

    @property
    def per_recipient(self) -> bool:
        return not self.options.to

    def check(self) -> None:
        if self.options.username:
            self.secret(self.options.password_env, "password_env")

    def steps(self, announcement: Announcement) -> list[Step]:
        return [
            Step(f"to:{addr}", f"mail to {addr}", independent=True) for addr in self.recipients()
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
        return {f"{addr}.eml": self.message(announcement, addr) for addr in self.recipients()}

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
            raise DeliveryError(
                f"the SMTP server refused the login of {o.username!r} ({exc.smtp_code}); check "
                f"the username and ${o.password_env}",
                certain=True,
                fatal=True,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                f"cannot talk to the SMTP server {o.host}:{port} ({exc}); check host, port and "
                "security in mkdocs.yml",
                certain=True,
                fatal=True,
            ) from None
        self._smtp = smtp
        return smtp

    def run(self, step: Step, announcement: Announcement, context: SendContext) -> StepResult:
        to = step.key.removeprefix("to:")
        data = self.message(announcement, to)
        smtp = self._connect()
        try:
            refused = smtp.sendmail(_bare(self.options.from_address), [to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise DeliveryError(
                f"the server refused {to} ({code} {_text(text)})", certain=True
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryError(
                f"the server refused the sender {exc.sender} ({exc.smtp_code}); check from_address",
                certain=True,
                fatal=True,
            ) from None
        except smtplib.SMTPDataError as exc:
            raise DeliveryError(
                f"the server rejected the mail to {to} ({exc.smtp_code} {_text(exc.smtp_error)})",
                certain=True,
            ) from None
        except (smtplib.SMTPServerDisconnected, TimeoutError, OSError) as exc:
            # The message may have been accepted just before the connection broke.
            self._smtp = None
            raise DeliveryError(
                f"the connection broke while sending to {to} ({exc})", certain=False, fatal=True
            ) from None
        if refused:
            raise DeliveryError(f"the server refused {to}", certain=True)
        return StepResult(detail="accepted by the SMTP server")

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _bare(address: str) -> str:
    from email.utils import parseaddr

    return parseaddr(address)[1]


@hookimpl
def brandkit_senders() -> list[type[Sender]]:
    return [SmtpSender]
