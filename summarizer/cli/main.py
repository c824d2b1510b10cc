"""The ``summarize`` group, its commands and the process entry point."""

from __future__ import annotations

import signal
import sys

import click

from summarizer import __version__
from summarizer.cli.batch import batch_group
from summarizer.cli.briefing import brief_command, extract_command, render_command
from summarizer.cli.cache import cache_group
from summarizer.cli.fetch import fetch_command
from summarizer.cli.logs import logs_command

MAIN_HELP = """Turn news articles about one story into a sourced briefing.

\b
Articles about many stories (a night of feeds) are sorted into stories:
`summarize brief feeds/ --out briefs/` writes a briefing per story and an
index of them.

\b
With no configuration the embedded local model is used (started on a
loopback port for the run, stopped after). To use any OpenAI-compatible
server instead (OpenAI, vLLM, Ollama, LM Studio, llama.cpp), give
--base-url and --model, or set SUMMARIZER_BASE_URL / OPENAI_BASE_URL,
SUMMARIZER_MODEL and SUMMARIZER_API_KEY / OPENAI_API_KEY.

\b
Exit codes: 0 success · 1 some articles failed (output covers the rest)
· 2 usage error · 3 nothing could be produced · 4 another run kept the
cache directory for longer than --wait-lock.
"""


@click.group(
    help=MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="summarize")
def cli() -> None:
    """Nothing to do before a subcommand runs."""


for command in (
    fetch_command,
    brief_command,
    extract_command,
    render_command,
    cache_group,
    batch_group,
    logs_command,
):
    cli.add_command(command)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM (cron's timeout, systemd's stop) into a normal exit so every cleanup runs."""
    sys.exit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cli()
