"""Worker processes (rendering, social cards, the feeds' second process) change nothing in the
output: a parallel build equals a build with BRANDKIT_WORKERS=1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brandkit.render.markdown import PARALLEL_MIN
from brandkit.render.pool import workers
from tests.conftest import write_post
from tests.test_incremental import tree


@pytest.mark.slow
def test_parallel_and_serial_builds_are_identical(site: Path) -> None:
    if workers() < 2:
        pytest.skip("one core: nothing runs in parallel here")
    for n in range(PARALLEL_MIN + 10):
        write_post(
            site,
            f"p{n:03d}.md",
            f"id: urn:uuid:{n:08d}-3333-4000-8000-000000000000\ntitle: Post {n}\n"
            f"date: 2024-01-01T00:{n % 60:02d}:00+00:00\ntags: [t{n % 7}]",
            f"## Heading {n}\n\nText with `code` and a [link](p000.md).\n\n"
            "```python\nprint('hi')\n```\n",
        )
    # Separate processes, so nothing is shared in memory between the two builds.
    out = build(site, {})
    assert "0 from cache]" in out  # cold: rendered in worker processes
    parallel = tree(site / "site")
    shutil.rmtree(site / ".cache")
    assert "0 from cache]" in build(site, {"BRANDKIT_WORKERS": "1"})
    assert tree(site / "site") == parallel


def build(site: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "brandkit", "build", "--strict"],
        cwd=site,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_workers_compile_the_lexers_the_posts_use_while_waiting(tmp_path: Path) -> None:
    write_post(
        tmp_path, "a.md", "title: A", "```sql\nSELECT 1;\n```\n\n~~~ {.nosuchlanguage}\nx\n~~~\n"
    )
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from pygments.lexers.python import PythonLexer\nfrom pygments.lexers.sql import SqlLexer\n"
        "from brandkit.render.markdown import compile_lexers\n"
        "compile_lexers(Path(sys.argv[1]))\n"
        "print('_tokens' in vars(SqlLexer), '_tokens' in vars(PythonLexer))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "content" / "posts")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "False"]
