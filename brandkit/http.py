"""One JSON request over HTTP, on the standard library: the transport under the publishing clients.

It sends, reads and classifies; it never retries and words no message. What a failure means for
the caller (retry, stop, "the provider may have acted") belongs to the newsletter senders and the
syndication services, which each keep their own policy on top of `send()`.

Every request and answer passes the redaction point (`brandkit.secrets`): the credentials in the
request's headers are registered before it leaves, and the answer's body and headers and any
failure's text come back with every registered secret removed, so nothing built from them (a
message, a ledger record, a preview) can carry one.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from brandkit import __version__
from brandkit.secrets import REDACTED, REDACTOR, register, register_headers

__all__ = ["REDACTED", "NoResponse", "Response", "retry_after_seconds", "send"]

USER_AGENT = f"brandkit/{__version__} (+https://pypi.org/project/brandkit/)"


@dataclass(frozen=True)
class Response:
    """An HTTP answer, whatever its status."""

    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes
    url: str = ""  # where the answer came from, after redirects (relative links resolve here)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON (None when empty); ValueError when it is not JSON."""
        return json.loads(self.body or b"null")

    @property
    def data(self) -> Any:
        """The body as JSON, or None when it is empty or not JSON."""
        try:
            return self.json()
        except ValueError:
            return None

    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers.get("retry-after"))


class NoResponse(Exception):
    """No HTTP answer came. `sent`: the request had left when it failed (the wait for the answer
    failed), so the server may have acted on it; otherwise connecting or sending failed.
    `timed_out`: the failure was the timeout, which leaves a write uncertain either way."""

    def __init__(self, reason: str, *, sent: bool, timed_out: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sent = sent
        self.timed_out = timed_out


def send(
    method: str,
    url: str,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    secrets: Iterable[str] = (),
) -> Response:
    """Send one request and read the answer. Any status comes back as a `Response`, its body and
    headers redacted; `secrets` are registered with the redaction point first (credentials sent
    in the body or the URL; those in Authorization-like headers are registered anyway)."""
    for secret in secrets:
        register(secret)
    register_headers(headers or {})
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return _response(answer.status, answer.headers, answer.read(), answer.geturl())
    except urllib.error.HTTPError as exc:
        with exc:
            return _response(exc.code, exc.headers, exc.read(), exc.geturl() or url)
    except (OSError, http.client.HTTPException) as exc:
        # urllib wraps what fails while connecting or sending in URLError; anything else failed
        # while waiting for or reading the answer, after the request went out.
        reason = getattr(exc, "reason", exc)
        raise NoResponse(
            REDACTOR.text(str(reason)),
            sent=not isinstance(exc, urllib.error.URLError),
            timed_out=isinstance(reason, TimeoutError),
        ) from None


def _response(status: int, headers: Any, raw: bytes, url: str) -> Response:
    clean = REDACTOR.headers({k.lower(): v for k, v in headers.items()})
    return Response(status, clean, REDACTOR.binary(raw), url)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parse Retry-After: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
