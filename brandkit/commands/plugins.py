"""`brandkit plugins`: what is installed, built in or from the `brandkit.plugins` entry points."""

from __future__ import annotations

import click


@click.command()
def plugins() -> None:
    """List brandkit plugins and the senders and subscribe-form providers each one adds.

    Third-party plugins register through the entry point group `brandkit.plugins`; the
    built-in senders use the same hooks.

    \b
    Example:
      brandkit plugins
    """
    from brandkit.plugins import list_plugins, sender_classes

    classes = sender_classes()
    for info in list_plugins():
        click.echo(f"{info.name} ({info.origin})")
        for kind in info.senders:
            description = getattr(classes.get(kind), "description", "")
            click.echo(f"  sender {kind}: {description}")
        if info.form_providers:
            click.echo(f"  subscribe forms: {', '.join(info.form_providers)}")
