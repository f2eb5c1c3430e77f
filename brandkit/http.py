"""JSON requests over HTTP on the standard library: the transport under the publishing clients,
and the one retry policy they all follow.

`send()` sends, reads and classifies one request; `send_retrying()` sends it again when
`RetryPolicy` says so (a 429 after Retry-After or a growing backoff; a 5xx or a lost answer only
when repeating cannot duplicate). Neither words a message: what a failure means for the user
belongs to the newsletter senders and the syndication services.

Every request and answer passes the redaction point (`brandkit.secrets`): the credentials in the
request's headers are registered before it leaves, and the answer's body and headers and any
failure's text come back with every registered secret removed, so nothing built from them (a
message, a ledger record, a preview) can carry one.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from brandkit import __version__
from brandkit.secrets import REDACTED, REDACTOR, register, register_headers

log = logging.getLogger(__name__)

USER_AGENT = f"brandkit/{__version__} (+https://pypi.org/project/brandkit/)"
__all__ = ["REDACTED", "NoResponse", "Response", "RetryPolicy", "send", "send_retrying"]


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
        """How long the server asks to wait: Retry-After, else the rate-limit reset time that
        Mastodon (`X-RateLimit-Reset`, an ISO date) and AT Protocol servers (`RateLimit-Reset`,
        Unix seconds) send instead."""
        named = retry_after_seconds(self.headers.get("retry-after"))
        if named is not None:
            return named
        return rate_limit_reset(
            self.headers.get("x-ratelimit-reset") or self.headers.get("ratelimit-reset")
        )


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


@dataclass(frozen=True)
class RetryPolicy:
    """When a request is sent again. A 429 always, after its Retry-After or else `backoff`
    seconds growing by `growth` each time; a 5xx or an answer lost after sending only when the
    request is `safe` to repeat (a read, or a write with an idempotency key), since otherwise the
    provider may have acted. Never more than `attempts` tries, never a wait over `max_wait`."""

    attempts: int = 4
    backoff: float = 0.5
    growth: float = 2.0
    max_wait: float = 60.0

    def wait(self, attempt: int, response: Response | None, *, safe: bool) -> float | None:
        """Seconds to wait before trying again after try number `attempt`, or None to stop.
        `response` is None when no answer came although the request went out."""
        if attempt >= self.attempts:
            return None
        if response is None:
            return 0.0 if safe else None
        named = response.retry_after()
        delay = named if named is not None else self.backoff * self.growth ** (attempt - 1)
        if response.status == 429:
            return delay if delay <= self.max_wait else None
        if response.status >= 500 and safe:
            return min(delay, self.max_wait)
        return None


@dataclass(frozen=True)
class Answer:
    """The last response of `send_retrying()` and how many tries it took."""

    response: Response
    attempts: int


def send_retrying(
    method: str,
    url: str,
    *,
    policy: RetryPolicy,
    safe: bool,
    timeout: float,
    label: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    secrets: Iterable[str] = (),
    sleep: Callable[[float], None] = time.sleep,
    before_try: Callable[[int], None] | None = None,
) -> Answer:
    """`send()`, repeated as `policy` says. Returns the first success or the last answer (the
    caller words why it stopped); raises NoResponse when the last try got no answer. A request
    that never left (refused, unresolvable) is not repeated. `before_try(n)` runs before try n
    (a client's pacing); `label` names the provider in the log."""
    attempt = 0
    while True:
        attempt += 1
        if before_try is not None:
            before_try(attempt)
        try:
            response = send(
                method, url, timeout=timeout, headers=headers, body=body, secrets=secrets
            )
        except NoResponse as exc:
            delay = policy.wait(attempt, None, safe=safe) if exc.sent or exc.timed_out else None
            if delay is None:
                raise
            log.warning("%s did not answer in time; retrying", label)
            if delay:
                sleep(delay)
            continue
        if response.ok:
            return Answer(response, attempt)
        delay = policy.wait(attempt, response, safe=safe)
        if delay is None:
            return Answer(response, attempt)
        log.warning("%s answered %s; retrying in %.1fs", label, response.status, delay)
        sleep(delay)


def _response(status: int, headers: Any, raw: bytes, url: str) -> Response:
    clean = REDACTOR.headers({k.lower(): v for k, v in headers.items()})
    return Response(status, clean, REDACTOR.binary(raw), url)


def rate_limit_reset(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds until a rate-limit window resets: an ISO 8601 date (Mastodon) or Unix seconds."""
    if not value:
        return None
    value = value.strip()
    current = now or datetime.now(UTC)
    if value.isdigit():
        return max(0.0, int(value) - current.timestamp())
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - current).total_seconds())


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
