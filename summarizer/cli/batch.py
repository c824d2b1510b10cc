"""`summarize batch prepare|collect`: the model calls as a batch job."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarizer.cli.options import (
    CACHE_DIR_OPTION,
    ENV_MODEL,
    EXIT_PARTIAL,
    MAX_ARTICLE_CHARS_OPTION,
    WAIT_LOCK_OPTION,
    Failed,
    one_line_errors,
    open_cache,
    run_lock,
)
from summarizer.client.endpoint import ResponseFormat


@click.group("batch")
def batch_group() -> None:
    """Make the model calls as a batch job (OpenAI Batch API, vLLM's run_batch).

    \b
    summarize batch prepare PATH... --out requests.jsonl --model NAME
    (run requests.jsonl on the batch engine and download its results)
    summarize batch collect results.jsonl
    summarize brief PATH... --out brief.md --base-url URL --model NAME
    The last command finds every answer in the cache and makes no model call.
    """


@batch_group.command("prepare")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The batch input file to write (JSON Lines).")  # fmt: skip
@click.option("-m", "--model", required=True, envvar=list(ENV_MODEL), show_envvar=True,
              help="Model name at the batch engine; the answers are cached under this name.")  # fmt: skip
@click.option("--response-format", type=click.Choice(["json_schema", "json_object"]), default="json_schema",
              show_default=True, help="How the engine takes a JSON schema: OpenAI's json_schema (OpenAI, "
              "vLLM), or json_object + schema (llama-cpp-python).")  # fmt: skip
@CACHE_DIR_OPTION
@MAX_ARTICLE_CHARS_OPTION
@WAIT_LOCK_OPTION
def batch_prepare_command(
    paths: tuple[str, ...],
    out: Path,
    model: str,
    response_format: ResponseFormat,  # a click.Choice of these
    cache_dir: Path | None,
    max_article_chars: int,
    wait_lock: float,
) -> None:
    """Write the model calls the articles in PATHS still need as a batch input file.

    One request per article and record kind whose answer is not cached for --model, exactly as
    `summarize brief` would send it. When every answer is cached, nothing is written.

    \b
    Exit codes: 0 written, or nothing to ask · 1 written, but some inputs
    could not be read · 3 no article could be read (nothing written) · 4
    another run kept the cache directory for longer than --wait-lock.
    """
    from summarizer.extract.batch import prepare
    from summarizer.storage.atomic_file import write_atomic

    with run_lock(cache_dir, wait_lock), open_cache(cache_dir) as cache:
        requests = prepare(paths, model, cache, response_format, max_article_chars)
    for failure in requests.failures:
        click.echo(f"failed: {failure.path}: {failure.error}", err=True)
    for path, why in requests.skipped:
        click.echo(f"skipped: {path} ({why})", err=True)
    if not requests.articles_read:
        raise Failed(f"no article could be read; {out} was not written")
    if requests.lines:
        with one_line_errors():
            write_atomic(out, requests.jsonl())
        click.echo(
            f"summarize: {len(requests.lines)} requests for {requests.articles} articles "
            f"({requests.cached} calls already cached) → {out}",
            err=True,
        )
    else:
        click.echo(
            f"summarize: nothing to ask: the {requests.cached} calls for {requests.articles_read} articles "
            f"are all cached; {out} was not written",
            err=True,
        )
    if requests.failures:
        sys.exit(EXIT_PARTIAL)


@batch_group.command("collect")
@click.argument(
    "results", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@CACHE_DIR_OPTION
@WAIT_LOCK_OPTION
def batch_collect_command(results: tuple[Path, ...], cache_dir: Path | None, wait_lock: float) -> None:
    """Cache the answers in RESULTS, output files of a batch written by `summarize batch prepare`.

    A result that gives no valid answer (an error, an answer cut off or not fitting the schema, a
    request of another version) is listed with its reason and not cached: the next run asks again.

    \b
    Exit codes: 0 every answer cached · 1 some failed · 3 no result in RESULTS
    · 4 another run kept the cache directory for longer than --wait-lock.
    """
    from summarizer.extract.batch import collect

    with run_lock(cache_dir, wait_lock), open_cache(cache_dir) as cache:
        report = collect(results, cache)
    if not report.results and not report.failures:
        raise Failed(f"no results in {', '.join(map(str, results))}")
    for failure in report.failures:
        click.echo(f"failed: {failure.path}: {failure.error}", err=True)
    click.echo(
        f"summarize: {report.cached} answers cached, {len(report.failures)} failed · "
        f"{report.prompt_tokens:,} prompt + {report.completion_tokens:,} completion tokens",
        err=True,
    )
    if report.failures:
        sys.exit(EXIT_PARTIAL)
