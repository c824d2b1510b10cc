"""`summarize cache stats|clear`: the extraction cache."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from summarizer.cli.options import (
    CACHE_DIR_OPTION,
    open_cache,
)


def _size(size: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _day(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp).date().isoformat() if timestamp else "-"


@click.group("cache")
def cache_group() -> None:
    """Inspect or empty the extraction cache (the model's answers, per article and model)."""


@cache_group.command("stats")
@CACHE_DIR_OPTION
def cache_stats_command(cache_dir: Path | None) -> None:
    """How many model answers the cache holds, for how many articles, per model, and its size."""
    from summarizer.extract.plan import Versions

    with open_cache(cache_dir) as cache:
        stats = cache.stats(Versions.current().asked_with())
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
@CACHE_DIR_OPTION
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
    from summarizer.extract.plan import Versions

    with open_cache(cache_dir) as cache:
        versions = Versions.current().asked_with() if stale else None
        deleted = cache.clear(model=model, older_than_days=older_than, stale_except=versions)
    click.echo(f"deleted {deleted:,} cached model answers from {cache.path}")
