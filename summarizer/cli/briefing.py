"""`summarize brief`, `extract` and `render`: the articles to a briefing, in one step or two."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from summarizer.briefing import Failure
from summarizer.cli.options import (
    EXIT_PARTIAL,
    Failed,
    Outputs,
    extract_articles,
    model_options,
    output_options,
    report_run,
)
from summarizer.output import write_atomic
from summarizer.pipeline import Run
from summarizer.records import ArticleExtraction


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
    extractions, report = extract_articles(run, paths, quiet)
    try:
        citations, written = outputs.write(extractions, report.failures)
    except Failed:
        report_run(report, quiet)  # what failed and why, before the reason nothing was written
        raise
    report_run(report, quiet, f" · {citations:,} citations → {written}")
    if not report.ok:
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
    extractions, report = extract_articles(run, paths, quiet)
    if not extractions:
        report_run(report, quiet)
        raise Failed(f"no article could be read; {out} was not written")
    write_atomic(out, "".join(x.model_dump_json() + "\n" for x in extractions))
    report_run(report, quiet, f" → {out}")
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


@click.command("render")
@click.argument("extractions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_options
def render_command(extractions: Path, outputs: Outputs) -> None:
    """Turn EXTRACTIONS (written by `summarize extract`) into a briefing. Needs no model."""
    records = _read_extractions(extractions)
    failures = [Failure(path=x.article.path, error=x.error) for x in records if x.error]
    citations, written = outputs.write(records, failures)
    click.echo(f"summarize: {len(records)} articles · {citations:,} citations → {written}", err=True)
    if failures:
        sys.exit(EXIT_PARTIAL)
