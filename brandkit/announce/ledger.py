"""The send ledger: which post went out through which sender, kept in the `newsletter` section of
brandkit's state file (`.brandkit/state.json`, versioned, written atomically).

Every outside call is a step: its intent (`pending`) is saved before the call and its result
(`done`, `failed`, `unknown`) after. A `pending` step found at start-up means a run died in
between; the engine asks the sender to reconcile it instead of repeating it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from brandkit.secrets import redact
from brandkit.state import State

SECTION = "newsletter"

# Per (post, sender) states.
BASELINE = "baseline"  # existed when the sender was first set up: never announced
DONE = "done"
PARTIAL = "partial"  # some steps not done yet (failed, unknown or never reached)

# Per step states.
PENDING = "pending"
STEP_DONE = "done"
FAILED = "failed"  # the provider surely did nothing: retried on the next run
UNKNOWN = "unknown"  # may have happened: reported, repeated only with --force


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, state: State, *, persist: bool = True) -> None:
        self.state = state
        self.persist = persist  # False in --dry-run: nothing is ever written
        self.data = state.section(SECTION)
        self.data.setdefault("senders", {})
        self.data.setdefault("posts", {})

    def save(self) -> None:
        if self.persist:
            self.state.save()

    # Senders -------------------------------------------------------------------------------
    def knows_sender(self, name: str) -> bool:
        return name in self.data["senders"]

    def add_sender(
        self,
        name: str,
        sender_type: str,
        posts: list[tuple[str, str, str]],
        versions: dict[str, str] | None = None,
    ) -> None:
        """First run for `name`: every post that exists now counts as announced (as it is now:
        `versions`, for senders that announce a post again when it changes)."""
        self.data["senders"][name] = {"type": sender_type, "since": _now()}
        for post_id, title, url in posts:
            entry = self._entry(post_id, title, url, name)
            if entry.get("state") is None:
                entry["state"] = BASELINE
                entry["at"] = _now()
                if versions and post_id in versions:
                    entry["version"] = versions[post_id]
        self.save()

    # Posts ---------------------------------------------------------------------------------
    def _post(self, post_id: str, title: str = "", url: str = "") -> dict[str, Any]:
        post = self.data["posts"].setdefault(post_id, {"senders": {}})
        if title:
            post["title"] = title
        if url:
            post["url"] = url
        return post  # type: ignore[no-any-return]

    def _entry(self, post_id: str, title: str, url: str, sender: str) -> dict[str, Any]:
        senders = self._post(post_id, title, url)["senders"]
        return senders.setdefault(sender, {"steps": {}})  # type: ignore[no-any-return]

    def entry(self, post_id: str, sender: str) -> dict[str, Any] | None:
        post = self.data["posts"].get(post_id)
        if post is None:
            return None
        return post["senders"].get(sender)  # type: ignore[no-any-return]

    def step(self, post_id: str, sender: str, key: str) -> dict[str, Any] | None:
        entry = self.entry(post_id, sender)
        return None if entry is None else entry["steps"].get(key)

    def steps(self, post_id: str, sender: str) -> dict[str, dict[str, Any]]:
        entry = self.entry(post_id, sender)
        return {} if entry is None else dict(entry["steps"])

    # Recording -----------------------------------------------------------------------------
    def adopt_aliases(self, post_id: str, sender: str, key: str, aliases: tuple[str, ...]) -> None:
        """Move a step recorded under an older key (SMTP's readers were once keyed by address)
        to its current key; saved with the next record."""
        entry = self.entry(post_id, sender)
        if entry is None or key in entry["steps"]:
            return
        for alias in aliases:
            if alias in entry["steps"]:
                entry["steps"][key] = entry["steps"].pop(alias)
                return

    def begin(self, post_id: str, title: str, url: str, sender: str, key: str) -> None:
        """The intent, saved before the outside call."""
        entry = self._entry(post_id, title, url, sender)
        entry["state"] = PARTIAL
        record = entry["steps"].setdefault(key, {})
        record.update({"state": PENDING, "at": _now()})
        record["attempts"] = int(record.get("attempts", 0)) + 1
        self.save()

    def finish(
        self,
        post_id: str,
        sender: str,
        key: str,
        state: str,
        *,
        remote_id: str | None = None,
        detail: str = "",
    ) -> None:
        """The result, saved after the outside call (or after reconciling it)."""
        entry = self._entry(post_id, "", "", sender)
        entry.setdefault("state", PARTIAL)
        record = entry["steps"].setdefault(key, {})
        record.update({"state": state, "at": _now()})
        if remote_id is not None:
            record["remote_id"] = remote_id
        if detail:
            record["detail"] = redact(detail)
        else:
            record.pop("detail", None)
        self.save()

    def complete(
        self, post_id: str, sender: str, step_keys: list[str], version: str | None = None
    ) -> bool:
        entry = self._entry(post_id, "", "", sender)
        done = all(entry["steps"].get(k, {}).get("state") == STEP_DONE for k in step_keys)
        new = DONE if done else PARTIAL
        changed = entry.get("state") != new or (
            done and version and entry.get("version") != version
        )
        if changed:
            entry["state"] = new
            entry["at"] = _now()
            if done and version:
                entry["version"] = version
            self.save()
        return done

    # Reading -------------------------------------------------------------------------------
    def rows(self) -> Iterator[tuple[str, dict[str, Any], str, dict[str, Any]]]:
        """(post id, post record, sender name, sender record), oldest record first."""
        for post_id, post in self.data["posts"].items():
            for sender, entry in sorted(post["senders"].items()):
                yield post_id, post, sender, entry
