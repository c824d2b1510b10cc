"""Nightly runs over a growing folder: incremental extraction, concurrency, rate limits, the call log.

The model is the loopback stub server (summarizer/testing/stub_server.py, real HTTP) answering for
a synthetic corpus as a perfect model would (summarizer/testing/synthetic.py): these tests are
about the plumbing of many articles and many calls, not about what a real model extracts (the
recorded end-to-end tests are).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.client.usage import Prices
from summarizer.extract.responses import RECORD_KINDS
from summarizer.models.briefing import Briefing
from summarizer.pipeline import Run, brief
from summarizer.storage.call_log import FILE_NAME as CALL_LOG
from summarizer.storage.call_log import CallLog
from summarizer.testing.stub_server import Fault, StubServer, scripted
from support.story_folder import read_story_folder
from support.synthetic import Corpus, CorpusResponder, synthetic_corpus

KINDS = len(RECORD_KINDS)
CANARY = "sk-canary-nightly-7f3a9c"


@pytest.fixture(scope="module")
def week() -> Corpus:
    return synthetic_corpus(articles=28, seed=7, first_day=date(2026, 11, 16), days=7)


@pytest.fixture
def server(week: Corpus) -> StubServer:
    with StubServer(CorpusResponder(week), latency=0.01) as stub:
        yield stub


def briefing_json(briefing: Briefing) -> str:
    return briefing.model_copy(update={"generated_at": "-"}).model_dump_json()


def test_output_is_the_same_whatever_the_concurrency(
    week: Corpus, server: StubServer, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    week.write(folder)
    results = {}
    for concurrency in (1, 4, 16):
        before = server.max_in_flight
        run = Run(
            endpoint=server.endpoint(), cache_dir=tmp_path / f"cache-{concurrency}", concurrency=concurrency
        )
        extractions, report = run.extract([folder])
        assert report.ok and report.extracted == len(week.articles)
        assert report.usage.calls == KINDS * len(week.articles)
        results[concurrency] = (
            [x.model_dump_json() for x in extractions],
            briefing_json(brief(extractions, report.failures)),
        )
        if concurrency == 1:
            assert server.max_in_flight == 1
        else:
            assert before <= server.max_in_flight <= concurrency
    assert server.max_in_flight > 1  # the calls did run in parallel
    assert results[1] == results[4] == results[16]


def test_a_rerun_calls_the_model_only_for_new_and_changed_articles(
    week: Corpus, server: StubServer, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    first, second = week.days[:2]
    week.write(folder, week.published_on(first))
    run = Run(endpoint=server.endpoint(), cache_dir=tmp_path / "cache", concurrency=4)
    _, report = run.extract([folder])
    assert (report.extracted, report.cached, server.calls) == (len(week.published_on(first)), 0, server.calls)
    calls_before = server.calls
    new = week.write(folder, week.published_on(second))
    changed = sorted(folder.glob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nCorrection: the town was named wrongly.\n")
    _, report = run.extract([folder])
    assert report.extracted == len(new) + 1
    assert report.cached == len(week.published_on(first)) - 1
    assert server.calls - calls_before == KINDS * (len(new) + 1)
    _, report = run.extract([folder])
    assert (report.extracted, report.usage.calls) == (0, 0)


def test_rate_limits_are_waited_out_by_every_request(week: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    week.write(folder, week.articles[:6])
    limited = Fault(status=429, retry_after="0.3")
    faults = scripted({1: limited, 2: limited, 3: Fault(status=429), 7: limited})
    with StubServer(CorpusResponder(week), latency=0.01, faults=faults) as server:
        run = Run(endpoint=server.endpoint(), cache_dir=tmp_path / "cache", concurrency=4)
        extractions, report = run.extract([folder])
    assert report.ok and len(extractions) == 6
    assert server.calls == KINDS * 6 + 4
    log = CallLog(tmp_path / "cache" / CALL_LOG)
    outcomes = [call.outcome for call in log.calls(log.runs(1)[0].id)]
    assert outcomes.count("HTTP 429") == 4 and outcomes.count("ok") == KINDS * 6


def test_every_call_is_logged_with_its_article_tokens_and_outcome_and_no_key(
    week: Corpus, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    week.write(folder, week.articles[:3])
    broken = Fault(content='{"events": [{"what": "cut')
    with StubServer(CorpusResponder(week), faults=scripted({2: broken, 5: Fault(status=503)})) as server:
        run = Run(
            endpoint=server.endpoint(api_key=CANARY),
            cache_dir=tmp_path / "cache",
            concurrency=1,
            name="brief",
        )
        run.extract([folder])
        host = server.base_url.split("/")[2]
    log = CallLog(tmp_path / "cache" / CALL_LOG)
    (logged,) = log.runs()
    calls = log.calls(logged.id)
    log.close()
    assert (logged.command, logged.model, logged.endpoint_host) == ("brief", "stub-model", host)
    assert (logged.articles, logged.extracted, logged.failed, logged.calls) == (3, 3, 0, KINDS * 3 + 2)
    assert [c.outcome for c in calls[:6]] == ["ok", "invalid output", "ok", "ok", "HTTP 503", "ok"]
    assert all(c.article and c.article.endswith(".md") and c.kind in RECORD_KINDS for c in calls)
    ok = [c for c in calls if c.outcome == "ok"]
    assert all(c.prompt_tokens and c.completion_tokens and c.latency > 0 for c in ok)
    assert logged.prompt_tokens == sum(c.prompt_tokens or 0 for c in calls)
    for written in (tmp_path / "cache").iterdir():
        assert CANARY.encode() not in written.read_bytes(), written


def test_summary_line_estimates_the_cost_from_prices_per_million_tokens(week: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    week.write(folder, week.articles[:2])
    with StubServer(CorpusResponder(week)) as server:
        run = Run(endpoint=server.endpoint(), cache_dir=tmp_path / "cache", prices=Prices(0.15, 0.60))
        _, report = run.extract([folder])
    expected = (report.usage.prompt_tokens * 0.15 + report.usage.completion_tokens * 0.60) / 1e6
    assert report.cost == pytest.approx(expected)
    assert f"est. cost {expected:.4f}" in report.summary()
    assert "est. cost" not in Run(endpoint=None, cache_dir=tmp_path).extract([])[1].summary()


def summarize(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*map(str, args)], env=env)
    return result.exit_code, result.output


def test_a_simulated_week_by_story_calls_only_for_new_articles_keeps_ids_and_says_what_is_new(
    week: Corpus, server: StubServer, tmp_path: Path
) -> None:
    folder, out, cache = tmp_path / "feed", tmp_path / "briefs", tmp_path / "cache"
    model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", cache]
    story_of: dict[str, str] = {}  # article → the id of the story it was first listed in
    for number, day in enumerate(week.days):
        new = week.write(folder, week.published_on(day))
        calls_before = server.calls
        code, output = summarize("brief", folder, "-o", f"{out}/", *model)
        assert code == 0, output
        assert server.calls - calls_before == KINDS * len(new)
        summary = output.strip().splitlines()[-1]
        assert f"{len(new)} extracted" in summary
        stories = read_story_folder(out)
        for entry in [*stories.index.stories, *stories.index.also_reported]:
            merged = {m.id for m in entry.merged}
            for article in entry.articles:
                first = story_of.setdefault(article.path, entry.id)
                assert first == entry.id or first in merged, (article.path, first, entry.id)
                story_of[article.path] = entry.id
        compared = [e for e in stories.index.stories if e.since_previous]
        if number == 0:
            assert not compared and "New since the last briefing" not in output
        else:  # every day reports on stories of the day before, whose figures rise
            assert compared and "compared with their last briefing" in summary
        for entry in compared:
            since = stories.briefings[entry.slug].since_previous
            assert since is not None
            if entry.new_article_count:
                assert since.new_developments or since.new_figures or since.changed_figures
            assert "New since the last briefing" in (out / f"{entry.slug}.md").read_text(encoding="utf-8")
    code, output = summarize("logs", "-n", "100", "--cache-dir", cache)
    assert code == 0 and len(output.splitlines()) == len(week.days)


def test_several_outputs_and_previous_options(week: Corpus, server: StubServer, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    week.write(folder, week.articles[:4])
    model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", tmp_path / "cache"]
    code, output = summarize(
        "brief", folder, "-o", tmp_path / "a.md", "-o", tmp_path / "a.md.json", "-f", "md", *model
    )
    assert code == 2 and "--format and --template apply to a single --out" in output
    code, output = summarize(
        "brief", folder, "-o", tmp_path / "a.md", "--previous", tmp_path / "nope.json", *model
    )
    assert code == 2 and "nope.json" in output and len(output.strip().splitlines()) == 1
    assert not (tmp_path / "a.md").exists()
    code, output = summarize("brief", folder, "-o", tmp_path / "a.md", "-o", tmp_path / "a.json", *model)
    assert code == 0 and (tmp_path / "a.md").exists() and (tmp_path / "a.json").exists()
    code, _ = summarize("brief", folder, "-o", tmp_path / "a.md", *model)
    assert code == 0 and "Nothing new since the briefing of" in (tmp_path / "a.md").read_text()
    code, _ = summarize("brief", folder, "-o", tmp_path / "a.md", "--no-previous", *model)
    assert code == 0 and "New since" not in (tmp_path / "a.md").read_text()
    code, output = summarize("brief", folder, "-o", tmp_path / "b.md", "--model", "gpt-4o-mini")
    assert code == 2 and "needs --base-url" in output


def test_logs_command_lists_runs_and_calls(week: Corpus, server: StubServer, tmp_path: Path) -> None:
    folder, cache = tmp_path / "feed", tmp_path / "cache"
    assert summarize("logs", "--cache-dir", cache) == (0, f"no runs logged yet ({cache / CALL_LOG})\n")
    week.write(folder, week.articles[:2])
    model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", cache]
    for _ in range(2):
        assert summarize("extract", folder, "-o", tmp_path / "x.jsonl", *model)[0] == 0
    code, output = summarize("logs", "--cache-dir", cache)
    runs = output.splitlines()
    assert code == 0 and len(runs) == 2
    assert runs[0].startswith("#2 ") and " extract · stub-model @ 127.0.0.1:" in runs[0]
    assert "2 articles: 2 cached, 0 extracted, 0 failed · 0 calls" in runs[0]
    assert "2 articles: 0 cached, 2 extracted, 0 failed · 6 calls" in runs[1]
    code, output = summarize("logs", "--calls", "1", "--cache-dir", cache)
    lines = output.splitlines()
    assert code == 0 and lines[0].startswith("#1 ") and len(lines) == 1 + KINDS * 2
    assert all(" ok " in line for line in lines[1:])
    code, output = summarize("logs", "--calls", "--json", "--cache-dir", cache)
    assert code == 0 and output == ""  # the latest run made no call
    code, output = summarize("logs", "--calls", "1", "--json", "--cache-dir", cache)
    rows = [json.loads(line) for line in output.splitlines()]
    assert sorted(r["kind"] for r in rows) == sorted(RECORD_KINDS * 2)
    assert all(r["outcome"] == "ok" for r in rows)
    assert summarize("logs", "--calls", "9", "--cache-dir", cache)[0] == 2


def test_a_killed_run_resumes_without_redoing_finished_calls(week: Corpus, tmp_path: Path) -> None:
    folder, cache = tmp_path / "feed", tmp_path / "cache"
    week.write(folder, week.articles[:8])
    with StubServer(CorpusResponder(week), latency=0.15) as server:
        command = [sys.executable, "-m", "summarizer", "brief", str(folder), "-o", f"{tmp_path / 'briefs'}/"]
        command += [
            "--base-url",
            server.base_url,
            "--model",
            server.model,
            "--cache-dir",
            str(cache),
            "-j",
            "1",
        ]
        process = subprocess.Popen(
            command, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        deadline = time.monotonic() + 60
        while server.calls < 10 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        made = server.calls
        assert 10 <= made < KINDS * 8 and not (tmp_path / "briefs").exists()
        with sqlite3.connect(cache / "extractions.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            cached = db.execute("SELECT count(*) FROM extractions").fetchone()[0]
        assert made - 1 <= cached <= made  # every answer received was cached, at most one was in flight
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert server.calls - made == KINDS * 8 - cached
