"""`summarize brief`, `extract` and `render`: the articles to a briefing, in one step or two."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarizer.cli.options import (
    CACHE_DIR_OPTION,
    EXIT_PARTIAL,
    Failed,
    model_options,
    one_line_errors,
    output_options,
    progress_bar,
    report_run,
    report_stories,
    report_written,
    stories_line,
    written_line,
)
from summarizer.errors import NothingToBriefError

if TYPE_CHECKING:
    from summarizer.pipeline import Outputs, Run
    from summarizer.stories.briefings import StoriesSummary, StoryOutputs


@click.command("brief")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@output_options
@model_options
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line.")
def brief_command(run: Run, paths: tuple[str, ...], outputs: Outputs | StoryOutputs, quiet: bool) -> None:
    """Write a sourced briefing of the articles in PATHS (files or folders).

    Articles may be .txt, .md (front matter for title/outlet/date/url), .html or .json (with a
    "text" field). Extractions are cached: a rerun over unchanged articles makes no model call.

    A briefing is of one story: articles that tell several are refused for one --out FILE.
    --out DIR/ sorts them into stories and writes a briefing per story and an index into DIR.
    """
    from summarizer.pipeline import Outputs, Summary

    result: Summary | StoriesSummary
    try:
        with one_line_errors(), progress_bar(quiet) as progress:
            if isinstance(outputs, Outputs):
                result = run.summarize(paths, outputs, progress)
            else:
                result = run.summarize_stories(paths, outputs, progress)
    except Failed as failed:
        if isinstance(failed.__cause__, NothingToBriefError) and failed.__cause__.report:
            report_run(failed.__cause__.report, quiet)  # what failed and why, before nothing was written
        raise
    if isinstance(result, Summary):
        report_written(result, quiet)
    else:
        report_stories(result, quiet)
    if not result.report.ok:
        sys.exit(EXIT_PARTIAL)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The JSON Lines file to write: one extraction per article.")  # fmt: skip
@model_options
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line.")
def extract_command(run: Run, paths: tuple[str, ...], out: Path, quiet: bool) -> None:
    """Extract grounded records from the articles in PATHS, without merging or rendering.

    Each line of --out is one article with its text and records; `summarize render` turns the
    file into a briefing without any model.
    """
    from summarizer.storage.extractions_file import write_extractions

    with one_line_errors(), progress_bar(quiet) as progress:
        extractions, report = run.extract(paths, progress)
    if not extractions:
        report_run(report, quiet)
        raise Failed(f"no article could be read; {out} was not written")
    with one_line_errors():
        write_extractions(out, extractions)
    report_run(report, quiet, f" → {out}")
    if not report.ok:
        sys.exit(EXIT_PARTIAL)


@click.command("render")
@click.argument("extractions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_options
@CACHE_DIR_OPTION
def render_command(extractions: Path, outputs: Outputs | StoryOutputs, cache_dir: Path | None) -> None:
    """Turn EXTRACTIONS (written by `summarize extract`) into a briefing. Needs no model.

    --out DIR/ writes a briefing per story and an index, as `summarize brief` does; the stories
    are kept in the cache directory's story registry.
    """
    from summarizer.models.briefing import Failure
    from summarizer.pipeline import Outputs, RunReport, write_briefing, write_stories
    from summarizer.storage.extractions_file import read_extractions
    from summarizer.stories.one_story import require_one_story

    with one_line_errors():
        records = read_extractions(extractions)
        failures = [Failure(path=x.article.path, error=x.error) for x in records if x.error]
        report = RunReport(articles=len(records), failures=failures)
        if isinstance(outputs, Outputs):
            require_one_story([x.article for x in records])
            summary = write_briefing(records, report, outputs)
            written = written_line(summary)
            warnings = summary.warnings
        else:
            by_story = write_stories(records, report, outputs, cache_dir)
            written = stories_line(by_story)
            warnings = by_story.warnings
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"summarize: {len(records)} articles · {written}", err=True)
    if failures:
        sys.exit(EXIT_PARTIAL)
