"""Runs that meet faulty model servers: they go on past failed articles, and the next run asks only
what is missing.

The server is the loopback stub answering as a perfect model would for a synthetic corpus; a
fault replaces one answer, or every answer about one article. Retries wait ``BACKOFF`` seconds.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.cli.options import EXIT_PARTIAL
from summarizer.extract.responses import RECORD_KINDS
from summarizer.models.briefing import Briefing
from summarizer.pipeline import Run
from summarizer.render.renderer import escape_markdown
from summarizer.storage.cache import FILE_NAME as CACHE_FILE
from summarizer.storage.call_log import FILE_NAME as CALL_LOG
from summarizer.storage.call_log import CallLog
from summarizer.testing.stub_server import Fault, StubServer, random_faults
from support.fault_plans import (
    about,
    citing_missing_sentences,
    either,
    host,
    truncated,
)
from support.synthetic import Corpus, CorpusResponder, one_story_corpus

KINDS = len(RECORD_KINDS)
ATTEMPTS = 4  # ChatModel's default
BACKOFF = 0.01


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """One story: a briefing file is made of one story's articles."""
    return one_story_corpus(articles=6, seed=3, first_day=date(2026, 3, 2), days=2)


# --- a mix of faults over many calls -------------------------------------------------------------


def test_scattered_transient_faults_lose_nothing(corpus: Corpus, tmp_path: Path) -> None:
    """Every kind of transient fault on about 30% of the requests of a run, none more than three times
    in a row for one call (seed 1, one request at a time): every article is extracted."""
    folder = tmp_path / "articles"
    corpus.write(folder)
    faults = [
        Fault(status=500),
        Fault(status=502),
        Fault(status=503),
        Fault(reset=True),
        Fault(empty_choices=True),
        Fault(status=429),
    ]
    plan = random_faults(0.3, faults, seed=1)
    with StubServer(CorpusResponder(corpus), faults=plan) as server:
        run = Run(
            endpoint=server.endpoint(response_format="json_schema"),
            cache_dir=tmp_path / "cache",
            concurrency=1,
            backoff=BACKOFF,
        )
        extractions, report = run.extract([folder])
    drawn = [fault for n in range(1, server.calls + 1) if (fault := plan(n, {})) is not None]
    assert report.ok and report.extracted == len(corpus.articles) == len(extractions)
    assert set(drawn) == set(faults)
    assert server.calls == KINDS * len(corpus.articles) + len(drawn) == 27


# --- a run in which some articles fail -----------------------------------------------------------


def cached_answers(cache: Path) -> int:
    with sqlite3.connect(cache / CACHE_FILE) as db:
        return db.execute("SELECT count(*) FROM extractions").fetchone()[0]


def test_a_run_goes_on_past_failed_articles_and_the_next_run_makes_only_the_missing_calls(
    corpus: Corpus, tmp_path: Path
) -> None:
    folder, cache = tmp_path / "articles", tmp_path / "cache"
    corpus.write(folder)
    down, garbled = corpus.articles[1], corpus.articles[3]
    plan = either(
        about(down, lambda body: Fault(status=503)),
        about(garbled, lambda body: Fault(content=truncated(CorpusResponder(corpus)(body))), {"figures"}),
    )
    healthy = KINDS * (len(corpus.articles) - 2)
    with StubServer(CorpusResponder(corpus), faults=plan) as server:
        run = Run(endpoint=server.endpoint(), cache_dir=cache, concurrency=4, backoff=BACKOFF)
        extractions, report = run.extract([folder])
        failed_host = host(server)
    assert (report.articles, report.extracted, report.cached) == (6, 4, 0)
    # Every request for the article whose server is down (4 per call), two for the figures of the
    # article with a bad answer (the answer and the re-ask), one for every other call.
    assert server.calls == healthy + KINDS * ATTEMPTS + (KINDS - 1) + 2
    assert [Path(f.path).name for f in report.failures] == [down.name, garbled.name]
    down_error, garbled_error = (f.error for f in report.failures)
    down_errors = down_error.split("; ")
    assert [e.split(": ")[0] for e in down_errors] == list(RECORD_KINDS)
    assert all(f": {failed_host} answered HTTP 503: " in e and "injected fault" in e for e in down_errors)
    assert garbled_error.startswith(
        "figures: the model's output was not valid after 2 attempts: Invalid JSON"
    )
    assert ";" not in garbled_error
    by_name = {Path(x.article.path).name: x for x in extractions}
    assert not (by_name[down.name].events or by_name[down.name].figures or by_name[down.name].statements)
    assert by_name[garbled.name].events and not by_name[garbled.name].figures
    assert cached_answers(cache) == healthy + KINDS - 1  # nothing of the failed calls

    log = CallLog(cache / CALL_LOG)
    outcomes = [c.outcome for c in log.calls(log.runs(1)[0].id)]
    log.close()
    assert outcomes.count("HTTP 503") == KINDS * ATTEMPTS and outcomes.count("invalid output") == 2

    with StubServer(CorpusResponder(corpus)) as server:
        run = Run(endpoint=server.endpoint(), cache_dir=cache, concurrency=4, backoff=BACKOFF)
        _, report = run.extract([folder])
    assert report.ok and (report.extracted, report.cached) == (2, 4)
    assert server.calls == KINDS + 1  # the down article's three calls and the garbled figures call
    assert cached_answers(cache) == KINDS * len(corpus.articles)


def cited(briefing: Briefing) -> set[str]:
    """The names of the article files the briefing's records cite."""
    records = [*briefing.developments, *briefing.figures, *briefing.statements, *briefing.unconfirmed]
    values = [v for d in briefing.disagreements for v in d.values]
    return {Path(c.path).name for r in [*records, *values] for c in r.citations}


def summarize(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*map(str, args)])
    return result.exit_code, result.output


def test_brief_lists_failed_articles_exits_partial_and_a_rerun_completes(
    corpus: Corpus, tmp_path: Path
) -> None:
    folder, cache = tmp_path / "articles", tmp_path / "cache"
    md, js = tmp_path / "brief.md", tmp_path / "brief.json"
    corpus.write(folder)
    cut, misquoted = corpus.articles[0], corpus.articles[4]
    plan = either(
        about(cut, lambda body: Fault(finish_reason="length")),
        about(
            misquoted,
            lambda body: Fault(content=citing_missing_sentences(CorpusResponder(corpus)(body))),
            {"statements"},
        ),
    )
    with StubServer(CorpusResponder(corpus), faults=plan) as server:
        model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", cache]
        code, output = summarize("brief", folder, "-o", md, "-o", js, *model)
    assert code == EXIT_PARTIAL, output
    # One request per call of the cut-off article, the answer and its re-ask for the statements
    # of the misquoted one, one for every other call.
    assert server.calls == KINDS * len(corpus.articles) + 1

    briefing = Briefing.model_validate_json(js.read_text(encoding="utf-8"))
    assert [Path(f.path).name for f in briefing.failures] == [cut.name, misquoted.name]
    cut_error, misquoted_error = (f.error for f in briefing.failures)
    cut_off = "the model's answer was cut off at 1024 tokens (finish_reason=length)"
    assert cut_error == "; ".join(f"{kind}: {cut_off}" for kind in RECORD_KINDS)
    assert misquoted_error.startswith(
        "statements: the model's output was not valid after 2 attempts: statements.0.sentence: Input should be 1"
    )
    markdown = md.read_text(encoding="utf-8")
    assert "## Articles that could not be processed" in markdown
    for failed in briefing.failures:
        assert f"- {escape_markdown(failed.path)}: {escape_markdown(failed.error)}" in markdown
        assert f"failed: {failed.path}: {failed.error}" in output
    assert misquoted.name in cited(briefing)  # its events and figures are used
    summary = output.strip().splitlines()[-1]
    assert summary.startswith("summarize: 6 articles: 0 cached, 4 extracted, 2 failed")
    assert cached_answers(cache) == KINDS * len(corpus.articles) - KINDS - 1

    with StubServer(CorpusResponder(corpus)) as server:
        model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", cache]
        code, output = summarize("brief", folder, "-o", md, "-o", js, "--no-previous", *model)
    assert code == 0, output
    assert server.calls == KINDS + 1
    assert "6 articles: 4 cached, 2 extracted, 0 failed" in output
    assert "could not be processed" not in md.read_text(encoding="utf-8")
    assert Briefing.model_validate_json(js.read_text(encoding="utf-8")).failures == []
