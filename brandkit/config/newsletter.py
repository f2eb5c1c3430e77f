"""The `newsletter:` section of the brandkit block: the subscribe form and the senders.

    plugins:
      - brandkit:
          newsletter:
            form: {provider: buttondown, username: jane}
            senders:
              - {type: smtp, host: smtp.example.com, from_address: jane@example.com, ...}

Each sender's own options are a schema of the sender class (`Sender.Options`), loaded when the
newsletter command uses it, because third-party senders bring their own.
"""

from __future__ import annotations

from brandkit.config.options import (
    Choice,
    Flag,
    ListOf,
    MapOf,
    Optional,
    Schema,
    Section,
    Table,
    Text,
)


class FormConfig(Schema):
    provider = Optional(Text())
    """buttondown, kit (or convertkit), mailchimp, mailerlite, listmonk or generic."""
    username = Optional(Text())
    """Buttondown: your newsletter's username."""
    form_id = Optional(Text())
    """Kit and MailerLite: the form's id."""
    account_id = Optional(Text())
    """MailerLite: your account id (from the embed code's action URL)."""
    action = Optional(Text())
    """Mailchimp: the form action URL from the embed code; generic: any action URL."""
    url = Optional(Text())
    """listmonk: the base URL of your listmonk instance."""
    lists = ListOf(Text(), default=[])
    """listmonk: UUIDs of the public lists to subscribe to."""
    method = Choice(("post", "get"), default="post")
    """generic: the form's HTTP method."""
    email_field = Text("email")
    """generic: the name of the email field."""
    hidden = MapOf(Text(), default={})
    """generic: extra hidden fields sent with the form."""
    honeypot = Optional(Text())
    """generic: name of a field bots fill in and people never see."""
    title = Text("Get new posts by email")
    text = Text("One email per new post. No spam; unsubscribe at any time.")
    button = Text("Subscribe")
    subscribe_page = Flag(True)
    """Also generate a /subscribe/ page with the form and the feeds."""


class NewsletterConfig(Schema):
    form = Section(FormConfig)
    senders = ListOf(Table(), default=[])
    """Where `brandkit newsletter send` announces new posts; each item has a `type`."""
    unsubscribe_url = Optional(Text())
    """Where readers unsubscribe; `{email}` is replaced by the reader's address (SMTP)."""
    unsubscribe_mailto = Optional(Text())
    """An address readers can write to to unsubscribe (used for List-Unsubscribe)."""
