"""Read brandkit's own cache files (pickles) without running anything else a pickle may name.

A pickle can name any importable callable, so a crafted file in `.cache/` could run code when it
is loaded. Only the classes brandkit itself writes there are allowed; any other name makes the
file count as damaged (it is rebuilt).
"""

from __future__ import annotations

import io
import pickle
from typing import Any

_ALLOWED = {
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("zoneinfo", "ZoneInfo"),
}
_ALLOWED_MODULES = ("brandkit.content.",)


def _getattr(obj: Any, name: str) -> Any:
    # A ZoneInfo pickles as `getattr(ZoneInfo, "_unpickle")(key, ...)`: that one lookup only.
    from zoneinfo import ZoneInfo

    if obj is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"getattr(..., {name!r}) is not allowed in a brandkit cache file")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _getattr
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_MODULES) and "." not in name:
            # Only a class defined there: not a function, nor a module it imported (a dotted
            # name such as "os.system" would reach through one).
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a brandkit cache file")


def loads(data: bytes) -> Any:
    """`pickle.loads` for cache files: plain data, brandkit's content classes and dates only."""
    return _Unpickler(io.BytesIO(data)).load()
