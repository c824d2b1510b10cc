"""`summarize logs`: recent runs and their model calls, from the call log."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from summarizer.cli.options import CACHE_DIR_OPTION, Failed, one_line_errors
from summarizer.storage.cache_dir import default_cache_dir, open_in_cache_dir
from summarizer.storage.call_log import FILE_NAME as CALL_LOG_FILE_NAME
from summarizer.storage.call_log import CallLog, CallRow, RunRow


def _time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{seconds:.1f}s"


def _run_line(run: RunRow) -> str:
    took = _duration(run.finished_at - run.started_at) if run.finished_at else "did not finish"
    articles = (
        f"{run.articles} articles: {run.cached} cached, {run.extracted} extracted, {run.failed} failed"
        if run.articles is not None
        else "interrupted"
    )
    failed_calls = f" ({run.failed_calls} failed)" if run.failed_calls else ""
    return (
        f"#{run.id} {_time(run.started_at)} {run.command} · {run.model} @ {run.endpoint_host} · {articles} · "
        f"{run.calls} calls{failed_calls} · {run.prompt_tokens:,} prompt + {run.completion_tokens:,} "
        f"completion tokens · {took}"
    )


def _call_line(call: CallRow) -> str:
    tokens = (
        f"{call.prompt_tokens:,}+{call.completion_tokens:,} tokens"
        if call.prompt_tokens is not None and call.completion_tokens is not None
        else "no tokens"
    )
    what = f"{call.kind or '-'} {call.article or '-'}"
    error = f" · {call.error}" if call.error else ""
    return f"{_time(call.started_at)} {call.latency:7.2f}s {call.outcome:<16} {tokens:<20} {what}{error}"


@click.command("logs")
@CACHE_DIR_OPTION
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many recent runs to list.",
)
@click.option(
    "--calls",
    "run_id",
    type=int,
    is_flag=False,
    flag_value=-1,
    default=None,
    metavar="RUN",
    help="List the calls of run RUN (the latest run when RUN is left out).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of text.")  # fmt: skip
def logs_command(cache_dir: Path | None, count: int, run_id: int | None, as_json: bool) -> None:
    """Recent runs and their model calls: time, model, host, tokens, latency and outcome.

    Every model request is logged, retries and re-asks included, in calls.sqlite in the cache
    directory. API keys are never logged.
    """
    path = (cache_dir or default_cache_dir()) / CALL_LOG_FILE_NAME
    if not path.exists():
        click.echo(f"no runs logged yet ({path})")
        return
    with one_line_errors():
        log = open_in_cache_dir(CallLog, path, "call log")
    try:
        if run_id is None:
            runs, calls = log.runs(count), []
        else:
            run = next(iter(log.runs(1)), None) if run_id == -1 else log.run(run_id)
            if run is None:
                raise Failed(f"no run #{run_id} in {path}" if run_id != -1 else f"no runs in {path}", 2)
            runs, calls = [run], log.calls(run.id)
    finally:
        log.close()
    if as_json:
        for row in calls if run_id is not None else runs:
            click.echo(json.dumps(row._asdict(), ensure_ascii=False))
        return
    for run in runs:
        click.echo(_run_line(run))
    for call in calls:
        click.echo("  " + _call_line(call))
