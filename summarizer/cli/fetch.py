"""`summarize fetch`: the new articles of RSS, Atom and RDF feeds, one .md file each."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from summarizer.cli.options import (
    CACHE_DIR_OPTION,
    EXIT_NOTHING,
    EXIT_PARTIAL,
    Failed,
    one_line_errors,
)
from summarizer.errors import ArticleWriteError
from summarizer.fetch.limits import DEFAULT_DELAY, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Limits
from summarizer.storage.cache_dir import default_cache_dir


@click.command("fetch")
@click.argument("urls", nargs=-1, metavar="[FEED_URL]...")
@click.option(
    "--feeds",
    "feeds_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A file of feed URLs, one a line; blank lines and # comments are ignored.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="The folder to save the articles in. Default: feeds/YYYY-MM-DD/ (today, local time).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Seconds to wait for a connection, and for each read of an answer.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=DEFAULT_DELAY,
    show_default=True,
    metavar="SECONDS",
    help="Seconds between two requests to the same host.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    metavar="N",
    help="Largest feed or page read, in bytes; a larger one is not used.",
)
@CACHE_DIR_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Only failures and the summary line.")
def fetch_command(
    urls: tuple[str, ...],
    feeds_file: Path | None,
    out: Path | None,
    timeout: float,
    delay: float,
    max_bytes: int,
    cache_dir: Path | None,
    quiet: bool,
) -> None:
    """Save the new articles of the feeds at FEED_URL... (and in --feeds FILE), one .md file each.

    Each entry's page is fetched and its text saved with front matter (title, outlet, url,
    published, fetched) that `summarize brief` reads. What was fetched is remembered in the cache
    directory, so a rerun saves only new articles. robots.txt is honoured.
    """
    from summarizer.fetch.feed_list import feed_urls
    from summarizer.fetch.run import fetch_feeds  # httpx2 and feedparser: only once the command runs

    with one_line_errors():
        feeds = feed_urls(urls, feeds_file)
    if not feeds:
        raise click.UsageError("no feed URL: give some as arguments or in --feeds FILE.")
    folder = out if out is not None else Path("feeds") / date.today().isoformat()
    limits = Limits(timeout=timeout, delay=delay, max_bytes=max_bytes)
    with one_line_errors():
        try:
            report = fetch_feeds(feeds, folder, cache_dir or default_cache_dir(), limits)
        except ArticleWriteError as error:  # what was written before stays written, and recorded
            raise Failed(str(error), EXIT_PARTIAL if error.written else EXIT_NOTHING) from error
    for url, why in report.feed_failures + report.entry_failures:
        click.echo(f"failed: {url}: {why}", err=True)
    if not quiet:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        for url, why in report.from_summary_reasons:
            click.echo(f"from summary: {url}: {why}", err=True)
        for url, why in report.skips:
            click.echo(f"skipped: {url}: {why}", err=True)
    click.echo(f"fetch: {report.summary()}", err=True)
    if report.nothing_fetched:
        sys.exit(EXIT_NOTHING)
    if report.failed:
        sys.exit(EXIT_PARTIAL)
