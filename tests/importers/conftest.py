"""Fixtures the importer tests share with others: dev.to's API on 127.0.0.1 (continuity)."""

from tests.syndicate.conftest import forem  # noqa: F401
