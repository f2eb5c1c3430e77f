"""Sending webmentions against local pages that advertise endpoints every way the W3C spec
allows: one webmention per (post, linked page) pair, again only after the post changed, bounded
discovery, exactly once through crashes (a repeated pair is an update for the receiver), and a
dry run that lists the exact requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.announce.servers import WebmentionWeb
from tests.newsletter.conftest import configure, run, run_subprocess, state, uid, write_post

SOURCE = "https://jane.example.com/blog/links/"
PAGES = ["/header/", "/html/", "/anchor/", "/empty/", "/redirect/", "/none/", "/gone/"]


def body(web: WebmentionWeb, pages: list[str]) -> str:
    links = "\n".join(f"- [{p}]({web.url}{p}#part)" for p in pages)
    return f"Links:\n\n{links}\n\nAnd [myself](https://jane.example.com/about/).\n"


def ready(site: Path, web: WebmentionWeb, pages: list[str], extra: str = "") -> Path:
    configure(
        site, f"announce:\n  channels:\n    - {{type: webmention, allow_private: true{extra}}}\n"
    )
    run("build")
    first = run_subprocess(site, "announce", "--yes")
    assert "First run for sender 'webmention'" in first.stdout, first.stderr
    assert web.gets == []  # posts that existed before get no webmention
    path = write_post(site, "links", "Links", n=11, body=body(web, pages))
    run("build")
    return path


def test_each_linked_page_is_notified_once_at_its_discovered_endpoint(
    site: Path, web: WebmentionWeb
) -> None:
    ready(site, web, PAGES)
    out = run_subprocess(site, "announce", "--yes")
    assert out.returncode == 0, out.stderr
    got = {(path, target.removeprefix(web.url)) for path, _, target in web.deliveries}
    assert got == {
        ("/wm/header?via=link", "/header/"),  # the Link header wins over the body's <a>
        ("/wm/html", "/html/"),  # relative to the page
        ("/wm/a", "/anchor/"),
        ("/empty/", "/empty/"),  # an empty href is the page itself
        ("/moved/here/wm", "/redirect/"),  # relative to the URL after the redirect
    }
    assert {source for _, source, _ in web.deliveries} == {SOURCE}
    steps = state(site)["newsletter"]["posts"][uid(11)]["senders"]["webmention"]["steps"]
    details = {key.split(" ", 1)[1].removeprefix(web.url): r["detail"] for key, r in steps.items()}
    assert details["/none/"] == details["/gone/"] == "no webmention endpoint"
    assert details["/html/"].startswith("accepted (201), ")
    again = run_subprocess(site, "announce", "--yes")
    assert again.stdout.strip().endswith("Nothing to send.") and len(web.deliveries) == 5


def test_an_update_sends_again_to_new_and_removed_links_once(
    site: Path, web: WebmentionWeb
) -> None:
    path = ready(site, web, ["/html/", "/anchor/"])
    run_subprocess(site, "announce", "--yes")
    assert len(web.deliveries) == 2
    text = path.read_text().replace(
        f"- [/anchor/]({web.url}/anchor/#part)", f"- [e]({web.url}/empty/)"
    )
    path.write_text(text.replace("tags:", "updated: 2026-02-01\ntags:"))
    run("build")
    out = run_subprocess(site, "announce", "--yes")
    assert out.returncode == 0, out.stderr
    targets = [t.removeprefix(web.url) for _, _, t in web.deliveries[2:]]
    assert sorted(targets) == ["/anchor/", "/empty/", "/html/"]  # removed link told too
    assert run_subprocess(site, "announce", "--yes").stdout.strip().endswith("Nothing to send.")
    assert len(web.deliveries) == 5


@pytest.mark.parametrize("phase", ["before", "after"])
@pytest.mark.parametrize("number", [1, 2])
def test_a_crash_at_any_send_loses_nothing_and_stores_each_pair_once(
    site: Path, web: WebmentionWeb, phase: str, number: int
) -> None:
    ready(site, web, ["/html/", "/anchor/", "/header/"])
    web.kill_post = (number, phase)

    def arm(pid: int) -> None:
        web.faults.client_pid = pid

    assert run_subprocess(site, "announce", "--yes", client_pid=arm).returncode == -9
    web.kill_post = None
    again = run_subprocess(site, "announce", "--yes")
    assert again.returncode == 0, again.stderr
    assert set(web.pairs) == {(SOURCE, f"{web.url}{p}") for p in ("/html/", "/anchor/", "/header/")}
    repeated = [pair for pair, n in web.pairs.items() if n > 1]
    # Only the pair whose answer was lost goes out again (an update for the receiver).
    assert len(repeated) == (1 if phase == "after" else 0)


def test_private_addresses_are_examples_not_targets(site: Path, web: WebmentionWeb) -> None:
    configure(site, "announce:\n  channels:\n    - {type: webmention}\n")
    run("build")
    run_subprocess(site, "announce", "--yes")
    write_post(
        site, "local", "Local", n=12, body=f"Run it at [{web.url}/html/]({web.url}/html/).\n"
    )
    run("build")
    out = run_subprocess(site, "announce", "--yes")
    assert out.returncode == 0 and web.gets == [] and web.deliveries == []


def test_discovery_is_concurrent_bounded_and_times_out(site: Path, web: WebmentionWeb) -> None:
    ready(site, web, [f"/slow{i}/" for i in range(6)], ", concurrency: 3, timeout: 1")
    web.slow = 0.4
    out = run_subprocess(site, "announce", "--yes")
    assert out.returncode == 0, out.stderr
    assert 1 < web.inflight_max <= 3
    assert len(web.deliveries) == 6
    web.slow = 3.0  # longer than the timeout: the run stops waiting and records a failure
    path = site / "content/posts/links.md"
    path.write_text(path.read_text().replace("tags:", "updated: 2026-03-01\ntags:"))
    run("build")
    slow = run_subprocess(site, "announce", "--yes")
    assert slow.returncode == 1 and "could not read" in slow.stderr
    assert "Traceback" not in slow.stderr


def test_dry_run_lists_the_exact_requests(site: Path, web: WebmentionWeb) -> None:
    ready(site, web, ["/html/", "/none/"])
    out = run_subprocess(site, "announce", "--dry-run")
    assert out.returncode == 0, out.stderr
    port = web.url.rsplit(":", 1)[1]
    source = "source=https%3A%2F%2Fjane.example.com%2Fblog%2Flinks%2F"
    planned = json.loads(
        (site / ".cache/brandkit/newsletter-preview/links/webmention/webmentions.json").read_text()
    )
    assert planned == [
        {
            "target": f"{web.url}/html/",
            "endpoint": f"{web.url}/wm/html",
            "method": "POST",
            "body": f"{source}&target=http%3A%2F%2F127.0.0.1%3A{port}%2Fhtml%2F",
        },
        {
            "target": f"{web.url}/none/",
            "endpoint": None,
            "method": "POST",
            "body": f"{source}&target=http%3A%2F%2F127.0.0.1%3A{port}%2Fnone%2F",
        },
    ]
    assert web.deliveries == []  # discovery reads pages; nothing is sent
