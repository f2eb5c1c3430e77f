"""dev.to's API key and Hashnode's token never leak: each service talks to a server that echoes
the credentials back (error body, headers, a 500 page, a "successful" answer made of them), and
the secret must appear in no output, no file under the site and no exception text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from brandkit.cli import main
from tests.conftest import RunCli
from tests.echo import MODES, EchoServer, leaks
from tests.syndicate.test_cli import add_posts

REPO = Path(__file__).resolve().parents[2]
SECRETS = {
    "devto": ("DEVTO_API_KEY", "devto-echo-6a1b9c3d"),
    "hashnode": ("HASHNODE_TOKEN", "hn-echo-2f8e4d1a"),
}


def configure(site: Path, service: str, url: str) -> None:
    block = {
        "devto": f"        devto: {{api_url: '{url}/api/', write_interval: 0, read_interval: 0, "
        "timeout: 2, max_retry_wait: 0}",
        "hashnode": f"        hashnode: {{api_url: '{url}/', publication_id: 'pub1', "
        "write_interval: 0, timeout: 2, max_retry_wait: 0}",
    }[service]
    config = site / "mkdocs.yml"
    anchor = "  - brandkit:\n"
    config.write_text(config.read_text().replace(anchor, f"{anchor}      syndicate:\n{block}\n", 1))


def syndicate(site: Path, service: str, env: dict[str, str], *extra: str) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("DEVTO_API_KEY", "HASHNODE_TOKEN")}
    full.update(env, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "brandkit", "syndicate", "--to", service, *extra],
        cwd=site,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", sorted(SECRETS))
def test_echoed_credentials_appear_nowhere(
    site: Path, cli: RunCli, service: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_name, secret = SECRETS[service]
    add_posts(site)
    with EchoServer(mode) as server:
        configure(site, service, server.url)
        cli("build")
        outputs = [
            syndicate(site, service, {env_name: secret}, "--yes"),
            syndicate(site, service, {env_name: secret}, "--yes"),  # after a pending create
            syndicate(site, service, {env_name: secret}, "--dry-run"),
        ]
        monkeypatch.setenv(env_name, secret)
        raised: list[str] = []
        try:
            main.main(["syndicate", "--to", service, "--yes"], "brandkit", standalone_mode=False)
        except click.ClickException as exc:
            chained: BaseException | None = exc
            while chained is not None:
                raised += [str(chained), repr(chained)]
                chained = chained.__cause__ or chained.__context__
        sent = [" ".join(r["headers"].values()) for r in server.requests]
    assert any(secret in text for text in sent), "the test must put the secret on the wire"
    assert leaks(secret, site, *outputs, *raised) == []
