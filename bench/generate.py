"""Write the same generated blog twice: as a brandkit site and as a MkDocs + Material blog site.

    python bench/generate.py --posts 1000 --out bench/out/corpus-1000

writes `<out>/brandkit/` (mkdocs.yml with the brandkit plugin, content/posts/*.md) and
`<out>/material/` (mkdocs.yml with Material's blog and tags plugins, search and mkdocs-rss-plugin,
set up as Material's blog tutorial shows; docs/blog/posts/*.md). Both hold the same posts, with
the same text, code, tags and dates; only the front matter format differs (Material: `date`,
`categories`, `tags`, the title as the first heading, `<!-- more -->` after the first paragraph).
The output is the same for the same --posts and --seed on every machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from corpus import Post, make_posts

SITE_NAME = "Sam Rivera"
SITE_URL = "https://sam.example.com/"
DESCRIPTION = "Backend engineer writing about databases, performance and the tools in between."

THEME = """theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - content.code.copy
    - search.suggest
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
"""

# The Markdown setup of `brandkit new`, used by both sites.
MARKDOWN = """markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - tables
  - footnotes
  - pymdownx.details
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences
"""

HEADER = f"""site_name: {SITE_NAME}
site_url: {SITE_URL}
site_description: {DESCRIPTION}
site_author: {SITE_NAME}
copyright: © 2025 {SITE_NAME}
"""

BRANDKIT_CONFIG = f"""{HEADER}docs_dir: content

{THEME}
nav:
  - Home: index.md
  - Blog: blog/index.md
  - About: about.md

plugins:
  - search
  - brandkit:
      timezone: UTC
      authors:
        sam:
          name: {SITE_NAME}
          email: sam@example.com

{MARKDOWN}"""

# Material's blog tutorial: blog + tags + rss, posts out of the nav. mkdocs-rss-plugin reads
# dates from git by default; a corpus that is not (yet) in git needs the front-matter date.
MATERIAL_CONFIG = f"""{HEADER}
{THEME}
nav:
  - Home: index.md
  - Blog:
      - blog/index.md
  - Tags: tags.md
  - About: about.md

plugins:
  - search
  - blog
  - tags
  - rss:
      match_path: "blog/posts/.*"
      use_git: false
      date_from_meta:
        as_creation: date
        as_update: date
      categories:
        - categories
        - tags

{MARKDOWN}"""

HOME = f"# {SITE_NAME}\n\n{DESCRIPTION}\n"
ABOUT = (
    "# About\n\nI build backend systems and write about what breaks. This site is generated "
    "for brandkit's benchmark.\n"
)


class _Raw(str):
    """A front-matter value written as it is (a YAML timestamp, not a quoted string)."""


def _front(items: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in items.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(v)}" for v in value)
        elif isinstance(value, bool):
            lines.append(f"{key}: {str(value).lower()}")
        elif isinstance(value, str) and not isinstance(value, _Raw):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines)


def brandkit_post(post: Post) -> str:
    front: dict[str, object] = {
        "id": post.uid,
        "title": post.title,
        "date": _Raw(post.date.strftime("%Y-%m-%dT%H:%M:%S+00:00")),
        "description": post.description,
        "tags": post.tags,
    }
    if post.series:
        front["series"] = post.series
    if post.draft:
        front["draft"] = True
    return f"{_front(front)}\n\n{post.intro}\n\n{post.body}"


def material_post(post: Post) -> str:
    front: dict[str, object] = {
        "date": _Raw(post.date.strftime("%Y-%m-%d %H:%M:%S")),
        "description": post.description,
        "categories": [post.topic.category],
        "tags": post.tags,
    }
    if post.draft:
        front["draft"] = True
    return f"{_front(front)}\n\n# {post.title}\n\n{post.intro}\n\n<!-- more -->\n\n{post.body}"


def write_sites(posts: list[Post], out: Path) -> tuple[Path, Path]:
    brandkit, material = out / "brandkit", out / "material"
    for root in (brandkit, material):
        shutil.rmtree(root, ignore_errors=True)
    files = {
        brandkit / "mkdocs.yml": BRANDKIT_CONFIG,
        brandkit / "content/index.md": HOME,
        brandkit / "content/about.md": ABOUT,
        material / "mkdocs.yml": MATERIAL_CONFIG,
        material / "docs/index.md": HOME,
        material / "docs/about.md": ABOUT,
        material / "docs/blog/index.md": "# Blog\n",
        material / "docs/tags.md": "# Tags\n\n<!-- material/tags -->\n",
    }
    for post in posts:
        files[brandkit / f"content/posts/{post.slug}.md"] = brandkit_post(post)
        files[material / f"docs/blog/posts/{post.slug}.md"] = material_post(post)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return brandkit, material


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100, help="how many posts (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/corpus"), help="directory")
    args = parser.parse_args()
    posts = make_posts(args.posts, args.seed)
    brandkit, material = write_sites(posts, args.out)
    words = sum(len(f"{p.intro} {p.body}".split()) for p in posts)
    print(f"{len(posts)} posts, {words} words -> {brandkit}/ and {material}/")


if __name__ == "__main__":
    main()
