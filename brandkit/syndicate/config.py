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

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError


class Seconds(BaseConfigOption[float]):
    """A non-negative number of seconds; whole numbers are accepted."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValidationError(f"expected a number of seconds >= 0, got {value!r}")
        return float(value)


class DevtoConfig(base.Config):
    api_url = c.Type(str, default="https://dev.to/api/")
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


class HashnodeConfig(base.Config):
    api_url = c.Type(str, default="https://gql.hashnode.com/")
    publication_id = c.Optional(c.Type(str))
    """Id of your Hashnode publication (Dashboard -> the URL contains it). Required."""
    tag_map = c.DictOfItems(c.Type(str), default={})
    """Rename tags (as Hashnode tag slugs), e.g. {golang: go}."""
    write_interval = Seconds(0.12)
    """Seconds between mutations: Hashnode allows 500 per minute."""
    read_interval = Seconds(0.0)
    max_retry_wait = Seconds(120.0)


class SyndicateConfig(base.Config):
    devto = c.SubConfig(DevtoConfig)
    hashnode = c.SubConfig(HashnodeConfig)
