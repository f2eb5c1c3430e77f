"""Measure a migration the way docs/migrating.md reports it: import a real blog's source or
export into a fresh `brandkit new` site, build it, and count posts in, posts built, old
addresses that resolve through a redirect to a page, and what is left for a person.

    python scripts/measure_migration.py NAME SOURCE --site-url https://old.example/ \\
        [--old-url URL] [--from KIND]

Nothing of the measured blog is kept: the site is made in a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import frontmatter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.importers.migration import resolve  # noqa: E402


def brandkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandkit", *args], cwd=cwd, capture_output=True, text=True
    )


def measure(name: str, source: str, site_url: str, extra: list[str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        made = brandkit("new", "site", "--url", site_url, "--name", "Measured", cwd=work)
        assert made.returncode == 0, made.stderr
        site = work / "site"
        for starter in (site / "content" / "posts").glob("*.md"):
            starter.unlink()
        imported = brandkit("import", source, "-q", *extra, cwd=site)
        assert imported.returncode == 0, imported.stdout + imported.stderr
        out = imported.stdout
        posts = int(re.search(r"Imported (\d+) post", out).group(1))  # type: ignore[union-attr]
        review = re.search(r"(\d+) things? to review", out)
        skipped = sum(1 for line in out.splitlines() if line.endswith("skipped"))
        images = sum(1 for line in out.splitlines() if "could not be downloaded" in line)
        built = brandkit("build", cwd=site)
        summary = re.search(r"\((\d+) posts?(?:, (\d+) drafts?\b[^)]*)?\)", built.stdout)
        warnings = built.stderr.count("warning:")
        ok = bad = 0
        broken: list[str] = []
        for path in (site / "content" / "posts").glob("*.md"):
            meta = frontmatter.load(path).metadata
            if meta.get("draft"):
                continue
            for old in meta.get("redirect_from") or []:
                try:
                    resolve(site / "site", str(old), site_url)
                    ok += 1
                except AssertionError as exc:
                    bad += 1
                    broken.append(str(exc))
        elsewhere = re.findall(r"note: (\d+) old URLs? (?:is|are) on", out)
        row = (
            f"| {name} | {posts + skipped} | {posts} | "
            f"{summary.group(1) if summary else '?'} (+{summary.group(2) or 0} drafts) | "
            f"{ok} of {ok + bad} (+{sum(map(int, elsewhere))} on another host) | "
            f"{review.group(1) if review else 0} from import ({images} images not downloadable "
            f"here), {warnings} build warnings |"
        )
        for line in broken[:5]:
            print("  broken:", line, file=sys.stderr)
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name")
    parser.add_argument("source")
    parser.add_argument("--site-url", required=True)
    parser.add_argument("--old-url")
    parser.add_argument("--from", dest="kind")
    args = parser.parse_args()
    extra = (["--old-url", args.old_url] if args.old_url else []) + (
        ["--from", args.kind] if args.kind else []
    )
    print(measure(args.name, str(Path(args.source).resolve()), args.site_url, extra))


if __name__ == "__main__":
    main()
