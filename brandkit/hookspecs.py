"""The hooks a brandkit plugin implements. Built-in senders, form providers, syndication services
and importers use them too.

A plugin is a module (or object) with functions marked `@hookimpl`, exposed through the entry
point group `brandkit.plugins`:

    [project.entry-points."brandkit.plugins"]
    my_sender = "my_package.brandkit_plugin"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from brandkit.announce.forms import FormProvider
    from brandkit.announce.senders.base import Sender
    from brandkit.importers.model import Importer
    from brandkit.syndicate.base import ServiceType

hookspec = pluggy.HookspecMarker("brandkit")
hookimpl = pluggy.HookimplMarker("brandkit")


@hookspec
def brandkit_senders() -> list[type[Sender]]:  # type: ignore[empty-body]
    """Sender classes this plugin provides; each has a unique `type` used in mkdocs.yml."""


@hookspec
def brandkit_form_providers() -> dict[str, FormProvider]:  # type: ignore[empty-body]
    """Subscribe-form providers: name -> function from the form options to a FormSpec."""


@hookspec
def brandkit_syndication_services() -> list[type[ServiceType]]:  # type: ignore[empty-body]
    """Syndication service classes; each has a unique `name` (its `syndicate:` key and --to)."""


@hookspec
def brandkit_importers() -> list[Importer]:  # type: ignore[empty-body]
    """Importers for `brandkit import`; each has a unique `name` (the value of --from)."""
