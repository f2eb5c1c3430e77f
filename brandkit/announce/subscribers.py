"""The SMTP sender's subscriber list: a CSV with an `email` column, from a file or a secret."""

from __future__ import annotations

import csv
from email.utils import parseaddr
from pathlib import Path

from brandkit.errors import ConfigError


def read_subscribers(path: Path, shown: str) -> list[str]:
    """Addresses in file order, without duplicates; every bad row reported with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"{shown}: cannot read the subscriber list ({exc.strerror}); create it (a CSV file "
            "with an `email` column) or fix the `subscribers:` path of the smtp sender."
        ) from exc
    return parse_subscribers(text, shown)


def parse_subscribers(text: str, shown: str, *, quote: bool = True) -> list[str]:
    """The same, from the CSV's text (`shown` names where it came from in messages; `quote`:
    bad values may be quoted, not when the list came from a secret)."""
    rows = csv.reader(text.removeprefix("\ufeff").splitlines())
    header = next(rows, None)
    columns = [c.strip().lower() for c in header or []]
    if "email" not in columns:
        raise ConfigError(
            f"{shown}: line 1 must be a header with an `email` column (e.g. `email,name`)."
        )
    col = columns.index("email")
    seen: set[str] = set()
    out: list[str] = []
    problems: list[str] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        value = row[col].strip() if col < len(row) else ""
        _, addr = parseaddr(value)
        local, _, domain = addr.rpartition("@")
        if not local or "." not in domain or addr != value or any(c in addr for c in " ,;<>"):
            what = f"{value!r} is" if quote else "it is"
            problems.append(f"{shown}: line {line}: {what} not an email address")
            continue
        if addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(addr)
    if problems:
        raise ConfigError(
            "\n".join([*problems, f"{shown}: fix the lines above; nothing was sent."])
        )
    return out
