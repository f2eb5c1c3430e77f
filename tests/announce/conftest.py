"""Fixtures for the channel tests: the newsletter tests' site and helpers, and local servers that
speak Mastodon's, the AT Protocol's and the webmention APIs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.announce.servers import AtprotoServer, MastodonServer, WebmentionWeb
from tests.newsletter.conftest import _clean_env, site  # noqa: F401 - fixtures used by tests

MASTODON_TOKEN = "masto-secret-token-4d2f9a"


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    server = MastodonServer(MASTODON_TOKEN).start()
    yield server
    server.stop()


BLUESKY_HANDLE = "jane.bsky.test"
BLUESKY_PASSWORD = "abcd-efgh-ijkl-mnop"


@pytest.fixture
def bluesky() -> Iterator[AtprotoServer]:
    server = AtprotoServer(BLUESKY_HANDLE, BLUESKY_PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def web() -> Iterator[WebmentionWeb]:
    server = WebmentionWeb().start()
    yield server
    server.stop()
