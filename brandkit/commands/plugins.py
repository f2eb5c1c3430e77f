"""`brandkit plugins`: what is installed, built in or from the `brandkit.plugins` entry points."""

from __future__ import annotations

import click


@click.command()
def plugins() -> None:
    """List brandkit plugins and what each one adds: senders, subscribe-form providers,
    syndication services and importers.

    Third-party plugins register through the entry point group `brandkit.plugins`; the
    built-ins use the same hooks.

    \b
    Example:
      brandkit plugins
    """
    from brandkit.plugins import importers, list_plugins, sender_classes, syndication_services

    classes = sender_classes()
    services = syndication_services()
    readers = importers()
    for info in list_plugins():
        click.echo(f"{info.name} ({info.origin})")
        for kind in info.senders:
            description = getattr(classes.get(kind), "description", "")
            click.echo(f"  sender {kind}: {description}")
        if info.form_providers:
            click.echo(f"  subscribe forms: {', '.join(info.form_providers)}")
        for name in info.services:
            click.echo(f"  syndication service {name}: {services[name].label}")
        for name in info.importers:
            click.echo(f"  importer {name}: {readers[name].description}")
