"""`brandkit new` in a terminal asks for the owner's name, tagline, URL and GitHub (a real
pseudo-terminal); options answer ahead, and without a terminal nothing is asked."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import yaml


def run_in_terminal(args: list[str], answers: list[str], cwd: Path) -> str:
    """Run brandkit in a pseudo-terminal, answering each prompt in turn; returns what it showed."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandkit", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=cwd,
        env=dict(os.environ, TERM="dumb", COLUMNS="100"),
    )
    os.close(secondary)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
            if pending and shown.endswith(b": "):  # click's prompt waits after ": "
                os.write(primary, pending.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    proc.wait(timeout=180)
    os.close(primary)
    assert proc.returncode == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")


def test_new_asks_in_a_terminal(tmp_path: Path) -> None:
    shown = run_in_terminal(
        ["new", "mysite"],
        ["Jane Doe", "Backend engineer", "https://jane.dev", "jane", "@jane@fosstodon.org", ""],
        tmp_path,
    )
    for question in ("Your name", "A line about you", "Your site's address", "GitHub user name"):
        assert question in shown
    assert "Mastodon address" in shown and "Bluesky handle" in shown
    config = yaml.safe_load((tmp_path / "mysite/mkdocs.yml").read_text())
    assert config["site_name"] == "Jane Doe" and config["site_url"] == "https://jane.dev/"
    block = next(p["brandkit"] for p in config["plugins"] if isinstance(p, dict))
    assert block["profile"]["github"] == "https://github.com/jane"
    assert block["profile"]["mastodon"] == "https://fosstodon.org/@jane"
    assert "bluesky" not in block["profile"]  # skipped with Enter
    resume = json.loads((tmp_path / "mysite/content/resume.json").read_text())
    assert resume["basics"]["name"] == "Jane Doe"
    assert resume["basics"]["label"] == "Backend engineer"
    assert resume["basics"]["profiles"] == [{"network": "GitHub", "url": "https://github.com/jane"}]


def test_options_answer_ahead_and_nothing_is_asked_without_a_terminal(tmp_path: Path) -> None:
    shown = run_in_terminal(
        ["new", "a", "--name", "Jane Doe", "--tagline", "SRE", "--url", "https://j.dev/"],
        ["", "", ""],  # GitHub, Mastodon and Bluesky are skipped with Enter
        tmp_path,
    )
    assert "Your name" not in shown and "GitHub user name" in shown
    assert json.loads((tmp_path / "a/content/resume.json").read_text())["basics"]["label"] == "SRE"
    done = subprocess.run(
        [sys.executable, "-m", "brandkit", "new", "b", "--name", "Jane Doe"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "?" not in done.stdout and "address" not in done.stdout
    config = yaml.safe_load((tmp_path / "b/mkdocs.yml").read_text())
    assert config["site_url"] == "https://example.com/"  # the default, flagged by `check`


def test_bad_github_name_is_a_one_line_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brandkit", "new", "c", "--github", "not a name"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "--github 'not a name'" in done.stderr and not (tmp_path / "c").exists()
