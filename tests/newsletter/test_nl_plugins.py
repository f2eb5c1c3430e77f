"""`brandkit plugins` and a third-party sender installed through the `brandkit.plugins` entry
point group: a real distribution on sys.path, loaded by pluggy, used by `newsletter send`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.newsletter.conftest import REPO, configure, run, run_subprocess, write_post

PLUGIN = """
from __future__ import annotations

import json
from pathlib import Path

from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
from brandkit.announce.senders.base import Sender, Step, StepResult
from brandkit.secrets import SecretEnv


class PigeonOptions(o.Schema):
    loft = o.Text()
    token_env = o.Text("PIGEON_TOKEN")


class PigeonSender(Sender):
    type = "pigeon"
    description = "Ties each new post to a pigeon (writes it to a file)."
    Options = PigeonOptions
    secrets = (SecretEnv("PIGEON_TOKEN", "loft token", "ask the loft keeper", option="token_env"),)

    def steps(self, announcement):
        return [Step("fly", "release a pigeon")]

    def run(self, step, announcement, context):
        with open(self.root / self.options.loft, "a") as fh:
            fh.write(json.dumps({"title": announcement.title, "url": announcement.url}) + "\\n")
        return StepResult("pigeon-1", "flown")

    def preview(self, announcement):
        return {"pigeon.json": json.dumps({"title": announcement.title}).encode()}


@hookimpl
def brandkit_senders():
    return [PigeonSender]


@hookimpl
def brandkit_form_providers():
    from brandkit.announce.forms import FormSpec
    def pigeonpost(options):
        return FormSpec("pigeonpost", "https://pigeon.example/in", "post", "addr")

    return {"pigeonpost": pigeonpost}
"""


def install_plugin(tmp_path: Path) -> str:
    root = tmp_path / "plugin-site-packages"
    (root / "brandkit_pigeon-1.0.dist-info").mkdir(parents=True)
    (root / "brandkit_pigeon.py").write_text(textwrap.dedent(PLUGIN))
    info = root / "brandkit_pigeon-1.0.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brandkit-pigeon\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[brandkit.plugins]\npigeon = brandkit_pigeon\n")
    return f"{REPO}:{root}"


def test_plugins_lists_builtins(site: Path) -> None:
    out = run("plugins").output
    for kind in ("smtp", "buttondown", "listmonk", "webhook"):
        assert f"  sender {kind}: " in out
    assert "brandkit.announce.senders.smtp (built-in)" in out
    assert (
        "subscribe forms: buttondown, convertkit, generic, kit, listmonk, mailchimp, mailerlite"
        in out
    )


def test_third_party_sender_from_entry_point(site: Path, tmp_path: Path) -> None:
    env = {"PYTHONPATH": install_plugin(tmp_path)}
    listed = run_subprocess(site, "plugins", env=env)
    assert "pigeon (brandkit-pigeon 1.0)" in listed.stdout
    assert "sender pigeon: Ties each new post to a pigeon" in listed.stdout
    assert "subscribe forms: pigeonpost" in listed.stdout

    configure(
        site,
        "newsletter:\n  form: {provider: pigeonpost}\n  senders:\n"
        "    - {type: pigeon, loft: loft.jsonl}\n",
    )
    built = run_subprocess(site, "build", env=env)
    assert built.returncode == 0, built.stderr
    assert 'action="https://pigeon.example/in"' in (site / "site/index.html").read_text()
    first = run_subprocess(site, "newsletter", "send", "--yes", env=env)
    assert "First run for sender 'pigeon'" in first.stdout
    write_post(site, "coo", "Coo", n=5)
    assert run_subprocess(site, "build", env=env).returncode == 0
    sent = run_subprocess(site, "newsletter", "send", "--yes", env=env)
    assert sent.returncode == 0, sent.stderr
    assert (
        run_subprocess(site, "newsletter", "send", "--yes", env=env).stdout.strip()
        == "Nothing to send."
    )
    lines = (site / "loft.jsonl").read_text().splitlines()
    assert [json.loads(x)["title"] for x in lines] == ["Coo"]
