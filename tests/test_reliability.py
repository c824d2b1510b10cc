"""A nightly run over a folder of good and bad files, against a server that faults a third of its answers.

Every file must be accounted for after each run: cited in the briefing, or listed with its reason
(in the briefing and on stderr), or reported as a copy of another file; none lost. Answers that
failed are not cached, so later runs against the same faulty server ask again for exactly what is
missing, until every good article is in the briefing. The API key is found in no file of the run.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.client.embedded import MODEL_NAME
from summarizer.extract.chunks import chunks_of
from summarizer.extract.responses import RECORD_KINDS
from summarizer.ingest.files import load_article
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import StubServer, random_faults
from support.mixed_folder import MODEL_FAULTS, write_mixed_folder
from support.paths import REPO
from support.story_folder import read_story_folder
from support.synthetic import CorpusResponder, synthetic_corpus

EXIT_PARTIAL = 1
MAX_RUNS = 6


def test_a_mixed_folder_against_a_server_faulting_a_third_of_its_answers_loses_nothing(
    tmp_path: Path,
) -> None:
    corpus = synthetic_corpus(articles=40, seed=5, days=1)
    folder, cache, home = tmp_path / "feed", tmp_path / "cache", tmp_path / "home"
    mixed = write_mixed_folder(folder, corpus)
    good, bad = set(mixed.good), mixed.bad
    missing = tmp_path / "not-there"
    parts = len(chunks_of(load_article(folder / mixed.long)))
    assert parts > 1
    calls_needed = len(RECORD_KINDS) * (len(good) - 1 + parts)
    key = f"sk-canary-{uuid.uuid4().hex}"
    out = tmp_path / "out"  # a briefing per story, and the index
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "OPENAI_API_KEY": key}

    faults = random_faults(share=1 / 3, faults=MODEL_FAULTS, seed=2026)
    with StubServer(CorpusResponder(corpus), faults=faults) as server:
        model = ["--base-url", server.base_url, "--model", server.model, "--timeout", "1", "-j", "4"]
        answered_ok: list[str] = []
        for run in range(1, MAX_RUNS + 1):
            seen = len(server.requests)
            result = CliRunner().invoke(
                cli,
                ["brief", str(folder), str(missing), "-o", f"{out}/", "--cache-dir", str(cache), *model],
                env=env,
            )  # fmt: skip
            output = result.output
            assert result.exception is None or isinstance(result.exception, SystemExit), output
            assert "Traceback" not in output
            assert result.exit_code == EXIT_PARTIAL, output
            stories = read_story_folder(out)
            cited, failed = stories.listed, stories.failed
            # Every file is accounted for: cited (or listed alone), failed with a reason, or a copy.
            for name in good:
                assert name in cited or name in failed, f"run {run}: {name} lost"
            for name, why in bad.items():
                assert why in failed[name], f"run {run}: {name}: {failed.get(name)}"
            # A copy is read once, under the first name in name order, and the other is reported.
            skipped, kept = mixed.copy
            assert f"skipped: {folder / skipped} (same text as {folder / kept})" in output
            assert f"skipped: {folder / mixed.loop} (same folder as {folder}, already read)" in output
            assert mixed.loop not in failed
            assert str(missing) in output and "not-there" in failed
            for name, why in failed.items():
                assert f"failed: {folder / name if name != 'not-there' else missing}: " in output
                assert why.strip() and "\n" not in why
            assert output.strip().splitlines()[-1].startswith("summarize: ")
            markdown = (out / "index.md").read_text()
            assert "## Articles that could not be processed" in markdown
            assert all(name in markdown for name in failed)
            # The hostile article is data: its template syntax is shown, never run.
            texts = [p.read_text() for p in out.glob("*.md")]
            assert not any("49" in text.splitlines()[0] or "root:" in text for text in texts)
            answered_ok += [
                body_key(r.body) for r in server.requests[seen:] if faults(r.number, r.body) is None
            ]
            if cited >= good and not good & set(failed):
                break
        else:
            raise AssertionError(f"good articles still missing after {MAX_RUNS} runs: {set(good) - cited}")
        assert run > 1, "the faults made at least one article fail in the first run"
        assert sorted(set(answered_ok)) == sorted(answered_ok), "no question answered well was asked again"
        assert len(answered_ok) == calls_needed
        assert all(r.headers.get("authorization") == f"Bearer {key}" for r in server.requests)

    assert not good & set(failed)
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink() and folder not in p.parents
    ]
    assert {p.name for p in written} >= {"index.md", "index.json", "extractions.sqlite", "calls.sqlite"}
    for path in written:
        assert key.encode() not in path.read_bytes(), path
    for database in cache.glob("*.sqlite"):
        with sqlite3.connect(database) as db:
            dump = "\n".join(db.iterdump())
        assert key not in dump, database


def body_key(body: dict) -> str:
    """What a request asks: its messages and response format (the same question asked again matches)."""
    return json.dumps([body["messages"], body.get("response_format")], sort_keys=True)


def test_faults_between_the_tool_and_the_real_model_change_nothing_in_the_briefing(tmp_path: Path) -> None:
    """The embedded model's recorded answers for the seeds, served with faults in a third of the
    answers: once the reruns have asked again what failed, the briefing is the fault-free one."""
    responder = RecordedResponder(REPO / "tests" / "fixtures" / "cassettes" / "seeds.yaml")
    assert len(responder) == 15  # 5 seeds x 3 record kinds

    def brief(server: StubServer, out: Path, cache: Path) -> tuple[int, str]:
        result = CliRunner().invoke(
            cli,
            ["brief", str(REPO / "seeds"), "-o", str(out), "--no-previous", "--cache-dir", str(cache),
             "--base-url", server.base_url, "--model", MODEL_NAME, "--response-format", "json_schema",
             "--timeout", "1", "-j", "2"],
        )  # fmt: skip
        assert "Traceback" not in result.output
        return result.exit_code, result.output

    def without_time(path: Path) -> dict:
        return {**json.loads(path.read_text()), "generated_at": None}

    with StubServer(responder) as server:
        assert brief(server, tmp_path / "clean.json", tmp_path / "clean-cache")[0] == 0
    faults = random_faults(share=1 / 3, faults=MODEL_FAULTS, seed=7)
    exit_codes = []
    with StubServer(responder, faults=faults) as server:
        while not exit_codes or exit_codes[-1] != 0:
            assert len(exit_codes) < MAX_RUNS, exit_codes
            code, output = brief(server, tmp_path / "faulty.json", tmp_path / "faulty-cache")
            assert code in (0, EXIT_PARTIAL), output
            exit_codes.append(code)
        injected = [faults(r.number, r.body) for r in server.requests]
    assert exit_codes[0] == EXIT_PARTIAL, "the faults made at least one call fail in the first run"
    assert sum(fault is not None for fault in injected) >= 5
    assert without_time(tmp_path / "faulty.json") == without_time(tmp_path / "clean.json")
