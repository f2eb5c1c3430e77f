#!/usr/bin/env python3
"""Run Lighthouse on the home page and a post page of a built site, served on 127.0.0.1, and
print the four category scores (performance, accessibility, best practices, SEO) for each.

Lighthouse's default settings: the mobile profile (a mid-range phone, simulated slow 4G and a
4x slower CPU), unless --form-factor desktop. Every page is measured --runs times (3 by default)
and the lowest score of each category counts; the spread is printed, and so is the machine's
load average, since performance scores drop on a busy machine.

The sites: `example` (this repository's mkdocs.yml + content/), `new` (what `brandkit new`
writes, untouched, built with --drafts so its starter post exists), and `bench` (the 300-post
blog bench/generate.py writes).

Needs `npm ci` (Lighthouse in ./node_modules) and Debian's chromium at /usr/bin/chromium.

Usage: python scripts/lighthouse.py [--site example|new|bench|all] [--runs N]
                                    [--form-factor mobile|desktop] [--json-dir DIR]

Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# The browser tests' helpers (tests/browser/sitekit.py), importable as a package from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.sitekit import CHROMIUM, REPO, SITES, build_bench, newest_post, serve

TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
ALL_SITES = {**SITES, "bench": (build_bench, None)}


def lighthouse(url: str, report: Path, form_factor: str) -> dict[str, Any]:
    preset = ["--preset=desktop"] if form_factor == "desktop" else []  # mobile is the default
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            "--only-categories=performance,accessibility,best-practices,seo",
            *preset,
        ],
        check=True,
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
    )
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def failing_audits(data: dict[str, Any], category: str) -> list[str]:
    found = []
    for ref in data["categories"][category]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            value = audit.get("displayValue", "")
            found.append(f"{audit['id']}: {audit['title']} {value}".rstrip())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", choices=[*ALL_SITES, "all"], default="all")
    parser.add_argument("--runs", type=int, default=3, help="measure each page N times (3)")
    parser.add_argument("--form-factor", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--json-dir", type=Path, help="keep the Lighthouse JSON reports here")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci` in the repository root.", file=sys.stderr)
        return 2
    ok = True
    sites = list(ALL_SITES) if args.site == "all" else [args.site]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Lighthouse, {args.form_factor}, lowest of {args.runs}; load average {load}")
    with tempfile.TemporaryDirectory() as tmp:
        for site_name in sites:
            build, post = ALL_SITES[site_name]
            site = build(Path(tmp) / site_name)
            post = post or newest_post(site)
            with serve(site) as base:
                for name, path in {"home": "", "post": post}.items():
                    runs: list[dict[str, int]] = []
                    worst: dict[str, Any] = {}
                    for run in range(1, args.runs + 1):
                        report = Path(tmp) / f"{site_name}-{name}-{run}.json"
                        data = lighthouse(base + path, report, args.form_factor)
                        if args.json_dir is not None:
                            args.json_dir.mkdir(parents=True, exist_ok=True)
                            (args.json_dir / report.name).write_bytes(report.read_bytes())
                        scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
                        runs.append(scores)
                        for key in TARGETS:
                            if key not in worst or scores[key] < worst[key][0]:
                                worst[key] = (scores[key], data)
                    parts = []
                    for key in TARGETS:
                        values = [r[key] for r in runs]
                        low, high = min(values), max(values)
                        parts.append(f"{key} {low}" + (f" ({low}-{high})" if high != low else ""))
                    print(f"{site_name:7} {name:4} /{path}: {'  '.join(parts)}", flush=True)
                    for key, target in TARGETS.items():
                        score, data = worst[key]
                        if score < target:
                            ok = False
                            for line in failing_audits(data, key):
                                print(f"    {key}: {line}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the end: {load}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
