"""The `deploy` section of the brandkit block: where and how the site is published.

```yaml
plugins:
  - brandkit:
      deploy:
        custom_domain: jane.example.com   # written as CNAME on every branch deploy
        method: actions                   # or `branch` (push the site to gh-pages)
```
"""

from __future__ import annotations

from brandkit.config.options import Choice, HostName, Optional, Schema, Text


class DeployConfig(Schema):
    custom_domain = Optional(HostName())
    """Your own domain for GitHub Pages; written to CNAME on every branch deploy."""
    method = Choice(("actions", "branch"), default="actions")
    """How `brandkit ci` deploys: GitHub's Pages actions, or a push to the Pages branch."""
    remote = Text("origin")
    """Git remote `brandkit deploy` pushes to."""
    branch = Text("gh-pages")
    """Branch that holds the built site for the branch method."""
    source_branch = Text("main")
    """The branch whose pushes trigger the GitHub Actions workflow."""
    schedule = Text("17 6 * * *")
    """Cron (UTC) of the daily rebuild that publishes scheduled posts on their day."""
