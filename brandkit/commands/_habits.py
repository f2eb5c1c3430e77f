"""Answers for what people type out of habit: close matches and the brandkit way of Hugo, Jekyll
and MkDocs commands and options.

Click already suggests close option names; these tables add close command names and one-line
hints for habits no spelling distance can guess (`hugo server`, `build -D`, `serve --port 1313`,
`mkdocs gh-deploy`, `hugo new posts/x.md`). Each hint names the brandkit way in one line.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import click

# Commands brandkit does not have -> what to run instead (top level).
COMMAND_HABITS: dict[str, str] = {
    "server": "`hugo server` is `brandkit serve` here (drafts and future posts are shown).",
    "watch": "`brandkit serve` watches your files and rebuilds on every save.",
    "preview": "`brandkit serve` previews the site at http://127.0.0.1:8000/ with live reload.",
    "dev": "`brandkit serve` previews the site at http://127.0.0.1:8000/ with live reload.",
    "start": "`brandkit serve` previews the site at http://127.0.0.1:8000/ with live reload.",
    "gh-deploy": (
        "`mkdocs gh-deploy` is `brandkit deploy` here: it checks, builds strictly and pushes "
        "site/ to the gh-pages branch."
    ),
    "generate": "`brandkit build` writes the site into site/.",
    "render": "`brandkit build` writes the site into site/.",
    "init": "`brandkit new DIR` creates a site in DIR.",
    "create": "`brandkit new DIR` creates a site; `brandkit post new TITLE` writes a post.",
    "draft": '`brandkit post new "TITLE" --draft` writes a draft post.',
    "validate": "`brandkit check` validates mkdocs.yml and every post.",
    "lint": "`brandkit check` validates mkdocs.yml and every post.",
    "clean": (
        "`brandkit build` always starts from an empty site/; delete .cache/ to drop the cache."
    ),
    "help": "`brandkit --help` lists the commands; `brandkit COMMAND --help` explains one.",
    "version": "`brandkit --version` prints the version.",
}
# Subcommands of the `post`, `project` and `talk` groups.
SUBCOMMAND_HABITS: dict[str, str] = {
    "create": "new",
    "add": "new",
    "write": "new",
}
_DRAFTS_ON_SERVE = "`brandkit serve` always shows drafts and future posts: run it without {opt}."
_BASE_URL = "Set `site_url:` in mkdocs.yml; brandkit builds every link and feed from it."
# (command, option) -> hint; "{port}"/"{value}" are filled from what was typed.
OPTION_HABITS: dict[tuple[str, str], str] = {
    ("build", "-D"): "`brandkit build --drafts` includes drafts and future posts (Hugo's -D).",
    ("build", "--buildDrafts"): "`brandkit build --drafts` includes drafts and future posts.",
    ("build", "-F"): "`brandkit build --drafts` includes drafts and future posts (Hugo's -F).",
    ("build", "--buildFuture"): "`brandkit build --drafts` includes drafts and future posts.",
    ("build", "--future"): "`brandkit build --drafts` includes drafts and future posts.",
    ("build", "--baseURL"): _BASE_URL,
    ("build", "--baseurl"): _BASE_URL,
    ("build", "-b"): _BASE_URL,
    ("build", "--destination"): "`brandkit build --site-dir DIR` writes the site into DIR.",
    ("build", "--config"): "`brandkit build --config-file PATH` uses another mkdocs.yml.",
    ("build", "-c"): "`brandkit build` always starts from an empty site directory.",
    ("build", "--clean"): "`brandkit build` always starts from an empty site directory.",
    ("build", "--dirty"): "`brandkit build` reuses unchanged pages from its cache by itself.",
    ("build", "-w"): "`brandkit serve` watches your files and rebuilds on every save.",
    ("build", "--watch"): "`brandkit serve` watches your files and rebuilds on every save.",
    ("serve", "--port"): "`brandkit serve --dev-addr 127.0.0.1:{port}` serves on that port.",
    ("serve", "-p"): "`brandkit serve --dev-addr 127.0.0.1:{port}` serves on that port.",
    ("serve", "--bind"): "`brandkit serve --dev-addr {value}:8000` listens on that address.",
    ("serve", "--host"): "`brandkit serve --dev-addr {value}:8000` listens on that address.",
    ("serve", "-D"): _DRAFTS_ON_SERVE,
    ("serve", "--buildDrafts"): _DRAFTS_ON_SERVE,
    ("serve", "-F"): _DRAFTS_ON_SERVE,
    ("serve", "--buildFuture"): _DRAFTS_ON_SERVE,
    ("serve", "--drafts"): _DRAFTS_ON_SERVE,
    ("serve", "--future"): _DRAFTS_ON_SERVE,
    ("serve", "--baseURL"): _BASE_URL,
    ("serve", "--baseurl"): _BASE_URL,
    ("serve", "-b"): _BASE_URL,
    ("serve", "--dirty"): "`brandkit serve` already rebuilds only the pages an edit changes.",
    ("serve", "--dirtyreload"): "`brandkit serve` already rebuilds only the pages an edit changes.",
    ("serve", "--livereload"): "`brandkit serve` reloads the browser on every save by default.",
    ("serve", "-w"): "`brandkit serve` watches your files by default (--no-livereload: not).",
    ("serve", "--watch"): "`brandkit serve` watches your files by default (--no-livereload: not).",
    ("serve", "--config"): "`brandkit serve --config-file PATH` uses another mkdocs.yml.",
}


def unknown_command(name: str, known: Sequence[str], *, top_level: bool) -> str:
    """The error for a command that does not exist: a habit's hint, or the closest names."""
    message = f"No such command {name!r}."
    if top_level and name in COMMAND_HABITS:
        return f"{message} {COMMAND_HABITS[name]}"
    if not top_level and name in SUBCOMMAND_HABITS and SUBCOMMAND_HABITS[name] in known:
        return f"{message} Did you mean {SUBCOMMAND_HABITS[name]!r}?"
    close = difflib.get_close_matches(name, known, n=3)
    if not close and top_level:
        # `brandkit posts`, `brandkit serving`: a command name typed with something around it.
        close = [k for k in known if len(k) > 3 and (name.startswith(k) or k.startswith(name))]
    if len(close) == 1:
        return f"{message} Did you mean {close[0]!r}?"
    if close:
        return f"{message} Did you mean one of: {', '.join(repr(c) for c in close)}?"
    return message


def option_hint(command: str, option: str, argv: Sequence[str]) -> str | None:
    """A hint for an option another tool has and brandkit spells differently, else None."""
    hint = OPTION_HABITS.get((command, option))
    if hint is None:
        return None
    value = _value_after(option, argv)
    port = value if value.isdigit() else "PORT"
    return hint.format(port=port, value=value or "HOST", opt=option)


def _value_after(option: str, argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
        if arg == option and index + 1 < len(argv):
            return argv[index + 1]
        if len(option) == 2 and arg.startswith(option) and not arg.startswith("--"):
            return arg[2:]  # -p1313
    return ""


def new_hint(args: Sequence[str]) -> str | None:
    """Hugo's `new site X` / `new content posts/x.md` and a post path given to `brandkit new`."""
    if len(args) >= 2 and args[0] == "site":
        return f"`hugo new site {args[1]}` is `brandkit new {args[1]}` here."
    if len(args) >= 2 and args[0] in {"post", "posts", "content"}:
        return f'To write a post, run `brandkit post new "{_title_of(args[1])}"`.'
    return None


def post_path_hint(value: str) -> str | None:
    """A Markdown path where a post's title or a site's folder belongs (`hugo new posts/x.md`)."""
    if value.endswith((".md", ".markdown")):
        return f'to write a post, run `brandkit post new "{_title_of(value)}"` (it names the file).'
    return None


def _title_of(path: str) -> str:
    stem = path.rsplit("/", 1)[-1]
    for suffix in (".md", ".markdown"):
        stem = stem.removesuffix(suffix)
    words = stem.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "My first post"


def reject_post_path(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Click callback for a site folder or post title that looks like `hugo new posts/x.md`."""
    if isinstance(value, str) or hasattr(value, "__fspath__"):
        hint = post_path_hint(str(value).replace("\\", "/"))
        if hint is not None:
            raise click.BadParameter(f"{str(value)!r} looks like a post's file: {hint}")
    return value


class SuggestingGroup(click.Group):
    """A group that answers an unknown subcommand with the closest name or a habit's hint."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            known = self.list_commands(ctx)
            ctx.fail(unknown_command(name, known, top_level=ctx.parent is None))
        return super().resolve_command(ctx, args)


def with_hint(error: click.UsageError, argv: Sequence[str]) -> click.UsageError:
    """`error` with the brandkit way added when it comes from another tool's habit."""
    ctx = error.ctx
    command = ctx.command.name if ctx is not None and ctx.command else ""
    hint: str | None = None
    if isinstance(error, click.NoSuchOption):
        hint = option_hint(command or "", error.option_name, argv)
        if hint is not None:
            return click.UsageError(f"No such option {error.option_name!r}. {hint}", ctx=ctx)
    elif command == "new" and ctx is not None and ctx.parent is not None:
        hint = new_hint(argv[argv.index("new") + 1 :] if "new" in argv else [])
        if hint is not None:
            return click.UsageError(f"{error.format_message().rstrip('.')}. {hint}", ctx=ctx)
    return error
