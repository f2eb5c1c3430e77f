"""The hooks a brandkit plugin implements. Built-in senders and form providers use them too.

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

hookspec = pluggy.HookspecMarker("brandkit")
hookimpl = pluggy.HookimplMarker("brandkit")


@hookspec
def brandkit_senders() -> list[type[Sender]]:  # type: ignore[empty-body]
    """Sender classes this plugin provides; each has a unique `type` used in mkdocs.yml."""


@hookspec
def brandkit_form_providers() -> dict[str, FormProvider]:  # type: ignore[empty-body]
    """Subscribe-form providers: name -> function from the form options to a FormSpec."""
