"""A fresh machine following only the README: a virtual environment made the README's way, the
package installed from the repository, then the README's commands, from nothing to a built site.

Tests reach no network, so two things differ from a real first run, and only these: the virtual
environment sees the machine's site-packages (`--system-site-packages`), and pip installs with
`--no-index --no-build-isolation`, taking brandkit's dependencies and its build backend from
there instead of downloading them. What is proved: the README's commands, in its order, install
brandkit without a refused install (a virtual environment is not "externally managed") and get
from an empty folder to a built site. What is not: that PyPI serves the dependencies.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OFFLINE_VENV = ("python3 -m venv ", "python3 -m venv --system-site-packages ")
OFFLINE_PIP = ("pip install -e .", "pip install --no-index --no-build-isolation -q -e .")


def readme_block(heading: str | None) -> list[str]:
    """The commands of the first ```bash block after `heading` (the file's first if None)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    if heading is not None:
        text = text.split(f"\n## {heading}\n", 1)[1]
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def copy_repository(target: Path) -> None:
    """The repository's files as a fresh clone has them (tracked files, as they are now)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            dest = target / os.fsdecode(name)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)


def bash(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "externally-managed-environment" not in result.stderr
    return result


def serve_once(command: str, cwd: Path, env: dict[str, str]) -> str:
    """Run the README's `brandkit serve` (on a free port) until it serves the home page."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = [*shlex.split(command), "--dev-addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    return page.read().decode("utf-8")
            except OSError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
def test_readme_from_nothing_to_a_built_site(tmp_path: Path) -> None:
    clone = tmp_path / "brandkit"
    copy_repository(clone)
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "CI"}}
    # Start from a PATH without this test run's own virtual environment.
    own = os.environ.get("VIRTUAL_ENV")
    env["PATH"] = os.pathsep.join(
        p for p in env["PATH"].split(os.pathsep) if not (own and p.startswith(own))
    )

    # The README's first command, in the clone: venv, install, build the example site.
    first = readme_block(None)[0]
    for readme_way, offline in (OFFLINE_VENV, OFFLINE_PIP):
        assert readme_way in first, f"the README's first command changed: {first}"
        first = first.replace(readme_way, offline)
    built = bash(first, clone, env)
    assert re.search(r"Built \d+ pages \(\d+ posts", built.stdout), built.stdout
    assert (clone / "site" / "index.html").is_file()
    venv_bin = clone / ".venv" / "bin"
    brandkit = shutil.which("brandkit", path=str(venv_bin))
    assert brandkit == str(venv_bin / "brandkit"), "brandkit is installed in the venv"
    where = bash(
        ". .venv/bin/activate && python -c 'import brandkit; print(brandkit.__file__)'", clone, env
    )
    assert where.stdout.strip() == str(clone / "brandkit" / "__init__.py")

    # The Quick start, line by line, with the venv active, in an empty folder.
    env["PATH"] = f"{venv_bin}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(clone / ".venv")
    work = tmp_path / "work"
    work.mkdir()
    cwd = work
    quick_start = readme_block("Quick start")
    assert [line.split()[:2] for line in quick_start] == [
        ["brandkit", "new"],
        ["cd", "mysite"],
        ["brandkit", "post"],
        ["brandkit", "check"],
        ["brandkit", "serve"],
        ["brandkit", "build"],
    ], "the Quick start's order: new, post new, check, serve, build"
    for line in quick_start:
        if line.startswith("cd "):
            cwd = cwd / line.split()[1]
        elif line.startswith("brandkit serve"):
            home = serve_once(line, cwd, env)
            assert "Jane Doe" in home and "Your Name" not in home
        else:
            bash(line, cwd, env)
    site = work / "mysite" / "site"
    assert (site / "blog" / "why-i-test-in-production-carefully" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Jane Doe</title>" in home and "Your Name" not in home
