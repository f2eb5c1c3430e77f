"""The one state file brandkit keeps in a site repository (which posts were announced, which were
cross-posted and their remote ids).

It is versioned, written atomically (temp file, fsync, rename) and guarded by a lock so two runs
cannot interleave. Callers record an intent before each outside call and the result after it, so a
crash between the two is visible on the next run instead of silently repeated.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from brandkit.errors import BrandkitError
from brandkit.files import replace_file
from brandkit.secrets import redact_data

STATE_PATH = Path(".brandkit") / "state.json"
# Sections of the file that more than one feature writes: `syndicate` owns "syndication" (service
# -> post id -> its copy); `import` and `check --fix` add the copies an old site already had, and
# `import` records under "moved" each post's old addresses on another host.
SYNDICATION = "syndication"
MOVED = "moved"
VERSION = 1


class State:
    """The parsed state file. Sections are plain dicts owned by one feature each."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self.data: dict[str, Any] = data if data is not None else {"version": VERSION}

    @classmethod
    def load(cls, path: Path) -> State:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BrandkitError(
                f"{path}: cannot read brandkit's state file ({exc}). Restore it from git "
                "(`git checkout -- {path}`); do not delete it, it records what was already sent."
            ) from exc
        if not isinstance(data, dict) or data.get("version") != VERSION:
            found = data.get("version") if isinstance(data, dict) else "?"
            raise BrandkitError(
                f"{path}: state file version {found} is not supported by this brandkit "
                f"(expects {VERSION}); upgrade brandkit."
            )
        return cls(path, data)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.setdefault(name, {})
        assert isinstance(value, dict)
        return value

    def save(self) -> None:
        """Write atomically: a reader (or a crash) sees the old file or the new one, never half.
        Every string passes the redaction point first: the file is meant to be committed."""
        data = redact_data(self.data)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        replace_file(self.path, text, durable=True)


@contextlib.contextmanager
def locked_state(path: Path) -> Iterator[State]:
    """Load the state under an exclusive lock held until the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BrandkitError(
                f"{path}: another brandkit run holds the state lock; wait for it to finish."
            ) from exc
        try:
            yield State.load(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record_existing_copy(
    state: State, service: str, post_id: str, remote_id: str, url: str, when: datetime
) -> None:
    """A copy of a post on `service` made before brandkit knew of it (read by an import or
    taken out of front matter by `check --fix`): recorded as done, so `brandkit syndicate`
    updates it instead of posting the post again. A copy already recorded is kept."""
    state.section(SYNDICATION).setdefault(service, {}).setdefault(
        post_id,
        {"status": "done", "remote_id": remote_id, "url": url, "imported": when.isoformat()},
    )
