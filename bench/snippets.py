"""Code blocks for the generated posts: small, plausible programs with varied names and numbers.

Each language has a few shapes; names, numbers and string literals are drawn from the post's
seeded random generator so Pygments highlights different code in every post.
"""

from __future__ import annotations

import random

NOUNS = (
    "order",
    "user",
    "invoice",
    "event",
    "job",
    "session",
    "report",
    "payment",
    "shard",
    "tenant",
)
VERBS = (
    "load",
    "fetch",
    "sync",
    "index",
    "process",
    "retry",
    "publish",
    "archive",
    "scan",
    "merge",
)


def _names(rng: random.Random) -> tuple[str, str, str, int, int]:
    noun, other = rng.sample(NOUNS, 2)
    verb = rng.choice(VERBS)
    return noun, other, verb, rng.choice((5, 10, 30, 64, 100, 500)), rng.choice((2, 3, 8, 16))


def _python(rng: random.Random) -> str:
    noun, other, verb, limit, n = _names(rng)
    shapes = (
        f'''import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class {noun.title()}:
    id: int
    {other}_id: int
    total_cents: int


async def {verb}_{noun}s(pool, ids: list[int]) -> list[{noun.title()}]:
    """{verb.title()} {noun}s in batches of {limit} so one slow query cannot block the rest."""
    results: list[{noun.title()}] = []
    for start in range(0, len(ids), {limit}):
        batch = ids[start : start + {limit}]
        rows = await pool.fetch(QUERY_{noun.upper()}S, batch)
        results.extend({noun.title()}(**row) for row in rows)
    return results''',
        f'''import pytest


@pytest.fixture
def {noun}(tmp_path):
    path = tmp_path / "{noun}.json"
    path.write_text('{{"id": {n}, "status": "new"}}')
    return path


@pytest.mark.parametrize("attempts", [1, {n}, {limit}])
def test_{verb}_is_idempotent({noun}, attempts):
    for _ in range(attempts):
        {verb}({noun})
    assert read_status({noun}) == "done"''',
        f"""import time
from contextlib import contextmanager


@contextmanager
def timed(label: str, log=print):
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = (time.perf_counter() - start) * 1000
        log(f"{{label}}: {{elapsed:.1f}} ms")


with timed("{verb} {noun}s"):
    for {noun} in {noun}s[:{limit}]:
        {verb}({noun}, retries={n})""",
    )
    return rng.choice(shapes)


def _sql(rng: random.Random) -> str:
    noun, other, _verb, limit, n = _names(rng)
    shapes = (
        f"""EXPLAIN (ANALYZE, BUFFERS)
SELECT o.id, o.created_at, u.email
FROM {noun}s AS o
JOIN {other}s AS u ON u.id = o.{other}_id
WHERE o.status = 'pending'
  AND o.created_at > now() - interval '{n} days'
ORDER BY o.created_at DESC
LIMIT {limit};""",
        f"""CREATE INDEX CONCURRENTLY IF NOT EXISTS {noun}s_{other}_created_idx
    ON {noun}s ({other}_id, created_at DESC)
    WHERE deleted_at IS NULL;

ANALYZE {noun}s;""",
        f"""WITH recent AS (
    SELECT {other}_id, count(*) AS n
    FROM {noun}s
    WHERE created_at >= date_trunc('week', now())
    GROUP BY {other}_id
)
SELECT {other}_id, n
FROM recent
WHERE n > {limit}
ORDER BY n DESC;""",
    )
    return rng.choice(shapes)


def _bash(rng: random.Random) -> str:
    noun, _other, verb, limit, n = _names(rng)
    shapes = (
        f"""#!/usr/bin/env bash
set -euo pipefail

for attempt in $(seq 1 {n}); do
  if curl --fail --silent "http://localhost:8080/{noun}s/health"; then
    echo "ready after $attempt attempt(s)"
    exit 0
  fi
  sleep {n}
done
echo "{noun} service did not start" >&2
exit 1""",
        f"""git log --since="{n} weeks ago" --pretty=format:'%h %an %s' -- src/{noun}/ \\
  | grep -v "Merge" \\
  | head -n {limit}""",
        f"""rg --json '{verb}_{noun}' src/ \\
  | jq -r 'select(.type == "match") | .data.path.text' \\
  | sort | uniq -c | sort -rn | head -{n}""",
    )
    return rng.choice(shapes)


def _rust(rng: random.Random) -> str:
    noun, other, verb, limit, n = _names(rng)
    shapes = (
        f"""use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct {noun.title()} {{
    pub id: u64,
    pub {other}_id: u64,
}}

pub fn {verb}_by_{other}(items: &[{noun.title()}]) -> HashMap<u64, Vec<&{noun.title()}>> {{
    let mut groups: HashMap<u64, Vec<&{noun.title()}>> = HashMap::with_capacity({limit});
    for item in items {{
        groups.entry(item.{other}_id).or_default().push(item);
    }}
    groups
}}""",
        f"""use tokio::time::{{sleep, Duration}};

async fn {verb}_with_retry(client: &Client, id: u64) -> Result<{noun.title()}, Error> {{
    let mut delay = Duration::from_millis({limit});
    for attempt in 0..{n} {{
        match client.{verb}(id).await {{
            Ok(value) => return Ok(value),
            Err(err) if err.is_transient() => {{
                tracing::warn!(attempt, %err, "retrying");
                sleep(delay).await;
                delay *= 2;
            }}
            Err(err) => return Err(err),
        }}
    }}
    client.{verb}(id).await
}}""",
    )
    return rng.choice(shapes)


def _go(rng: random.Random) -> str:
    noun, _other, verb, limit, n = _names(rng)
    shapes = (
        f"""func {verb}All(ctx context.Context, ids []int64) error {{
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit({n})
	for _, id := range ids {{
		g.Go(func() error {{
			ctx, cancel := context.WithTimeout(ctx, {limit}*time.Millisecond)
			defer cancel()
			return {verb}{noun.title()}(ctx, id)
		}})
	}}
	return g.Wait()
}}""",
        f"""func Benchmark{verb.title()}{noun.title()}(b *testing.B) {{
	items := make([]{noun.title()}, {limit})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {{
		if err := {verb}(items); err != nil {{
			b.Fatal(err)
		}}
	}}
}}""",
    )
    return rng.choice(shapes)


def _yaml(rng: random.Random) -> str:
    noun, _other, verb, limit, n = _names(rng)
    shapes = (
        f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {noun}-{verb}er
spec:
  replicas: {n}
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/{noun}:1.{limit}.0
          resources:
            requests: {{cpu: 250m, memory: 256Mi}}
            limits: {{memory: 512Mi}}
          readinessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            periodSeconds: {n}""",
        f"""name: test
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: {limit if limit < 60 else 30}
    steps:
      - uses: actions/checkout@v4
      - run: make test-{noun}
        env:
          RETRIES: "{n}\"""",
    )
    return rng.choice(shapes)


def _toml(rng: random.Random) -> str:
    noun, _other, verb, _limit, n = _names(rng)
    return f"""[package]
name = "{noun}-{verb}er"
version = "0.{n}.0"
edition = "2021"

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
tokio = {{ version = "1", features = ["rt-multi-thread", "macros"] }}

[profile.release]
lto = true
codegen-units = {min(n, 16)}"""


def _dockerfile(rng: random.Random) -> str:
    noun, _other, _verb, _limit, _n = _names(rng)
    return f"""FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml .
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && useradd --create-home app
USER app
CMD ["{noun}-server", "--port", "8080"]"""


def _typescript(rng: random.Random) -> str:
    noun, other, verb, limit, n = _names(rng)
    return f"""type Result<T> = {{ ok: true; value: T }} | {{ ok: false; error: string }};

export async function {verb}{noun.title()}s(
  {other}Id: string,
  signal?: AbortSignal,
): Promise<Result<{noun.title()}[]>> {{
  const response = await fetch(`/api/{other}s/${{{other}Id}}/{noun}s?limit={limit}`, {{ signal }});
  if (!response.ok) {{
    return {{ ok: false, error: `HTTP ${{response.status}}` }};
  }}
  const items = (await response.json()) as {noun.title()}[];
  return {{ ok: true, value: items.slice(0, {n * 10}) }};
}}"""


def _javascript(rng: random.Random) -> str:
    noun, _other, verb, limit, n = _names(rng)
    return f"""const observer = new PerformanceObserver((list) => {{
  for (const entry of list.getEntries()) {{
    if (entry.duration > {limit}) {{
      console.warn("slow {verb}", entry.name, Math.round(entry.duration));
    }}
  }}
}});
observer.observe({{ type: "measure", buffered: true }});

performance.mark("{noun}-start");
await {verb}{noun.title()}s({n});
performance.measure("{verb}-{noun}", "{noun}-start");"""


def _css(rng: random.Random) -> str:
    noun, _other, _verb, limit, n = _names(rng)
    return f""".{noun}-grid {{
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax({limit + 120}px, 1fr));
  gap: {n / 4:.2f}rem;
}}

.{noun}-card:focus-visible {{
  outline: 3px solid var(--accent);
  outline-offset: 2px;
}}

@media (prefers-reduced-motion: reduce) {{
  .{noun}-card {{ transition: none; }}
}}"""


def _java(rng: random.Random) -> str:
    noun, _other, verb, limit, n = _names(rng)
    cls = noun.title()
    return f"""public final class {cls}Consumer {{
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public void on{cls}(Record<String, {cls}> record) {{
        String key = record.headers().get("idempotency-key");
        if (!seen.add(key)) {{
            return; // delivered twice: already {verb}ed
        }}
        retry({n}, Duration.ofMillis({limit}), () -> {verb}(record.value()));
    }}
}}"""


def _make(rng: random.Random) -> str:
    noun, _other, verb, _limit, n = _names(rng)
    return f""".PHONY: test lint {verb}

test:
\tpytest -q -n {n} tests/{noun}

lint:
\truff check . && mypy --strict src

{verb}: build/{noun}.json
\tpython -m tools.{verb} build/{noun}.json"""


_LANGUAGES = {
    "python": _python,
    "sql": _sql,
    "bash": _bash,
    "rust": _rust,
    "go": _go,
    "yaml": _yaml,
    "toml": _toml,
    "dockerfile": _dockerfile,
    "typescript": _typescript,
    "javascript": _javascript,
    "css": _css,
    "java": _java,
    "make": _make,
}


def snippet(language: str, rng: random.Random) -> str:
    return _LANGUAGES[language](rng)
