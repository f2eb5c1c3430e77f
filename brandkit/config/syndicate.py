"""The `syndicate:` section of the brandkit block: one sub-section per syndication service.

```yaml
plugins:
  - brandkit:
      syndicate:
        devto: {published: true, tag_map: {c++: cpp}}
        hashnode: {publication_id: 65f0c0ffee0000000000abcd}
```
Each service's options are a schema of the service class (`ServiceType.Options`), loaded when
`brandkit syndicate` uses it, so a third-party service brings its own. Secrets never live here:
DEVTO_API_KEY and HASHNODE_TOKEN come from the environment.
"""

from __future__ import annotations

from brandkit.config.options import Flag, Schema


class SyndicateConfig(Schema):
    open = True  # the other keys are services, each read with its own schema

    links = Flag(False)
    """Link each post page to its copies (`u-syndication`), read from .brandkit/state.json."""
