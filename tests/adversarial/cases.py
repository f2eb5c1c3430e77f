"""The hostile and clumsy inputs of the adversarial suite, one `Case` each.

A case changes a fresh `brandkit new` site (its mkdocs.yml or its content) and says which file and
key the one-line error must name. Families are generated from small tables (each URL field with
each hostile spelling of a scheme, each folder with each way out of the project) next to the
single cases issue 13 lists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    where: str  # the file the error line names
    key: str  # what that line must also name (a key, a field path, "link on line")
    command: str = "check"


def insert_after(anchor: str, snippet: str, indent: int) -> Setup:
    """Add `snippet` (YAML lines) to mkdocs.yml just after the line `anchor`, indented."""

    def setup(root: Path) -> None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        block = "".join(" " * indent + line + "\n" for line in snippet.splitlines())
        assert anchor in text, anchor
        config.write_text(text.replace(anchor, anchor + block, 1), encoding="utf-8")

    return setup


def plugin_option(snippet: str) -> Setup:
    """A key of the brandkit block."""
    return insert_after("  - brandkit:\n", snippet, 6)


def profile_option(snippet: str) -> Setup:
    """A key of the brandkit block's `profile:` section."""
    return insert_after("      profile:\n", snippet, 8)


def top_level(snippet: str) -> Setup:
    def setup(root: Path) -> None:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + snippet + "\n", encoding="utf-8")

    return setup


def replace_in_config(old: str, new: str) -> Setup:
    def setup(root: Path) -> None:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert old in text, old
        config.write_text(text.replace(old, new, 1), encoding="utf-8")

    return setup


def write(path: str, data: str | bytes) -> Setup:
    def setup(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")

    return setup


def both(*steps: Setup) -> Setup:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)

    return setup


def post(name: str, front: str, body: str = "Some text.\n") -> Setup:
    return write(f"content/posts/{name}", f"---\n{front.strip()}\n---\n\n{body}")


def good_front(**extra: str) -> str:
    fields = {
        "id": "urn:uuid:0b9a3c52-8f0e-4d4e-9b1a-6d3c2f1e0a01",
        "title": "A post",
        "date": "2025-03-01",
    }
    fields.update(extra)
    return "\n".join(f"{k}: {v}" for k, v in fields.items() if v != "")


def symlink(path: str, target: str) -> Setup:
    def setup(root: Path) -> None:
        link = root / path
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)

    return setup


def resume(change: Callable[[dict[str, object]], None]) -> Setup:
    def setup(root: Path) -> None:
        path = root / "content/resume.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return setup


def q(value: str) -> str:
    """`value` as a YAML scalar (a JSON string is one), control characters escaped."""
    return json.dumps(value)


# Hostile spellings of schemes a browser runs or renders: case, spaces, tabs, controls and
# character references are all undone by a browser before it looks at the scheme.
HOSTILE_URLS = (
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.domain)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "&#x6A;avascript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
)
# A shorter set for the many places a URL can be written.
SOME_HOSTILE_URLS = (HOSTILE_URLS[0], HOSTILE_URLS[1], HOSTILE_URLS[3], HOSTILE_URLS[6])

CONFIG_URL_FIELDS: dict[str, Callable[[str], Setup]] = {
    "plugins.brandkit.profile.contact_url": lambda u: profile_option(f"contact_url: {q(u)}"),
    "plugins.brandkit.profile.subscribe_url": lambda u: profile_option(f"subscribe_url: {q(u)}"),
    "plugins.brandkit.profile.avatar": lambda u: replace_in_config(
        "avatar: images/avatar.svg", f"avatar: {q(u)}"
    ),
    # MkDocs' own URL option refuses these first, naming the option in its words.
    "github": lambda u: profile_option(f"github: {q(u)}"),
    "mastodon": lambda u: profile_option(f"mastodon: {q(u)}"),
    "plugins.brandkit.newsletter.unsubscribe_url": lambda u: plugin_option(
        f"newsletter: {{unsubscribe_url: {q(u)}}}"
    ),
    "extra.social[0].link": lambda u: top_level(
        f"extra:\n  social:\n    - icon: fontawesome/brands/github\n      link: {q(u)}"
    ),
    "nav[8].Evil": lambda u: replace_in_config(
        "  - Uses: uses.md\n", f"  - Uses: uses.md\n  - Evil: {q(u)}\n"
    ),
}


def url_cases() -> list[Case]:
    cases = []
    for key, make in CONFIG_URL_FIELDS.items():
        urls = HOSTILE_URLS if key.endswith("contact_url") else SOME_HOSTILE_URLS
        for i, url in enumerate(urls):
            cases.append(Case(f"config-url-{key}-{i}", make(url), "mkdocs.yml", key))
    content: dict[str, Callable[[str], tuple[Setup, str, str]]] = {
        "post-link": lambda u: (
            post("bad.md", good_front(), f"[x]({u})\n"),
            "content/posts/bad.md",
            "link on line",
        ),
        "post-image": lambda u: (
            post("bad.md", good_front(), f"![x]({u})\n"),
            "content/posts/bad.md",
            "link on line",
        ),
        "post-refdef": lambda u: (
            post("bad.md", good_front(), f"[x][r]\n\n[r]: {u}\n"),
            "content/posts/bad.md",
            "link on line",
        ),
        "post-raw-href": lambda u: (
            post("bad.md", good_front(), f'<a href="{u}">x</a>\n'),
            "content/posts/bad.md",
            "link on line",
        ),
        "page-link": lambda u: (
            write("content/evil.md", f"# Evil\n\n[x]({u})\n"),
            "content/evil.md",
            "link on line",
        ),
        "cover": lambda u: (
            post("bad.md", good_front(cover=q(u))),
            "content/posts/bad.md",
            "cover",
        ),
        "resume-basics-url": lambda u: (
            resume(lambda d: d["basics"].__setitem__("url", u)),
            "content/resume.json",
            "basics.url",
        ),  # type: ignore[index, attr-defined]
        "resume-profile-url": lambda u: (
            resume(lambda d: d["basics"].__setitem__("profiles", [{"network": "X", "url": u}])),  # type: ignore[index, attr-defined]
            "content/resume.json",
            "basics.profiles[0].url",
        ),
        "resume-work-url": lambda u: (
            resume(lambda d: d.__setitem__("work", [{"name": "Co", "url": u}])),
            "content/resume.json",
            "work[0].url",
        ),
    }
    for name, make in content.items():
        urls = HOSTILE_URLS if name == "post-link" else SOME_HOSTILE_URLS
        for i, url in enumerate(urls):
            setup, where, key = make(url)
            if "\t" in url and name in ("post-link", "post-image", "page-link"):
                continue  # Markdown does not read a link target with a tab in it as a link
            cases.append(Case(f"content-url-{name}-{i}", setup, where, key))
    return cases


def path_cases() -> list[Case]:
    """Every configured folder and URL pattern, with each way out of the project."""
    cases = []
    outside = ("../elsewhere", "../../elsewhere", "/tmp/brandkit-adversarial-outside")
    for i, value in enumerate(outside):
        cases += [
            Case(
                f"site_dir-outside-{i}",
                top_level(f"site_dir: {q(value)}"),
                "mkdocs.yml",
                "site_dir",
            ),
            Case(
                f"cache_dir-outside-{i}",
                plugin_option(f"cache_dir: {q(value)}"),
                "mkdocs.yml",
                "plugins.brandkit.cache_dir",
            ),
            Case(
                f"posts_dir-outside-{i}",
                plugin_option(f"posts_dir: {q('../' + value)}"),
                "mkdocs.yml",
                "plugins.brandkit.posts_dir",
            ),
        ]
    for i, value in enumerate(
        ("content/cache", "content", "site/cache", "themes/overrides/c", ".")
    ):
        cases.append(
            Case(
                f"cache_dir-published-{i}",
                plugin_option(f"cache_dir: {q(value)}"),
                "mkdocs.yml",
                "cache_dir",
            )
        )
    for i, value in enumerate(
        ("../../escape/", "a/../../b/", "./", "blog\\..\\x/", "a b/", "%2e%2e/")
    ):
        cases.append(
            Case(f"blog_url-{i}", plugin_option(f"blog_url: {q(value)}"), "mkdocs.yml", "blog_url")
        )
    for i, value in enumerate(
        (
            "../../{slug}/",
            "/{slug}/",
            "{blog}../{slug}/",
            "{blog}{slug}/../../x/",
            "{year}/./{slug}/",
        )
    ):
        cases.append(
            Case(f"post_url-{i}", plugin_option(f"post_url: {q(value)}"), "mkdocs.yml", "post_url")
        )
    cases += [
        Case(
            "custom_dir-root",
            replace_in_config("custom_dir: themes/overrides", "custom_dir: ."),
            "mkdocs.yml",
            "custom_dir",
        ),
        Case(
            "custom_dir-outside",
            both(replace_in_config("custom_dir: themes/overrides", "custom_dir: ../outside-theme")),
            "mkdocs.yml",
            "custom_dir",
        ),
    ]
    return cases


def link_cases() -> list[Case]:
    return [
        Case(
            "symlink-outside-file",
            symlink("content/leak.txt", "/etc/hostname"),
            "content/leak.txt",
            "outside the project",
            "build",
        ),
        Case(
            "symlink-outside-post",
            symlink("content/posts/leak.md", "/etc/hostname"),
            "content/posts/leak.md",
            "outside the project",
        ),
        Case(
            "symlink-dangling-post",
            symlink("content/posts/gone.md", "nowhere.md"),
            "content/posts/gone.md",
            "does not exist",
            "build",
        ),
        Case(
            "symlink-dangling-image",
            symlink("content/images/gone.png", "missing.png"),
            "content/images/gone.png",
            "does not exist",
        ),
        Case(
            "symlink-loop-folder",
            symlink("content/images/loop", ".."),
            "content/images/loop",
            "symbolic link",
        ),
        Case(
            "symlink-self-loop",
            symlink("content/posts/self.md", "self.md"),
            "content/posts/self.md",
            "symbolic link",
            "build",
        ),
        Case(
            "symlink-outside-folder",
            symlink("content/ext", "/etc"),
            "content/ext",
            "outside the project",
        ),
        Case(
            "symlink-theme-outside",
            symlink("themes/overrides/leak.txt", "/etc/hostname"),
            "themes/overrides/leak.txt",
            "outside the project",
        ),
    ]


ESCAPE_TITLE = "A \x1b[31m red title"
NOT_CLOSED = "---\ntitle: Never closed\ndate: 2025-01-01\n\nBody.\n"


def front_matter_cases() -> list[Case]:
    p = "content/posts/bad.md"
    single = [
        ("title-list", good_front(title="[a, b]"), "title"),
        ("title-missing", good_front(title=""), "title"),
        ("title-mapping", good_front(title="{a: 1}"), "title"),
        ("date-missing", good_front(date=""), "date"),
        ("date-words", good_front(date="last week"), "date"),
        ("date-year-1", good_front(date="0001-01-01"), "date"),
        ("date-year-999", good_front(date="0999-12-31"), "date"),
        ("date-impossible", good_front(date="2026-13-45"), None),
        ("date-list", good_front(date="[2025-01-01]"), "date"),
        ("updated-words", good_front(updated="last week"), "updated"),
        ("updated-before-date", good_front(updated="2020-01-01"), "updated"),
        ("updated-year-1", good_front(updated="0001-01-01"), "updated"),
        ("series-list", good_front(series="[a, b]"), "series"),
        ("series-mapping", good_front(series="{a: b}"), "series"),
        ("tags-mapping", good_front(tags="{a: b}"), "tags"),
        ("tags-nested", good_front(tags="[[a]]"), "tags"),
        ("draft-yes-string", good_front(draft='"yes please"'), "draft"),
        ("draft-number", good_front(draft="2"), "draft"),
        ("slug-number", good_front(slug="2026"), "slug"),
        ("slug-spaces", good_front(slug='"my post"'), "slug"),
        ("slug-dots", good_front(slug='"../../etc"'), "slug"),
        ("slug-reserved", good_front(slug="tags"), "slug"),
        ("slug-upper", good_front(slug="Hello"), "slug"),
        ("id-not-uri", good_front(id="42"), "id"),
        ("id-bad-uuid", good_front(id="urn:uuid:not-a-uuid"), "id"),
        ("canonical-relative", good_front(canonical_url="/elsewhere/"), "canonical_url"),
        ("canonical-js", good_front(canonical_url=q("javascript:alert(1)")), "canonical_url"),
        ("authors-unknown", good_front(authors="[mallory]"), "authors"),
        ("authors-mapping", good_front(authors="{a: b}"), "authors"),
        ("cover-missing", good_front(cover="nope.png"), "cover"),
        ("cover-outside-docs", good_front(cover="../../mkdocs.yml"), "cover"),
        ("cover-absolute-path", good_front(cover="/etc/hostname"), "cover"),
        ("cover-number", good_front(cover="12"), "cover"),
        ("syndicate-string", good_front(syndicate='"no"'), "syndicate"),
        ("newsletter-number", good_front(newsletter="0"), "newsletter"),
        ("redirect-mapping", good_front(redirect_from="{a: b}"), "redirect_from"),
    ]
    cases = [
        Case(f"front-{name}", post("bad.md", front), p, key or "date")
        for name, front, key in single
    ]
    raw = [
        (
            "duplicate-key",
            "---\ntitle: One\ntitle: Two\ndate: 2025-01-01\n---\nx\n",
            "written twice",
        ),
        (
            "duplicate-date",
            "---\ntitle: One\ndate: 2025-01-01\ndate: 2025-02-01\n---\nx\n",
            "written twice",
        ),
        ("unclosed", NOT_CLOSED, "not closed"),
        ("broken-yaml", "---\ntitle: [unclosed\ndate: 2025-01-01\n---\nx\n", "not valid YAML"),
        ("tab-indent-yaml", "---\ntitle: x\n\tdate: 2025-01-01\n---\nx\n", "not valid YAML"),
        ("not-a-mapping", "---\n- a\n- b\n---\nx\n", "front matter"),
        ("empty-front-matter", "---\n---\nx\n", "front matter"),
        ("no-front-matter", "Just text.\n", "no front matter"),
        ("deep-yaml", "---\ntitle: " + "[" * 5000 + "\n---\nx\n", "front matter"),
        (
            "python-tag",
            "---\ntitle: !!python/object/apply:os.system ['true']\ndate: 2025-01-01\n---\n",
            "not valid YAML",
        ),
        (
            "latin-1",
            "---\ntitle: Café\ndate: 2025-01-01\n---\nCafé\n".encode("latin-1"),
            "not UTF-8",
        ),
        ("utf-16", "---\ntitle: x\ndate: 2025-01-01\n---\nx\n".encode("utf-16"), "not UTF-8"),
        ("nul-bytes", b"\x00\x01\x02\xff\xfe", "not UTF-8"),
        (
            "billion-laughs",
            "---\na: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: *c\ndate: 2025-01-01\n---\n",
            "title",
        ),
    ]
    cases += [Case(f"front-{name}", write(p, data), p, key) for name, data, key in raw]
    cases += [
        Case(
            "front-series-collision",
            both(
                post("a.md", good_front(series='"Foo Bar"')),
                post(
                    "bad.md",
                    good_front(
                        id="urn:uuid:0b9a3c52-8f0e-4d4e-9b1a-6d3c2f1e0a02",
                        title="B",
                        series="foo-bar",
                    ),
                ),
            ),
            p,
            "series",
        ),
        Case(
            "front-same-slug",
            both(
                post("a.md", good_front(slug="same")),
                post(
                    "bad.md",
                    good_front(id="urn:uuid:0b9a3c52-8f0e-4d4e-9b1a-6d3c2f1e0a03", slug="same"),
                ),
            ),
            p,
            "slug",
        ),
        Case(
            "front-same-id",
            both(post("a.md", good_front(slug="first")), post("bad.md", good_front(slug="second"))),
            p,
            "id",
        ),
        Case(
            "front-control-character",
            post("bad.md", good_front(), "A bell \x07 rings.\n"),
            p,
            "control character",
        ),
        Case(
            "front-control-in-title",
            post("bad.md", good_front(title=q(ESCAPE_TITLE))),
            p,
            "control character",
        ),
        Case(
            "name-no-slug",
            write("content/posts/---.md", f"---\n{good_front()}\n---\nx\n"),
            "content/posts/---.md",
            "slug",
        ),
        Case(
            "name-reserved",
            write("content/posts/archive.md", f"---\n{good_front()}\n---\nx\n"),
            "content/posts/archive.md",
            "slug",
        ),
        Case(
            "name-only-symbols",
            write("content/posts/@@@.md", f"---\n{good_front()}\n---\nx\n"),
            "content/posts/@@@.md",
            "slug",
        ),
    ]
    return cases


def page_cases() -> list[Case]:
    return [
        Case(
            "page-latin-1",
            write("content/about.md", "# Caf\xe9\n".encode("latin-1")),
            "content/about.md",
            "not UTF-8",
            "build",
        ),
        Case(
            "page-broken-yaml",
            write("content/about.md", "---\ntitle: [x\n---\n# About\n"),
            "content/about.md",
            "not valid YAML",
            "build",
        ),
        Case(
            "page-duplicate-key",
            write("content/about.md", "---\ntitle: a\ntitle: b\n---\nx\n"),
            "content/about.md",
            "written twice",
        ),
        Case(
            "page-unclosed",
            write("content/about.md", "---\ntitle: About\n\nNo end.\n"),
            "content/about.md",
            "not closed",
        ),
        Case(
            "project-duplicate-key",
            write("content/projects/bad.md", "---\nname: A\nname: B\nsummary: s\n---\nx\n"),
            "content/projects/bad.md",
            "written twice",
        ),
        Case(
            "project-url-js",
            write(
                "content/projects/bad.md",
                "---\nname: A\nsummary: s\nurl: 'javascript:alert(1)'\n---\nx\n",
            ),
            "content/projects/bad.md",
            "url",
        ),
        Case(
            "talk-latin-1",
            write("content/talks/bad.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1")),
            "content/talks/bad.md",
            "not UTF-8",
        ),
        Case(
            "resume-deep",
            write("content/resume.json", "[" * 100_000 + "]" * 100_000),
            "content/resume.json",
            "nested too deeply",
            "build",
        ),
        Case(
            "resume-deep-objects",
            write("content/resume.json", '{"basics":' * 2000 + "{}" + "}" * 2000),
            "content/resume.json",
            "nested",
        ),
        Case(
            "resume-invalid-json",
            write("content/resume.json", "{'basics': 1}"),
            "content/resume.json",
            "not valid JSON",
        ),
        Case(
            "resume-latin-1",
            write("content/resume.json", '{"basics": {"name": "Caf\xe9"}}'.encode("latin-1")),
            "content/resume.json",
            "not UTF-8",
        ),
        Case(
            "resume-not-object",
            write("content/resume.json", "[1, 2]"),
            "content/resume.json",
            "top level",
        ),
        Case(
            "resume-image-js",
            resume(lambda d: d["basics"].__setitem__("image", "javascript:x")),
            "content/resume.json",
            "basics.image",
        ),  # type: ignore[index, attr-defined]
    ]


def config_cases() -> list[Case]:
    m = "mkdocs.yml"
    return [
        Case(
            "config-timezone",
            replace_in_config('timezone: "UTC"', "timezone: Mars/Olympus"),
            m,
            "timezone",
        ),
        Case("config-per-page-zero", plugin_option("per_page: 0"), m, "per_page"),
        Case("config-post-url-no-slug", plugin_option("post_url: '{blog}{year}/'"), m, "post_url"),
        Case(
            "config-post-url-field",
            plugin_option("post_url: '{blog}{slug}/{author}/'"),
            m,
            "post_url",
        ),
        Case("config-post-url-no-slash", plugin_option("post_url: '{blog}{slug}'"), m, "post_url"),
        Case("config-no-site-url", replace_in_config("site_url:", "#site_url:"), m, "site_url"),
        Case(
            "config-directory-urls", top_level("use_directory_urls: false"), m, "use_directory_urls"
        ),
        Case(
            "config-analytics-http",
            plugin_option("analytics: {plausible: x.com, src: 'http://x.com/s.js'}"),
            m,
            "analytics.src",
        ),
        Case(
            "config-analytics-js",
            plugin_option("analytics: {plausible: x.com, src: 'javascript:alert(1)'}"),
            m,
            "analytics.src",
        ),
        Case(
            "config-form-action-js",
            plugin_option("newsletter: {form: {provider: generic, action: 'javascript:alert(1)'}}"),
            m,
            "action",
        ),
        Case(
            "config-form-no-username",
            plugin_option("newsletter: {form: {provider: buttondown}}"),
            m,
            "username",
        ),
        Case(
            "config-form-provider",
            plugin_option("newsletter: {form: {provider: carrier-pigeon}}"),
            m,
            "provider",
        ),
        Case(
            "config-giscus-repo",
            plugin_option(
                "comments: {giscus: {repo: 'not a repo', repo_id: a, category: b, category_id: c}}"
            ),
            m,
            "giscus",
        ),
        Case(
            "config-card-font", plugin_option("seo: {card_font: no-such-font.ttf}"), m, "card_font"
        ),
        Case(
            "config-words-per-minute", plugin_option("words_per_minute: -5"), m, "words_per_minute"
        ),
        Case("config-duplicate-docs-dir", top_level("docs_dir: content2"), m, "docs_dir"),
        Case(
            "config-duplicate-site-name",
            top_level("site_name: Another name"),
            m,
            "'site_name' is written twice",
        ),
        Case(
            # The second list has no brandkit: the key, not "the plugin is not enabled".
            "config-duplicate-plugins",
            top_level("plugins:\n  - search"),
            m,
            "'plugins' is written twice",
        ),
        Case(
            "config-duplicate-plugin-option",
            plugin_option("words_per_minute: 200\nwords_per_minute: 250"),
            m,
            "'words_per_minute' is written twice",
        ),
        Case(
            "config-authors-url-js",
            replace_in_config(
                '          name: "Jane Doe"\n',
                '          name: "Jane Doe"\n          url: "javascript://x.com/%0aalert(1)"\n',
            ),
            m,
            "authors.jane-doe.url",
        ),
    ]


def all_cases() -> list[Case]:
    return (
        url_cases()
        + path_cases()
        + link_cases()
        + front_matter_cases()
        + page_cases()
        + config_cases()
    )
