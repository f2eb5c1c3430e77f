"""What a user sees at the terminal, from the real `brandkit` program: progress on a terminal
and none in a pipe, brandkit's own words for MkDocs' messages, warnings counted right, and
commands that work from inside content/posts/."""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import personalize, publish_first_post

BRANDKIT = shutil.which("brandkit") or "brandkit"
# Plural nouns after a count of one: "1 warnings", "1 posts"...
ONE_PLURAL = re.compile(
    r"(?<![\d.,])\b1 (warnings|errors|problems|posts|pages|feeds|files|drafts|cards|copies)\b"
)


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "BRANDKIT_NOW"}}
    env.update(TERM="xterm", COLUMNS="120", **extra)
    return env


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRANDKIT, *args],
        cwd=cwd,
        env=user_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_in_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run brandkit with stdin, stdout and stderr on a pseudo-terminal; what the screen got."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [BRANDKIT, *args], cwd=cwd, env=user_env(), stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the program ended and the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def new_site(tmp_path: Path, *extra: str) -> Path:
    """A `brandkit new` site as its owner has filled it in: the first post published and no
    starter text (which `check` would warn about)."""
    result = run("new", "site", "--name", "Jane Doe", *extra, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    publish_first_post(tmp_path / "site")
    personalize(tmp_path / "site")
    return tmp_path / "site"


def test_progress_is_one_updating_line_on_a_terminal(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    assert run("post", "new", "A first published post", cwd=site).returncode == 0
    code, screen = run_in_terminal("build", cwd=site)
    assert code == 0, screen
    # One line, rewritten in place (carriage returns, no new lines) through every stage.
    progress = screen.split("Built ")[0]
    assert progress.count("\n") == 1, progress  # only the line the finished bar leaves
    # Two posts: the starter post (published by new_site) and the new one.
    for stage in ("reading posts", "rendering 2 posts", "writing pages", "writing feeds"):
        assert f"Building: {stage}" in progress, progress
    assert re.search(r"writing pages \(\d+\)", progress), "a count of the pages written"
    assert progress.count("\r") > 5
    assert re.search(r"\nBuilt \d+ pages", screen)


def test_no_progress_when_piped_or_quiet_and_plain_lines_in_ci(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    piped = run("build", cwd=site)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == "", "a pipe gets no progress"
    assert piped.stdout.startswith("Built ") and piped.stdout.count("\n") == 1

    code, screen = run_in_terminal("build", "--quiet", cwd=site)
    assert code == 0 and "Building" not in screen and "\r\n" in screen  # only the summary
    assert screen.startswith("Built "), screen

    ci = run("build", cwd=site, CI="true")
    assert ci.returncode == 0, ci.stderr
    assert "\r" not in ci.stderr and "\x1b" not in ci.stderr
    lines = ci.stderr.splitlines()
    assert "Building: reading posts" in lines
    assert "Building: writing pages" in lines
    assert "Building: writing feeds, sitemap and search index" in lines


def test_import_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    old = tmp_path / "old-jekyll" / "_posts"
    old.mkdir(parents=True)
    (old / "2021-07-01-hello.md").write_text(
        "---\ntitle: Hello from Jekyll\n---\nOld words.\n", encoding="utf-8"
    )
    code, screen = run_in_terminal("import", str(tmp_path / "old-jekyll"), cwd=site)
    assert code == 0, screen
    assert "Importing: reading" in screen and "Importing: writing 1 post" in screen
    assert "Imported 1 post, 0 files" in screen


def _broken_site(tmp_path: Path) -> Path:
    """A site with four warnings of different kinds (MkDocs' link and nav checks, its build
    command's template check, brandkit's front matter check) and a link to a missing heading
    (an MkDocs info message)."""
    site = new_site(tmp_path)
    with (site / "content" / "about.md").open("a", encoding="utf-8") as fh:
        fh.write("\nSee [my setup](missing.md) and [now](now.md#no-such-heading).\n")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - Uses: uses.md\n", "  - Uses: uses.md\n  - Gone: gone.md\n")
    config.write_text(text + "extra_templates: [missing.html]\n")
    assert "Gone: gone.md" in config.read_text(encoding="utf-8"), "nav layout changed"
    posts = site / "content" / "posts"
    post = next(posts.glob("*.md"))
    post.write_text(
        post.read_text(encoding="utf-8").replace("---\n", "---\nsubtitel: oops\n", 1),
        encoding="utf-8",
    )
    return site


def _serve_output(site: Path) -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [BRANDKIT, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env=user_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
            except urllib.error.HTTPError:
                break  # served: a 404 page
            except OSError:
                time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return out


def test_no_line_speaks_mkdocs_or_miscounts(tmp_path: Path) -> None:
    site = _broken_site(tmp_path)
    seen: dict[str, str] = {}
    for label, args in (
        ("check", ["check"]),
        ("build", ["build"]),
        ("build --strict", ["build", "--strict"]),
        ("build --verbose", ["build", "--verbose"]),
        ("build --drafts", ["build", "--drafts"]),
        ("post new", ["post", "new", "Second post", "--draft"]),
        ("build with a draft", ["build"]),
    ):
        result = run(*args, cwd=site)
        seen[label] = result.stdout + result.stderr
    seen["serve"] = _serve_output(site)
    for command, output in seen.items():
        for line in output.splitlines():
            assert "documentation" not in line.lower(), f"brandkit {command}: {line}"
            assert not ONE_PLURAL.search(line), f"brandkit {command}: {line}"
            assert "Aborted with" not in line and "Doc file" not in line, f"{command}: {line}"

    build = seen["build"]
    assert "warning: content/about.md: link 'missing.md' points to no page" in build
    assert "warning: mkdocs.yml: nav: 'gone.md' is not a page in content/" in build
    assert "subtitel" in build
    warnings = [line for line in build.splitlines() if line.startswith("warning: ")]
    assert f"; {len(warnings)} warnings (above)" in build, build
    assert f"stopped by {len(warnings)} warnings in strict mode" in seen["build --strict"]
    # new_site published the starter post; `post new --draft` then added one draft.
    assert "pages (1 post) and" in seen["build"]
    assert "(1 post, 1 draft or scheduled post left out)" in seen["build with a draft"]
    assert "no heading with the id 'no-such-heading'" in seen["serve"]
    assert "Serving the site on http://127.0.0.1:" in seen["serve"]
    assert "/no-such-page/: not found (404)" in seen["serve"]
    # A server says MkDocs' own warnings too (its notice on dirty builds does not apply).
    missing = (
        "warning: mkdocs.yml: extra_templates: missing.html is not in content/; add it there "
        "or remove it from extra_templates"
    )
    assert missing in seen["serve"] and missing in build
    assert "dirty" not in seen["serve"].lower()
    assert "reading content/index.md" in seen["build --verbose"]


def test_one_warning_is_one_warning(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    with (site / "content" / "about.md").open("a", encoding="utf-8") as fh:
        fh.write("\nSee [my setup](missing.md).\n")
    strict = run("build", "--strict", cwd=site)
    assert strict.returncode == 1
    assert strict.stderr.count("warning: ") == 1
    assert (
        "Error: stopped by 1 warning in strict mode (listed above): fix it or build without "
        "--strict." in strict.stderr
    )
    assert "; 1 warning (above)" in run("build", cwd=site).stdout


def test_commands_work_from_content_posts(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    here = site / "content" / "posts"
    notice = "Using the site in ../.. (mkdocs.yml); paths below are relative to it."

    made = run("post", "new", "Written from a subfolder", cwd=here)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "content/posts/written-from-a-subfolder.md"
    assert (here / "written-from-a-subfolder.md").is_file()
    assert made.stderr.splitlines() == [notice]

    checked = run("check", cwd=here)
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 2 posts"), checked.stderr

    built = run("build", cwd=here)
    assert built.returncode == 0, built.stderr
    assert "-> site/ " in built.stdout
    assert (site / "site" / "blog" / "written-from-a-subfolder" / "index.html").is_file()
    assert not (here / "site").exists()

    # In the site's own folder there is nothing to announce; outside any site, a clear error.
    assert "Using the site" not in run("check", cwd=site).stderr
    outside = run("check", cwd=tmp_path)
    assert outside.returncode == 1
    assert "No mkdocs.yml in this folder or any folder above it" in outside.stderr


@pytest.mark.parametrize(
    ("options", "person", "title"),
    [
        (["--name", "Jane Doe"], "Jane Doe", "Jane Doe"),
        (["--name", "Jane Doe", "--site-name", "Notes"], "Jane Doe", "Notes"),
        (["--name", "Notes", "--author", "Jane Doe"], "Jane Doe", "Notes"),  # the older way
    ],
)
def test_one_name_is_enough_for_a_one_person_site(
    tmp_path: Path, options: list[str], person: str, title: str
) -> None:
    result = run("new", "site", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'site_name: "{title}"' in config and f'site_author: "{person}"' in config
    assert run("build", cwd=site).returncode == 0
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "Your Name" not in home
    assert f"<title>{title}</title>" in home
    assert person in home
