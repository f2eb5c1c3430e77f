"""Where a build writes before its site goes live, and how it goes live.

Each build writes into its own folder next to the site directory (`.site.building-XXXX`, unique,
so two builds never share one), and only a build that succeeded replaces the site directory with
it. On Linux the two folders are exchanged in one step (renameat2 with RENAME_EXCHANGE), so at
every moment `site/` is the old site or the new one, never half of one and never missing; where
that is not available the old site is renamed aside first, and `recover` puts it back if the
process died in between.

Folders left by a killed build are removed by the next build (`clean_leftovers`), which runs
under the site lock (brandkit.site_lock), so none of them can belong to a build still running.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def building_prefix(final: Path) -> str:
    return f".{final.name}.building-"


def old_prefix(final: Path) -> str:
    return f".{final.name}.old-"


def new_staging(final: Path) -> Path:
    """A fresh, empty folder of its own for this build, next to the site directory."""
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=building_prefix(final), dir=final.parent))


def leftovers(final: Path) -> list[Path]:
    """Staging and set-aside folders of builds that did not finish."""
    if not final.parent.is_dir():
        return []
    prefixes = (building_prefix(final), old_prefix(final))
    return sorted(
        p for p in final.parent.iterdir() if p.name.startswith(prefixes) and not p.is_symlink()
    )


def recover(final: Path) -> None:
    """Put back a site directory that a build set aside and did not replace (it was killed
    between the two renames of `_swap_by_renames`)."""
    if final.exists() or final.is_symlink():
        return
    set_aside = [p for p in leftovers(final) if p.name.startswith(old_prefix(final))]
    if set_aside:
        set_aside[-1].rename(final)


def clean_leftovers(final: Path) -> None:
    """Recover the site directory if needed, then remove every leftover folder. Call it only
    while holding the site lock."""
    recover(final)
    for path in leftovers(final):
        shutil.rmtree(path, ignore_errors=True)


def publish(staging: Path, final: Path) -> None:
    """Make `staging` the site directory; the old one is removed."""
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        return
    _swap_by_renames(staging, final)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux 3.15+, glibc 2.28+); False where that is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap_by_renames(staging: Path, final: Path) -> None:
    aside = Path(tempfile.mkdtemp(prefix=old_prefix(final), dir=final.parent))
    aside.rmdir()  # only the unique name is wanted
    final.rename(aside)
    staging.rename(final)
    shutil.rmtree(aside, ignore_errors=True)
