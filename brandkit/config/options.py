"""Typed config schemas as plain data: option kinds, `Schema` and `load()`.

A schema is a class whose attributes are options (`Text`, `Flag`, `Whole`, `Section`, ...), read
like MkDocs' class-based configs but with no MkDocs behind them: `load()` turns a mapping (the
YAML of one block) into an instance whose attributes are typed values, and reports every problem
at once as `mkdocs.yml: plugins.brandkit.<key.path>: what is wrong; the fix`. The MkDocs adapter
derives its own scheme from these classes (brandkit/mkdocs/config.py), so both read one schema.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Self, TypeVar, cast, overload
from urllib.parse import urlsplit

from brandkit.errors import ConfigError

T = TypeVar("T")
WHERE = "mkdocs.yml: plugins.brandkit"


class Invalid(Exception):
    """A value is wrong: what is wrong (`message`) and how to write it (`fix`)."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass
class Found:
    """What reading a block turned up: errors (full lines) and unknown keys (dotted paths)."""

    errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class Option(Generic[T]):
    """One key of a schema. Subclasses say what a valid value is in `read()`."""

    def __init__(self, default: T = MISSING) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Schema, owner: type | None = None) -> T: ...
    def __get__(self, obj: Schema | None, owner: type | None = None) -> T | Self:
        if obj is None:
            return self
        return cast(T, obj.values[self.name])

    def __set__(self, obj: Schema, value: T) -> None:
        raise AttributeError(f"{self.name}: a loaded config is read-only")

    @property
    def required(self) -> bool:
        return self.default is MISSING

    def initial(self) -> T:
        return copy.deepcopy(self.default)

    def example(self) -> str:
        return f"`{self.name}: {self.default}`" if not self.required else f"`{self.name}: ...`"

    def read(self, value: Any, where: str, found: Found) -> T:
        """`value` (never None) checked and converted; raise Invalid, or add to `found`."""
        raise NotImplementedError


class Text(Option[str]):
    def read(self, value: Any, where: str, found: Found) -> str:
        if not isinstance(value, str):
            raise Invalid(
                f"expected text, got {value!r}", f'write it in quotes: `{self.name}: "..."`'
            )
        return value


class Flag(Option[bool]):
    def read(self, value: Any, where: str, found: Found) -> bool:
        if not isinstance(value, bool):
            raise Invalid(
                f"expected true or false, got {value!r}",
                f"write `{self.name}: true` or `{self.name}: false`",
            )
        return value


class Whole(Option[int]):
    def __init__(self, default: int = MISSING, *, minimum: int | None = None) -> None:
        super().__init__(default)
        self.minimum = minimum

    def read(self, value: Any, where: str, found: Found) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {value!r}", f"write e.g. {self.example()}")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(
                f"must be {self.minimum} or more, got {value}", f"write e.g. {self.example()}"
            )
        return value


class Number(Option[float]):
    """A number (whole numbers accepted) of at least `minimum`: seconds, for instance."""

    def __init__(self, default: float = MISSING, *, minimum: float = 0.0) -> None:
        super().__init__(default)
        self.minimum = minimum

    def read(self, value: Any, where: str, found: Found) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < self.minimum:
            raise Invalid(
                f"expected a number >= {self.minimum:g}, got {value!r}",
                f"write e.g. {self.example()}",
            )
        return float(value)


class Choice(Option[str]):
    def __init__(self, choices: Sequence[str], default: str = MISSING) -> None:
        super().__init__(default)
        self.choices = tuple(choices)

    def read(self, value: Any, where: str, found: Found) -> str:
        if value not in self.choices:
            raise Invalid(f"{value!r} is not a choice", f"use one of: {', '.join(self.choices)}")
        return cast(str, value)


def is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class Url(Option[str]):
    """An absolute http(s) URL; `directory` adds a trailing slash so paths join under it."""

    def __init__(self, default: str = MISSING, *, directory: bool = False) -> None:
        super().__init__(default)
        self.directory = directory

    def read(self, value: Any, where: str, found: Found) -> str:
        if not is_http_url(value):
            example = self.default if not self.required else "https://example.com/"
            raise Invalid(
                f"expected an http(s) URL with a host, got {value!r}",
                f"write the full address, e.g. `{self.name}: {example}`",
            )
        text = str(value)
        return text if not self.directory or text.endswith("/") else f"{text}/"


# A bare host name: labels of letters, digits and hyphens, at least one dot, no scheme or path.
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")


class HostName(Option[str]):
    """A host name such as `jane.example.com`: no scheme, no path, no port; kept lowercase."""

    def read(self, value: Any, where: str, found: Found) -> str:
        host = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
        if not _HOST.match(host):
            raise Invalid(
                f"{value!r} is not a bare host name",
                f"write only the domain, e.g. `{self.name}: jane.example.com` (no https://, no "
                "path)",
            )
        return host


class Optional(Option[T | None]):
    """`inner`, or nothing (the default)."""

    def __init__(self, inner: Option[T]) -> None:
        super().__init__(None)
        self.inner = inner

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.inner.name = name

    def read(self, value: Any, where: str, found: Found) -> T | None:
        return self.inner.read(value, where, found)


class ListOf(Option[list[T]]):
    def __init__(self, item: Option[T], default: list[T] = MISSING) -> None:
        super().__init__(default)
        self.item = item

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.item.name = name

    def read(self, value: Any, where: str, found: Found) -> list[T]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {value!r}", f"write `{self.name}: [...]`")
        return [_read(self.item, v, f"{where}[{i}]", found) for i, v in enumerate(value)]


class MapOf(Option[dict[str, T]]):
    def __init__(self, item: Option[T], default: dict[str, T] = MISSING) -> None:
        super().__init__(default)
        self.item = item

    def read(self, value: Any, where: str, found: Found) -> dict[str, T]:
        if not isinstance(value, Mapping):
            raise Invalid(
                f"expected a mapping, got {value!r}", f"write `{self.name}: {{key: ...}}`"
            )
        self.item.name = "value"
        return {str(k): _read(self.item, v, f"{where}.{k}", found) for k, v in value.items()}


class Table(Option[dict[str, Any]]):
    """A mapping whose keys the schema does not know (checked by whoever uses it)."""

    def read(self, value: Any, where: str, found: Found) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise Invalid(
                f"expected a mapping, got {value!r}", f"write `{self.name}: {{key: ...}}`"
            )
        return dict(value)


S = TypeVar("S", bound="Schema")


class Section(Option[S]):
    """A nested block with its own schema; absent means all its defaults."""

    def __init__(self, schema: type[S]) -> None:
        super().__init__(MISSING)
        self.schema = schema

    @property
    def required(self) -> bool:
        return False

    def initial(self) -> S:
        return self.schema.defaults()

    def example(self) -> str:
        return f"`{self.name}: {{...}}`"

    def read(self, value: Any, where: str, found: Found) -> S:
        if not isinstance(value, Mapping):
            raise Invalid(
                f"expected a mapping, got {value!r}", f"write `{self.name}: {{key: ...}}`"
            )
        return self.schema.read(value, where, found)


def _read(option: Option[T], value: Any, where: str, found: Found) -> T:
    """One value: absent or null means the default; problems are added to `found`."""
    if value is None or value is MISSING:
        if option.required:
            found.errors.append(f"{where}: missing; add {option.example()}")
        return option.initial() if not option.required else cast(T, None)
    try:
        return option.read(value, where, found)
    except Invalid as exc:
        found.errors.append(f"{where}: {exc.message}; {exc.fix}")
        return option.initial() if not option.required else cast(T, None)


class Schema:
    """A block of typed options. `open` schemas keep keys they do not know in `extra`."""

    options: ClassVar[dict[str, Option[Any]]] = {}
    open: ClassVar[bool] = False

    def __init_subclass__(cls) -> None:
        found = dict(cls.options)
        found.update({k: v for k, v in vars(cls).items() if isinstance(v, Option)})
        cls.options = found

    def __init__(self, values: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        self.values = dict(values)
        self.extra = dict(extra or {})

    @classmethod
    def defaults(cls) -> Self:
        return cls({k: o.initial() for k, o in cls.options.items() if not o.required})

    @classmethod
    def read(cls, raw: Mapping[str, Any], where: str, found: Found) -> Self:
        values = {
            k: _read(o, raw.get(k, MISSING), f"{where}.{k}", found) for k, o in cls.options.items()
        }
        extra = {str(k): v for k, v in raw.items() if k not in cls.options}
        if not cls.open:
            found.unknown.extend(f"{where}.{k}" for k in extra)
        return cls(values, extra)

    @classmethod
    def unknown_keys(cls, raw: Mapping[str, Any]) -> list[str]:
        """Dotted paths of the keys in `raw` (at any depth) this schema does not know."""
        found = Found()
        cls.read(raw, "", found)
        return [path.lstrip(".") for path in found.unknown]

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes` (already valid values) in place of the values read."""
        return type(self)({**self.values, **changes}, self.extra)

    def as_dict(self) -> dict[str, Any]:
        """The values by key, with the keys the schema does not know as they were written."""
        return {**self.extra, **self.values}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"{type(self).__name__}({shown})"


def load(
    schema: type[S], raw: Mapping[str, Any] | None, where: str = WHERE, *, strict: bool = True
) -> S:
    """`raw` read with `schema`, or ConfigError listing every problem. `strict`: unknown keys are
    errors too (a typo in a sender's options must not lose emails)."""
    if raw is not None and not isinstance(raw, Mapping):
        raise ConfigError(
            f"{where}: expected a mapping of options, got {raw!r}; write `key: value` lines"
        )
    found = Found()
    config = schema.read(raw or {}, where, found)
    if strict:
        found.errors += [
            f"{path}: unknown option; {_spelling(schema, path, where)}" for path in found.unknown
        ]
    if found.errors:
        raise ConfigError("\n".join(found.errors))
    return config


def _spelling(schema: type[Schema], path: str, where: str) -> str:
    parts = path[len(where) + 1 :].split(".")
    options: dict[str, Option[Any]] = schema.options
    for part in parts[:-1]:
        option = options.get(part)
        if not isinstance(option, Section):
            break
        options = option.schema.options
    close = difflib.get_close_matches(parts[-1], list(options), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}check its spelling or remove it"
