"""The `brandkit` command line: a Click group whose commands are imported only when run.

Each command lives in `brandkit.commands.<name>` so `brandkit --help` stays fast: nothing heavy
(MkDocs, Markdown, feedgen) is imported until a command actually needs it.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
from typing import Any

import click

from brandkit import __version__
from brandkit.commands._common import site_notices
from brandkit.commands._habits import SuggestingGroup, with_hint
from brandkit.errors import BrandkitError

# name -> "module:attribute" of a click.Command; the module is imported on first use.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("brandkit.commands.new:new", "Create a new site in DIR, ready to build."),
    "post": ("brandkit.commands.post:post", "Write posts: `brandkit post new TITLE`."),
    "project": ("brandkit.commands.project:project", "Add portfolio projects."),
    "talk": ("brandkit.commands.talk:talk", "Add talks."),
    "build": ("brandkit.commands.build:build", "Build the site into site/."),
    "serve": ("brandkit.commands.serve:serve", "Preview the site with live reload (drafts shown)."),
    "check": ("brandkit.commands.check:check", "Validate content and configuration."),
    "newsletter": ("brandkit.commands.newsletter:newsletter", "Announce new posts by email."),
    "announce": (
        "brandkit.commands.announce:announce",
        "Announce new posts everywhere: email, Mastodon, Bluesky, webmentions.",
    ),
    "mentions": (
        "brandkit.commands.mentions:mentions",
        "Pull the webmentions your posts received.",
    ),
    "plugins": ("brandkit.commands.plugins:plugins", "List installed brandkit plugins."),
    "deploy": ("brandkit.commands.deploy:deploy", "Deploy the built site to GitHub Pages."),
    "ci": ("brandkit.commands.ci:ci", "Write the GitHub Actions workflow."),
    "publish": ("brandkit.commands.publish:publish", "Check, build, deploy and announce."),
    "doctor": ("brandkit.commands.doctor:doctor", "Diagnose common setup mistakes."),
    "syndicate": ("brandkit.commands.syndicate:syndicate", "Cross-post to dev.to and Hashnode."),
    "import": ("brandkit.commands.importer:import_", "Import posts from another blog."),
}


# The sections of `brandkit --help`, by what a person does, in the order they do it. Commands
# not listed here are shown under "Other commands".
GROUPS: dict[str, tuple[str, ...]] = {
    "Write": ("new", "post", "project", "talk", "import"),
    "Build and preview": ("check", "serve", "build"),
    "Grow an audience": ("newsletter", "announce", "mentions", "syndicate"),
    "Publish": ("deploy", "publish", "ci", "doctor"),
}


class LazyGroup(SuggestingGroup):
    """A group that lists commands from COMMANDS and imports a command's module only to run it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (target, _) in COMMANDS.items() if _available(target))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None or not _available(entry[0]):
            return None
        module_name, attr = entry[0].split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # What was typed, for hints that quote it (`serve --port 1313`).
        ctx.meta["brandkit.argv"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        # The core raises its own exceptions; here, at the edge, they become click's one-line
        # "Error: ..." and an exit code (subcommands and nested groups run inside this call).
        try:
            with site_notices():
                return super().invoke(ctx)
        except click.UsageError as exc:
            raise with_hint(exc, ctx.meta.get("brandkit.argv", [])) from None
        except BrandkitError as exc:
            error = click.ClickException(exc.message)
            error.exit_code = exc.exit_code
            raise error from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Use the short help from COMMANDS so `--help` does not import every command module.
        names = self.list_commands(ctx)
        grouped = {name for members in GROUPS.values() for name in members}
        sections = [
            (title, [n for n in members if n in names]) for title, members in GROUPS.items()
        ]
        sections.append(("Other commands", [n for n in names if n not in grouped]))
        for title, members in sections:
            if members:
                with formatter.section(title):
                    formatter.write_dl([(name, COMMANDS[name][1]) for name in members])


def _available(target: str) -> bool:
    module_name = target.split(":")[0]
    return importlib.util.find_spec(module_name) is not None


CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="brandkit")
def main() -> None:
    """brandkit: a developer's blog and portfolio, from Markdown to GitHub Pages.

    \b
    Example: a site, a first post, a preview and a build
      brandkit new mysite --name "Jane Doe" && cd mysite
      brandkit post new "Hello, world" --tag python
      brandkit check          # every problem in content and config, at once
      brandkit serve          # in a second terminal: http://127.0.0.1:8000/
      brandkit build          # the site, into site/

    Commands work from any folder inside the site. `brandkit COMMAND --help` explains one.
    """


def run() -> None:
    """The `brandkit` program: `main`, then leave without walking the heap once more."""
    try:
        main()
    finally:
        # Python collects garbage while it exits, walking every object a large build left behind
        # (a fifth of a second for a 1,000-post blog) just before the memory is returned anyway.
        gc.freeze()
