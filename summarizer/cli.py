"""The ``summarize`` command line.

Exit codes: 0 everything worked; 1 some articles failed (the output covers the others and lists
the failures); 2 usage error; 3 nothing could be produced (no output file was written).
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from summarizer import __version__
from summarizer.briefing import Failure
from summarizer.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.cache import ExtractionCache
from summarizer.config import (
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_CACHE_DIR,
    ENV_MODEL,
    ENV_RESPONSE_FORMAT,
    Endpoint,
    Secret,
    default_cache_dir,
)
from summarizer.embedded import EmbeddedModelError
from summarizer.extract import current_versions
from summarizer.output import write_atomic
from summarizer.pipeline import Run, RunReport, brief
from summarizer.records import ArticleExtraction
from summarizer.render import FORMATS, TemplateError, format_for_path, render

EXIT_PARTIAL = 1
EXIT_NOTHING = 3

MAIN_HELP = """Turn news articles about one story into a sourced briefing.

\b
With no configuration the embedded local model is used (started on a
loopback port for the run, stopped after). To use any OpenAI-compatible
server instead (OpenAI, vLLM, Ollama, LM Studio, llama.cpp), give
--base-url and --model, or set SUMMARIZER_BASE_URL / OPENAI_BASE_URL,
SUMMARIZER_MODEL and SUMMARIZER_API_KEY / OPENAI_API_KEY.

\b
Exit codes: 0 success · 1 some articles failed (output covers the rest)
· 2 usage error · 3 nothing could be produced.
"""


class Failed(click.ClickException):
    """A one-line error that ends the command with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_NOTHING) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of commands that call a model, turned into one ``run`` argument."""
    options = [
        click.option("--base-url", envvar=list(ENV_BASE_URL), show_envvar=True, metavar="URL",
                     help="OpenAI-compatible endpoint, e.g. http://localhost:8000/v1. Default: the embedded model."),
        click.option("-m", "--model", envvar=list(ENV_MODEL), show_envvar=True,
                     help="Model name at --base-url (required with it)."),
        click.option("--api-key", envvar=list(ENV_API_KEY), show_envvar=True, metavar="KEY",
                     help="API key for --base-url. Never printed, logged or cached."),
        click.option("--response-format", type=click.Choice(["auto", "json_schema", "json_object"]),
                     default="auto", envvar=ENV_RESPONSE_FORMAT, show_envvar=True, show_default=True,
                     help="How the server takes a JSON schema: OpenAI's json_schema, or json_object + schema "
                     "(llama-cpp-python). auto tries the first and falls back."),
        click.option("--timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
                     help="Seconds to wait for one model answer."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_CACHE_DIR,
                     show_envvar=True, help="Where extractions and the embedded model are cached."),
        click.option("--no-cache", is_flag=True, help="Ask the model again even for articles already extracted."),
    ]  # fmt: skip

    @wraps(command)
    def wrapper(
        base_url: str | None,
        model: str | None,
        api_key: str | None,
        response_format: str,
        timeout: float,
        cache_dir: Path | None,
        no_cache: bool,
        **kwargs: Any,
    ) -> Any:
        endpoint = None
        if base_url:
            if not model:
                raise click.UsageError("--model is required with --base-url (or set SUMMARIZER_MODEL).")
            endpoint = Endpoint(
                base_url=base_url,
                model=model,
                api_key=Secret(api_key or "not-needed"),
                response_format=response_format,  # type: ignore[arg-type]
                timeout=timeout,
            )
        run = Run(
            endpoint=endpoint,
            cache_dir=cache_dir or default_cache_dir(),
            use_cache=not no_cache,
            timeout=timeout,
        )
        return command(run=run, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     help="The briefing file to write."),
        click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                     help="Output format. Default: from --out's suffix, else md."),
        click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Your own Jinja template for md or html output."),
        click.option("--title", help="The briefing's title. Default: derived from its main actor and place."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[int, int, ArticleExtraction], None] | None]:
    """A progress bar on a terminal; nothing with --quiet or where stderr is not one (cron, logs)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []  # click's progress bar, made when the number of articles is known

    def show(index: int, total: int, extraction: ArticleExtraction) -> None:
        if not bars:
            bars.append(
                click.progressbar(
                    length=total,
                    label="extracting",
                    file=sys.stderr,
                    show_pos=True,
                    item_show_func=lambda p: p,
                )
            )
        bars[0].update(1, extraction.article.path)

    try:
        yield show
    finally:
        if bars:
            bars[0].render_finish()


def _extract(run: Run, paths: tuple[str, ...], quiet: bool) -> tuple[list[ArticleExtraction], RunReport]:
    try:
        with _progress_bar(quiet) as progress:
            return run.extract(paths, progress=progress)
    except EmbeddedModelError as exc:
        raise Failed(str(exc)) from exc


def _report(report: RunReport, quiet: bool, extra: str = "") -> None:
    for failure in report.failures:
        click.echo(f"failed: {failure.path}: {failure.error}", err=True)
    if not quiet:
        for skipped, kept in report.duplicates:
            click.echo(f"skipped: {skipped} (same text as {kept})", err=True)
    click.echo(f"summarize: {report.summary()}{extra}", err=True)


def _write_briefing(
    extractions: list[ArticleExtraction],
    failures: list[Failure],
    out: Path,
    fmt: str | None,
    template: Path | None,
    title: str | None,
) -> int:
    """Render and write the briefing; returns its citation count."""
    if not any(x.events or x.figures or x.statements for x in extractions):
        raise Failed(f"no article produced any record; {out} was not written")
    briefing = brief(extractions, failures, title=title)
    chosen = fmt or format_for_path(out) or "md"
    try:
        text = render(briefing, chosen, template)  # type: ignore[arg-type]
    except TemplateError as exc:
        raise Failed(str(exc), exit_code=2) from exc
    write_atomic(out, text)
    return briefing.citation_count


@click.group(
    help=MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="summarize")
def cli() -> None:
    logging.getLogger("instructor").addHandler(logging.NullHandler())
    logging.getLogger("instructor").propagate = False


@cli.command("brief")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_output_options
@_model_options
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line.")
def brief_command(
    run: Run,
    paths: tuple[str, ...],
    out: Path,
    fmt: str | None,
    template: Path | None,
    title: str | None,
    quiet: bool,
) -> None:
    """Write a sourced briefing of the articles in PATHS (files or folders).

    Articles may be .txt, .md (front matter for title/outlet/date/url), .html or .json (with a
    "text" field). Extractions are cached: a rerun over unchanged articles makes no model call.
    """
    extractions, report = _extract(run, paths, quiet)
    citations = _write_briefing(extractions, report.failures, out, fmt, template, title)
    _report(report, quiet, f" · {citations} citations → {out}")
    if not report.ok:
        sys.exit(EXIT_PARTIAL)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The JSON Lines file to write: one extraction per article.")  # fmt: skip
@_model_options
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line.")
def extract_command(run: Run, paths: tuple[str, ...], out: Path, quiet: bool) -> None:
    """Extract grounded records from the articles in PATHS, without merging or rendering.

    Each line of --out is one article with its text and records; `summarize render` turns the
    file into a briefing without any model.
    """
    extractions, report = _extract(run, paths, quiet)
    if not extractions:
        _report(report, quiet)
        raise Failed(f"no article could be read; {out} was not written")
    write_atomic(out, "".join(x.model_dump_json() + "\n" for x in extractions))
    _report(report, quiet, f" → {out}")
    if not report.ok:
        sys.exit(EXIT_PARTIAL)


def _read_extractions(path: Path) -> list[ArticleExtraction]:
    extractions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise Failed(f"{path}: cannot read ({exc.__class__.__name__})", exit_code=2) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            extractions.append(ArticleExtraction.model_validate_json(line))
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "line"
            raise Failed(
                f"{path}:{number}: not an extraction ({where}: {problem['msg']})", exit_code=2
            ) from exc
    return extractions


@cli.command("render")
@click.argument("extractions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_output_options
def render_command(
    extractions: Path, out: Path, fmt: str | None, template: Path | None, title: str | None
) -> None:
    """Turn EXTRACTIONS (written by `summarize extract`) into a briefing. Needs no model."""
    records = _read_extractions(extractions)
    failures = [Failure(path=x.article.path, error=x.error) for x in records if x.error]
    citations = _write_briefing(records, failures, out, fmt, template, title)
    click.echo(f"summarize: {len(records)} articles · {citations} citations → {out}", err=True)
    if failures:
        sys.exit(EXIT_PARTIAL)


_CACHE_DIR_OPTION = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_CACHE_DIR, show_envvar=True,
    help="The cache directory. Default: the user cache directory.",
)  # fmt: skip


def _open_cache(cache_dir: Path | None) -> ExtractionCache:
    path = (cache_dir or default_cache_dir()) / CACHE_FILE_NAME
    try:
        return ExtractionCache(path)
    except (OSError, sqlite3.Error) as exc:
        raise Failed(f"{path}: cannot open the cache ({exc})", exit_code=2) from exc


def _size(size: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _day(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp).date().isoformat() if timestamp else "-"


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the extraction cache (the model's answers, per article and model)."""


@cache_group.command("stats")
@_CACHE_DIR_OPTION
def cache_stats_command(cache_dir: Path | None) -> None:
    """How many model answers the cache holds, for how many articles, per model, and its size."""
    cache = _open_cache(cache_dir)
    try:
        stats = cache.stats(current_versions())
    finally:
        cache.close()
    click.echo(f"{cache.path} ({_size(stats.size_bytes)})")
    click.echo(
        f"{stats.answers:,} model answers for {stats.articles:,} articles, "
        f"cached from {_day(stats.oldest)} to {_day(stats.newest)}"
    )
    if stats.stale:
        click.echo(
            f"{stats.stale:,} of them answer older prompts or schemas (`summarize cache clear --stale`)"
        )
    for model in stats.models:
        click.echo(f"  {model.model}: {model.answers:,} answers, {model.articles:,} articles")


@cache_group.command("clear")
@_CACHE_DIR_OPTION
@click.option("-m", "--model", help="Only this model's answers.")
@click.option(
    "--older-than",
    type=click.FloatRange(min=0),
    metavar="DAYS",
    help="Only answers cached more than DAYS ago.",
)
@click.option("--stale", is_flag=True, help="Only answers to prompts or schemas this version no longer uses.")
def cache_clear_command(
    cache_dir: Path | None, model: str | None, older_than: float | None, stale: bool
) -> None:
    """Delete cached model answers (all of them unless an option narrows it)."""
    cache = _open_cache(cache_dir)
    try:
        versions = current_versions() if stale else None
        deleted = cache.clear(model=model, older_than_days=older_than, stale_except=versions)
    finally:
        cache.close()
    click.echo(f"deleted {deleted:,} cached model answers from {cache.path}")


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM (cron's timeout, systemd's stop) into a normal exit so every cleanup runs."""
    sys.exit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    cli()
