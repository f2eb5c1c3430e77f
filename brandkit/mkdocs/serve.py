"""`brandkit serve` notices a saved post at once.

MkDocs' live-reload server polls the watched folders every half second, and each poll lists and
stats every file (on a 3,000-post blog, about 20 ms each time, twice a second, forever). Where the
platform reports file changes itself (inotify, FSEvents, ReadDirectoryChangesW), brandkit watches
the content folder that way instead; single files such as mkdocs.yml stay polled, because editors
often save a file by replacing it, which ends a native watch on the old file. Only changes count:
a build reading the posts must not look like an edit.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger("mkdocs.plugins.brandkit")


class _SplitObserver:
    """Folders watched natively, files polled: the part of watchdog's observer MkDocs uses."""

    def __init__(self, native: Any, polling: Any, changes: list[Any]) -> None:
        self.native, self.polling, self.changes = native, polling, changes

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> Any:
        if os.path.isdir(path):
            watch = self.native.schedule(
                handler, path, recursive=recursive, event_filter=self.changes
            )
            return (self.native, watch)
        return (self.polling, self.polling.schedule(handler, path, recursive=recursive))

    def unschedule(self, watch: Any) -> None:
        if isinstance(watch, tuple):
            observer, inner = watch
            observer.unschedule(inner)
        else:  # scheduled on the polling observer before it was wrapped
            self.polling.unschedule(watch)

    def start(self) -> None:
        self.native.start()
        self.polling.start()

    def stop(self) -> None:
        self.native.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        self.native.join(timeout)
        self.polling.join(timeout)


def watch_natively(server: Any, folders: list[str]) -> bool:
    """Move `folders` (already watched by `server`) to the platform's native change events.
    Keeps MkDocs' polling (and returns False) where there are none or they do not work."""
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver or PollingObserver in getattr(Observer, "__mro__", ()):
        return False
    changes = [
        events.FileModifiedEvent,
        events.FileCreatedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,
    ]
    try:  # a trial run: a native watch can fail (no inotify, too many watches, old watchdog)
        probe = Observer()
        for folder in folders:
            probe.schedule(
                events.FileSystemEventHandler(), folder, recursive=True, event_filter=changes
            )
        probe.start()
        probe.stop()
        probe.join()
    except (OSError, TypeError, RuntimeError) as exc:
        log.debug("native file watching unavailable (%s); polling", exc)
        return False
    for folder in folders:
        server.unwatch(folder)
    server.observer = _SplitObserver(Observer(), server.observer, changes)
    for folder in folders:
        server.watch(folder)
    return True
