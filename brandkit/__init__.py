"""brandkit: a developer's blog and portfolio, built on MkDocs and mkdocs-material."""

from __future__ import annotations

__version__ = "0.1.0"
