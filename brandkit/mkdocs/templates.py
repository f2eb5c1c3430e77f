"""The Jinja environment brandkit's pages are rendered in, and its templates compiled ahead.

Compiling mkdocs-material's and brandkit's templates takes about a quarter of a second, and in a
cold `brandkit build` both page-building processes (mkdocs.page_split) would each compile them.
Jinja keeps compiled templates on disk (its bytecode cache, under the cache folder), so a worker
process waiting for its first posts (brandkit.render.pool) compiles them into that cache, in an
environment configured by the same function as the pages' own: both page-building processes
then load them instead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.meta import find_referenced_templates

log = logging.getLogger("mkdocs.plugins.brandkit")
THEME_DIR = Path(__file__).parent / "theme"


def configure(env: jinja2.Environment, cache_dir: Path) -> None:
    """What brandkit adds to MkDocs' environment: filters and the cache of
    compiled templates. (Everything that changes how a template compiles is set here.)"""
    env.filters["bk_date"] = format_date
    env.filters["bk_datetime"] = html_datetime
    # Templates cannot change during one build (serve makes a new environment per build),
    # so skip Jinja's per-include mtime check: thousands of stat() calls on a large blog.
    env.auto_reload = False
    # Compiling mkdocs-material's templates costs a few hundred ms per build: keep the bytecode
    # on disk next to the render cache (Jinja checks each template's source checksum before
    # reusing it, and writes its files atomically).
    cache_dir.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir))


def format_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def html_datetime(value: datetime) -> str:
    """A `datetime` attribute value: HTML allows at most three digits of a second's fraction,
    and a reader needs none, so whole seconds (a date alone stays a date)."""
    if not isinstance(value, datetime):
        return value.isoformat()  # a date
    return value.isoformat(timespec="seconds")


def precompile(config: Any, cache_dir: Path) -> None:
    """In a worker process: compile the templates brandkit's pages use into the cache, following
    every `extends`, `include` and `import` with a fixed name from the page templates."""
    try:
        env = config.theme.get_env()  # as MkDocs makes it for the build
        configure(env, cache_dir)
        bcc = env.bytecode_cache
        assert bcc is not None
        # brandkit's page templates (not `list_templates`: that walks thousands of icons).
        names = [f"brandkit/{p.name}" for p in sorted((THEME_DIR / "brandkit").glob("*.html"))]
        names += ["main.html", *config.theme.static_templates]
        seen: set[str] = set()
        while names:
            name = names.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                source, filename, _ = env.loader.get_source(env, name)
                bucket = bcc.get_bucket(env, name, filename, source)
                if bucket.code is not None:
                    continue  # compiled by an earlier build: so, most likely, is the rest
                tree = env.parse(source, name, filename)
                bucket.code = env.compile(tree, name, filename)
            except jinja2.TemplateError:
                continue  # missing, or an error the page using it will report
            bcc.set_bucket(bucket)
            names += [n for n in find_referenced_templates(tree) if n is not None]
    except Exception as exc:  # only a head start: the pages compile whatever is missing
        log.debug("templates not compiled ahead (%s)", exc)
