"""Typed schema of the `newsletter:` section of the brandkit plugin block in mkdocs.yml.

    plugins:
      - brandkit:
          newsletter:
            form: {provider: buttondown, username: jane}
            senders:
              - {type: smtp, host: smtp.example.com, from_address: jane@example.com, ...}

Each sender's own options are typed by the sender class (see `Sender.Options`) and validated
when the newsletter command loads it, because third-party senders bring their own schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c

from brandkit.errors import ConfigError

WHERE = "mkdocs.yml: plugins.brandkit.newsletter"

C = TypeVar("C", bound=base.Config)


class FormConfig(base.Config):
    provider = c.Optional(c.Type(str))
    """buttondown, kit (or convertkit), mailchimp, mailerlite, listmonk or generic."""
    username = c.Optional(c.Type(str))
    """Buttondown: your newsletter's username."""
    form_id = c.Optional(c.Type(str))
    """Kit and MailerLite: the form's id."""
    account_id = c.Optional(c.Type(str))
    """MailerLite: your account id (from the embed code's action URL)."""
    action = c.Optional(c.Type(str))
    """Mailchimp: the form action URL from the embed code; generic: any action URL."""
    url = c.Optional(c.Type(str))
    """listmonk: the base URL of your listmonk instance."""
    lists = c.ListOfItems(c.Type(str), default=[])
    """listmonk: UUIDs of the public lists to subscribe to."""
    method = c.Choice(("post", "get"), default="post")
    """generic: the form's HTTP method."""
    email_field = c.Type(str, default="email")
    """generic: the name of the email field."""
    hidden = c.DictOfItems(c.Type(str), default={})
    """generic: extra hidden fields sent with the form."""
    honeypot = c.Optional(c.Type(str))
    """generic: name of a field bots fill in and people never see."""
    title = c.Type(str, default="Get new posts by email")
    text = c.Type(str, default="One email per new post. No spam; unsubscribe at any time.")
    button = c.Type(str, default="Subscribe")
    subscribe_page = c.Type(bool, default=True)
    """Also generate a /subscribe/ page with the form and the feeds."""


class NewsletterConfig(base.Config):
    form = c.SubConfig(FormConfig)
    senders = c.ListOfItems(c.Type(dict), default=[])
    """Where `brandkit newsletter send` announces new posts; each item has a `type`."""
    unsubscribe_url = c.Optional(c.Type(str))
    """Where readers unsubscribe; `{email}` is replaced by the reader's address (SMTP)."""
    unsubscribe_mailto = c.Optional(c.Type(str))
    """An address readers can write to to unsubscribe (used for List-Unsubscribe)."""


def validate_options(schema: type[C], raw: Mapping[str, Any], where: str) -> C:
    """Validate `raw` against a Config schema; unknown keys are errors (typos lose emails)."""
    config = schema()
    config.load_dict(dict(raw))
    errors, warnings = config.validate()
    problems = [f"{where}.{key}: {error}" for key, error in errors]
    problems += [f"{where}.{key}: unknown option; check its spelling" for key, _ in warnings]
    if problems:
        raise ConfigError("\n".join(problems))
    return config
