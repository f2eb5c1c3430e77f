"""The `deploy` section of the brandkit block in mkdocs.yml: where and how the site is published.

```yaml
plugins:
  - brandkit:
      deploy:
        custom_domain: jane.example.com   # written as CNAME on every branch deploy
        method: actions                   # or `branch` (push the site to gh-pages)
```
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption

# A bare host name: labels of letters, digits and hyphens, at least one dot, no scheme or path.
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")


class CustomDomain(BaseConfigOption[str]):
    """A host name such as `jane.example.com`: no scheme, no path, no port."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise base.ValidationError(
                f"expected a host name such as jane.example.com, got {value!r}"
            )
        host = value.strip().lower().rstrip(".")
        if not _HOST.match(host):
            raise base.ValidationError(
                f"{value!r} is not a bare host name; write only the domain, e.g. "
                "`custom_domain: jane.example.com` (no https://, no path)."
            )
        return host


class DeployConfig(base.Config):
    custom_domain: c.Optional[str] = c.Optional(CustomDomain())
    """Your own domain for GitHub Pages; written to CNAME on every branch deploy."""
    method = c.Choice(("actions", "branch"), default="actions")
    """How `brandkit ci` deploys: GitHub's Pages actions, or a push to the Pages branch."""
    remote = c.Type(str, default="origin")
    """Git remote `brandkit deploy` pushes to."""
    branch = c.Type(str, default="gh-pages")
    """Branch that holds the built site for the branch method."""
    source_branch = c.Type(str, default="main")
    """The branch whose pushes trigger the GitHub Actions workflow."""
    schedule = c.Type(str, default="17 6 * * *")
    """Cron (UTC) of the daily rebuild that publishes scheduled posts on their day."""


def deploy_section(plugin_config: Any) -> DeployConfig | None:
    """The deploy section of a loaded brandkit config, or None if config.py does not wire it."""
    section = getattr(plugin_config, "deploy", None)
    return section if isinstance(section, DeployConfig) else None
