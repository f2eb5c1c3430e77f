"""pluggy plugin manager: built-in senders and form providers are registered through the same
hooks as third-party plugins, which are loaded from the entry point group `brandkit.plugins`.

Nothing is loaded at import time; the manager is built on first use.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pluggy

from brandkit import hookspecs
from brandkit.errors import BrandkitError

if TYPE_CHECKING:
    from brandkit.announce.forms import FormProvider

ENTRY_POINT_GROUP = "brandkit.plugins"

DEFAULT_PLUGINS = (
    "brandkit.announce.forms_plugin",
    "brandkit.announce.senders.smtp",
    "brandkit.announce.senders.buttondown",
    "brandkit.announce.senders.listmonk",
    "brandkit.announce.senders.webhook",
)


@dataclass(frozen=True)
class PluginInfo:
    name: str
    origin: str  # "built-in" or "<distribution> <version>"
    senders: tuple[str, ...]
    form_providers: tuple[str, ...]


@functools.cache
def get_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("brandkit")
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    try:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception as exc:  # a broken third-party plugin must not look like a brandkit bug
        raise BrandkitError(
            f"A plugin in the entry point group {ENTRY_POINT_GROUP!r} failed to load: "
            f"{type(exc).__name__}: {exc}. Upgrade or uninstall that plugin."
        ) from exc
    return pm


def _origins(pm: pluggy.PluginManager) -> dict[int, str]:
    return {
        id(plugin): f"{dist.project_name} {dist.version}"
        for plugin, dist in pm.list_plugin_distinfo()
    }


def list_plugins() -> list[PluginInfo]:
    pm = get_plugin_manager()
    origins = _origins(pm)
    infos = []
    for name, plugin in pm.list_name_plugin():
        senders: list[str] = []
        providers: list[str] = []
        if hasattr(plugin, "brandkit_senders"):
            senders = [cls.type for cls in plugin.brandkit_senders()]
        if hasattr(plugin, "brandkit_form_providers"):
            providers = sorted(plugin.brandkit_form_providers())
        origin = origins.get(id(plugin), "built-in" if name in DEFAULT_PLUGINS else "registered")
        infos.append(PluginInfo(name, origin, tuple(senders), tuple(providers)))
    return infos


def sender_classes() -> dict[str, type]:
    """Sender type -> class. A type claimed twice is an error: which one would send?"""
    pm = get_plugin_manager()
    found: dict[str, type] = {}
    for group in pm.hook.brandkit_senders():
        for cls in group:
            if cls.type in found and found[cls.type] is not cls:
                raise BrandkitError(
                    f"Two plugins provide the sender type {cls.type!r} "
                    f"({found[cls.type].__module__} and {cls.__module__}); uninstall one of them."
                )
            found[cls.type] = cls
    return found


def form_providers() -> dict[str, FormProvider]:
    pm = get_plugin_manager()
    found: dict[str, FormProvider] = {}
    for group in reversed(pm.hook.brandkit_form_providers()):
        found.update(group)  # built-ins first, so a plugin may deliberately replace one
    return found
