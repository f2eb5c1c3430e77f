"""Fixtures for the newsletter tests: a real `brandkit new` site, real servers on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from brandkit.cli import main
from tests.conftest import NEW_SITE_OPTIONS, personalize, publish_first_post
from tests.newsletter.servers import ButtondownServer, ListmonkServer, SmtpServer, WebhookReceiver

REPO = Path(__file__).resolve().parents[2]
SECRET_ENV = (
    "BRANDKIT_SMTP_PASSWORD",
    "BUTTONDOWN_API_KEY",
    "LISTMONK_API_TOKEN",
    "BRANDKIT_WEBHOOK_SECRET",
    "BRANDKIT_NOW",
)
BUTTONDOWN_KEY = "bd-secret-key-7f3a9c"
LISTMONK_TOKEN = "lm-secret-token-0c4e2b"
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # from the Standard Webhooks examples


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)


def run(*args: str, expect: int | None = 0) -> Result:
    """The real `brandkit` command, in-process (stdin is not a terminal, as in CI)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if expect is not None:
        assert result.exit_code == expect, result.output
    return result


def run_subprocess(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    client_pid: Callable[[int], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m brandkit ...` in its own process (so a server can kill it)."""
    full_env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    full_env["PYTHONPATH"] = str(REPO)
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandkit", *args],
        cwd=root,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if client_pid is not None:
        client_pid(proc.pid)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


BODY = "Hello **readers**.\n\n![Diagram](images/diagram.png)\n\nSee [the about](../about.md).\n"


def uid(n: int) -> str:
    return f"urn:uuid:{n:08d}-0000-4000-8000-00000000abcd"


def write_post(
    root: Path,
    slug: str,
    title: str,
    *,
    n: int,
    date: str = "2026-01-10T09:30:00+01:00",
    body: str = BODY,
    extra: str = "",
) -> Path:
    path = root / "content" / "posts" / f"{slug}.md"
    images = path.parent / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    quoted = title.replace('"', '\\"')
    tags = "" if "tags:" in extra else "tags: [python, email]\n"  # `extra` may bring its own
    path.write_text(
        f'---\nid: {uid(n)}\ntitle: "{quoted}"\ndate: {date}\ndescription: A post about {slug}.\n'
        f"{tags}{extra}---\n\n{body}",
        encoding="utf-8",
    )
    return path


def configure(root: Path, block: str) -> None:
    """Put `block` (YAML, indented for the brandkit plugin block) under `- brandkit:`."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    indented = "".join(f"      {line}\n" for line in block.strip("\n").splitlines())
    config.write_text(
        text.replace("  - brandkit:\n", "  - brandkit:\n" + indented, 1), encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "blog"
    run(
        "new",
        str(root),
        *NEW_SITE_OPTIONS,
    )
    # Filled in by its owner: the first post published, no starter text (deploy refuses it).
    publish_first_post(root)
    personalize(root)
    monkeypatch.chdir(root)
    yield root
    os.chdir(tmp_path)


def state(root: Path) -> dict[str, Any]:
    import json

    path = root / ".brandkit" / "state.json"
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def buttondown() -> Iterator[ButtondownServer]:
    server = ButtondownServer(BUTTONDOWN_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def listmonk() -> Iterator[ListmonkServer]:
    server = ListmonkServer("brandkit", LISTMONK_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver(WEBHOOK_SECRET).start()
    yield server
    server.stop()
