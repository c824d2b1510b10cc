"""What the commands share: exit codes, one-line failures, the model and output options."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from summarizer.client.backend import DEFAULT_CONCURRENCY_REMOTE
from summarizer.client.embedded import MODEL_NAME as EMBEDDED_MODEL_NAME
from summarizer.client.endpoint import DEFAULT_TIMEOUT, Endpoint, ResponseFormatSetting, Secret
from summarizer.client.usage import Prices
from summarizer.errors import (
    CacheDirError,
    EmbeddedModelError,
    ExtractionsFileError,
    FeedListError,
    NothingToBriefError,
    OutputError,
    PreviousBriefingError,
    RunLockedError,
    SeveralStoriesError,
    SummarizerError,
    TemplateError,
)
from summarizer.ingest.limits import MAX_ARTICLE_CHARS
from summarizer.storage.cache_dir import ENV_CACHE_DIR, default_cache_dir, open_in_cache_dir
from summarizer.storage.run_lock import DEFAULT_WAIT as DEFAULT_LOCK_WAIT
from summarizer.storage.run_lock import ENV_WAIT as ENV_WAIT_LOCK
from summarizer.storage.story_registry import DEFAULT_QUIET_DAYS

if TYPE_CHECKING:
    from summarizer.cli.progress import TerminalProgress
    from summarizer.pipeline import Outputs, RunReport, Summary
    from summarizer.render.renderer import Format
    from summarizer.storage.cache import ExtractionCache
    from summarizer.stories.briefings import StoriesSummary, StoryOutputs

ENV_BASE_URL = ("SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")
ENV_MODEL = ("SUMMARIZER_MODEL", "OPENAI_MODEL")
ENV_API_KEY = ("SUMMARIZER_API_KEY", "OPENAI_API_KEY")
ENV_RESPONSE_FORMAT = "SUMMARIZER_RESPONSE_FORMAT"
ENV_CONCURRENCY = "SUMMARIZER_CONCURRENCY"
ENV_PRICE_PROMPT = "SUMMARIZER_PRICE_PROMPT"
ENV_PRICE_COMPLETION = "SUMMARIZER_PRICE_COMPLETION"
ENV_MAX_ARTICLE_CHARS = "SUMMARIZER_MAX_ARTICLE_CHARS"
ENV_STORY_QUIET_DAYS = "SUMMARIZER_STORY_QUIET_DAYS"
FORMATS = ("md", "json", "html")

EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_LOCKED = 4

# The exit code of each error a user can act on: 2 for what the user gave (a cache directory, a
# template, a previous briefing, an extractions file, a feeds file, several stories for one output
# file), 3 for a run that could produce nothing, 4 for a run that gave up waiting for another one.
_EXIT_CODES: dict[type[SummarizerError], int] = {
    RunLockedError: EXIT_LOCKED,
    CacheDirError: EXIT_USAGE,
    SeveralStoriesError: EXIT_USAGE,
    TemplateError: EXIT_USAGE,
    PreviousBriefingError: EXIT_USAGE,
    ExtractionsFileError: EXIT_USAGE,
    FeedListError: EXIT_USAGE,
    EmbeddedModelError: EXIT_NOTHING,
    NothingToBriefError: EXIT_NOTHING,
    OutputError: EXIT_NOTHING,
}


class Failed(click.ClickException):
    """A one-line error that ends the command with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_NOTHING) -> None:
        super().__init__(message)
        # click types exit_code as a ClassVar, but reads it from the instance (click.Command.main).
        self.exit_code = exit_code  # type: ignore[misc]


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and the command's exit code."""
    try:
        yield
    except SummarizerError as error:
        code = next((c for kind, c in _EXIT_CODES.items() if isinstance(error, kind)), EXIT_NOTHING)
        raise Failed(str(error), exit_code=code) from error


MAX_ARTICLE_CHARS_OPTION = click.option(
    "--max-article-chars", type=click.IntRange(min=1), default=MAX_ARTICLE_CHARS, show_default=True,
    envvar=ENV_MAX_ARTICLE_CHARS, show_envvar=True, metavar="N",
    help="Longest article text read, in characters; a longer article is reported as failed.",
)  # fmt: skip


WAIT_LOCK_OPTION = click.option(
    "--wait-lock", type=click.FloatRange(min=0), default=DEFAULT_LOCK_WAIT, show_default=True,
    envvar=ENV_WAIT_LOCK, show_envvar=True, metavar="SECONDS",
    help="How long to wait for another run using the same cache directory to finish; then exit 4.",
)  # fmt: skip


def model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of commands that read articles and call a model, turned into one ``run`` argument."""
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
        click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT, show_default=True,
                     help="Seconds to wait for one model answer."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_CACHE_DIR,
                     show_envvar=True, help="Where extractions and the embedded model are cached."),
        click.option("--no-cache", is_flag=True, help="Ask the model again even for articles already extracted."),
        click.option("-j", "--concurrency", type=click.IntRange(min=1, max=256), envvar=ENV_CONCURRENCY,
                     show_envvar=True, help="Model requests in flight at once. Default: 1 for the embedded "
                     f"model, {DEFAULT_CONCURRENCY_REMOTE} for --base-url."),
        click.option("--price-prompt", type=click.FloatRange(min=0), envvar=ENV_PRICE_PROMPT, show_envvar=True,
                     metavar="PRICE", help="Price per million prompt tokens, for the cost estimate in the summary."),
        click.option("--price-completion", type=click.FloatRange(min=0), envvar=ENV_PRICE_COMPLETION,
                     show_envvar=True, metavar="PRICE", help="Price per million completion tokens."),
        MAX_ARTICLE_CHARS_OPTION,
        WAIT_LOCK_OPTION,
    ]  # fmt: skip

    @wraps(command)
    def wrapper(
        base_url: str | None,
        model: str | None,
        api_key: str | None,
        response_format: ResponseFormatSetting,  # a click.Choice of these
        timeout: float,
        cache_dir: Path | None,
        no_cache: bool,
        concurrency: int | None,
        price_prompt: float | None,
        price_completion: float | None,
        max_article_chars: int,
        wait_lock: float,
        **kwargs: Any,
    ) -> Any:
        if (price_prompt is None) != (price_completion is None):
            raise click.UsageError("give both --price-prompt and --price-completion, or neither.")
        if model and not base_url and model != EMBEDDED_MODEL_NAME:
            raise click.UsageError(
                f"--model {model} needs --base-url (or SUMMARIZER_BASE_URL): without it the embedded model is used."
            )
        endpoint = None
        if base_url:
            if not model:
                raise click.UsageError("--model is required with --base-url (or set SUMMARIZER_MODEL).")
            endpoint = Endpoint(
                base_url=base_url,
                model=model,
                api_key=Secret(api_key or "not-needed"),
                response_format=response_format,
            )
        from summarizer.pipeline import Run  # the whole pipeline: only once a command runs

        run = Run(
            endpoint=endpoint,
            cache_dir=cache_dir or default_cache_dir(),
            use_cache=not no_cache,
            timeout=timeout,
            concurrency=concurrency,
            prices=Prices(price_prompt, price_completion)
            if price_prompt is not None and price_completion is not None
            else None,
            name=click.get_current_context().info_name or "summarize",
            max_article_chars=max_article_chars,
            wait_lock=wait_lock,
        )
        return command(run=run, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of commands that write briefings, turned into one ``outputs`` argument: an
    ``Outputs`` for files, a ``StoryOutputs`` for ``--out DIR/`` (a briefing per story)."""
    options = [
        click.option("-o", "--out", "outs", required=True, multiple=True, type=click.Path(),
                     help="The briefing file to write; repeat it for several formats (brief.md, brief.json). "
                     "A folder (a path ending in / or an existing folder): a briefing per story and an index."),
        click.option("-f", "--format", "formats", type=click.Choice(FORMATS), multiple=True,
                     help="Output format. Default: from --out's suffix, else md. With --out DIR/: the formats of "
                     "every briefing and of the index, repeatable (default md; JSON is always written too)."),
        click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Your own Jinja template for md or html output."),
        click.option("--title", help="The briefing's title. Default: derived from its main actor and place."),
        click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
                     help="The last JSON briefing, for a 'New since the last briefing' section. Default: "
                     "found next to --out (same name as .json, or the latest of a dated series)."),
        click.option("--no-previous", is_flag=True, help="No 'New since the last briefing' section."),
        click.option("--story-quiet-days", type=click.FloatRange(min=0), default=DEFAULT_QUIET_DAYS,
                     show_default=True, envvar=ENV_STORY_QUIET_DAYS, show_envvar=True, metavar="DAYS",
                     help="With --out DIR/: days a story with no new article is kept, so that a later "
                     "article continues it."),
    ]  # fmt: skip

    @wraps(command)
    def wrapper(
        outs: tuple[str, ...],
        formats: tuple[Format, ...],  # a click.Choice of FORMATS
        template: Path | None,
        title: str | None,
        previous: Path | None,
        no_previous: bool,
        story_quiet_days: float,
        **kwargs: Any,
    ) -> Any:
        if previous is not None and no_previous:
            raise click.UsageError("--previous and --no-previous contradict each other.")
        folders = [o for o in outs if _names_folder(o)]
        if folders:
            outputs: Outputs | StoryOutputs = _story_outputs(
                outs, formats, template, title, previous, no_previous, story_quiet_days
            )
        else:
            outputs = _file_outputs(outs, formats, template, title, previous, no_previous)
        return command(outputs=outputs, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _names_folder(out: str) -> bool:
    """Whether an --out names a folder: it ends with a slash, or is an existing folder."""
    return out.endswith(("/", os.sep)) or Path(out).is_dir()


def _file_outputs(
    outs: tuple[str, ...],
    formats: tuple[Format, ...],
    template: Path | None,
    title: str | None,
    previous: Path | None,
    no_previous: bool,
) -> Outputs:
    if len(formats) > 1:
        raise click.UsageError("give one --format for an output file (several are for --out DIR/).")
    if len(outs) > 1 and (formats or template):
        raise click.UsageError(
            "--format and --template apply to a single --out; each --out's suffix sets its format."
        )
    from summarizer.pipeline import Outputs  # the whole pipeline: only once a command runs

    chosen = previous if previous is not None else None if no_previous else "auto"
    return Outputs(tuple(Path(o) for o in outs), formats[0] if formats else None, template, chosen, title)


def _story_outputs(
    outs: tuple[str, ...],
    formats: tuple[Format, ...],
    template: Path | None,
    title: str | None,
    previous: Path | None,
    no_previous: bool,
    quiet_days: float,
) -> StoryOutputs:
    if len(outs) > 1:
        raise click.UsageError("--out DIR/ writes every file of the run into DIR: give no other --out.")
    directory = Path(outs[0])
    if directory.exists() and not directory.is_dir():
        raise click.UsageError(f"--out {outs[0]}: {directory} exists and is not a folder.")
    if title is not None:
        raise click.UsageError("--title names a single briefing; with --out DIR/ each story has its own.")
    if previous is not None:
        raise click.UsageError(
            "--previous names a single briefing; with --out DIR/ each story's is found in DIR."
        )
    chosen = tuple(dict.fromkeys(formats)) or ("md",)
    if template is not None and len([f for f in chosen if f != "json"]) != 1:
        raise click.UsageError(
            "--template with --out DIR/ applies to one format: give one --format md or html."
        )
    from summarizer.stories.briefings import StoryOutputs  # the whole pipeline: only once a command runs

    return StoryOutputs(directory, chosen, template, compare=not no_previous, quiet_days=quiet_days)


@contextlib.contextmanager
def progress_bar(quiet: bool) -> Iterator[TerminalProgress | None]:
    """A progress bar on a terminal; nothing per article with --quiet or under cron."""
    from summarizer.cli.progress import TerminalProgress

    progress = TerminalProgress() if not quiet and sys.stderr.isatty() else None
    try:
        yield progress
    finally:
        if progress:
            progress.close()


def report_run(report: RunReport, quiet: bool, extra: str = "") -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in report.failures:
        click.echo(f"failed: {failure.path}: {failure.error}", err=True)
    if not quiet:
        for path, why in report.skipped:
            click.echo(f"skipped: {path} ({why})", err=True)
    click.echo(f"summarize: {report.summary()}{extra}", err=True)


def written_line(summary: Summary) -> str:
    """``47 citations → brief.md, brief.json (new since brief-2026-11-30.json)``."""
    compared = f" (new since {summary.previous})" if summary.previous else ""
    written = ", ".join(map(str, summary.written))
    return f"{summary.briefing.citation_count:,} citations → {written}{compared}"


def report_written(summary: Summary, quiet: bool) -> None:
    """The warnings, the failures and the summary line of a run that wrote its briefing."""
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    report_run(summary.report, quiet, f" · {written_line(summary)}")


def stories_line(summary: StoriesSummary) -> str:
    """``11 stories: 8 briefed (5 compared with their last briefing), 3 also reported · 1,204 citations → briefs/``."""
    index = summary.index
    total = len(index.stories) + len(index.also_reported)
    compared = f" ({summary.compared} compared with their last briefing)" if summary.compared else ""
    also = f", {len(index.also_reported)} also reported" if index.also_reported else ""
    return (
        f"{count_of(total, 'story', 'stories')}: {summary.briefed} briefed{compared}{also} · "
        f"{summary.citations:,} citations → {summary.directory}{os.sep}"
    )


def report_stories(summary: StoriesSummary, quiet: bool) -> None:
    """The warnings, the failures and the summary line of a run that wrote briefings by story."""
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    report_run(summary.report, quiet, f" · {stories_line(summary)}")


def count_of(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


CACHE_DIR_OPTION = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_CACHE_DIR, show_envvar=True,
    help="The cache directory. Default: the user cache directory.",
)  # fmt: skip


@contextlib.contextmanager
def run_lock(cache_dir: Path | None, wait: float) -> Iterator[None]:
    """The cache directory's run lock, for a command that uses the cache outside ``pipeline.Run``."""
    from summarizer.storage.run_lock import RunLock

    name = " ".join(click.get_current_context().command_path.split()[1:])  # "batch prepare"
    on_wait = _say_waiting if sys.stderr.isatty() else None
    with one_line_errors(), RunLock(cache_dir or default_cache_dir(), wait, name=name, on_wait=on_wait):
        yield


def _say_waiting(holder: str) -> None:
    click.echo(f"waiting for another run to finish with the cache directory ({holder})", err=True)


@contextlib.contextmanager
def open_cache(cache_dir: Path | None) -> Iterator[ExtractionCache]:
    """The extraction cache, closed afterwards; one that cannot be opened, or is opened but cannot
    be written (a read-only file, a full disk), is one line and exit code 2."""
    import sqlite3

    from summarizer.storage.cache import FILE_NAME, ExtractionCache

    path = (cache_dir or default_cache_dir()) / FILE_NAME
    with one_line_errors():
        cache = open_in_cache_dir(ExtractionCache, path, "cache")
    try:
        yield cache
    except sqlite3.Error as exc:
        raise Failed(f"{path}: cannot write to the cache ({exc})", exit_code=EXIT_USAGE) from exc
    finally:
        cache.close()
