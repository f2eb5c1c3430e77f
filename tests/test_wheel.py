"""The templates `brandkit new` writes ship inside the wheel: install it in a fresh virtualenv."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_in_fresh_virtualenv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
    )
    wheel = next(dist.glob("brandkit-*.whl"))
    env_dir = tmp_path / "venv"
    # System site-packages provide the dependencies (no network in tests); brandkit itself comes
    # only from the wheel, which the venv's own site-packages puts first on sys.path.
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import brandkit; print(brandkit.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where, where
    subprocess.run(
        [str(env_dir / "bin" / "brandkit"), "new", "mysite"], cwd=work, env=env, check=True
    )
    result = subprocess.run(
        # --drafts: the starter post is a draft until its owner has written it.
        [str(env_dir / "bin" / "brandkit"), "build", "--strict", "--drafts"],
        cwd=work / "mysite",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "mysite/site/blog/hello-world/index.html").is_file()
    assert (work / "mysite/site/assets/brandkit/brandkit.css").is_file()
    # The card fonts ship inside the wheel.
    cards = list((work / "mysite/site/assets/brandkit/cards").glob("*.png"))
    assert cards
