"""A third-party importer and syndication service, installed through the `brandkit.plugins`
entry point group (a real distribution on sys.path, loaded by pluggy), are listed by `brandkit
plugins` and used by `brandkit import` and `brandkit syndicate` like the built-ins: nothing in
brandkit names them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PLUGIN = """
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
from brandkit.importers.model import Batch, Imported, Importer
from brandkit.syndicate.base import Payload, Remote, ServiceOptions, ServiceType


def read_notes(source, ctx):
    batch = Batch()
    for n, path in enumerate(sorted(Path(source).glob("*.note")), start=1):
        title, _, body = path.read_text().partition("\\n")
        when = datetime(2024, 5, n, 9, 0, tzinfo=timezone.utc)
        batch.posts.append(Imported(path.name, title, when, path.stem, body))
    return batch


@hookimpl
def brandkit_importers():
    recognises = lambda source: any(Path(source).glob("*.note"))
    return [Importer("notes", "a folder of .note files", recognises, read_notes)]


class OutboxOptions(ServiceOptions):
    api_url = o.Url("https://outbox.invalid/", directory=True)
    outbox = o.Text()


class Outbox(ServiceType):
    name = "outbox"
    label = "Outbox"
    Options = OutboxOptions
    secret_env = "OUTBOX_TOKEN"
    secret_help = "any text will do"

    @classmethod
    def headers(cls, secret):
        return {}

    @classmethod
    def connect(cls, options, secret):
        return cls(options, None)  # writes a file: no HTTP client

    def _items(self):
        path = Path(self.config.outbox)
        return json.loads(path.read_text()) if path.exists() else {}

    def _save(self, items):
        Path(self.config.outbox).write_text(json.dumps(items, indent=1))

    def payload(self, copy):
        return Payload({"title": copy.title, "canonical": copy.canonical_url})

    def find(self, canonical_url, *, refresh=False):
        for rid, item in self._items().items():
            if item["canonical"] == canonical_url:
                return Remote(rid, "https://outbox.invalid/" + rid)
        return None

    def create(self, copy, payload):
        items = self._items()
        rid = str(len(items) + 1)
        items[rid] = payload.fields
        self._save(items)
        return Remote(rid, "https://outbox.invalid/" + rid)

    def update(self, remote_id, copy, payload):
        items = self._items()
        items[remote_id] = payload.fields
        self._save(items)
        return Remote(remote_id, "https://outbox.invalid/" + remote_id)


@hookimpl
def brandkit_syndication_services():
    return [Outbox]
"""


def install_plugin(tmp_path: Path) -> str:
    root = tmp_path / "plugin-site-packages"
    info = root / "brandkit_notes-1.0.dist-info"
    info.mkdir(parents=True)
    (root / "brandkit_notes.py").write_text(textwrap.dedent(PLUGIN))
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brandkit-notes\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[brandkit.plugins]\nnotes = brandkit_notes\n")
    return f"{REPO}{os.pathsep}{root}"


def brandkit(root: Path, *args: str, plugin: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "OUTBOX_TOKEN"}
    full_env.update(PYTHONPATH=plugin, **env)
    return subprocess.run(
        [sys.executable, "-m", "brandkit", *args],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_third_party_importer_and_service(site: Path, tmp_path: Path) -> None:
    plugin = install_plugin(tmp_path)
    listed = brandkit(site, "plugins", plugin=plugin)
    assert listed.returncode == 0, listed.stderr
    assert "notes (brandkit-notes 1.0)" in listed.stdout
    assert "  importer notes: a folder of .note files" in listed.stdout
    assert "  syndication service outbox: Outbox" in listed.stdout
    assert "  importer jekyll: " in listed.stdout  # the built-ins are registered the same way

    notes = tmp_path / "old-notes"
    notes.mkdir()
    (notes / "first.note").write_text("First note\nHello from the old blog.\n")
    (notes / "second.note").write_text("Second note\nMore words.\n")
    # Recognised without --from: the plugin's importer says the folder is its kind.
    imported = brandkit(site, "import", str(notes), plugin=plugin)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2 posts" in imported.stdout
    assert (site / "content/posts/first.md").is_file()
    unknown = brandkit(site, "import", str(notes), "--from", "nope", plugin=plugin)
    assert unknown.returncode == 1
    assert (
        "--from nope: no such importer; use jekyll, hugo, wordpress, ghost, medium, substack, "
        "devto, feed or notes" in unknown.stderr
    )

    config = site / "mkdocs.yml"
    text = config.read_text()
    config.write_text(
        text.replace(
            "  - brandkit:\n", "  - brandkit:\n      syndicate: {outbox: {outbox: out.json}}\n"
        )
    )
    built = brandkit(site, "build", plugin=plugin)
    assert built.returncode == 0, built.stderr
    no_secret = brandkit(site, "syndicate", "--to", "outbox", "--yes", plugin=plugin)
    assert no_secret.returncode == 1
    assert "OUTBOX_TOKEN is not set: any text will do" in no_secret.stderr
    sent = brandkit(site, "syndicate", "--to", "outbox", "--yes", plugin=plugin, OUTBOX_TOKEN="t")
    assert sent.returncode == 0, sent.stderr
    titles = {item["title"] for item in json.loads((site / "out.json").read_text()).values()}
    assert {"First note", "Second note"} <= titles
    again = brandkit(site, "syndicate", "--to", "outbox", "--yes", plugin=plugin, OUTBOX_TOKEN="t")
    assert "nothing to do" in again.stdout

    # The service's own schema checks its section of mkdocs.yml.
    config.write_text(config.read_text().replace("{outbox: out.json}", "{outbx: out.json}"))
    typo = brandkit(site, "syndicate", "--to", "outbox", "--dry-run", plugin=plugin)
    assert typo.returncode == 1
    assert "plugins.brandkit.syndicate.outbox.outbx: unknown option; did you mean 'outbox'?" in (
        typo.stderr
    )
