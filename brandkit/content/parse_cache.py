"""What each post file yielded (its `Post`, problems and warnings), kept in one file between builds
and found again by the file's bytes, its place and the settings: a warm build parses no YAML it
parsed before. A file from another version or other settings, or a damaged one, is ignored.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from brandkit.content.fields import Problem
from brandkit.content.models import Post, Settings
from brandkit.files import replace_file

# What one file yielded: its post (if valid), problems and warnings.
FileResult = tuple[Post | None, list[Problem], list[Problem]]
ContentKey = tuple[str, str, str]  # (docs-relative source, path shown, sha256 of the bytes)


class ParseCache:
    FORMAT = 2  # 2: ids may be any URI; series_order, extra, template leftovers

    def __init__(self, path: Path, settings: Settings) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from brandkit import __version__, safe_pickle

        self.path = path
        parsers = []
        for name in ("pyyaml", "python-frontmatter"):
            try:
                parsers.append(version(name))
            except PackageNotFoundError:
                parsers.append("")
        self.tag = repr((self.FORMAT, __version__, parsers, settings))
        self.entries: dict[ContentKey, FileResult] = {}
        self.used: dict[ContentKey, FileResult] = {}
        try:
            tag, entries = safe_pickle.loads(path.read_bytes())
            if tag == self.tag:
                self.entries = entries
        except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.PickleError):
            pass  # none yet, or from another version or settings: parse again

    def get(self, key: ContentKey) -> FileResult | None:
        found = self.entries.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: ContentKey, result: FileResult) -> None:
        self.used[key] = result

    def save(self) -> None:
        if self.used.keys() == self.entries.keys():
            return
        data = pickle.dumps((self.tag, self.used), protocol=pickle.HIGHEST_PROTOCOL)
        replace_file(self.path, data)
        self.entries = dict(self.used)
