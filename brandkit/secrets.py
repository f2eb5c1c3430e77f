"""Secrets: the environment variables publishing code declares, and the one place their values
are removed from text.

Every sender, channel and syndication service declares the variables it reads (`SecretEnv`, a
class attribute), so `doctor`, `brandkit ci` and error messages name them from one source. When
one of them is loaded, the values of its variables are registered here; from then on `redact()`
removes them (and credentials in Authorization, api-key and token headers, and bearer strings)
from whatever is printed, logged, stored in the state file, written to previews or raised. The
HTTP transport (`brandkit.http`) passes every request and answer through it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REDACTED = "[redacted]"
MIN_LENGTH = 4  # shorter values would redact ordinary words; no real credential is that short

# Request headers whose whole value is a credential, whatever it holds.
SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "api-key",
        "x-api-key",
        "x-auth-token",
        "x-access-token",
        "token",
        "cookie",
        "set-cookie",
    }
)
# A credential written out in text: "Authorization: Token abc", "Bearer abc", "api-key: abc"
# (an echoed request in an error page), or a token in a URL's query ("?token=abc").
_HEADER_LINE = re.compile(
    r"(?im)\b(authorization|proxy-authorization|api-key|x-api-key|x-auth-token|x-access-token)"
    r"(\"?\s*[:=]\s*\"?)[^\r\n\"',}]+"
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{6,}")
_QUERY_TOKEN = re.compile(r"(?i)([?&](?:token|access_token|api_key|apikey)=)[^&#\s\"'<>]+")


@dataclass(frozen=True)
class SecretEnv:
    """An environment variable holding a secret. `option` names the option that may rename the
    variable (e.g. `api_key_env`); `only_if` names an option that must be set for the secret to
    be needed (SMTP's password only with a `username`)."""

    default: str
    purpose: str  # "API key", "app password"
    how: str  # where to get one: "create an API key at https://..."
    option: str | None = None
    only_if: str | None = None

    def name(self, options: Any = None) -> str:
        """The variable's name under these options (a mkdocs Config, a mapping or None)."""
        if self.option and options is not None:
            value = _get(options, self.option)
            if isinstance(value, str) and value:
                return value
        return self.default

    def needed(self, options: Any = None) -> bool:
        return self.only_if is None or bool(options is not None and _get(options, self.only_if))


def _get(options: Any, key: str) -> Any:
    if isinstance(options, Mapping):
        return options.get(key)
    try:
        return options[key]
    except (KeyError, TypeError, IndexError):
        return getattr(options, key, None)


def declared_names(declared: Iterable[SecretEnv], options: Any = None) -> list[str]:
    """The variable names a declaration reads under `options`, only the needed ones."""
    return [secret.name(options) for secret in declared if secret.needed(options)]


class Redactor:
    """The registered secret values, and the functions that remove them from text."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value.strip()) >= MIN_LENGTH:
            with self._lock:
                self._values.add(value)
                self._values.add(value.strip())

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def values(self, text: str) -> str:
        """Only the registered values: for text brandkit wrote itself (previews), where a
        pattern could change an author's own link."""
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, REDACTED)
        return text

    def text(self, text: str) -> str:
        """Registered values, then credentials by their shape (header lines, bearer strings,
        tokens in a URL's query): for what came from outside or reports on it."""
        text = self.values(text)
        text = _HEADER_LINE.sub(lambda m: f"{m[1]}{m[2]}{REDACTED}", text)
        text = _BEARER.sub(lambda m: f"{m[1]} {REDACTED}", text)
        return _QUERY_TOKEN.sub(lambda m: f"{m[1]}{REDACTED}", text)

    def binary(self, data: bytes, *, patterns: bool = True) -> bytes:
        if not data:
            return data
        for value in sorted(self._values, key=len, reverse=True):
            data = data.replace(value.encode("utf-8"), REDACTED.encode())
        if not patterns:
            return data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        cleaned = self.text(text)
        return data if cleaned == text else cleaned.encode("utf-8")

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            k: REDACTED if k.lower() in SENSITIVE_HEADERS else self.text(v)
            for k, v in headers.items()
        }

    def data(self, value: Any) -> Any:
        """JSON-like data with every string redacted (for the state file)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value


REDACTOR = Redactor()


def register(value: str | None) -> None:
    """Remember a secret value so it is removed from everything brandkit shows or keeps."""
    REDACTOR.add(value)


def register_headers(headers: Mapping[str, str]) -> None:
    """The credentials sent in request headers: the whole value, and the part after a scheme
    ("Token abc" -> "abc"), since a service may echo either."""
    for key, value in headers.items():
        if key.lower() in SENSITIVE_HEADERS:
            register(value)
            _, _, credential = value.partition(" ")
            register(credential)
            # listmonk's "token user:secret": the secret after the user name.
            register(credential.rpartition(":")[2] if ":" in credential else None)


def register_declared(
    declared: Iterable[SecretEnv], options: Any, environ: Mapping[str, str]
) -> None:
    """Register the values of every variable a sender or service declares, set or not needed."""
    for secret in declared:
        register(environ.get(secret.name(options)))


def redact(text: str) -> str:
    return REDACTOR.text(text)


def redact_bytes(data: bytes, *, patterns: bool = True) -> bytes:
    return REDACTOR.binary(data, patterns=patterns)


def redact_data(value: Any) -> Any:
    return REDACTOR.data(value)
