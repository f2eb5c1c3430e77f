"""Cache files are pickles: loading one must never run code named in it."""

from __future__ import annotations

import os
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from brandkit import safe_pickle
from brandkit.content.models import Post


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


class _SneakyGetattr:
    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return (getattr, (ZoneInfo, "clear_cache"))  # getattr is allowed for one lookup only


def test_what_brandkit_caches_round_trips() -> None:
    post = Post(
        source="posts/a.md",
        id="urn:uuid:1",
        title="A <post> & more",
        slug="a",
        url="blog/a/",
        body="Body.",
        date=datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")),
        updated=datetime(2026, 3, 2, tzinfo=timezone(timedelta(hours=2))),
    )
    data = ("urn:tag", {("a", "b", "c"): post}, [1.5, None, {"x": (1, 2)}], {1, 2})
    assert safe_pickle.loads(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)) == data
    assert safe_pickle.loads(pickle.dumps(datetime.now(UTC))) is not None


def _global_call(module: str, name: str, arg: str) -> bytes:
    """A pickle that calls `module.name(arg)`, written opcode by opcode (a dotted `name` reaches
    through the module's attributes, as protocol 4 allows)."""

    def text(value: str) -> bytes:
        raw = value.encode()
        return pickle.SHORT_BINUNICODE + bytes([len(raw)]) + raw

    return (
        pickle.PROTO + bytes([4]) + text(module) + text(name) + pickle.STACK_GLOBAL
        + text(arg) + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP
    )  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps(_Boom()),
        pickle.dumps(_SneakyGetattr()),
        # Allowed modules, but not a class defined there: a function, or `os` reached through one.
        _global_call("brandkit.content.loader", "os.system", "touch pwned"),
        _global_call("brandkit.content.loader", "load_posts", "pwned"),
    ],
)
def test_a_crafted_cache_file_runs_nothing(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pickle.UnpicklingError, match="not allowed in a brandkit cache file"):
        safe_pickle.loads(data)
    assert not (tmp_path / "pwned").exists()


def test_a_crafted_posts_cache_is_ignored_and_the_build_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from brandkit.cli import main

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "site"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "site")
    assert runner.invoke(main, ["build"]).exit_code == 0
    caches = list(Path(".cache").rglob("*.pickle"))
    assert caches, "the build leaves pickled caches behind"
    for cache in caches:
        cache.write_bytes(pickle.dumps(_Boom()))
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert not Path("pwned").exists()
    assert Path("site/blog/index.html").is_file()
