"""Compiled templates kept between builds: reused only when signed with this user's key."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

from brandkit.mkdocs.template_cache import FOLDER, KEY_FILE, SignedBytecodeCache, signing_key
from tests.test_incremental import tree

TEMPLATES = {
    "page.html": "{% extends 'base.html' %}{% block body %}Hello {{ name }}{% endblock %}",
    "base.html": "<main>{% block body %}{% endblock %}</main>",
    "other.html": "Other {{ name | upper }}",
}


def environment(tmp_path: Path, cache: SignedBytecodeCache) -> jinja2.Environment:
    source = tmp_path / "templates"
    source.mkdir(exist_ok=True)
    for name, text in TEMPLATES.items():
        (source / name).write_text(text)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(source), autoescape=True)
    cache.attach(env)
    return env


def render_all(env: jinja2.Environment) -> list[str]:
    return [env.get_template(name).render(name="<Jane>") for name in sorted(TEMPLATES)]


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / FOLDER).rglob("*") if p.is_file())


def test_a_later_build_uses_the_signed_compiled_templates(tmp_path: Path) -> None:
    root = tmp_path / "user-cache"
    first = SignedBytecodeCache(root)
    expected = render_all(environment(tmp_path, first))
    assert len(entries(root)) == len(TEMPLATES) and first.loaded == 0
    later = SignedBytecodeCache(root)  # another process: nothing in memory
    assert render_all(environment(tmp_path, later)) == expected
    assert (later.loaded, later.refused) == (len(TEMPLATES), 0)


@pytest.mark.parametrize("damage", ["planted", "swapped", "flipped"])
def test_an_entry_not_signed_with_the_key_is_never_run(tmp_path: Path, damage: str) -> None:
    root = tmp_path / "user-cache"
    expected = render_all(environment(tmp_path, SignedBytecodeCache(root)))
    files = entries(root)
    if damage == "planted":  # compiled by someone with another key
        other = tmp_path / "elsewhere"
        render_all(environment(tmp_path, SignedBytecodeCache(other)))
        for mine, theirs in zip(files, entries(other), strict=True):
            shutil.copyfile(theirs, mine)
    elif damage == "swapped":  # genuine entries, each under another template's name
        data = [p.read_bytes() for p in files]
        for path, raw in zip(files, data[1:] + data[:1], strict=True):
            path.write_bytes(raw)
    else:  # one byte of the compiled code changed
        for path in files:
            raw = bytearray(path.read_bytes())
            raw[-1] ^= 1
            path.write_bytes(bytes(raw))
    later = SignedBytecodeCache(root)
    assert render_all(environment(tmp_path, later)) == expected
    assert (later.loaded, later.refused) == (0, len(TEMPLATES))


def test_a_key_others_could_have_written_is_not_used(tmp_path: Path) -> None:
    root = tmp_path / "user-cache"
    key = signing_key(root)
    assert key is not None and len(key) == 32
    assert (root / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert signing_key(root) == key  # made once, then read
    os.chmod(root / KEY_FILE, 0o666)
    assert signing_key(root) is None
    cache = SignedBytecodeCache(root)
    shutil.rmtree(root / FOLDER, ignore_errors=True)
    render_all(environment(tmp_path, cache))
    assert entries(root) == []  # without a trusted key nothing is written either


def test_builds_with_kept_templates_give_the_same_site(
    site: Path, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cli("build")
    compiled = tmp_path / "xdg/brandkit" / FOLDER
    kept = {p: p.stat().st_mtime_ns for p in compiled.rglob("*") if p.is_file()}
    assert len(kept) > 20  # Material's and brandkit's templates
    first = tree(site / "site")
    shutil.rmtree(site / ".cache")  # a cold build of the pages, templates from the user cache
    cli("build")
    assert tree(site / "site") == first
    # read, not compiled and written again
    assert {p: p.stat().st_mtime_ns for p in compiled.rglob("*") if p.is_file()} == kept
