"""Subscribe forms in the built site, for every provider; one submitted in real Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest

from tests.newsletter.conftest import configure, run

PROVIDERS: dict[str, tuple[str, str, str, dict[str, str], str | None]] = {
    # provider: (form options, action, email field, hidden fields, honeypot name)
    "buttondown": (
        "{provider: buttondown, username: jane}",
        "https://buttondown.com/api/emails/embed-subscribe/jane",
        "email",
        {"embed": "1"},
        None,
    ),
    "kit": (
        "{provider: kit, form_id: '1234567'}",
        "https://app.kit.com/forms/1234567/subscriptions",
        "email_address",
        {},
        None,
    ),
    "convertkit": (
        "{provider: convertkit, form_id: '42'}",
        "https://app.kit.com/forms/42/subscriptions",
        "email_address",
        {},
        None,
    ),
    "mailchimp": (
        "{provider: mailchimp, action: 'https://jane.us21.list-manage.com/subscribe/post?u=a1b2&id=c3d4'}",
        "https://jane.us21.list-manage.com/subscribe/post?u=a1b2&amp;id=c3d4",
        "EMAIL",
        {},
        "b_a1b2_c3d4",
    ),
    "mailerlite": (
        "{provider: mailerlite, account_id: '123456', form_id: '987'}",
        "https://assets.mailerlite.com/jsonp/123456/forms/987/subscribe",
        "fields[email]",
        {"ml-submit": "1", "anticsrf": "true"},
        None,
    ),
    "listmonk": (
        "{provider: listmonk, url: 'https://lists.jane.dev', lists: [0c5a-uuid]}",
        "https://lists.jane.dev/subscription/form",
        "email",
        {"l": "0c5a-uuid"},
        "nonce",
    ),
    "generic": (
        "{provider: generic, action: 'https://forms.example/s?x=1&y=\"2\"', email_field: addr, "
        "hidden: {src: blog}, honeypot: website}",
        "https://forms.example/s?x=1&amp;y=&#34;2&#34;",
        "addr",
        {"src": "blog"},
        "website",
    ),
}


def form_html(page: str) -> str:
    """The subscribe block: the full form (/subscribe/) or the compact one (home, posts)."""
    match = re.search(r'<(section|aside) class="bk-subscribe[ "].*?</\1>', page, re.S)
    assert match, "no subscribe block"
    return match.group(0)


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_form_in_built_pages(site: Path, provider: str) -> None:
    options, action, field, hidden, honeypot = PROVIDERS[provider]
    configure(site, f"newsletter:\n  form: {options}\n")
    run("build", "--strict")
    pages = [
        site / "site/index.html",
        site / "site/blog/hello-world/index.html",
        site / "site/subscribe/index.html",
    ]
    for path in pages:
        html = form_html(path.read_text(encoding="utf-8"))
        assert f'action="{action}"' in html.replace("&#x27;", "'") or f'action="{action}"' in html
        assert 'method="post"' in html
        # Each place has its own field id (home and post blocks are compact, with a label for
        # screen readers only); the label names the field.
        found = re.search(
            r'<input id="([^"]+)" type="email" name="([^"]+)" autocomplete="email"', html
        )
        assert found and found.group(2) == field, html
        assert f'<label for="{found.group(1)}">Email address</label>' in html
        for name, value in hidden.items():
            assert f'<input type="hidden" name="{name}" value="{value}">' in html
        if honeypot:
            assert f'name="{honeypot}"' in html
            assert (
                'tabindex="-1"' in html
                or f'<input type="hidden" name="{honeypot}" value="">' in html
            )
        else:
            assert "bk-subscribe__trap" not in html
    subscribe = (site / "site/subscribe/index.html").read_text(encoding="utf-8")
    assert "Follow in a feed reader" in subscribe and 'href="../feed.xml"' in subscribe
    # The home page's compact block offers the feeds too: on /subscribe/, not the raw feed.
    home = (site / "site/index.html").read_text(encoding="utf-8")
    assert '<a href="subscribe/">follow by RSS</a>' in form_html(home)


def test_no_provider_no_form(site: Path) -> None:
    run("build")
    home = (site / "site/index.html").read_text(encoding="utf-8")
    # No email form anywhere; the Subscribe button leads to /subscribe/ (the feeds explained),
    # never to the raw feed.
    assert "<form" not in form_html(home)
    assert '<a class="md-button md-button--primary" href="subscribe/">Subscribe</a>' in home
    assert 'href="feed.xml">Subscribe' not in home
    subscribe = (site / "site/subscribe/index.html").read_text(encoding="utf-8")
    assert "Follow in a feed reader" in subscribe and "bk-subscribe__form" not in subscribe


def test_user_text_is_escaped(site: Path) -> None:
    configure(
        site,
        "newsletter:\n  form: {provider: buttondown, username: 'jane\"><script>x</script>',"
        " title: '<b>Hi</b> & bye', button: '\"Go\"'}\n",
    )
    run("build")
    html = form_html((site / "site/index.html").read_text(encoding="utf-8"))
    assert "<script>" not in html and "<b>Hi</b>" not in html
    assert "&lt;b&gt;Hi&lt;/b&gt; &amp; bye" in html
    assert "embed-subscribe/jane%22%3E%3Cscript%3Ex%3C%2Fscript%3E" in html


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("{provider: buttondown}", "newsletter.form.username: required for provider buttondown"),
        (
            "{provider: substack, username: x}",
            "newsletter.form.provider: unknown provider 'substack'",
        ),
        ("{provider: mailchimp, action: 'https://example.com/x'}", "is not a Mailchimp form URL"),
        ("{provider: listmonk, url: 'http://lists.jane.dev'}", "must be an https:// URL"),
        (
            "{provider: listmonk, url: 'https://lists.jane.dev'}",
            "newsletter.form.lists: listmonk needs",
        ),
    ],
)
def test_bad_form_config_fails_the_build_clearly(site: Path, options: str, message: str) -> None:
    configure(site, f"newsletter:\n  form: {options}\n")
    result = run("build", expect=1)
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (site / "site").exists()


class _Endpoint(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        _Endpoint.received.append({"path": self.path, "form": form})
        body = b"<!doctype html><title>Thanks</title><p>Thanks for subscribing</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


BROWSER_SCRIPT = """
import sys
from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"],
    )
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(sys.argv[1])
    # Found by its label and submitted with the keyboard, as a keyboard or screen-reader user does.
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("Name (optional)").fill("Ada")
    page.get_by_label("Email address").press("Enter")
    page.wait_for_load_state()
    print(page.content())
    browser.close()
"""


def test_form_submits_in_a_real_browser_without_javascript(site: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Endpoint.received = []
    try:
        port = server.server_address[1]
        configure(
            site,
            f"newsletter:\n  form: {{provider: listmonk, url: 'http://127.0.0.1:{port}',"
            " lists: [list-uuid-1]}\n",
        )
        run("build")
        page_url = (site / "site/subscribe/index.html").as_uri()
        # Its own process: the browser tests keep a session-wide Playwright (one per process).
        done = subprocess.run(
            [sys.executable, "-c", BROWSER_SCRIPT, page_url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "Thanks for subscribing" in done.stdout
    finally:
        server.shutdown()
        server.server_close()
    [submission] = _Endpoint.received
    assert submission["path"] == "/subscription/form"
    assert submission["form"] == {
        "email": ["reader@example.org"],
        "name": ["Ada"],
        "l": ["list-uuid-1"],
        "nonce": [""],
    }
