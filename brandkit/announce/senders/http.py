"""The senders' client for provider APIs: requests over `brandkit.http`, failures as DeliveryError.

It turns every failure into a `DeliveryError` that says what to do, and knows which failures
prove the provider did nothing (connection refused, 4xx, 429) and which leave it uncertain (a
timeout or a 5xx after the request went out). When to try again is brandkit's one
`RetryPolicy` (brandkit/http.py): a 429 always, a 5xx or a lost answer only when the caller says
a retry cannot duplicate (an idempotency key, a stable message id).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from brandkit.announce.senders.base import DeliveryError
from brandkit.http import NoResponse, Response, RetryPolicy, send_retrying

# Providers' rate limits are per second or minute: a short growing wait, then advice to run again.
SENDERS = RetryPolicy(attempts=4, backoff=0.5, growth=2.0, max_wait=60.0)

T = TypeVar("T")


class HttpClient:
    def __init__(
        self,
        provider: str,
        *,
        timeout: float,
        auth_hint: str,
        policy: RetryPolicy = SENDERS,
        sleep: Callable[[float], None] = time.sleep,
        hints: Mapping[int, str] | None = None,
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.auth_hint = auth_hint  # what to do after a 401/403, e.g. which env var to fix
        self.policy = policy
        self.sleep = sleep
        self.hints = dict(hints or {})  # status -> what to do, e.g. {422: "shorten the template"}

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        payload: bytes | None = None,
        idempotent: bool = False,
        writes: bool = True,
    ) -> Response:
        """Send one request. `writes`: the request changes something at the provider, so a
        timeout or 5xx leaves the outcome uncertain; a read is always safe to repeat.
        `idempotent`: repeating this write cannot duplicate it (an idempotency key, a stable
        message id), so timeouts and 5xx are retried too."""
        try:
            answer = send_retrying(
                method,
                url,
                policy=self.policy,
                safe=idempotent or not writes,
                timeout=self.timeout,
                label=self.provider,
                headers=headers,
                body=payload,
                sleep=self.sleep,
            )
        except NoResponse as exc:
            if not (exc.sent or exc.timed_out):
                raise DeliveryError(
                    f"cannot reach {self.provider} at {url} ({exc.reason}); check the URL in "
                    "mkdocs.yml and your network",
                    certain=True,
                    fatal=True,
                ) from None
            # A timeout, or a connection lost after the request went out: it may have acted.
            raise DeliveryError(
                f"{self.provider} did not answer within {self.timeout:g}s; it may have "
                "acted on the request",
                certain=not writes,
            ) from None
        response = answer.response
        if response.ok:
            return response
        status, wait = response.status, response.retry_after()
        body = _message(response)
        if status in (401, 403):
            raise DeliveryError(
                f"{self.provider} refused the credentials ({status} {body}); {self.auth_hint}",
                certain=True,
                fatal=True,
            )
        if status == 429:
            after = f" after {wait:.0f}s" if wait is not None else " later"
            raise DeliveryError(
                f"{self.provider} is rate-limiting requests (429); run again{after}",
                certain=True,
                fatal=True,
            )
        if status >= 500:
            raise DeliveryError(
                f"{self.provider} had a server error ({status} {body}); run again later "
                "(check the provider's status page if it persists)",
                certain=not writes,
            )
        advice = self.hints.get(status, "check its options in mkdocs.yml")
        raise DeliveryError(
            f"{self.provider} rejected the request ({status} {body}); {advice}", certain=True
        )


def channel_client(
    provider: str,
    options: Any,
    *,
    auth_hint: str,
    hints: Mapping[int, str] | None = None,
) -> HttpClient:
    """A social channel's client: its options' `timeout`, and a 429's wait honoured up to their
    `max_retry_wait`."""
    return HttpClient(
        provider,
        timeout=float(options.timeout),
        policy=RetryPolicy(max_wait=float(options.max_retry_wait)),
        auth_hint=auth_hint,
        hints=hints,
    )


def create_once(
    create: Callable[[], Response],
    find: Callable[[], T | None],
    created: Callable[[Any], T],
) -> T:
    """Create something at a provider that may ignore idempotency keys: after a lost answer (a
    timeout, a 5xx) ask `find` whether it exists before trying once more. `created` turns the
    answer's JSON into what `find` returns."""
    for attempt in (1, 2):
        try:
            response = create()
        except DeliveryError as exc:
            if exc.certain:
                raise
            found = find()
            if found is not None:
                return found
            if attempt == 2:
                raise
            continue
        return created(json_body(response))
    raise AssertionError("unreachable")


def json_body(response: Response) -> Any:
    """The answer's JSON; a body that is not JSON leaves the outcome uncertain."""
    try:
        return response.json()
    except ValueError as exc:
        raise DeliveryError(
            f"the provider answered {response.status} with a body that is not JSON", certain=False
        ) from exc


def _message(response: Response) -> str:
    """The provider's own error text, short; never echoes request headers (secrets)."""
    try:
        data = json.loads(response.body)
    except ValueError:
        text = response.text.strip()
        if text.startswith("<"):
            return "an HTML error page"  # a proxy's or framework's page: nothing to quote
        return " ".join(text.split())[:200]
    if isinstance(data, dict):
        for key in ("message", "detail", "error", "errors"):
            if key in data:
                return str(data[key])[:200]
    return json.dumps(data)[:200]
