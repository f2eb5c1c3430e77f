"""Compiled Jinja templates kept between builds, signed so that no one else's file is ever run.

Compiling mkdocs-material's and brandkit's templates costs a build about 0.2 s (a cold build on a
large blog twice that). Jinja can keep compiled templates (`jinja2.BytecodeCache`), but what it
keeps is Python code: a file planted in a project's cache would run as code in every build. So
each compiled template is stored with an HMAC-SHA256 of its bytes, made with a random key that
never leaves the user's own cache folder (`platformdirs.user_cache_dir("brandkit")`, mode 0600),
and is handed to Jinja only if that signature checks out. A project folder, a cache restored in
CI or a copied `.cache/` cannot carry a file that passes: without the key, no signature can be
made. The compiled files live in the same user folder (they depend on the installed templates and
the Jinja environment, not on one project), in a folder named after everything that shapes
compiled code: Jinja's and Python's versions and the environment's settings, extensions, filters
and tests. A template whose source changed is compiled again (Jinja checks each entry's source
checksum).

A server also keeps them in memory between rebuilds. Without a usable key (a read-only home, a key
file another user could have written) nothing is read from or written to disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import shutil
import stat
import sys
import time
from pathlib import Path

import jinja2

from brandkit.files import replace_file, write_new_file

log = logging.getLogger("mkdocs.plugins.brandkit")
KEY_FILE = "template-key"
FOLDER = "templates"
_MAC_SIZE = 32
_KEY_SIZE = 32
# Folders of other Jinja/Python versions or environments, unused this long, are removed.
_STALE_DAYS = 30


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("brandkit"))


def signing_key(folder: Path) -> bytes | None:
    """The key in `folder` (made on first use), or None if there is none this user alone can
    have written."""
    path = folder / KEY_FILE
    try:
        write_new_file(path, secrets.token_bytes(_KEY_SIZE), private=True)
        info = path.stat()
        if sys.platform != "win32" and (
            info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            log.debug("%s may be written by others: compiled templates are not kept", path)
            return None
        key = path.read_bytes()
    except OSError as exc:
        log.debug("no key for compiled templates (%s): they are not kept", exc)
        return None
    return key if len(key) == _KEY_SIZE else None


def environment_digest(env: jinja2.Environment) -> str:
    """What compiled code depends on besides a template's source."""
    autoescape = env.autoescape
    parts = [
        jinja2.__version__,
        sys.version,
        sorted(
            f"{type(ext).__module__}.{type(ext).__qualname__}" for ext in env.extensions.values()
        ),
        sorted(env.filters),
        sorted(env.tests),
        [
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            getattr(env.undefined, "__qualname__", repr(env.undefined)),
            getattr(env.finalize, "__qualname__", repr(env.finalize)),
            getattr(autoescape, "__qualname__", repr(autoescape)),
        ],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache (its documented interface), in memory and, with a key, on disk."""

    def __init__(self, folder: Path | None = None) -> None:
        self.root = folder
        self.compiled: dict[str, bytes] = {}
        self._key: bytes | None = None
        self._folder: Path | None = None
        self._env = ""
        self.loaded = 0  # from disk, signature checked
        self.refused = 0  # on disk, signature wrong

    def attach(self, env: jinja2.Environment) -> None:
        """Use this cache for `env` (a new environment per build or rebuild)."""
        digest = environment_digest(env)
        if digest != self._env:
            self._env, self.compiled = digest, {}
            self._folder = None
            root = self.root if self.root is not None else _default_root()
            if root is not None:
                self._key = self._key or signing_key(root)
                if self._key is not None:
                    self._folder = root / FOLDER / digest
                    _remove_stale(root / FOLDER, keep=digest)
        env.bytecode_cache = self

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self._env}\0{name}\0{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is None:
            found = self._read(bucket.key)
            if found is None:
                return
            self.compiled[bucket.key] = found
        bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.compiled[bucket.key] = data
        if self._folder is not None and self._key is not None:
            with contextlib.suppress(OSError):
                replace_file(self._folder / bucket.key, _sign(self._key, bucket.key, data) + data)

    def _read(self, key: str) -> bytes | None:
        if self._folder is None or self._key is None:
            return None
        try:
            raw = (self._folder / key).read_bytes()
        except OSError:
            return None
        mac, data = raw[:_MAC_SIZE], raw[_MAC_SIZE:]
        if not hmac.compare_digest(mac, _sign(self._key, key, data)):
            self.refused += 1
            log.debug("compiled template %s not signed with this user's key: compiled again", key)
            return None
        self.loaded += 1
        return data


def _sign(key: bytes, name: str, data: bytes) -> bytes:
    # The entry's name is signed too: a genuine entry cannot stand in for another template.
    return hmac.new(key, name.encode() + b"\0" + data, hashlib.sha256).digest()


def _default_root() -> Path | None:
    try:
        return user_cache_dir()
    except Exception as exc:  # platformdirs found no home: keep them in memory only
        log.debug("no user cache folder (%s)", exc)
        return None


def _remove_stale(folder: Path, *, keep: str) -> None:
    cutoff = time.time() - _STALE_DAYS * 86400
    with contextlib.suppress(OSError):
        for other in folder.iterdir():
            if other.name != keep and other.is_dir() and other.stat().st_mtime < cutoff:
                shutil.rmtree(other, ignore_errors=True)
