from __future__ import annotations

import subprocess
import sys

from brandkit import __version__
from brandkit.cli import COMMANDS, main


def test_version(cli) -> None:
    assert __version__ in cli("--version").output


def test_every_command_has_help_with_an_example(cli) -> None:
    for name in main.list_commands(None):  # type: ignore[arg-type]
        result = cli(name, "--help")
        text = result.output
        assert "Usage:" in text, name
        assert "Example" in text or "example" in text or "Commands:" in text, name
        if "Commands:" in text:  # a group: check its subcommands too
            group = main.get_command(None, name)  # type: ignore[arg-type]
            for sub in group.list_commands(None):  # type: ignore[union-attr]
                sub_help = cli(name, sub, "--help").output
                assert "Example" in sub_help, f"{name} {sub}"


def test_short_help_flag(cli) -> None:
    assert "Usage:" in cli("build", "-h").output


def test_help_does_not_import_mkdocs() -> None:
    code = (
        "import sys; from brandkit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('mkdocs', 'markdown', 'feedgen', 'frontmatter')"
        " if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_command_table_points_at_real_modules() -> None:
    import importlib.util

    for name, (target, _) in COMMANDS.items():
        module = target.split(":")[0]
        if importlib.util.find_spec(module) is not None:
            assert main.get_command(None, name) is not None  # type: ignore[arg-type]


def test_help_groups_commands_by_what_a_person_does(cli) -> None:
    text = cli("--help").output
    titles = ["Write:", "Build and preview:", "Grow an audience:", "Publish:"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions), text
    sections = text.split("Write:")[1]
    for name in main.list_commands(None):  # type: ignore[arg-type]
        listed = [line for line in sections.splitlines() if line.split()[:1] == [name]]
        assert len(listed) == 1, f"{name} should be listed once under a section:\n{text}"
    write = sections.split("Build and preview:")[0]
    assert "post " in write and "import " in write
    assert "deploy " in text.split("Publish:")[1]
    assert "Other commands:" not in text or "plugins" in text.split("Other commands:")[1]
