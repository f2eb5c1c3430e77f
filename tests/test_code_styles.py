"""Pygments class tables shared between formatters (content.code_styles) change no HTML."""

from __future__ import annotations

import subprocess
import sys

from brandkit.render import code_styles

DOC = """# Code

```python
def f(x: int) -> str:
    return f"{x!r}"  # comment
```

```sql
SELECT a, b FROM t WHERE c > 1;
```

```yaml title="config.yml" linenums="3" hl_lines="2"
key: value
list: [1, 2]
```

Inline `#!python print("hi")` and `plain`.
"""

SCRIPT = f"""
import markdown
from brandkit.render import code_styles
if sys.argv[1] == "shared":
    code_styles.install()
md = markdown.Markdown(
    extensions=["pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences"],
    extension_configs={{"pymdownx.highlight": {{"anchor_linenums": True}}}},
)
for _ in range(3):
    md.reset()
    print(md.convert({DOC!r}))
for style in ("default", "monokai"):
    from pygments.formatters.html import HtmlFormatter
    for prefix in ("", "x-"):
        f = HtmlFormatter(style=style, classprefix=prefix)
        print(sorted(map(repr, f.ttype2class.items())), sorted(f.class2style.items(), key=repr))
"""


def run(mode: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + SCRIPT, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_shared_tables_give_the_same_html() -> None:
    assert run("shared") == run("own")


def test_install_twice_keeps_one_layer() -> None:
    from pygments.formatters.html import HtmlFormatter

    code_styles.install()
    first = HtmlFormatter._create_stylesheet
    code_styles.install()
    assert HtmlFormatter._create_stylesheet is first
