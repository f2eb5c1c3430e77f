"""Choose the importer for a source (named with --from, or recognised) and run it.

Importers are registered through the `brandkit_importers` hook, built-ins first, so a new one is
one module plus its entry in brandkit/plugins.py (or a third-party plugin's entry point).
"""

from __future__ import annotations

from pathlib import Path

from brandkit.errors import BrandkitError
from brandkit.importers.context import Context
from brandkit.importers.model import Batch, Importer
from brandkit.text import join_words


def guess_kind(source: str) -> str:
    from brandkit.plugins import importers

    found = importers()
    for importer in found.values():
        if importer.recognises(source):
            return importer.name
    if not Path(source).exists():
        raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
    raise BrandkitError(
        f"{source}: cannot tell what kind of blog this is; pass --from "
        f"{join_words(list(found), 'or')}."
    )


def importer_named(kind: str) -> Importer:
    from brandkit.plugins import importers

    found = importers()
    if kind not in found:
        raise BrandkitError(
            f"--from {kind}: no such importer; use {join_words(list(found), 'or')} "
            "(`brandkit plugins` lists what is installed)."
        )
    return found[kind]


def read_source(kind: str, source: str, ctx: Context) -> Batch:
    importer = importer_named(kind)
    if importer.path and not Path(source).exists():
        raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
    return importer.read(source, ctx)
