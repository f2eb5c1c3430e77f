"""Typos and other tools' habits, typed at the real `brandkit` program as a user would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

BRANDKIT = shutil.which("brandkit") or "brandkit"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRANDKIT, *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


def last_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("biuld", "Did you mean 'build'?"),
        ("serv", "Did you mean 'serve'?"),
        ("chekc", "Did you mean 'check'?"),
        ("depoly", "Did you mean 'deploy'?"),
        ("posts", "Did you mean 'post'?"),
        ("imprt", "Did you mean 'import'?"),
    ],
)
def test_a_mistyped_command_suggests_the_right_one(typed: str, expected: str) -> None:
    result = run(typed)
    assert result.returncode == 2
    assert last_error(result) == f"Error: No such command {typed!r}. {expected}"


def test_mistyped_subcommands_and_options_suggest_too() -> None:
    assert last_error(run("post", "nwe", "x")).endswith("Did you mean 'new'?")
    assert last_error(run("post", "create", "x")).endswith("Did you mean 'new'?")
    assert last_error(run("newsletter", "sned")).endswith("Did you mean 'send'?")
    assert last_error(run("build", "--strcit")).endswith("Did you mean '--strict'?")


def test_nonsense_gets_no_made_up_suggestion() -> None:
    assert last_error(run("xyzzy")) == "Error: No such command 'xyzzy'."


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["server"], "`hugo server` is `brandkit serve` here"),
        (["gh-deploy"], "`mkdocs gh-deploy` is `brandkit deploy` here"),
        (["build", "-D"], "`brandkit build --drafts` includes drafts and future posts"),
        (["build", "--buildDrafts"], "`brandkit build --drafts`"),
        (["build", "--baseURL", "https://x.dev/"], "Set `site_url:` in mkdocs.yml"),
        (["serve", "--port", "1313"], "`brandkit serve --dev-addr 127.0.0.1:1313`"),
        (["serve", "-p", "4000"], "`brandkit serve --dev-addr 127.0.0.1:4000`"),
        (["serve", "--port=1313"], "`brandkit serve --dev-addr 127.0.0.1:1313`"),
        (["serve", "--drafts"], "`brandkit serve` always shows drafts and future posts"),
        (["serve", "-D"], "`brandkit serve` always shows drafts and future posts"),
        (["serve", "--dirtyreload"], "already rebuilds only the pages an edit changes"),
        (["build", "--clean"], "always starts from an empty site directory"),
        (["new", "site", "mysite"], "`hugo new site mysite` is `brandkit new mysite` here"),
        (["new", "posts/my-first-post.md"], '`brandkit post new "My first post"`'),
        (["new", "content", "posts/x-and-y.md"], '`brandkit post new "X and y"`'),
        (["post", "new", "posts/hello.md"], '`brandkit post new "Hello"`'),
    ],
)
def test_habits_from_other_tools_get_a_one_line_hint(
    args: list[str], hint: str, tmp_path: Path
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert hint in last_error(result)
    assert "Traceback" not in result.stderr
    assert not result.stdout


def test_a_post_path_given_to_new_writes_nothing(tmp_path: Path) -> None:
    run("new", "posts/my-first-post.md", cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []
