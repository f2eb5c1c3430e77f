"""The README's `brandkit syndicate` and `brandkit import` sections, followed literally on a site
made by `brandkit new`: its shell lines run as written (services and old blogs stood in for by
servers on 127.0.0.1), its YAML pasted into mkdocs.yml with only `api_url` added."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, publish_first_post
from tests.importers.test_import import FIXTURES, assert_redirect
from tests.syndicate.fakes import FakeForem, FakeHashnode


def section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def commands(block: str) -> list[list[str]]:
    """Each command of a shell block as argv: continuations joined, comments dropped, `&&`
    chains split."""
    found = []
    for line in block.replace("\\\n", " ").splitlines():
        argv: list[str] = []
        for word in [*shlex.split(line, comments=True), "&&"]:
            if word == "&&":
                if argv:
                    found.append(argv)
                argv = []
            else:
                argv.append(word)
    return found


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if argv[0] == "brandkit":
        argv = [sys.executable, "-m", "brandkit", *argv[1:]]
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def new_site(tmp_path: Path, env: dict[str, str]) -> Path:
    (quick,) = blocks(section("Quick start"), "bash")
    new = next(argv for argv in commands(quick) if argv[:2] == ["brandkit", "new"])
    run(new, tmp_path, env)
    # Its owner has written the first post and taken it out of draft.
    publish_first_post(tmp_path / new[2])
    return tmp_path / new[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    values = dict(os.environ, HOME=str(home), GIT_AUTHOR_NAME="Jane", GIT_COMMITTER_NAME="Jane")
    values.update(GIT_AUTHOR_EMAIL="jane@example.com", GIT_COMMITTER_EMAIL="jane@example.com")
    values.pop("BRANDKIT_NOW", None)
    return values


def add_brandkit_options(site: Path, options: dict[str, Any]) -> None:
    config_path = site / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "brandkit" in p)
    plugin["brandkit"].update(options)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def test_syndicate_as_the_readme_says(
    tmp_path: Path, env: dict[str, str], forem: FakeForem, hashnode: FakeHashnode
) -> None:
    text = section("Cross-posting to dev.to and Hashnode (`brandkit syndicate`)")
    (shell,) = blocks(text, "bash")
    (config,) = blocks(text, "yaml")
    site = new_site(tmp_path, env)
    # The starter post is a draft (no placeholder text in public): publish it, as a user would.
    starter = site / "content" / "posts" / "hello-world.md"
    starter.write_text(starter.read_text(encoding="utf-8").replace("draft: true\n", ""))
    run(["git", "init", "-q", "-b", "main"], site, env)
    syndicate = yaml.safe_load(config)["plugins"][0]["brandkit"]["syndicate"]
    syndicate["devto"].update(api_url=forem.url + "api/", write_interval=0, read_interval=0)
    syndicate["hashnode"].update(api_url=hashnode.url, write_interval=0)
    assert syndicate["hashnode"]["publication_id"] == hashnode.publication_id
    add_brandkit_options(site, {"syndicate": syndicate})
    secrets = {"DEVTO_API_KEY": forem.api_key, "HASHNODE_TOKEN": hashnode.token}

    def follow(*, commit: bool = True) -> str:
        output = ""
        for argv in commands(shell):
            if argv[0] == "git" and not commit:
                continue  # nothing changed, so nothing to commit: git would say so and fail
            if argv[0] == "export":
                name = argv[1].split("=", 1)[0]
                env[name] = secrets[name]
                continue
            output += run(argv, site, env).stdout
        return output

    first = follow()
    assert "dev.to: would create" in first and "Dry run: nothing sent" in first
    assert "dev.to: created 'Hello, world'" in first and "Hashnode: created 'Hello, world'" in first
    assert len(forem.articles) == 1 and len(hashnode.posts) == 1
    (article,) = forem.articles.values()
    assert article["canonical_url"] == "https://jane.example.com/blog/hello-world/"
    log = run(["git", "log", "--format=%s", "--", ".brandkit/state.json"], site, env)
    assert log.stdout.strip() == "Syndicated"

    second = follow(commit=False)  # the same lines again: nothing new anywhere
    assert "dev.to: 1 copies up to date; nothing to do." in second
    assert len(forem.articles) == 1 and len(hashnode.posts) == 1

    run(["brandkit", "build", "--strict"], site, env)  # "build again after syndicating"
    page = (site / "site" / "blog" / "hello-world" / "index.html").read_text()
    assert f'class="u-syndication" rel="syndication" href="{article["url"]}"' in page


@pytest.fixture
def old_host(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "old-host"
    root.mkdir()
    shutil.copy(FIXTURES / "feed" / "atom.xml", root / "feed.xml")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_import_as_the_readme_says(tmp_path: Path, env: dict[str, str], old_host: str) -> None:
    (shell,) = blocks(section("Importing an existing blog (`brandkit import`)"), "bash")
    site = new_site(tmp_path, env)
    shutil.copytree(FIXTURES / "jekyll", site.parent / "old-jekyll-site")
    shutil.copytree(FIXTURES / "hugo", site.parent / "old-hugo-site")
    downloads = Path(env["HOME"]) / "Downloads"
    downloads.mkdir()
    with zipfile.ZipFile(downloads / "devto-export.zip", "w") as archive:
        archive.write(FIXTURES / "devto" / "export-articles.json", "articles.json")
    outputs = []
    for argv in commands(shell):
        argv = [a.replace("~", env["HOME"], 1) if a.startswith("~/") else a for a in argv]
        argv = [a.replace("https://old.example.com/", old_host) for a in argv]
        outputs.append(run(argv, site, env).stdout)
    assert len(outputs) == 4
    assert "Dry run: would import 3 posts" in outputs[0]  # Jekyll, dry run: nothing written
    assert not (site / "content" / "posts" / "hello-jekyll.md").exists()
    assert "Imported 4 posts" in outputs[1]  # Hugo
    assert "Imported 1 post" in outputs[2]  # the dev.to export
    assert "Imported 2 posts" in outputs[3]  # the feed, over HTTP
    run(["brandkit", "build", "--strict"], site, env)
    assert_redirect(site, "/blog/old/first/", "https://jane.example.com/blog/first-hugo/")
    assert_redirect(
        site, "/2020/08/rust-lifetimes.html", "https://jane.example.com/blog/rust-lifetimes/"
    )
    assert (site / "site" / "blog" / "why-i-moved-my-blog" / "index.html").is_file()
