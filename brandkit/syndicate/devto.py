"""dev.to (and any Forem community) through the Forem API v1.

Endpoints used: POST /api/articles, PUT /api/articles/{id}, GET /api/articles/me/all; the key
goes in the `api-key` header. dev.to allows at most four tags, each lowercase letters and digits.
"""

from __future__ import annotations

import re
from typing import Any

from brandkit.config import options as o
from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.http import Response
from brandkit.syndicate import base
from brandkit.syndicate.http import error_detail

MAX_TAGS = 4
PAGE_SIZE = 1000  # the largest per_page Forem accepts
MAX_PAGES = 100
ENV_KEY = "DEVTO_API_KEY"
_NOT_TAG_CHARS = re.compile(r"[^a-z0-9]")


def devto_tags(tags: tuple[str, ...], tag_map: dict[str, str]) -> tuple[list[str], list[str]]:
    """Tags as dev.to accepts them (mapped, then lowercase alphanumeric), and the ones cut."""
    kept, dropped = base.map_tags(tags, tag_map, lambda tag: _NOT_TAG_CHARS.sub("", tag.lower()))
    result = [clean for clean, _ in kept]
    dropped.extend(result[MAX_TAGS:])
    return result[:MAX_TAGS], dropped


class DevtoOptions(base.ServiceOptions):
    api_url = o.Url("https://dev.to/api/", directory=True)
    """Forem API base URL (another Forem community works too)."""
    published = o.Flag(True)
    """Publish the copies; false keeps them as drafts on dev.to."""
    organization_id = o.Optional(o.Whole())
    """Post under this dev.to organization."""
    write_interval = o.Number(1.0)
    """Seconds between writes: Forem allows one write per second per API key."""
    read_interval = o.Number(0.34)
    """Seconds between reads: Forem allows three reads per second."""


class Devto(base.ListedService):
    name = "devto"
    label = "dev.to"
    Options = DevtoOptions
    secret_env = ENV_KEY
    secret_help = "create one at https://dev.to/settings/extensions"

    @classmethod
    def headers(cls, secret: str) -> dict[str, str]:
        return {"api-key": secret, "Accept": "application/vnd.forem.api-v1+json"}

    def payload(self, copy: base.Copy) -> base.Payload:
        tags, dropped = devto_tags(copy.tags, dict(self.config.tag_map))
        notes = []
        if dropped:
            notes.append(
                f"tags: kept {', '.join(tags) or 'none'}; dropped {', '.join(dropped)} (dev.to "
                f"takes at most {MAX_TAGS} tags of lowercase letters and digits; map them with "
                "syndicate.devto.tag_map)"
            )
        article: dict[str, Any] = {
            "title": copy.title,
            "body_markdown": copy.markdown,
            "published": bool(self.config.published),
            "canonical_url": copy.canonical_url,
            "description": copy.description,
            "tags": ", ".join(tags),
        }
        if copy.series:
            article["series"] = copy.series
        if copy.cover_url:
            article["main_image"] = copy.cover_url
        if self.config.organization_id is not None:
            article["organization_id"] = self.config.organization_id
        return base.Payload(article, tuple(notes))

    def list_copies(self) -> list[tuple[str, base.Remote]]:
        found: list[tuple[str, base.Remote]] = []
        for page in range(1, MAX_PAGES + 1):
            response = self.client.request(
                "GET", "articles/me/all", query={"page": page, "per_page": PAGE_SIZE}
            )
            self._check(response, "listing your articles")
            items = response.data
            if not isinstance(items, list):
                raise BrandkitError(f"dev.to: unexpected answer listing your articles: {items!r}")
            for item in items:
                if isinstance(item, dict) and item.get("canonical_url") and "id" in item:
                    remote = base.Remote(str(item["id"]), str(item.get("url") or ""))
                    found.append((str(item["canonical_url"]), remote))
            if len(items) < PAGE_SIZE:
                break
        return found

    def create(self, copy: base.Copy, payload: base.Payload) -> base.Remote:
        response = self.client.request("POST", "articles", {"article": payload.fields})
        if response.status == 422 and "canonical" in error_detail(response).lower():
            raise base.DuplicateCanonical(copy.canonical_url)
        self._check(response, f"creating {copy.title!r}")
        remote = self._remote(response)
        self.copies.add(copy.canonical_url, remote)
        return remote

    def update(self, remote_id: str, copy: base.Copy, payload: base.Payload) -> base.Remote:
        response = self.client.request("PUT", f"articles/{remote_id}", {"article": payload.fields})
        if response.status == 404:
            raise base.RemoteGone(remote_id)
        self._check(response, f"updating {copy.title!r} (article {remote_id})")
        return self._remote(response)

    def _remote(self, response: Response) -> base.Remote:
        data = response.data
        if not isinstance(data, dict) or "id" not in data:
            raise BrandkitError(
                f"dev.to: unexpected answer (no article id): {error_detail(response)}"
            )
        return base.Remote(str(data["id"]), str(data.get("url") or ""))

    def _check(self, response: Response, doing: str) -> None:
        if response.ok:
            return
        if response.status in (401, 403):
            raise BrandkitError(
                f"dev.to rejected the API key in {ENV_KEY} ({response.status}) while {doing}: "
                "create a key at https://dev.to/settings/extensions and export it as "
                f"{ENV_KEY}."
            )
        raise BrandkitError(f"dev.to refused {doing} ({response.status}): {error_detail(response)}")


@hookimpl
def brandkit_syndication_services() -> list[type[base.ServiceType]]:
    return [Devto]
