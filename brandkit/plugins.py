"""pluggy plugin manager: built-in senders, form providers, syndication services and importers
are registered through the same hooks as third-party plugins, which are loaded from the entry
point group `brandkit.plugins`. A new built-in is one module with a `@hookimpl` plus its line in
`DEFAULT_PLUGINS`.

Nothing is loaded at import time; the manager is built on first use.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from brandkit import hookspecs
from brandkit.errors import BrandkitError

if TYPE_CHECKING:
    from brandkit.announce.forms import FormProvider
    from brandkit.announce.senders.base import Sender
    from brandkit.importers.model import Importer
    from brandkit.syndicate.base import ServiceType

T = TypeVar("T")

ENTRY_POINT_GROUP = "brandkit.plugins"

DEFAULT_PLUGINS = (
    "brandkit.announce.forms_plugin",
    "brandkit.announce.senders.smtp",
    "brandkit.announce.channels.mastodon",
    "brandkit.announce.channels.bluesky",
    "brandkit.announce.channels.webmention",
    "brandkit.announce.senders.buttondown",
    "brandkit.announce.senders.listmonk",
    "brandkit.announce.senders.webhook",
    "brandkit.syndicate.devto",
    "brandkit.syndicate.hashnode",
    # In this order `brandkit import` tries to recognise a source given without --from.
    "brandkit.importers.jekyll",
    "brandkit.importers.hugo",
    "brandkit.importers.wordpress",
    "brandkit.importers.ghost",
    "brandkit.importers.medium",
    "brandkit.importers.substack",
    "brandkit.importers.devto",
    "brandkit.importers.feed",
)


@dataclass(frozen=True)
class PluginInfo:
    name: str
    origin: str  # "built-in" or "<distribution> <version>"
    senders: tuple[str, ...]
    form_providers: tuple[str, ...]
    services: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()


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


def _provided(plugin: object, hook: str) -> list[Any]:
    function = getattr(plugin, hook, None)
    return list(function()) if callable(function) else []


def list_plugins() -> list[PluginInfo]:
    pm = get_plugin_manager()
    origins = _origins(pm)
    infos = []
    for name, plugin in pm.list_name_plugin():
        origin = origins.get(id(plugin), "built-in" if name in DEFAULT_PLUGINS else "registered")
        infos.append(
            PluginInfo(
                name,
                origin,
                tuple(cls.type for cls in _provided(plugin, "brandkit_senders")),
                tuple(sorted(_provided(plugin, "brandkit_form_providers"))),
                tuple(cls.name for cls in _provided(plugin, "brandkit_syndication_services")),
                tuple(i.name for i in _provided(plugin, "brandkit_importers")),
            )
        )
    return infos


def _unique(groups: Iterable[Iterable[T]], key: Callable[[T], str], what: str) -> dict[str, T]:
    """Name -> thing, built-ins first (pluggy answers last-registered first). A name claimed by
    two plugins is an error: which one would run?"""
    found: dict[str, T] = {}
    for group in reversed(list(groups)):
        for item in group:
            name = key(item)
            if name in found and found[name] is not item:
                raise BrandkitError(
                    f"Two plugins provide the {what} {name!r} ({_module(found[name])} and "
                    f"{_module(item)}); uninstall one of them."
                )
            found[name] = item
    return found


def _module(item: object) -> str:
    module = getattr(item, "__module__", None)
    if module in (None, "brandkit.importers.model"):  # an Importer instance: name its reader
        module = getattr(getattr(item, "read", None), "__module__", None)
    return str(module)


def sender_classes() -> dict[str, type[Sender]]:
    """Sender type -> class."""
    groups = get_plugin_manager().hook.brandkit_senders()
    return _unique(groups, lambda cls: cls.type, "sender type")


def syndication_services() -> dict[str, type[ServiceType]]:
    """Service name -> class."""
    groups = get_plugin_manager().hook.brandkit_syndication_services()
    return _unique(groups, lambda cls: cls.name, "syndication service")


def importers() -> dict[str, Importer]:
    """Importer name -> importer, in the order sources are recognised (built-ins first)."""
    groups = get_plugin_manager().hook.brandkit_importers()
    return _unique(groups, lambda importer: importer.name, "importer")


def form_providers() -> dict[str, FormProvider]:
    pm = get_plugin_manager()
    found: dict[str, FormProvider] = {}
    for group in reversed(pm.hook.brandkit_form_providers()):
        found.update(group)  # built-ins first, so a plugin may deliberately replace one
    return found
