"""The GitHub Actions workflow `brandkit ci` writes to .github/workflows/brandkit.yml.

Pure text generation: the options come in as a `WorkflowOptions`, the YAML comes out. The file
records the brandkit version that wrote it (`# brandkit-version: X`) so `brandkit doctor` can tell
when it is older than the installed brandkit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

WORKFLOW_PATH = ".github/workflows/brandkit.yml"
STATE_FILE = ".brandkit/state.json"
_VERSION_MARK = re.compile(r"^# brandkit-version: (\S+)\s*$", re.MULTILINE)
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.!+_-]+$")
# Five cron fields; the minute must be a single number other than 0 (see _schedule_comment).
_CRON = re.compile(r"^(\d{1,2}) (\S+) (\S+) (\S+) (\S+)$")


@dataclass(frozen=True)
class WorkflowOptions:
    version: str  # brandkit version that writes the file; also the version CI installs
    method: str = "actions"  # "actions" (Pages actions) or "branch" (push to the Pages branch)
    source_branch: str = "main"
    pages_branch: str = "gh-pages"
    remote: str = "origin"
    schedule: str = "17 6 * * *"
    python: str = "3.12"
    install: str = ""  # pip arguments; default: brandkit pinned to `version`
    working_directory: str = ""  # where mkdocs.yml lives, relative to the repository root
    site_dir: str = "site"
    newsletter: bool = False  # add the notify job (`brandkit announce --yes`)
    secret_env: Sequence[str] = field(default_factory=tuple)  # env vars the senders declare
    plugins: Sequence[str] = field(default_factory=tuple)  # pip requirements of plugin packages


def check_options(options: WorkflowOptions) -> list[str]:
    """Problems with the options, each a sentence saying what to change."""
    problems: list[str] = []
    if options.method not in ("actions", "branch"):
        problems.append(f"method {options.method!r} must be `actions` or `branch`.")
    match = _CRON.match(options.schedule.strip())
    if not match or not 0 < int(match.group(1)) < 60:
        problems.append(
            f"schedule {options.schedule!r} must be a five-field cron whose minute is one "
            "number from 1 to 59 (off the hour), e.g. '17 6 * * *'."
        )
    for name in options.secret_env:
        if not _ENV_NAME.match(name):
            problems.append(
                f"environment variable name {name!r} is not valid (GitHub secret names are "
                "letters, digits and underscores, e.g. BUTTONDOWN_API_KEY)."
            )
    for requirement in options.plugins:
        if not _REQUIREMENT.match(requirement):
            problems.append(f"plugin requirement {requirement!r} is not `name==version`.")
    return problems


def recorded_version(text: str) -> str | None:
    """The brandkit version a workflow file says wrote it, or None if it has no marker."""
    match = _VERSION_MARK.search(text)
    return match.group(1) if match else None


def render(options: WorkflowOptions) -> str:
    problems = check_options(options)
    if problems:
        raise ValueError(" ".join(problems))
    parts = [_header(options), _triggers(options)]
    if options.method == "actions":
        parts.append(_actions_jobs(options))
    else:
        parts.append(_branch_jobs(options))
    if options.newsletter:
        parts.append(_notify_job(options))
    return "\n".join(parts)


def _header(o: WorkflowOptions) -> str:
    method = (
        "GitHub's Pages actions (Settings > Pages > Source: GitHub Actions)"
        if o.method == "actions"
        else f"a push to the `{o.pages_branch}` branch (Settings > Pages > Source: "
        f"Deploy from a branch, {o.pages_branch} / root)"
    )
    return f"""\
# Written by `brandkit ci` (brandkit {o.version}): build the site and publish it to GitHub Pages.
# brandkit-version: {o.version}
#
# It deploys through {method}.
# - On every push to `{o.source_branch}` it checks, builds (strict) and deploys.
# - Once a day it rebuilds so posts dated in the future go live on their day, and deploys only if
#   that made something new visible (the built sitemap and feed compared with the deployed ones).
# - After a successful deploy, the `notify` job (present when a newsletter is configured) announces
#   new posts and commits brandkit's state file back, so no post is announced twice.
# Regenerate after upgrading brandkit with `brandkit ci --force`; `brandkit doctor` reports when
# this file is older than the installed brandkit. Edits by hand are lost on regeneration.
name: brandkit
"""


def _triggers(o: WorkflowOptions) -> str:
    minute, hour = o.schedule.split()[:2]
    return f"""\
on:
  push:
    branches: [{_yaml_str(o.source_branch)}]
  schedule:
    # {_schedule_comment(minute, hour)}
    - cron: "{o.schedule}"
  workflow_dispatch: {{}}  # a "Run workflow" button in the Actions tab

# Least privilege by default; each job asks for what it needs below.
permissions:
  contents: read

# One run at a time, and a new one waits instead of cancelling a deploy or an announcement half
# way: two overlapping runs could otherwise send the same newsletter twice.
concurrency:
  group: brandkit-pages
  cancel-in-progress: false
"""


def _schedule_comment(minute: str, hour: str) -> str:
    when = f"{int(hour):02d}:{int(minute):02d} UTC" if hour.isdigit() else f"minute {minute}"
    return (
        f"Daily at {when}. Scheduled runs start late or are dropped at busy times, worst on the "
        "hour, so the minute is off the hour. Runs on the default branch."
    )


def _setup_steps(o: WorkflowOptions, *, history: bool) -> str:
    install = o.install or f'"brandkit=={o.version}"'
    plugins = "".join(f' "{requirement}"' for requirement in o.plugins)
    note = "# Pinned to the version that wrote this workflow; change it with `brandkit ci --force`."
    if o.plugins:
        note += "\n        # Plus the plugin packages of the configured senders, as installed."
    depth = (
        """
        with:
          # Full history: post dates and "last updated" come from git, and a shallow clone gives
          # every file the date of the latest commit.
          fetch-depth: 0"""
        if history
        else ""
    )
    return f"""\
      - uses: actions/checkout@v4{depth}
      - uses: actions/setup-python@v5
        with:
          python-version: "{o.python}"
      - name: Install brandkit
        {note}
        run: python -m pip install {install}{plugins}
"""


def _defaults(o: WorkflowOptions) -> str:
    if not o.working_directory:
        return ""
    return f"""\
    defaults:
      run:
        working-directory: {_yaml_str(o.working_directory)}
"""


def _site_path(o: WorkflowOptions) -> str:
    if not o.working_directory:
        return o.site_dir
    return f"{o.working_directory.rstrip('/')}/{o.site_dir}"


def _check_build_decide(*, env: str, compared_with: str, changed_args: str) -> str:
    """The steps both deploy methods run before deploying: check, build strictly, and decide
    whether the daily run has anything `compared_with` does not (`brandkit ci changed`)."""
    return f"""\
      - name: Check content
        run: brandkit check
      - name: Build (strict; a warning fails the run and nothing is deployed)
        run: brandkit build --strict
      - name: Decide whether to deploy
        id: changed
        env:
          EVENT: ${{{{ github.event_name }}}}
{env}        # Pushes and manual runs always deploy. The daily run deploys only when the new build
        # shows something {compared_with} does not (a scheduled post whose date has come).
        run: |
          if [ "$EVENT" = "schedule" ]; then
            brandkit ci changed {changed_args}
          else
            echo "changed=true" >> "$GITHUB_OUTPUT"
          fi
"""


def _actions_jobs(o: WorkflowOptions) -> str:
    checks = _check_build_decide(
        env="          PAGES_URL: ${{ steps.pages.outputs.base_url }}\n",
        compared_with="the live site",
        changed_args='--live "$PAGES_URL/"',
    )
    return f"""\
jobs:
  build:
    runs-on: ubuntu-latest
{_defaults(o)}    outputs:
      deploy: ${{{{ steps.changed.outputs.changed }}}}
    steps:
{_setup_steps(o, history=True)}      - name: Configure GitHub Pages
        id: pages
        uses: actions/configure-pages@v5
{checks}      - name: Upload the site for GitHub Pages
        if: steps.changed.outputs.changed == 'true'
        uses: actions/upload-pages-artifact@v3
        with:
          path: {_yaml_str(_site_path(o))}

  deploy:
    needs: build
    if: needs.build.outputs.deploy == 'true'
    runs-on: ubuntu-latest
    # deploy-pages needs to write Pages and to prove who it is with an OIDC token.
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


def _branch_jobs(o: WorkflowOptions) -> str:
    checks = _check_build_decide(
        env="",
        compared_with="the deployed branch",
        changed_args=f"--branch {_shell_word(f'{o.remote}/{o.pages_branch}')}",
    )
    return f"""\
jobs:
  deploy:
    runs-on: ubuntu-latest
{_defaults(o)}    # Pushing the built site to `{o.pages_branch}` needs write access to contents.
    permissions:
      contents: write
    outputs:
      deployed: ${{{{ steps.changed.outputs.changed }}}}
    steps:
{_setup_steps(o, history=True)}      - name: Commit as the GitHub Actions bot
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
{checks}      - name: Deploy to the {o.pages_branch} branch
        if: steps.changed.outputs.changed == 'true'
        # Checks and builds again, then pushes a new commit on top of the branch (history kept).
        run: brandkit deploy --remote {_shell_word(o.remote)} --branch {_shell_word(o.pages_branch)}
"""


def _notify_job(o: WorkflowOptions) -> str:
    needs_if = (
        "needs.deploy.result == 'success'"
        if o.method == "actions"
        else "needs.deploy.outputs.deployed == 'true'"
    )
    env_lines = "".join(
        f"          {name}: ${{{{ secrets.{name} }}}}\n" for name in sorted(set(o.secret_env))
    )
    env_block = (
        "        # The secrets the configured senders declare: add each one under Settings >\n"
        "        # Secrets and variables > Actions (`brandkit doctor` names the missing ones).\n"
        f"        env:\n{env_lines}"
        if env_lines
        else ""
    )
    state = _shell_word(
        f"{o.working_directory.rstrip('/')}/{STATE_FILE}" if o.working_directory else STATE_FILE
    )
    return f"""\
  notify:
    # Only after a successful deploy: readers never get an email for a page that is not live.
    needs: deploy
    if: {needs_if}
    runs-on: ubuntu-latest
{_defaults(o)}    # Writes the state file (which posts were announced) back to the repository.
    permissions:
      contents: write
    steps:
{_setup_steps(o, history=True)}      - name: Build (only posts in the built site are announced)
        run: brandkit build --strict
      - name: Announce new posts
{env_block}        # Every configured sender and channel (email, Mastodon, Bluesky, webmentions).
        run: brandkit announce --yes
      - name: Commit the state file back
        # Without this the next run would not know what was already sent. Pushes made with the
        # workflow's own token do not start another workflow run.
        if: always()
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          cd "$GITHUB_WORKSPACE" || exit 1
          if [ ! -f {state} ]; then exit 0; fi
          git add {state}
          if git diff --cached --quiet; then exit 0; fi
          git commit -m "brandkit: record announced posts"
          git pull --rebase origin "$GITHUB_REF_NAME"
          git push origin "HEAD:$GITHUB_REF_NAME"
"""


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shell_word(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/@:+-]+", value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"
