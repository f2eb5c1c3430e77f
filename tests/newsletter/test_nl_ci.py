"""The CI side of announcing: the generated workflow passes every secret the configured senders
declare to the notify job and installs the plugin packages that provide them; `doctor` checks the
same declarations (and that a subscriber list cannot be committed)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.newsletter.conftest import configure, run, run_subprocess
from tests.newsletter.test_nl_plugins import install_plugin

SENDERS = (
    "newsletter:\n  unsubscribe_mailto: u@jane.example.com\n  senders:\n"
    "    - {type: buttondown, api_key_env: BD_KEY}\n"
    "    - {type: listmonk, url: 'https://lists.example.com', username: api, lists: [1]}\n"
    "    - {type: webhook, url: 'https://hooks.example.com/x'}\n"
    "    - {type: smtp, host: smtp.example.com, username: jane, from_address: j@example.com,"
    " subscribers_env: READERS_CSV}\n"
)


def notify_env(text: str) -> dict[str, str]:
    doc: Any = yaml.safe_load(text)
    step = next(s for s in doc["jobs"]["notify"]["steps"] if s.get("name") == "Announce new posts")
    return step.get("env", {})  # type: ignore[no-any-return]


def test_workflow_passes_every_declared_secret(site: Path) -> None:
    configure(site, SENDERS)
    text = run("ci", "--stdout").output
    assert notify_env(text) == {
        name: f"${{{{ secrets.{name} }}}}"
        for name in (
            "BD_KEY",
            "BRANDKIT_SMTP_PASSWORD",
            "BRANDKIT_WEBHOOK_SECRET",
            "LISTMONK_API_TOKEN",
            "READERS_CSV",
        )
    }


def test_smtp_without_login_needs_no_secret(site: Path) -> None:
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: u@jane.example.com\n  senders:\n"
        "    - {type: smtp, host: smtp.example.com, from_address: j@e.com, to: list@e.com}\n",
    )
    assert notify_env(run("ci", "--stdout").output) == {}
    assert "ok    environment: no secrets needed" in run("doctor", expect=None).output


def test_doctor_names_each_missing_secret_and_who_reads_it(site: Path, monkeypatch: Any) -> None:
    configure(site, SENDERS)
    monkeypatch.setenv("BD_KEY", "bd-value-not-to-print")
    out = run("doctor", expect=1).output
    line = next(x for x in out.splitlines() if "environment" in x)
    assert line.startswith("fail  environment: not set: ")
    assert "LISTMONK_API_TOKEN (read by listmonk 'listmonk' (API token))" in line
    assert "READERS_CSV (read by smtp 'smtp' (subscriber list (the CSV's text)))" in line
    assert "BD_KEY" not in line and "no secrets needed" not in out
    assert "bd-value-not-to-print" not in out


def test_workflow_installs_the_plugin_packages_in_use(site: Path, tmp_path: Path) -> None:
    env = {"PYTHONPATH": install_plugin(tmp_path)}
    configure(site, "newsletter:\n  senders:\n    - {type: pigeon, loft: loft.jsonl}\n")
    result = run_subprocess(site, "ci", "--stdout", env=env)
    assert result.returncode == 0, result.stderr
    doc: Any = yaml.safe_load(result.stdout)
    installs = [
        step["run"]
        for job in doc["jobs"].values()
        for step in job["steps"]
        if step.get("name") == "Install brandkit"
    ]
    assert len(installs) == 2  # build and notify
    for install in installs:
        assert install.endswith('"brandkit-pigeon==1.0"'), install
    assert notify_env(result.stdout) == {"PIGEON_TOKEN": "${{ secrets.PIGEON_TOKEN }}"}
    doctor = run_subprocess(site, "doctor", env=env)
    assert "PIGEON_TOKEN (read by pigeon 'pigeon' (loft token))" in doctor.stdout


def test_doctor_refuses_a_subscriber_list_that_git_would_commit(site: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=site, check=True)
    configure(
        site,
        "newsletter:\n  unsubscribe_mailto: u@jane.example.com\n  senders:\n"
        "    - {type: smtp, host: smtp.example.com, from_address: j@e.com,"
        " subscribers: readers.csv}\n",
    )
    (site / "readers.csv").write_text("email\nada@example.org\n")
    gitignore = site / ".gitignore"
    gitignore.write_text(gitignore.read_text() if gitignore.exists() else "")
    out = run("doctor", expect=1).output
    assert "fail  subscribers: readers.csv (readers' addresses) is inside the repository" in out
    gitignore.write_text(gitignore.read_text() + "readers.csv\n")
    assert "ok    subscribers: readers.csv stays out" in run("doctor", expect=None).output
    subprocess.run(["git", "add", "-f", "readers.csv"], cwd=site, check=True)
    assert "readers.csv (readers' addresses) is committed" in run("doctor", expect=1).output


CHANNELS = (
    "announce:\n  channels:\n"
    "    - {type: mastodon, instance: 'https://fosstodon.org'}\n"
    "    - {type: bluesky, handle: jane.bsky.social, password_env: BSKY_PW}\n"
    "    - {type: webmention}\n"
)


def test_channels_secrets_reach_the_notify_job_and_doctor(site: Path) -> None:
    configure(site, CHANNELS)
    text = run("ci", "--stdout").output
    assert "run: brandkit announce --yes" in text
    assert notify_env(text) == {
        "BSKY_PW": "${{ secrets.BSKY_PW }}",
        "MASTODON_TOKEN": "${{ secrets.MASTODON_TOKEN }}",
    }
    line = next(x for x in run("doctor", expect=1).output.splitlines() if "environment" in x)
    assert "BSKY_PW (read by bluesky 'bluesky' (app password))" in line
    assert "MASTODON_TOKEN (read by mastodon 'mastodon' (access token))" in line


def test_check_validates_channels(site: Path) -> None:
    configure(
        site,
        "newsletter:\n  senders:\n    - {type: webhook, url: 'https://h.example/x', name: social}\n"
        "announce:\n  channels:\n"
        "    - {type: mastodon, instance: 'https://m.example', template: '{title} {tittle}'}\n"
        "    - {type: bluesky}\n"
        "    - {type: myspace}\n"
        "    - {type: webmention, name: social}\n",
    )
    out = run("check", expect=1).output
    assert "announce.channels[mastodon].template: {tittle} is not a placeholder" in out
    assert "announce.channels[1].handle:" in out  # bluesky without its handle
    assert "announce.channels[2].type: 'myspace' is not a sender type" in out
    assert "two senders are called 'social'" in out
