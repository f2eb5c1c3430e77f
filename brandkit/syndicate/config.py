"""The `syndicate:` section of the brandkit plugin block in mkdocs.yml.

```yaml
plugins:
  - brandkit:
      syndicate:
        devto: {published: true, tag_map: {c++: cpp}}
        hashnode: {publication_id: 65f0c0ffee0000000000abcd}
```
Secrets never live here: DEVTO_API_KEY and HASHNODE_TOKEN come from the environment.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError


class Seconds(BaseConfigOption[float]):
    """A number of seconds (at least `minimum`); whole numbers are accepted."""

    def __init__(self, default: float, minimum: float = 0.0) -> None:
        super().__init__()
        self.default = default
        self.minimum = minimum

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < self.minimum:
            raise ValidationError(
                f"expected a number of seconds >= {self.minimum:g}, got {value!r}"
            )
        return float(value)


class ApiUrl(BaseConfigOption[str]):
    """An http(s) URL with a host, kept with a trailing slash so relative paths join under it."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(f"expected an http(s) URL such as {self.default}, got {value!r}")
        return str(value) if str(value).endswith("/") else f"{value}/"


class DevtoConfig(base.Config):
    api_url = ApiUrl("https://dev.to/api/")
    """Forem API base URL (another Forem community works too)."""
    published = c.Type(bool, default=True)
    """Publish the copies; false keeps them as drafts on dev.to."""
    organization_id = c.Optional(c.Type(int))
    """Post under this dev.to organization."""
    tag_map = c.DictOfItems(c.Type(str), default={})
    """Rename tags for dev.to, e.g. {c++: cpp}; dev.to tags are lowercase letters and digits."""
    write_interval = Seconds(1.0)
    """Seconds between writes: Forem allows one write per second per API key."""
    read_interval = Seconds(0.34)
    """Seconds between reads: Forem allows three reads per second."""
    max_retry_wait = Seconds(120.0)
    """Longest Retry-After (seconds) to wait out on a 429 before giving up for this run."""
    timeout = Seconds(30.0, minimum=0.1)
    """Seconds to wait for an answer before giving up on a request."""


class HashnodeConfig(base.Config):
    api_url = ApiUrl("https://gql.hashnode.com/")
    publication_id = c.Optional(c.Type(str))
    """Id of your Hashnode publication (Dashboard -> the URL contains it). Required."""
    tag_map = c.DictOfItems(c.Type(str), default={})
    """Rename tags (as Hashnode tag slugs), e.g. {golang: go}."""
    write_interval = Seconds(0.12)
    """Seconds between mutations: Hashnode allows 500 per minute."""
    read_interval = Seconds(0.0)
    max_retry_wait = Seconds(120.0)
    timeout = Seconds(30.0, minimum=0.1)


class SyndicateConfig(base.Config):
    devto = c.SubConfig(DevtoConfig)
    hashnode = c.SubConfig(HashnodeConfig)
    links = c.Type(bool, default=False)
    """Link each post page to its copies (`u-syndication`), read from .brandkit/state.json."""
