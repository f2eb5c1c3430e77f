"""The syndication services' client: JSON requests to one service over `brandkit.http`.

It paces requests to the service's documented limits, honours 429 responses (Retry-After, by
brandkit's one `RetryPolicy` in brandkit/http.py), and
keeps secrets out of every message it produces: headers are sent, never formatted into text, and
the transport redacts them from answers.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from brandkit.errors import BrandkitError
from brandkit.http import NoResponse, Response, RetryPolicy, send_retrying

if TYPE_CHECKING:
    from brandkit.syndicate.base import ServiceOptions

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 30.0  # when a 429 carries no usable Retry-After header
MAX_ATTEMPTS = 4


class Pacer:
    """Keeps at least `interval` seconds between two calls of `wait()`."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = max(0.0, interval)
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            delay = self._last + self.interval - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._last = self._clock()

    def hold(self, seconds: float) -> None:
        """Push the next slot back, e.g. after the service asked us to wait."""
        self._last = self._clock() + seconds - self.interval


class JsonClient:
    """JSON requests to one service. `label` names the service in messages (e.g. "dev.to")."""

    @classmethod
    def configured(
        cls, label: str, config: ServiceOptions, headers: Mapping[str, str]
    ) -> JsonClient:
        """The client a service's section in mkdocs.yml asks for."""
        return cls(
            label,
            config.api_url,
            headers,
            write_interval=config.write_interval,
            read_interval=config.read_interval,
            max_retry_wait=config.max_retry_wait,
            timeout=config.timeout,
        )

    def __init__(
        self,
        label: str,
        base_url: str,
        headers: Mapping[str, str],
        *,
        write_interval: float,
        read_interval: float,
        max_retry_wait: float,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.label = label
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._headers = dict(headers)
        # Header values are credentials: never echo them, even if a service quotes them back.
        self._secrets = [v for k, v in headers.items() if k.lower() != "accept" and len(v) >= 4]
        self._writes = Pacer(write_interval, sleep=sleep)
        self._reads = Pacer(read_interval, sleep=sleep)
        self._policy = RetryPolicy(
            attempts=MAX_ATTEMPTS,
            backoff=DEFAULT_RETRY_AFTER,
            growth=1.0,
            max_wait=max_retry_wait,
        )
        self._timeout = timeout
        self._sleep = sleep

    def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        query: Mapping[str, str | int] | None = None,
        *,
        write: bool | None = None,
    ) -> Response:
        url = urllib.parse.urljoin(self.base_url, path)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        is_write = method != "GET" if write is None else write
        pacer = self._writes if is_write else self._reads
        body = None if payload is None else json.dumps(payload).encode("utf-8")

        def before_try(attempt: int) -> None:
            if attempt > 1:
                pacer.hold(0.0)  # the wait the service asked for already spaced this request
            pacer.wait()

        response, attempts = self._send(method, url, body, is_write, before_try)
        if response.status != 429:
            return response
        wait = response.retry_after()
        wait = DEFAULT_RETRY_AFTER if wait is None else wait
        if attempts < self._policy.attempts:
            raise BrandkitError(
                f"{self.label}: rate limited (429) and asked to wait {wait:.0f}s, more than "
                f"max_retry_wait ({self._policy.max_wait:.0f}s); run the command again later "
                "(everything done so far is recorded)."
            )
        raise BrandkitError(
            f"{self.label}: still rate limited (429) after {attempts} attempts; run "
            "the command again later (everything done so far is recorded)."
        )

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        is_write: bool,
        before_try: Callable[[int], None],
    ) -> tuple[Response, int]:
        try:
            # Only a 429 is sent again (safe=False): the services' reads are cheap to redo by
            # running the command again, and a write may have been saved.
            answer = send_retrying(
                method,
                url,
                policy=self._policy,
                safe=False,
                timeout=self._timeout,
                label=self.label,
                headers=self._headers,
                body=body,
                secrets=self._secrets,
                sleep=self._sleep,
                before_try=before_try,
            )
            return answer.response, answer.attempts
        except NoResponse as exc:
            what = f"timed out after {self._timeout:g}s" if exc.timed_out else exc.reason
            # Refused or unresolvable, the request never left. A timeout or an answer cut off
            # after sending, the service may have acted on it: say so, the next run reconciles.
            if is_write and (exc.sent or exc.timed_out):
                raise BrandkitError(
                    f"{self.label}: no answer from {_origin(url)} ({what}); the change may have "
                    "been saved there. Run the command again: it looks for an existing copy by "
                    "its canonical URL before creating one."
                ) from None
            raise BrandkitError(
                f"{self.label}: cannot reach {_origin(url)} ({what}); check your network or "
                "the api_url in mkdocs.yml and run again."
            ) from None


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def error_detail(response: Response) -> str:
    """The service's own error text, shortened for a one-line message."""
    data = response.data
    detail = ""
    if isinstance(data, dict):
        for key in ("error", "message", "errors"):
            if data.get(key):
                detail = str(data[key])
                break
    if not detail:
        detail = response.text.strip()
    detail = " ".join(detail.split())
    return detail[:200] + ("..." if len(detail) > 200 else "")
