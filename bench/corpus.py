"""A deterministic corpus of technical blog posts: topics, titles, prose, lists, links and code.

`make_posts(n, seed)` returns the same posts for the same arguments on every machine (one seeded
`random.Random`, no clock, no hash randomisation). The posts read like a developer's blog written
over a decade: each belongs to a topic with its own vocabulary and tag pool, tags follow a
long-tailed distribution (so popular tags list hundreds of posts), some posts form series, and the
prose is assembled from many sentence patterns filled with topic words, so no two paragraphs are
the same.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FIRST_DATE = datetime(2014, 1, 6, 8, 0)
LAST_DATE = datetime(2025, 9, 30, 18, 0)


@dataclass(frozen=True)
class Topic:
    category: str
    tags: tuple[str, ...]
    things: tuple[str, ...]  # nouns: what the posts are about
    tools: tuple[str, ...]
    problems: tuple[str, ...]
    languages: tuple[str, ...]  # languages of the code blocks
    docs: tuple[str, ...]  # external reference links


TOPICS: tuple[Topic, ...] = (
    Topic(
        "Databases",
        ("postgres", "sqlite", "sql", "indexing", "databases", "mysql", "migrations"),
        (
            "a composite index",
            "the query planner",
            "connection pooling",
            "vacuum and bloat",
            "the write-ahead log",
            "row-level locking",
            "a partial index",
            "table partitioning",
            "prepared statements",
            "logical replication",
            "a covering index",
            "long-running transactions",
        ),
        ("PostgreSQL", "SQLite", "pgbouncer", "pg_stat_statements", "EXPLAIN ANALYZE", "MySQL"),
        (
            "a sequential scan on a hot table",
            "lock contention during a migration",
            "a p99 that doubled overnight",
            "replication lag after a bulk update",
            "an index nobody used",
            "a deadlock between two workers",
        ),
        ("sql", "python", "bash"),
        (
            "https://www.postgresql.org/docs/current/using-explain.html",
            "https://www.sqlite.org/queryplanner.html",
            "https://use-the-index-luke.com/",
            "https://www.postgresql.org/docs/current/mvcc.html",
        ),
    ),
    Topic(
        "Python",
        ("python", "asyncio", "typing", "packaging", "pytest", "django", "fastapi"),
        (
            "type hints",
            "an asyncio event loop",
            "dataclasses",
            "the import system",
            "context managers",
            "a pytest fixture",
            "generators",
            "the GIL",
            "a pyproject.toml",
            "structural pattern matching",
            "descriptors",
            "a virtual environment",
        ),
        ("mypy", "pytest", "pip", "uv", "ruff", "CPython", "Django", "FastAPI", "hatchling"),
        (
            "a circular import",
            "a test that only fails in CI",
            "a memory leak in a long-running worker",
            "an event loop blocked by a sync call",
            "a wheel that would not install",
            "a flaky fixture",
        ),
        ("python", "toml", "bash"),
        (
            "https://docs.python.org/3/library/asyncio.html",
            "https://peps.python.org/pep-0484/",
            "https://packaging.python.org/en/latest/",
            "https://docs.pytest.org/en/stable/how-to/fixtures.html",
        ),
    ),
    Topic(
        "Rust",
        ("rust", "ownership", "async-rust", "cargo", "wasm", "performance"),
        (
            "the borrow checker",
            "lifetimes",
            "trait objects",
            "a zero-copy parser",
            "error handling with Result",
            "an async runtime",
            "unsafe code",
            "iterators",
            "a procedural macro",
            "Arc and Mutex",
        ),
        ("cargo", "tokio", "serde", "clippy", "rustc", "criterion", "wasm-pack"),
        (
            "a lifetime error I could not read",
            "a slow compile after adding one crate",
            "a panic in a background task",
            "a deadlock across an await point",
            "a binary that grew to 40 MB",
        ),
        ("rust", "toml", "bash"),
        (
            "https://doc.rust-lang.org/book/",
            "https://tokio.rs/tokio/tutorial",
            "https://serde.rs/",
            "https://doc.rust-lang.org/nomicon/",
        ),
    ),
    Topic(
        "Go",
        ("go", "concurrency", "grpc", "http", "profiling"),
        (
            "goroutines",
            "channels",
            "the context package",
            "interfaces",
            "the race detector",
            "error wrapping",
            "a worker pool",
            "generics",
            "the escape analysis",
            "pprof",
        ),
        ("go test", "pprof", "gRPC", "net/http", "delve", "golangci-lint"),
        (
            "a goroutine leak",
            "a data race the tests missed",
            "a context that was never cancelled",
            "allocations in a hot loop",
            "a slow JSON encoder",
        ),
        ("go", "bash", "yaml"),
        (
            "https://go.dev/doc/effective_go",
            "https://go.dev/blog/pipelines",
            "https://pkg.go.dev/context",
            "https://go.dev/doc/diagnostics",
        ),
    ),
    Topic(
        "Infrastructure",
        ("kubernetes", "docker", "terraform", "devops", "linux", "networking"),
        (
            "a readiness probe",
            "resource limits",
            "a rolling deployment",
            "container images",
            "a service mesh",
            "DNS resolution",
            "cgroups",
            "a load balancer",
            "infrastructure as code",
            "TLS certificates",
        ),
        ("Kubernetes", "Docker", "Terraform", "Helm", "nginx", "systemd", "kubectl"),
        (
            "pods restarting in a loop",
            "an OOM kill nobody noticed",
            "a certificate that expired on a Sunday",
            "DNS timeouts under load",
            "a Terraform plan that wanted to delete production",
        ),
        ("yaml", "bash", "dockerfile"),
        (
            "https://kubernetes.io/docs/concepts/workloads/pods/",
            "https://docs.docker.com/build/building/best-practices/",
            "https://developer.hashicorp.com/terraform/docs",
            "https://man7.org/linux/man-pages/man7/cgroups.7.html",
        ),
    ),
    Topic(
        "Observability",
        ("observability", "tracing", "metrics", "logging", "opentelemetry", "sre"),
        (
            "distributed tracing",
            "structured logs",
            "a latency histogram",
            "alerting on symptoms",
            "an error budget",
            "exemplars",
            "sampling",
            "a service-level objective",
            "high-cardinality labels",
        ),
        ("OpenTelemetry", "Prometheus", "Grafana", "Jaeger", "Loki", "Honeycomb"),
        (
            "an alert that paged for nothing",
            "a dashboard nobody trusted",
            "a trace with a missing span",
            "a metrics bill that tripled",
            "an incident we found from a customer email",
        ),
        ("yaml", "python", "go"),
        (
            "https://opentelemetry.io/docs/concepts/",
            "https://prometheus.io/docs/practices/histograms/",
            "https://sre.google/sre-book/monitoring-distributed-systems/",
        ),
    ),
    Topic(
        "Frontend",
        ("javascript", "typescript", "css", "react", "accessibility", "web-performance"),
        (
            "a React hook",
            "CSS grid",
            "the event loop in the browser",
            "a service worker",
            "bundle splitting",
            "web components",
            "a focus trap",
            "the largest contentful paint",
            "TypeScript generics",
        ),
        ("TypeScript", "React", "Vite", "esbuild", "Playwright", "Lighthouse", "axe"),
        (
            "a layout shift on every page load",
            "a bundle that grew past a megabyte",
            "a modal keyboard users could not leave",
            "a hydration mismatch",
            "a memory leak in a single-page app",
        ),
        ("typescript", "javascript", "css"),
        (
            "https://developer.mozilla.org/en-US/docs/Web/CSS/CSS_grid_layout",
            "https://web.dev/articles/lcp",
            "https://www.w3.org/WAI/ARIA/apg/",
            "https://www.typescriptlang.org/docs/handbook/2/generics.html",
        ),
    ),
    Topic(
        "Testing",
        ("testing", "tdd", "property-based-testing", "ci", "fuzzing"),
        (
            "property-based tests",
            "a test pyramid",
            "snapshot tests",
            "contract tests",
            "mutation testing",
            "a fuzzer",
            "test doubles",
            "golden files",
            "a CI pipeline",
        ),
        ("pytest", "Hypothesis", "GitHub Actions", "cargo-fuzz", "testcontainers", "Jest"),
        (
            "a test suite that took forty minutes",
            "tests that passed while production broke",
            "a mock that hid a real bug",
            "a flaky end-to-end test",
        ),
        ("python", "yaml", "javascript"),
        (
            "https://hypothesis.readthedocs.io/en/latest/",
            "https://martinfowler.com/articles/practical-test-pyramid.html",
            "https://docs.github.com/en/actions",
        ),
    ),
    Topic(
        "Security",
        ("security", "auth", "cryptography", "supply-chain"),
        (
            "OAuth flows",
            "password hashing",
            "a content security policy",
            "secrets management",
            "dependency pinning",
            "signed commits",
            "session cookies",
            "least privilege",
        ),
        ("OpenSSL", "Vault", "Sigstore", "argon2", "OWASP ZAP", "Dependabot"),
        (
            "a leaked API token in a log line",
            "a dependency that was typosquatted",
            "an open redirect",
            "a JWT nobody validated",
        ),
        ("python", "bash", "yaml"),
        (
            "https://owasp.org/www-project-top-ten/",
            "https://cheatsheetseries.owasp.org/",
            "https://www.sigstore.dev/",
        ),
    ),
    Topic(
        "Distributed systems",
        ("distributed-systems", "kafka", "queues", "consensus", "caching", "architecture"),
        (
            "idempotent consumers",
            "exactly-once delivery",
            "a cache stampede",
            "backpressure",
            "leader election",
            "the outbox pattern",
            "retries with jitter",
            "a circuit breaker",
            "eventual consistency",
        ),
        ("Kafka", "Redis", "RabbitMQ", "etcd", "NATS", "Temporal"),
        (
            "a retry storm",
            "a duplicated payment",
            "a queue that grew without bound",
            "a split brain after a network partition",
            "a thundering herd on cache expiry",
        ),
        ("go", "python", "java"),
        (
            "https://aphyr.com/posts/313-strong-consistency-models",
            "https://raft.github.io/",
            "https://kafka.apache.org/documentation/",
        ),
    ),
    Topic(
        "Tools",
        ("git", "vim", "shell", "productivity", "cli", "emacs"),
        (
            "interactive rebase",
            "a shell pipeline",
            "dotfiles",
            "a terminal multiplexer",
            "git bisect",
            "a command-line tool",
            "editor macros",
            "a Makefile",
        ),
        ("git", "tmux", "Neovim", "ripgrep", "fzf", "jq", "make", "zsh"),
        (
            "a merge that lost a week of work",
            "a script that only worked on my laptop",
            "a repository too large to clone",
            "a shell alias that did the wrong thing",
        ),
        ("bash", "python", "make"),
        (
            "https://git-scm.com/book/en/v2",
            "https://www.gnu.org/software/bash/manual/",
            "https://jqlang.github.io/jq/manual/",
        ),
    ),
    Topic(
        "Career",
        ("career", "mentoring", "writing", "teams", "interviewing"),
        (
            "code review",
            "design documents",
            "on-call",
            "technical writing",
            "mentoring juniors",
            "estimates",
            "a promotion packet",
            "pairing",
        ),
        ("RFCs", "retrospectives", "one-on-ones", "a team wiki", "postmortems"),
        (
            "a review that took two weeks",
            "a project that slipped three times",
            "burnout after a hard quarter",
            "a design nobody read",
        ),
        ("python", "bash", "yaml"),
        (
            "https://google.github.io/eng-practices/review/",
            "https://www.industrialempathy.com/posts/design-docs-at-google/",
            "https://sre.google/sre-book/postmortem-culture/",
        ),
    ),
)

# Tags every topic can borrow: a long tail under the topic tags.
GENERAL_TAGS = (
    "performance",
    "debugging",
    "til",
    "open-source",
    "architecture",
    "lessons-learned",
    "tutorial",
    "refactoring",
    "incident",
    "benchmarks",
    "api-design",
    "reliability",
    "side-project",
    "book-notes",
    "conference",
)

SERIES_NAMES = {
    "Databases": ("Postgres internals", "Indexing by example"),
    "Python": ("Typed Python in practice", "Packaging without tears"),
    "Rust": ("Rust for Python developers", "Writing a parser in Rust"),
    "Go": ("Concurrency patterns in Go",),
    "Infrastructure": ("Kubernetes the hard way, again", "Homelab notes"),
    "Observability": ("Tracing from scratch",),
    "Frontend": ("Accessible components",),
    "Testing": ("Property-based testing",),
    "Security": ("Auth done right",),
    "Distributed systems": ("Building a job queue", "Consistency models"),
    "Tools": ("Git under the hood",),
    "Career": ("Notes on staff engineering",),
}

TITLE_PATTERNS = (
    "What I learned about {thing} from {problem}",
    "Debugging {problem} with {tool}",
    "A practical guide to {thing}",
    "{Thing} is not what you think",
    "How we fixed {problem}",
    "{N} things I wish I knew about {thing}",
    "Why {thing} matters more than {thing2}",
    "Understanding {thing} in {tool}",
    "From {tool} to {tool2}: a migration story",
    "{Thing}, explained with one diagram",
    "The day {problem} took us down",
    "Notes on {thing}",
    "Getting {thing} right in {tool}",
    "When {thing} is the wrong answer",
    "A second look at {thing}",
    "{Thing} for people in a hurry",
    "Measuring {thing} before optimising it",
    "Replacing {tool} with {tool2}",
    "Lessons from {problem}",
    "Stop worrying about {thing}",
)

OPENERS = (
    "Last {when}, {problem} cost us {hours} hours and most of a weekend.",
    "I have written about {thing} before, but I got one important detail wrong.",
    "Every team I have worked with eventually runs into {problem}.",
    "This post started as a note to myself after a long afternoon with {tool}.",
    "A reader asked me how we handle {thing}, and the honest answer was longer than an email.",
    "For years I treated {thing} as a detail; {problem} changed my mind.",
    "There is a lot of advice about {thing} online, and much of it is out of date.",
    "We migrated {count} services to {tool} this {when}, and {thing} was the hard part.",
)

SENTENCES = (
    "The first thing to check is {thing}, because it explains most of the symptoms.",
    "{Tool} makes this visible if you know where to look.",
    "In our case the numbers were clear: {metric} went from {a} to {b} after the change.",
    "It is tempting to reach for {tool2} here, but that only moves the problem.",
    "Nothing about {thing} is complicated on its own; the trouble starts when it meets {thing2}.",
    "I measured it three times before believing it.",
    "The documentation covers the happy path and says little about {problem}.",
    "A small change to {thing} removed {pct}% of the work.",
    "We had assumed {thing2} was free, and it was not.",
    "If you remember one thing from this post, make it this: measure {metric} first.",
    "The fix was {lines} lines; finding it took {hours} hours.",
    "Most of the cost was hidden in {thing}, which nobody had looked at since {year}.",
    "This is where {tool} earns its place in the toolbox.",
    "Our first attempt made {metric} worse, which taught us more than a success would have.",
    "Reading the source of {tool} turned out to be faster than searching for answers.",
    "The trade-off is real: you gain {benefit} and pay for it with {cost}.",
    "A colleague pointed out that {thing} behaves differently under load.",
    "After the change, {metric} stayed flat for {weeks} weeks, the best result I can report.",
    "None of this needs a new framework; it needs a clear picture of {thing}.",
    "The logs said nothing useful until we added {thing2} to them.",
    "On a laptop everything looked fine; in production {problem} appeared within an hour.",
    "It helps to write down what you expect to see before you run {tool}.",
    "We kept the old path behind a flag for {weeks} weeks, just in case.",
    "The surprising part was how little code {thing} actually needed.",
    "I would not do this for a prototype, but for a service with {count} users it pays off.",
    "The benchmark ran {count} iterations and the variance stayed under {pct}%.",
    "Looking back, {problem} was a symptom, and {thing} was the cause.",
    "There are three ways to approach {thing}, and only one survives contact with {problem}.",
    "{Tool2} has a good answer for this, though its defaults are surprising.",
    "This is also why {thing2} keeps showing up in postmortems.",
    "Keep an eye on {metric}; it moves before anything else does.",
    "Explaining {thing} to a new teammate is the best test of whether you understand it.",
    "We wrote a short runbook so the next person does not repeat our {hours} hours.",
    "The result is less clever than the first version and much easier to operate.",
    "Whatever you choose, write the decision down next to the code.",
    "I expected {tool} to be the bottleneck; the profile said otherwise.",
    "That single graph convinced the rest of the team more than any document could.",
    "If {thing} sounds like overkill, you are probably right for now.",
    "The graph of {metric} over the last {weeks} weeks tells the story better than I can.",
    "{Thing} is one of those ideas that is easy to state and hard to apply.",
    "We rolled the change out to {pct}% of traffic first and watched {metric}.",
    "It took a pairing session and a whiteboard to see how {thing} and {thing2} interact.",
    "The old code was not wrong; it was written for a load ten times smaller.",
    "My rule of thumb: if {tool} needs a wiki page to explain its configuration, simplify it.",
    "At {count} requests per second, every allocation shows up in the profile.",
    "The vendor blog post made {thing} sound simple, and for a demo it is.",
    "You can reproduce this locally with {tool} and a few lines of setup.",
    "This only became visible once we graphed {metric} per endpoint instead of per service.",
    "The changelog of {tool} mentions it in a single line.",
    "I asked around, and two other teams had hit {problem} the same {when}.",
    "Rolling back took {lines} minutes, which is the number I am proudest of.",
    "Here the details matter more than the architecture diagram.",
    "A week later, {metric} was back where it started, and we had to look again.",
    "We argued about {thing2} for a while and then ran the experiment instead.",
    "The code below is simplified, but the shape is what runs in production.",
    "{Tool} gives you the knobs; deciding which ones to turn is still your job.",
    "It is worth reading how {tool2} solved the same problem, even if you do not adopt it.",
    "Once {thing} was in place, the on-call rotation got noticeably quieter.",
    "I would love to say this was planned, but we found it by accident.",
    "Every shortcut here came back to us within a {when}.",
    "The hardest part was convincing ourselves that {thing2} was not involved.",
    "Two of the fixes I tried first made no difference at all.",
    "In hindsight the warning signs were in {metric} for weeks.",
    "New hires now learn {thing} in their first week, which says a lot.",
    "If your team is small, start with {tool} and revisit in a year.",
    "There is no silver bullet here, only a list of careful defaults.",
    "This is the part most tutorials about {thing} skip.",
)

LIST_ITEMS = (
    "Measure {metric} first, then change one thing at a time.",
    "Keep {thing} out of the hot path.",
    "Turn on `{flag}` in {tool} while you investigate.",
    "Write a test that reproduces {problem} before fixing it.",
    "Read the release notes of {tool} before upgrading.",
    "Prefer boring defaults for {thing2}.",
    "Set an alert on {metric}, not on CPU.",
    "Document why {thing} is configured the way it is.",
    "Budget {pct}% of the sprint for cleanup.",
    "Check {thing2} when {metric} moves unexpectedly.",
    "Automate the rollback before automating the rollout.",
    "Ask whether {tool2} is needed at all.",
)

HEADINGS = (
    "Background",
    "The problem",
    "What we measured",
    "A first attempt",
    "Why {thing} matters",
    "Digging into {tool}",
    "The fix",
    "Results",
    "What about {thing2}?",
    "Trade-offs",
    "In production",
    "Lessons learned",
    "Further reading",
    "Common mistakes",
    "How {tool} does it",
    "A simpler alternative",
)

METRICS = (
    "p99 latency",
    "memory per request",
    "the error rate",
    "build time",
    "CPU time per query",
    "queue depth",
    "time to first byte",
    "cold start time",
    "allocations per request",
    "disk I/O",
)

FLAGS = (
    "--verbose",
    "log_min_duration_statement",
    "-race",
    "RUST_BACKTRACE=1",
    "--trace",
    "-X importtime",
)
BENEFITS = ("predictable latency", "simpler code", "faster deploys", "fewer pages at night")
COSTS = ("more memory", "a second code path", "slower writes", "an extra moving part")
WHENS = ("spring", "summer", "autumn", "winter", "quarter", "month")


@dataclass
class Post:
    slug: str
    title: str
    date: datetime
    topic: Topic
    tags: list[str]
    description: str
    series: str | None = None
    draft: bool = False
    intro: str = ""  # the first paragraph (before Material's <!-- more --> separator)
    body: str = ""  # the rest of the Markdown
    links_to: list[str] = field(default_factory=list)  # slugs of earlier posts linked from it

    @property
    def uid(self) -> str:
        return _uuid(self.slug)


def _uuid(slug: str) -> str:
    import hashlib

    digest = hashlib.sha256(slug.encode()).hexdigest()
    return f"urn:uuid:{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Fills sentence patterns with one topic's words, using one seeded random generator."""

    def __init__(self, rng: random.Random, topic: Topic) -> None:
        self.rng = rng
        self.topic = topic
        self.deck: list[str] = []

    def fill(self, pattern: str) -> str:
        rng, topic = self.rng, self.topic
        thing, thing2 = rng.sample(topic.things, 2)
        tool, tool2 = rng.sample(topic.tools, 2)
        a = rng.choice((12, 18, 40, 85, 120, 250, 400, 900))
        values = {
            "thing": thing,
            "Thing": _cap(thing),
            "thing2": thing2,
            "tool": tool,
            "Tool": _cap(tool),
            "tool2": tool2,
            "Tool2": _cap(tool2),
            "problem": rng.choice(topic.problems),
            "metric": rng.choice(METRICS),
            "a": f"{a} ms",
            "b": f"{max(1, a // rng.choice((2, 3, 5, 8)))} ms",
            "pct": str(rng.choice((3, 5, 10, 15, 20, 30, 40, 60))),
            "lines": str(rng.choice((2, 3, 7, 12, 30))),
            "hours": str(rng.choice((2, 3, 6, 9, 14, 20))),
            "weeks": str(rng.choice((2, 3, 4, 6, 8))),
            "count": str(rng.choice((12, 40, 150, 3000, 20000))),
            "year": str(rng.choice(range(2012, 2023))),
            "when": rng.choice(WHENS),
            "flag": rng.choice(FLAGS),
            "benefit": rng.choice(BENEFITS),
            "cost": rng.choice(COSTS),
            "N": str(rng.choice((3, 5, 7, 10))),
        }
        return pattern.format(**values)

    def _draw(self) -> str:
        # A shuffled deck, so a post repeats a sentence pattern only after using all of them.
        if not self.deck:
            self.deck = list(SENTENCES)
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def paragraph(self, sentences: int) -> str:
        text = [self.fill(self._draw()) for _ in range(sentences)]
        if self.rng.random() < 0.35:
            word = self.rng.choice(self.topic.tools)
            i = self.rng.randrange(len(text))
            text[i] = text[i].replace(word, f"`{word}`", 1) if word in text[i] else text[i]
        return " ".join(text)

    def bullet_list(self) -> str:
        count = self.rng.randint(3, 6)
        items = [self.fill(s) for s in self.rng.sample(LIST_ITEMS, count)]
        if self.rng.random() < 0.4:
            return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        return "\n".join(f"- {item}" for item in items)


def _words(text: str) -> int:
    return len(text.split())


def _slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:70].rstrip("-")


def make_posts(n: int, seed: int = 1) -> list[Post]:
    """`n` posts, oldest first; the same for the same `n` and `seed`."""
    from snippets import snippet

    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(TOPICS))]
    span = (LAST_DATE - FIRST_DATE).total_seconds()
    slugs: set[str] = set()
    series_counts: dict[str, int] = {}
    posts: list[Post] = []
    for i in range(n):
        topic = rng.choices(TOPICS, weights)[0]
        writer = _Writer(rng, topic)
        # Evenly spread over the years with some jitter, so every year has posts at any n.
        when = FIRST_DATE + timedelta(seconds=span * (i + rng.random() * 0.9) / n)
        when = when.replace(second=0, microsecond=0)
        title = writer.fill(rng.choice(TITLE_PATTERNS))
        slug = _slugify(title)
        if slug in slugs:
            slug = f"{slug}-{i}"
        slugs.add(slug)
        tag_count = rng.choice((2, 3, 3, 4))
        topic_tags = rng.sample(topic.tags[:4], 1) + rng.sample(topic.tags, min(2, tag_count - 1))
        # A long tail: the first general tags are common, the last ones rare.
        general = rng.choices(GENERAL_TAGS, [1 / (r + 1) for r in range(len(GENERAL_TAGS))])
        tags = list(dict.fromkeys([*topic_tags, *general]))[:tag_count]
        series = None
        if rng.random() < 0.12:
            name = rng.choice(SERIES_NAMES[topic.category])
            series = name
            series_counts[name] = series_counts.get(name, 0) + 1
        description = writer.fill(
            rng.choice(
                (
                    "What {problem} taught me about {thing}.",
                    "A hands-on look at {thing} with {tool}.",
                    "How we got {metric} under control by rethinking {thing}.",
                    "{Thing}, {thing2} and the trade-offs between them.",
                )
            )
        )
        post = Post(
            slug=slug,
            title=title,
            date=when,
            topic=topic,
            tags=tags,
            description=description,
            series=series,
            draft=rng.random() < 0.01,
        )
        _write_body(post, writer, rng, posts, snippet)
        posts.append(post)
    return posts


def _write_body(
    post: Post, writer: _Writer, rng: random.Random, earlier: list[Post], snippet: object
) -> None:
    topic = post.topic
    published = [p for p in earlier[-220:] if not p.draft]  # nobody links to a draft
    target = rng.randint(800, 1500)
    post.intro = writer.fill(rng.choice(OPENERS)) + " " + writer.paragraph(rng.randint(2, 3))
    blocks: list[str] = []
    words = _words(post.intro)
    languages = rng.sample(topic.languages, min(len(topic.languages), rng.choice((2, 3))))
    code_at = sorted(rng.sample(range(1, 6), len(languages)))
    headings = rng.sample(HEADINGS, 7)
    section = 0
    while words < target or section < 4:
        heading = writer.fill(headings[section % len(headings)])
        level = "###" if section and rng.random() < 0.2 else "##"
        blocks.append(f"{level} {heading}")
        for _ in range(rng.randint(1, 3)):
            paragraph = writer.paragraph(rng.randint(3, 6))
            if rng.random() < 0.3:
                url = rng.choice(topic.docs)
                paragraph += f" The [reference documentation]({url}) has the details."
            if published and rng.random() < 0.25:
                other = rng.choice(published[-200:])
                post.links_to.append(other.slug)
                paragraph += f" I covered the background in [{other.title}]({other.slug}.md)."
            blocks.append(paragraph)
            words += _words(paragraph)
        if rng.random() < 0.5:
            items = writer.bullet_list()
            blocks.append(items)
            words += _words(items)
        if code_at and code_at[0] == section:
            code_at.pop(0)
            lang = languages.pop(0)
            code = snippet(lang, rng)  # type: ignore[operator]
            blocks.append(f"```{lang}\n{code}\n```")
            words += _words(code)
        section += 1
    for lang in languages:  # sections ran out before every code block was placed
        blocks.append(f"```{lang}\n{snippet(lang, rng)}\n```")  # type: ignore[operator]
    if rng.random() < 0.3:
        blocks.append(
            "!!! note\n\n    "
            + writer.fill("This applies to {tool} as of {year}; check newer releases.")
        )
    post.body = "\n\n".join(blocks) + "\n"
