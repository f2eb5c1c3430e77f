from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.syndicate.fakes import FakeForem, FakeHashnode


@pytest.fixture
def forem() -> Iterator[FakeForem]:
    server = FakeForem()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def hashnode() -> Iterator[FakeHashnode]:
    server = FakeHashnode()
    server.start()
    yield server
    server.stop()
