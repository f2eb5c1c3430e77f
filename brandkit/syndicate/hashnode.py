"""Hashnode through its GraphQL API: publishPost / updatePost with originalArticleURL.

Copies go to one publication (its id in mkdocs.yml); existing copies are found by listing the
publication's posts and comparing `canonicalUrl`. Errors arrive as GraphQL errors with
`extensions.code` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT).
"""

from __future__ import annotations

from typing import Any

from slugify import slugify

from brandkit.config import options as o
from brandkit.errors import BrandkitError, ConfigError
from brandkit.hookspecs import hookimpl
from brandkit.syndicate import base
from brandkit.syndicate.http import JsonClient, error_detail

MAX_TAGS = 15
PAGE_SIZE = 50
MAX_PAGES = 200
ENV_TOKEN = "HASHNODE_TOKEN"

PUBLISH = """mutation PublishPost($input: PublishPostInput!) {
  publishPost(input: $input) { post { id url } }
}"""
UPDATE = """mutation UpdatePost($input: UpdatePostInput!) {
  updatePost(input: $input) { post { id url } }
}"""
POSTS = f"""query PublicationPosts($id: ObjectId!, $after: String) {{
  publication(id: $id) {{
    posts(first: {PAGE_SIZE}, after: $after) {{
      edges {{ node {{ id url canonicalUrl }} }}
      pageInfo {{ hasNextPage endCursor }}
    }}
  }}
}}"""
SERIES = """query SeriesBySlug($id: ObjectId!, $slug: String!) {
  publication(id: $id) { series(slug: $slug) { id } }
}"""


class GraphQLError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def hashnode_tags(
    tags: tuple[str, ...], tag_map: dict[str, str]
) -> tuple[list[dict[str, str]], list[str]]:
    kept, dropped = base.map_tags(tags, tag_map, slugify)
    dropped.extend(name for _, name in kept[MAX_TAGS:])
    return [{"slug": slug, "name": name} for slug, name in kept[:MAX_TAGS]], dropped


class HashnodeOptions(base.ServiceOptions):
    api_url = o.Url("https://gql.hashnode.com/", directory=True)
    publication_id = o.Optional(o.Text())
    """Id of your Hashnode publication (Dashboard -> the URL contains it). Required."""
    write_interval = o.Number(0.12)
    """Seconds between mutations: Hashnode allows 500 per minute."""


class Hashnode(base.ListedService):
    name = "hashnode"
    label = "Hashnode"
    Options = HashnodeOptions
    secret_env = ENV_TOKEN
    secret_help = "create a Personal Access Token at https://hashnode.com/settings/developer"

    def __init__(self, config: HashnodeOptions, client: JsonClient | None) -> None:
        if not config.publication_id:
            raise ConfigError(
                "mkdocs.yml: plugins.brandkit.syndicate.hashnode.publication_id is required to "
                "syndicate to Hashnode: copy your publication's id from the Hashnode dashboard."
            )
        super().__init__(config, client)
        self.publication_id: str = config.publication_id
        self._series: dict[str, str | None] = {}

    @classmethod
    def headers(cls, secret: str) -> dict[str, str]:
        return {"Authorization": secret}

    def payload(self, copy: base.Copy) -> base.Payload:
        tags, dropped = hashnode_tags(copy.tags, dict(self.config.tag_map))
        notes = []
        if dropped:
            kept = ", ".join(t["slug"] for t in tags) or "none"
            notes.append(f"tags: kept {kept}; dropped {', '.join(dropped)} (at most {MAX_TAGS})")
        fields: dict[str, Any] = {
            "title": copy.title,
            "contentMarkdown": copy.markdown,
            "originalArticleURL": copy.canonical_url,
            "tags": tags,
            "publishedAt": copy.date.isoformat(),
        }
        if copy.description:
            fields["metaDescription"] = copy.description
        if copy.cover_url:
            fields["coverImage"] = copy.cover_url
        # The series id needs a lookup on the service; the payload carries the name so a rename
        # still counts as a change.
        if copy.series:
            fields["series"] = copy.series
        return base.Payload(fields, tuple(notes))

    def _call(self, query: str, operation: str, variables: dict[str, Any], *, write: bool) -> Any:
        response = self.client.request(
            "POST",
            "",
            {"query": query, "variables": variables, "operationName": operation},
            write=write,
        )
        data = response.data
        errors = data.get("errors") if isinstance(data, dict) else None
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            code = str((first.get("extensions") or {}).get("code") or "ERROR")
            raise GraphQLError(code, str(first.get("message") or "no message"))
        if response.status in (401, 403):
            raise GraphQLError("UNAUTHENTICATED", error_detail(response))
        if not response.ok or not isinstance(data, dict) or not isinstance(data.get("data"), dict):
            raise BrandkitError(
                f"Hashnode: unexpected answer ({response.status}) to {operation}: "
                f"{error_detail(response)}"
            )
        return data["data"]

    def _fail(self, exc: GraphQLError, doing: str) -> BrandkitError:
        if exc.code == "UNAUTHENTICATED":
            return BrandkitError(
                f"Hashnode rejected the token in {ENV_TOKEN} while {doing} ({exc.message}): "
                "create a Personal Access Token at https://hashnode.com/settings/developer and "
                f"export it as {ENV_TOKEN}."
            )
        if exc.code == "FORBIDDEN":
            return BrandkitError(
                f"Hashnode refused {doing} (FORBIDDEN: {exc.message}); retrying will not help: "
                "check the publication (its plan, your role) and syndicate.hashnode."
                "publication_id in mkdocs.yml."
            )
        return BrandkitError(f"Hashnode refused {doing} ({exc.code}: {exc.message}).")

    def list_copies(self) -> list[tuple[str, base.Remote]]:
        found: list[tuple[str, base.Remote]] = []
        after: str | None = None
        for _ in range(MAX_PAGES):
            variables: dict[str, Any] = {"id": self.publication_id, "after": after}
            try:
                data = self._call(POSTS, "PublicationPosts", variables, write=False)
            except GraphQLError as exc:
                raise self._fail(exc, "listing the publication's posts") from None
            publication = data.get("publication")
            if not isinstance(publication, dict):
                raise BrandkitError(
                    f"Hashnode has no publication {self.publication_id!r}: check "
                    "syndicate.hashnode.publication_id in mkdocs.yml."
                )
            posts = publication["posts"]
            for edge in posts["edges"]:
                node = edge["node"]
                if node.get("canonicalUrl"):
                    found.append(
                        (str(node["canonicalUrl"]), base.Remote(str(node["id"]), node["url"]))
                    )
            info = posts["pageInfo"]
            if not info.get("hasNextPage"):
                break
            after = info.get("endCursor")
        return found

    def _input(self, copy: base.Copy, payload: base.Payload) -> tuple[dict[str, Any], list[str]]:
        fields = dict(payload.fields)
        series = fields.pop("series", None)
        notes: list[str] = []
        if series:
            series_id = self._series_id(str(series))
            if series_id:
                fields["seriesId"] = series_id
            else:
                notes.append(
                    f"series {series!r} does not exist on the Hashnode publication (slug "
                    f"{slugify(str(series))!r}); create it there to group the copies"
                )
        return fields, notes

    def _series_id(self, name: str) -> str | None:
        if name not in self._series:
            variables = {"id": self.publication_id, "slug": slugify(name)}
            try:
                data = self._call(SERIES, "SeriesBySlug", variables, write=False)
            except GraphQLError as exc:
                raise self._fail(exc, f"looking up series {name!r}") from None
            series = (data.get("publication") or {}).get("series")
            self._series[name] = str(series["id"]) if isinstance(series, dict) else None
        return self._series[name]

    def create(self, copy: base.Copy, payload: base.Payload) -> base.Remote:
        fields, notes = self._input(copy, payload)
        fields["publicationId"] = self.publication_id
        try:
            data = self._call(PUBLISH, "PublishPost", {"input": fields}, write=True)
        except GraphQLError as exc:
            raise self._fail(exc, f"publishing {copy.title!r}") from None
        post = data["publishPost"]["post"]
        remote = base.Remote(str(post["id"]), str(post["url"]), tuple(notes))
        self.copies.add(copy.canonical_url, remote)
        return remote

    def update(self, remote_id: str, copy: base.Copy, payload: base.Payload) -> base.Remote:
        fields, notes = self._input(copy, payload)
        fields["id"] = remote_id
        try:
            data = self._call(UPDATE, "UpdatePost", {"input": fields}, write=True)
        except GraphQLError as exc:
            if exc.code == "NOT_FOUND":
                raise base.RemoteGone(remote_id) from None
            raise self._fail(exc, f"updating {copy.title!r} (post {remote_id})") from None
        post = data["updatePost"]["post"]
        return base.Remote(str(post["id"]), str(post["url"]), tuple(notes))


@hookimpl
def brandkit_syndication_services() -> list[type[base.ServiceType]]:
    return [Hashnode]
