"""`summarize brief`, `extract` and `render`: the articles to a briefing, in one step or two."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarizer.cli.options import (
    EXIT_PARTIAL,
    Failed,
    model_options,
    one_line_errors,
    output_options,
    progress_bar,
    report_run,
    report_written,
    written_line,
)
from summarizer.errors import NothingToBriefError

if TYPE_CHECKING:
    from summarizer.pipeline import Outputs, Run


@click.command("brief")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@output_options
@model_options
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line.")
def brief_command(run: Run, paths: tuple[str, ...], outputs: Outputs, quiet: bool) -> None:
    """Write a sourced briefing of the articles in PATHS (files or folders).

    Articles may be .txt, .md (front matter for title/outlet/date/url), .html or .json (with a
    "text" field). Extractions are cached: a rerun over unchanged articles makes no model call.
    """
    try:
        with one_line_errors(), progress_bar(quiet) as progress:
            summary = run.summarize(paths, outputs, progress)
    except Failed as failed:
        if isinstance(failed.__cause__, NothingToBriefError) and failed.__cause__.report:
            report_run(failed.__cause__.report, quiet)  # what failed and why, before nothing was written
        raise
    report_written(summary, quiet)
    if not summary.report.ok:
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
def render_command(extractions: Path, outputs: Outputs) -> None:
    """Turn EXTRACTIONS (written by `summarize extract`) into a briefing. Needs no model."""
    from summarizer.models.briefing import Failure
    from summarizer.pipeline import RunReport, write_briefing
    from summarizer.storage.extractions_file import read_extractions

    with one_line_errors():
        records = read_extractions(extractions)
        failures = [Failure(path=x.article.path, error=x.error) for x in records if x.error]
        report = RunReport(articles=len(records), failures=failures)
        summary = write_briefing(records, report, outputs)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"summarize: {len(records)} articles · {written_line(summary)}", err=True)
    if failures:
        sys.exit(EXIT_PARTIAL)
