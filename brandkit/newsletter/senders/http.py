"""A small JSON-over-HTTP client for provider APIs, on the standard library.

It turns every failure into a `DeliveryError` that says what to do, and knows which failures
prove the provider did nothing (connection refused, 4xx, 429) and which leave it uncertain (a
timeout or a 5xx after the request went out). 429 is always retried after Retry-After; a 5xx only
when the caller says a retry cannot duplicate (an idempotency key, a stable message id).
"""

from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from brandkit import __version__
from brandkit.newsletter.senders.base import DeliveryError

log = logging.getLogger("brandkit.newsletter")
USER_AGENT = f"brandkit/{__version__} (+https://pypi.org/project/brandkit/)"


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            raise DeliveryError(
                f"the provider answered {self.status} with a body that is not JSON", certain=False
            ) from exc


class HttpClient:
    def __init__(
        self,
        provider: str,
        *,
        timeout: float,
        auth_hint: str,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.auth_hint = auth_hint  # what to do after a 401/403, e.g. which env var to fix
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep

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
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(method, url, headers or {}, payload)
            except _Status as exc:
                status, wait = exc.response.status, _retry_after(exc.response)
                body = _message(exc.response)
                if status in (401, 403):
                    raise DeliveryError(
                        f"{self.provider} refused the credentials ({status} {body}); "
                        f"{self.auth_hint}",
                        certain=True,
                        fatal=True,
                    ) from None
                if status == 429:
                    delay = wait if wait is not None else self.backoff * 2 ** (attempt - 1)
                    if attempt <= self.retries and delay <= self.max_wait:
                        log.warning(
                            "%s rate-limited the request (429); retrying in %.0fs",
                            self.provider,
                            delay,
                        )
                        self.sleep(delay)
                        continue
                    after = f" after {wait:.0f}s" if wait is not None else " later"
                    raise DeliveryError(
                        f"{self.provider} is rate-limiting requests (429); run again{after}",
                        certain=True,
                        fatal=True,
                    ) from None
                if status >= 500:
                    if (idempotent or not writes) and attempt <= self.retries:
                        delay = min(wait or self.backoff * 2 ** (attempt - 1), self.max_wait)
                        log.warning(
                            "%s answered %s; retrying in %.1fs", self.provider, status, delay
                        )
                        self.sleep(delay)
                        continue
                    raise DeliveryError(
                        f"{self.provider} had a server error ({status} {body}); run again later "
                        "(check the provider's status page if it persists)",
                        certain=not writes,
                    ) from None
                raise DeliveryError(
                    f"{self.provider} rejected the request ({status} {body}); check the "
                    "sender's options in mkdocs.yml",
                    certain=True,
                ) from None
            except TimeoutError:
                if (idempotent or not writes) and attempt <= self.retries:
                    log.warning("%s did not answer in time; retrying", self.provider)
                    continue
                raise DeliveryError(
                    f"{self.provider} did not answer within {self.timeout:g}s; it may have "
                    "acted on the request",
                    certain=not writes,
                ) from None
            except _Unreachable as exc:
                raise DeliveryError(
                    f"cannot reach {self.provider} at {url} ({exc}); check the URL in mkdocs.yml "
                    "and your network",
                    certain=True,
                    fatal=True,
                ) from None

    def _once(
        self, method: str, url: str, headers: Mapping[str, str], payload: bytes | None
    ) -> Response:
        all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **headers}
        req = urllib.request.Request(url, data=payload, headers=all_headers, method=method)
        sent = False
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                sent = True
                return Response(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, dict(exc.headers.items()), exc.read())
            raise _Status(response) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise TimeoutError from None
            raise _Unreachable(str(reason)) from None
        except TimeoutError:
            raise TimeoutError from None
        except (ConnectionError, OSError) as exc:
            # A connection reset after the request went out is as uncertain as a timeout.
            if sent or isinstance(exc, ConnectionResetError | BrokenPipeError):
                raise TimeoutError from None
            raise _Unreachable(str(exc)) from None


class _Status(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class _Unreachable(Exception):
    pass


def _retry_after(response: Response) -> float | None:
    value = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def _message(response: Response) -> str:
    """The provider's own error text, short; never echoes request headers (secrets)."""
    try:
        data = json.loads(response.body)
    except ValueError:
        text = response.body.decode("utf-8", "replace").strip()
        return text[:200]
    if isinstance(data, dict):
        for key in ("message", "detail", "error", "errors"):
            if key in data:
                return str(data[key])[:200]
    return json.dumps(data)[:200]
