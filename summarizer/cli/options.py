"""What the commands share: exit codes, one-line failures, the model and output options."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

import click

from summarizer.backend import DEFAULT_CONCURRENCY_REMOTE
from summarizer.briefing import Briefing, Failure
from summarizer.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.cache import ExtractionCache
from summarizer.changes import PreviousBriefingError, find_previous, load_previous
from summarizer.config import (
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_CACHE_DIR,
    ENV_CONCURRENCY,
    ENV_MAX_ARTICLE_CHARS,
    ENV_MODEL,
    ENV_PRICE_COMPLETION,
    ENV_PRICE_PROMPT,
    ENV_RESPONSE_FORMAT,
    Endpoint,
    Secret,
    default_cache_dir,
)
from summarizer.embedded import MODEL_NAME as EMBEDDED_MODEL_NAME
from summarizer.embedded import EmbeddedModelError
from summarizer.ingest import MAX_ARTICLE_CHARS
from summarizer.output import write_atomic
from summarizer.pipeline import CacheDirError, Prices, Run, RunReport, brief, open_in_cache_dir
from summarizer.progress import TerminalProgress
from summarizer.records import ArticleExtraction
from summarizer.render import FORMATS, TemplateError, format_for_path, render

EXIT_PARTIAL = 1
EXIT_NOTHING = 3


class Failed(click.ClickException):
    """A one-line error that ends the command with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = EXIT_NOTHING) -> None:
        super().__init__(message)
        self.exit_code = exit_code


MAX_ARTICLE_CHARS_OPTION = click.option(
    "--max-article-chars", type=click.IntRange(min=1), default=MAX_ARTICLE_CHARS, show_default=True,
    envvar=ENV_MAX_ARTICLE_CHARS, show_envvar=True, metavar="N",
    help="Longest article text read, in characters; a longer article is reported as failed.",
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
        click.option("--timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
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
        concurrency: int | None,
        price_prompt: float | None,
        price_completion: float | None,
        max_article_chars: int,
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
                response_format=response_format,  # type: ignore[arg-type]
                timeout=timeout,
            )
        run = Run(
            endpoint=endpoint,
            cache_dir=cache_dir or default_cache_dir(),
            use_cache=not no_cache,
            timeout=timeout,
            concurrency=concurrency,
            prices=Prices(price_prompt, price_completion)
            if price_prompt is not None and price_completion is not None
            else None,
            command=click.get_current_context().info_name or "extract",
            max_article_chars=max_article_chars,
        )
        return command(run=run, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@dataclass(frozen=True)
class Outputs:
    """The briefing files a command writes, and how."""

    paths: tuple[Path, ...]
    fmt: str | None
    template: Path | None
    title: str | None
    previous: Briefing | None  # given with --previous, read before any work is done
    find_previous: bool

    def previous_briefing(self) -> tuple[Briefing | None, Path | None]:
        """The briefing to compare with: --previous, else the one found next to an output."""
        if self.previous is not None or not self.find_previous:
            return self.previous, None
        for out in self.paths:
            if (found := find_previous(out)) is not None:
                try:
                    return load_previous(found), found
                except PreviousBriefingError as exc:
                    click.echo(f"warning: {exc}; no 'New since the last briefing' section", err=True)
                    return None, None
        return None, None

    def write(self, extractions: list[ArticleExtraction], failures: list[Failure]) -> tuple[int, str]:
        """Render every output, then write each whole; returns the citation count and where they went."""
        names = ", ".join(map(str, self.paths))
        if not any(x.events or x.figures or x.statements for x in extractions):
            raise Failed(f"no article produced any record; {names} not written")
        previous, found = self.previous_briefing()
        briefing = brief(extractions, failures, title=self.title, previous=previous)
        texts = []
        for out in self.paths:
            chosen = self.fmt or format_for_path(out) or "md"
            try:
                texts.append(render(briefing, chosen, self.template))  # type: ignore[arg-type]
            except TemplateError as exc:
                raise Failed(str(exc), exit_code=2) from exc
        for out, text in zip(self.paths, texts, strict=True):
            write_atomic(out, text)
        compared = f" (new since {found})" if found else ""
        return briefing.citation_count, f"{names}{compared}"


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of commands that write a briefing, turned into one ``outputs`` argument."""
    options = [
        click.option("-o", "--out", "outs", required=True, multiple=True,
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="The briefing file to write; repeat it for several formats (brief.md, brief.json)."),
        click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                     help="Output format. Default: from --out's suffix, else md."),
        click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Your own Jinja template for md or html output."),
        click.option("--title", help="The briefing's title. Default: derived from its main actor and place."),
        click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
                     help="The last JSON briefing, for a 'New since the last briefing' section. Default: "
                     "found next to --out (same name as .json, or the latest of a dated series)."),
        click.option("--no-previous", is_flag=True, help="No 'New since the last briefing' section."),
    ]  # fmt: skip

    @wraps(command)
    def wrapper(
        outs: tuple[Path, ...],
        fmt: str | None,
        template: Path | None,
        title: str | None,
        previous: Path | None,
        no_previous: bool,
        **kwargs: Any,
    ) -> Any:
        if len(outs) > 1 and (fmt or template):
            raise click.UsageError(
                "--format and --template apply to a single --out; each --out's suffix sets its format."
            )
        if previous is not None and no_previous:
            raise click.UsageError("--previous and --no-previous contradict each other.")
        try:
            loaded = load_previous(previous) if previous is not None else None
        except PreviousBriefingError as exc:
            raise Failed(str(exc), exit_code=2) from exc
        outputs = Outputs(tuple(outs), fmt, template, title, loaded, previous is None and not no_previous)
        return command(outputs=outputs, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def extract_articles(
    run: Run, paths: tuple[str, ...], quiet: bool
) -> tuple[list[ArticleExtraction], RunReport]:
    """Extract with a progress bar on a terminal; nothing per article with --quiet or under cron."""
    progress = TerminalProgress() if not quiet and sys.stderr.isatty() else None
    try:
        return run.extract(paths, progress=progress)
    except EmbeddedModelError as exc:
        raise Failed(str(exc)) from exc
    except CacheDirError as exc:
        raise Failed(str(exc), exit_code=2) from exc
    except sqlite3.Error as exc:  # opened, but cannot be written: a read-only file, a full disk
        raise Failed(f"{run.cache_dir}: cannot write to the cache ({exc})", exit_code=2) from exc
    finally:
        if progress:
            progress.close()


def report_run(report: RunReport, quiet: bool, extra: str = "") -> None:
    for failure in report.failures:
        click.echo(f"failed: {failure.path}: {failure.error}", err=True)
    if not quiet:
        for path, why in report.skipped:
            click.echo(f"skipped: {path} ({why})", err=True)
    click.echo(f"summarize: {report.summary()}{extra}", err=True)


CACHE_DIR_OPTION = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_CACHE_DIR, show_envvar=True,
    help="The cache directory. Default: the user cache directory.",
)  # fmt: skip


@contextlib.contextmanager
def open_cache(cache_dir: Path | None) -> Iterator[ExtractionCache]:
    """The extraction cache, closed afterwards; one that cannot be opened, or is opened but cannot
    be written (a read-only file, a full disk), is one line and exit code 2."""
    path = (cache_dir or default_cache_dir()) / CACHE_FILE_NAME
    try:
        cache = open_in_cache_dir(ExtractionCache, path, "cache")
    except CacheDirError as exc:
        raise Failed(str(exc), exit_code=2) from exc
    try:
        yield cache
    except sqlite3.Error as exc:
        raise Failed(f"{path}: cannot write to the cache ({exc})", exit_code=2) from exc
    finally:
        cache.close()
