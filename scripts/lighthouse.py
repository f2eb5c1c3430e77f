#!/usr/bin/env python3
"""Run Lighthouse on the example site's home page and a post page, served on 127.0.0.1, and print
the four category scores (performance, accessibility, best practices, SEO) for each.

Needs `npm ci` (Lighthouse in ./node_modules) and Debian's chromium at /usr/bin/chromium.
Usage: python scripts/lighthouse.py [--json-dir DIR]   (exit status 1 if a target is missed)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from sitekit import CHROMIUM, REPO, build_example, serve

PAGES = {"home": "", "post": "blog/tracing-a-slow-query/"}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"


def main() -> int:
    args = sys.argv[1:]
    json_dir = Path(args[args.index("--json-dir") + 1]) if "--json-dir" in args else None
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` in the repository root.", file=sys.stderr)
        return 2
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        site = build_example(Path(tmp))
        with serve(site) as base:
            for name, path in PAGES.items():
                report = Path(tmp) / f"{name}.json"
                subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        "--chrome-flags=--headless --no-sandbox --disable-gpu",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ],
                    check=True,
                    env=env,
                )
                data = json.loads(report.read_text(encoding="utf-8"))
                if json_dir is not None:
                    json_dir.mkdir(parents=True, exist_ok=True)
                    (json_dir / report.name).write_text(report.read_text(encoding="utf-8"))
                scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
                line = "  ".join(f"{k} {scores[k]}" for k in TARGETS)
                print(f"{name:5} /{path}: {line}")
                for key, target in TARGETS.items():
                    if scores[key] < target:
                        ok = False
                        for ref in data["categories"][key]["auditRefs"]:
                            audit = data["audits"][ref["id"]]
                            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                                print(f"    {key}: {audit['id']}: {audit['title']}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
