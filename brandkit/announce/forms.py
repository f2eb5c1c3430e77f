"""Subscribe forms that post straight to the provider's public endpoint, so they work on a
static host such as GitHub Pages, with no JavaScript.

Each provider is a pure function from the form options to a `FormSpec` (action URL, method, field
names, hidden fields, honeypot); the Jinja partial `partials/brandkit/subscribe.html` renders it.
Providers are registered through the plugin hooks like the senders, so a plugin can add one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

WHERE = "mkdocs.yml: plugins.brandkit.newsletter.form"


class FormError(ValueError):
    """A form option is missing or wrong; the message names the key and the fix."""


# Where a user's own subscribe page may live; brandkit generates `subscribe/index.md` otherwise.
SUBSCRIBE_PAGES = ("subscribe/index.md", "subscribe.md")


@dataclass(frozen=True)
class Honeypot:
    """A field people never see and bots fill in; the provider drops such sign-ups."""

    name: str
    hidden_input: bool = False  # True: <input type=hidden>; False: a text box moved off-screen


@dataclass(frozen=True)
class FormSpec:
    provider: str
    action: str
    method: str  # "post" or "get"
    email_field: str
    hidden: tuple[tuple[str, str], ...] = ()
    honeypot: Honeypot | None = None
    name_field: str | None = None  # an optional "your name" box, when the provider takes one
    title: str = ""
    text: str = ""
    button: str = "Subscribe"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


FormProvider = Callable[[Mapping[str, Any]], FormSpec]


def _need(options: Mapping[str, Any], key: str, provider: str, example: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormError(f"{WHERE}.{key}: required for provider {provider}; e.g. {key}: {example}")
    return value.strip()


def _https(url: str, key: str, *, allow_http_localhost: bool = True) -> str:
    parts = urlsplit(url)
    local = parts.hostname in ("localhost", "127.0.0.1")
    if parts.scheme == "https" or (parts.scheme == "http" and local and allow_http_localhost):
        return url
    raise FormError(
        f"{WHERE}.{key}: {url!r} must be an https:// URL (readers' addresses must not travel "
        "in clear text)."
    )


def buttondown(options: Mapping[str, Any]) -> FormSpec:
    username = _need(options, "username", "buttondown", "jane")
    return FormSpec(
        "buttondown",
        f"https://buttondown.com/api/emails/embed-subscribe/{quote(username, safe='')}",
        "post",
        "email",
        hidden=(("embed", "1"),),
    )


def kit(options: Mapping[str, Any]) -> FormSpec:
    form_id = _need(options, "form_id", "kit", "'1234567'")
    return FormSpec(
        "kit",
        f"https://app.kit.com/forms/{quote(form_id, safe='')}/subscriptions",
        "post",
        "email_address",
        name_field=None,
    )


def mailchimp(options: Mapping[str, Any]) -> FormSpec:
    action = _https(
        _need(
            options, "action", "mailchimp", "https://x.us1.list-manage.com/subscribe/post?u=…&id=…"
        ),
        "action",
    )
    parts = urlsplit(action)
    query = parse_qs(parts.query)
    u, list_id = query.get("u", [""])[0], query.get("id", [""])[0]
    if not (parts.hostname or "").endswith("list-manage.com") or not u or not list_id:
        raise FormError(
            f"{WHERE}.action: {action!r} is not a Mailchimp form URL; copy the action of the "
            "embedded form (https://<x>.list-manage.com/subscribe/post?u=…&id=…)."
        )
    # Mailchimp's own embed code carries this field: a non-empty value marks the sign-up as a bot.
    return FormSpec("mailchimp", action, "post", "EMAIL", honeypot=Honeypot(f"b_{u}_{list_id}"))


def mailerlite(options: Mapping[str, Any]) -> FormSpec:
    account = _need(options, "account_id", "mailerlite", "'123456'")
    form_id = _need(options, "form_id", "mailerlite", "'98765432101234567'")
    return FormSpec(
        "mailerlite",
        f"https://assets.mailerlite.com/jsonp/{quote(account, safe='')}/forms/"
        f"{quote(form_id, safe='')}/subscribe",
        "post",
        "fields[email]",
        hidden=(("ml-submit", "1"), ("anticsrf", "true")),
    )


def listmonk(options: Mapping[str, Any]) -> FormSpec:
    base = _https(_need(options, "url", "listmonk", "https://lists.example.com"), "url")
    lists = [str(x) for x in options.get("lists") or []]
    if not lists:
        raise FormError(
            f"{WHERE}.lists: listmonk needs the UUID of at least one public list "
            "(Lists -> the list -> its UUID); e.g. lists: [a1b2c3d4-...]."
        )
    return FormSpec(
        "listmonk",
        base.rstrip("/") + "/subscription/form",
        "post",
        "email",
        hidden=tuple(("l", uuid) for uuid in lists),
        # listmonk's public form ships an empty hidden `nonce` input: filled in means a bot.
        honeypot=Honeypot("nonce", hidden_input=True),
        name_field="name",
    )


def generic(options: Mapping[str, Any]) -> FormSpec:
    action = _https(_need(options, "action", "generic", "https://example.com/subscribe"), "action")
    hidden = options.get("hidden") or {}
    honeypot = options.get("honeypot")
    return FormSpec(
        "generic",
        action,
        str(options.get("method") or "post"),
        str(options.get("email_field") or "email"),
        hidden=tuple((str(k), str(v)) for k, v in hidden.items()),
        honeypot=Honeypot(str(honeypot)) if honeypot else None,
    )


BUILTIN_PROVIDERS: dict[str, FormProvider] = {
    "buttondown": buttondown,
    "kit": kit,
    "convertkit": kit,  # Kit's former name; users still call it that
    "mailchimp": mailchimp,
    "mailerlite": mailerlite,
    "listmonk": listmonk,
    "generic": generic,
}


def form_spec(options: Mapping[str, Any], providers: Mapping[str, FormProvider]) -> FormSpec | None:
    """The form for the `newsletter.form` options, or None when no provider is configured."""
    provider = options.get("provider")
    if not provider:
        return None
    make = providers.get(str(provider).lower())
    if make is None:
        known = ", ".join(sorted(providers))
        raise FormError(f"{WHERE}.provider: unknown provider {provider!r}; use one of: {known}.")
    spec = make(options)
    return FormSpec(
        spec.provider,
        spec.action,
        spec.method,
        spec.email_field,
        spec.hidden,
        spec.honeypot,
        spec.name_field,
        title=str(options.get("title") or ""),
        text=str(options.get("text") or ""),
        button=str(options.get("button") or "Subscribe"),
        extra=spec.extra,
    )
