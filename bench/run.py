"""brandkit against MkDocs + Material (blog, tags, search) + mkdocs-rss-plugin, side by side.

    pip install -e '.[bench]'
    python bench/run.py                      # N = 100, 1,000 and 3,000 (about 25 minutes)
    python bench/run.py --sizes 100 --runs 3 # a quick look

For every N the same generated corpus (bench/generate.py) is built by both tools, alternating
which goes first, several runs each, every run cold (site directory and caches removed). Then
brandkit alone: a warm rebuild with nothing changed, and `brandkit serve` on 127.0.0.1 timed from
saving an edited post to the post and the blog index holding the edit on disk. Last,
`brandkit --help`. Medians go to a table on stdout and everything to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import measure
from corpus import make_posts
from generate import write_sites

HERE = Path(__file__).resolve().parent
PY = sys.executable
ENV = {
    **os.environ,
    # Quiet the end-of-life / MkDocs 2 banners that Material and mkdocs-rss-plugin print.
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
}
ENV.pop("BRANDKIT_WORKERS", None)
ENV.pop("BRANDKIT_NOW", None)


def clean(site: Path) -> None:
    for name in ("site", ".site.building", ".site.old", ".cache"):
        shutil.rmtree(site / name, ignore_errors=True)


def check(m: measure.Measurement, what: str) -> measure.Measurement:
    if m.returncode != 0:
        sys.exit(f"{what} failed (exit {m.returncode}):\n{m.output[-3000:]}")
    return m


def material_build(site: Path) -> measure.Measurement:
    clean(site)
    return check(measure.run([PY, "-m", "mkdocs", "build", "--quiet"], site, ENV), "mkdocs build")


def brandkit_build(site: Path, *, cold: bool) -> measure.Measurement:
    if cold:
        clean(site)
    return check(measure.run([PY, "-m", "brandkit", "build"], site, ENV), "brandkit build")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_edits(site: Path, edits: int) -> dict[str, Any]:
    """Start `brandkit serve`, save `edits` edits of the newest post, time each until on disk."""
    posts = sorted((site / "content/posts").glob("*.md"))
    newest = max(
        (p for p in posts if "draft: true" not in p.read_text()),
        key=lambda p: _field(p.read_text(), "date"),
    )
    slug = newest.stem
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bk-serve-"))
    env = {**ENV, "TMPDIR": str(tmp)}  # MkDocs serves from a mkdtemp() directory: find it there
    process = subprocess.Popen(
        [PY, "-m", "brandkit", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[tuple[float, str]] = []

    def reader() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.perf_counter(), line))

    threading.Thread(target=reader, daemon=True).start()
    original = newest.read_text(encoding="utf-8")
    result: dict[str, Any] = {"post": slug}
    try:
        start = time.perf_counter()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = start + 600
        while True:
            try:
                with opener.open(f"http://127.0.0.1:{port}/blog/{slug}/", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.perf_counter() > deadline or process.poll() is not None:
                raise RuntimeError("brandkit serve did not start:\n" + "".join(s for _, s in lines))
            time.sleep(0.05)
        result["startup_s"] = time.perf_counter() - start
        roots = list(tmp.glob("mkdocs_*"))
        assert len(roots) == 1, roots
        out = roots[0]
        post_html, index_html = out / f"blog/{slug}/index.html", out / "blog/index.html"
        on_disk: list[float] = []
        complete: list[float] = []
        time.sleep(1.0)
        for k in range(1, edits + 1):
            token = f"Edited {k} {os.getpid()}"
            text = _retitle(original, token) + f"\nA paragraph added by edit {k}.\n"
            seen = len(lines)
            saved = time.perf_counter()
            newest.write_text(text, encoding="utf-8")
            while True:
                if _holds(post_html, token) and _holds(index_html, token):
                    on_disk.append(time.perf_counter() - saved)
                    break
                if time.perf_counter() - saved > 60:
                    raise RuntimeError("the edit never reached the site directory")
                time.sleep(0.002)
            while not any("Reloading the browser" in s for _, s in lines[seen:]):
                if time.perf_counter() - saved > 60:
                    raise RuntimeError("the rebuild never finished")
                time.sleep(0.005)
            done = next(t for t, s in lines[seen:] if "Reloading the browser" in s)
            complete.append(done - saved)
            time.sleep(1.0)
        result["edit_on_disk_s"] = on_disk
        result["edit_rebuild_done_s"] = complete
    finally:
        newest.write_text(original, encoding="utf-8")
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def _field(text: str, key: str) -> str:
    found = re.search(rf"^{key}: (.+)$", text, re.M)
    assert found is not None, key
    return found.group(1)


def _retitle(text: str, token: str) -> str:
    line = _field(text, "title")
    title = json.loads(line)
    return text.replace(f"title: {line}", f"title: {json.dumps(f'{title} ({token})')}", 1)


def _holds(path: Path, token: str) -> bool:
    try:
        return token in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # not there yet, or being written


def help_time(runs: int = 10) -> list[float]:
    exe = Path(PY).with_name("brandkit")
    cmd = [str(exe), "--help"] if exe.exists() else [PY, "-m", "brandkit", "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def summary(ms: list[measure.Measurement]) -> dict[str, Any]:
    return {
        "median_s": median([m.seconds for m in ms]),
        "runs_s": [round(m.seconds, 3) for m in ms],
        "median_cpu_s": median([m.cpu_s for m in ms]),
        "peak_rss_mib": max(m.peak_rss_mib for m in ms),
        "peak_pss_mib": max(m.peak_pss_mib for m in ms),
        "max_single_rss_mib": max(m.max_single_rss_mib for m in ms),
    }


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ")[0]
    except OSError:
        return "?"


def bench_size(n: int, runs: int, out: Path, with_material: bool, edits: int) -> dict[str, Any]:
    corpus = out / f"corpus-{n}"
    brandkit_site, material_site = write_sites(make_posts(n), corpus)
    print(f"\nN={n}: corpus in {corpus}/ (load average {load()})", flush=True)
    material: list[measure.Measurement] = []
    cold: list[measure.Measurement] = []
    warm: list[measure.Measurement] = []
    for r in range(runs):
        order = ("material", "brandkit") if r % 2 == 0 else ("brandkit", "material")
        for tool in order:
            if tool == "material" and with_material:
                material.append(material_build(material_site))
                m = material[-1]
                print(f"  run {r + 1}: material cold {m.seconds:6.2f}s {m.peak_rss_mib:5.0f} MiB")
            elif tool == "brandkit":
                cold.append(brandkit_build(brandkit_site, cold=True))
                warm.append(brandkit_build(brandkit_site, cold=False))
                c, w = cold[-1], warm[-1]
                print(
                    f"  run {r + 1}: brandkit cold {c.seconds:6.2f}s {c.peak_rss_mib:5.0f} MiB,"
                    f" warm {w.seconds:5.2f}s {w.peak_rss_mib:5.0f} MiB",
                    flush=True,
                )
    result: dict[str, Any] = {
        "posts": n,
        "brandkit_cold": summary(cold),
        "brandkit_warm": summary(warm),
        "built_summary": warm[-1].output.strip().splitlines()[-1],
    }
    if material:
        result["material_cold"] = summary(material)
    if edits:
        serve = serve_edits(brandkit_site, edits)
        result["serve"] = serve
        print(
            "  serve: edit on disk after "
            + ", ".join(f"{s:.2f}" for s in serve["edit_on_disk_s"])
            + " s",
            flush=True,
        )
    return result


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | build | median wall | CPU (user+sys) | peak RSS (tree) | peak PSS (tree) "
        "| Material wall / this |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for res in results:
        n = res["posts"]
        material = res.get("material_cold")
        base = material["median_s"] if material else None
        for key, label in (
            ("material_cold", "MkDocs + Material blog + RSS, cold"),
            ("brandkit_cold", "brandkit, cold"),
            ("brandkit_warm", "brandkit, warm (nothing changed)"),
        ):
            s = res.get(key)
            if not s:
                continue
            ratio = f"{base / s['median_s']:.1f}x" if base and key != "material_cold" else ""
            rows.append(
                f"| {n:,} | {label} | {s['median_s']:.2f} s | {s['median_cpu_s']:.1f} s "
                f"| {s['peak_rss_mib']:.0f} MiB | {s['peak_pss_mib']:.0f} MiB | {ratio} |"
            )
        serve = res.get("serve")
        if serve:
            disk = serve["edit_on_disk_s"]
            done = serve["edit_rebuild_done_s"]
            rows.append(
                f"| {n:,} | brandkit serve, one post edited: saved -> post + blog index on disk "
                f"(rebuild finished) | {median(disk):.2f} s ({median(done):.2f} s) | | | | |"
            )
    return "\n".join(rows)


def targets(by_n: dict[int, dict[str, Any]], help_s: float) -> list[tuple[str, str, bool]]:
    found: list[tuple[str, str, bool]] = []
    at = by_n.get(1000, {})
    material, cold, warm = at.get("material_cold"), at.get("brandkit_cold"), at.get("brandkit_warm")
    if material and cold and warm:
        ratio = material["median_s"] / cold["median_s"]
        found.append(("cold build >= 8x faster", f"{ratio:.1f}x", ratio >= 8))
        ratio = material["median_s"] / warm["median_s"]
        found.append(("warm rebuild >= 40x faster", f"{ratio:.1f}x", ratio >= 40))
        for kind in ("rss", "pss"):
            mine, theirs = cold[f"peak_{kind}_mib"], material[f"peak_{kind}_mib"]
            found.append(
                (
                    f"peak memory ({kind.upper()} of the process tree) below the alternative's",
                    f"{mine:.0f} MiB vs {theirs:.0f} MiB",
                    mine < theirs,
                )
            )
    if at.get("serve"):
        edit = median(at["serve"]["edit_on_disk_s"])
        found.append(("serve: one edit on disk in under 1 s", f"{edit:.2f} s", edit < 1))
    if cold and by_n.get(3000, {}).get("brandkit_cold"):
        ratio = by_n[3000]["brandkit_cold"]["median_s"] / cold["median_s"]
        found.append(("time(3,000) / time(1,000) <= 3.3", f"{ratio:.2f}", ratio <= 3.3))
    found.append(("brandkit --help under 0.3 s", f"{help_s:.3f} s", help_s < 0.3))
    return found


def compile_bytecode() -> None:
    """Compile both tools' Python modules to bytecode first, as `pip install` does for a regular
    install. An editable install (`pip install -e .`) in an environment that sets
    PYTHONDONTWRITEBYTECODE, as some sandboxes and containers do, would otherwise compile every
    brandkit module from source on every run (about 0.1 s a build) while MkDocs, Material and the
    RSS plugin, installed normally, load theirs compiled."""
    import compileall
    import importlib.util

    for name in ("brandkit", "mkdocs", "material", "markdown", "pymdownx", "pygments", "jinja2"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1, workers=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated post counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per tool for N <= 1,000")
    parser.add_argument("--runs-large", type=int, default=3, help="runs per tool for N > 1,000")
    parser.add_argument("--edits", type=int, default=5, help="serve edits to time (0: skip)")
    parser.add_argument("--no-material", action="store_true", help="build with brandkit only")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work and result directory")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.out.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    started = time.perf_counter()
    meta: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "versions": _versions(),
        "load_before": load(),
    }
    print(f"{meta['date']} on {meta['machine']}, load average {meta['load_before']}")
    results = []
    for n in sizes:
        runs = args.runs if n <= 1000 else args.runs_large
        results.append(bench_size(n, runs, args.out, not args.no_material, args.edits))
    meta["help_s"] = help_s = median(help_time())
    meta["load_after"] = load()
    meta["total_s"] = round(time.perf_counter() - started)
    by_n = {r["posts"]: r for r in results}
    print("\n" + table(results))
    if 1000 in by_n and 3000 in by_n:
        for key in ("brandkit_cold", "material_cold"):
            if key in by_n[1000] and key in by_n[3000]:
                a, b = by_n[1000][key]["median_s"], by_n[3000][key]["median_s"]
                meta[f"{key}_3000_over_1000"] = b / a
                print(f"\n{key}: time(3,000) / time(1,000) = {b / a:.2f}")
    print(f"\nbrandkit --help: {help_s:.3f} s (median of 10)")
    meta["targets"] = checks = targets(by_n, help_s)
    if checks:
        print("\nTargets (the issue's, at N=1,000 unless said):")
        for what, value, met in checks:
            print(f"  {'met   ' if met else 'MISSED'} {what}: {value}")
    print(f"load average before {meta['load_before']}, after {meta['load_after']}")
    print(f"total benchmark time {meta['total_s']} s")
    (args.out / "results.json").write_text(json.dumps({**meta, "results": results}, indent=2))
    print(f"results: {args.out / 'results.json'}")


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("brandkit", "mkdocs", "mkdocs-material", "mkdocs-rss-plugin", "Markdown"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


if __name__ == "__main__":
    main()
