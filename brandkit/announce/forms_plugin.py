"""Registers the built-in subscribe-form providers through the plugin hook."""

from __future__ import annotations

from brandkit.announce.forms import BUILTIN_PROVIDERS, FormProvider
from brandkit.hookspecs import hookimpl


@hookimpl
def brandkit_form_providers() -> dict[str, FormProvider]:
    return dict(BUILTIN_PROVIDERS)
