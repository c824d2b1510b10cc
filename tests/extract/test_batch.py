"""Batch jobs (summarizer/batch.py, `summarize batch`).

Requests are compared with what the interactive client really sends; results are built from the
answers the embedded model gave in tests/fixtures/cassettes/seeds.yaml, each matched to its
request by the messages, and the failure cases are derived from those answers.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from summarizer.cli import cli
from summarizer.client.chat import ChatModel
from summarizer.client.embedded import MODEL_NAME
from summarizer.client.endpoint import Endpoint, Secret
from summarizer.errors import ModelCallError
from summarizer.extract.batch import CHAT_COMPLETIONS_URL, BatchKey, BatchRequests, collect, prepare
from summarizer.extract.prompts import messages_for, prompt_version
from summarizer.extract.responses import RECORD_KINDS, draft_model, schema_version
from summarizer.ingest.files import ingest_paths
from summarizer.pipeline import Run
from summarizer.storage.cache import FILE_NAME, CacheKey, ExtractionCache
from support.paths import REPO

SEEDS = str(REPO / "seeds")
CASSETTE = REPO / "tests" / "fixtures" / "cassettes" / "seeds.yaml"
MODEL = MODEL_NAME  # the recorded answers are the embedded model's
SECRET = "sk-batch-test-secret-0123456789"
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens here


@pytest.fixture
def default_cassette_name() -> str:
    return "seeds"


@cache
def recorded() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(request body, response body) of every interactive call recorded on the seeds."""
    interactions = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"]
    return [
        (json.loads(i["request"]["body"]), json.loads(i["response"]["body"]["string"])) for i in interactions
    ]


def recorded_answer(body: dict[str, Any]) -> dict[str, Any]:
    """The recorded chat completion that answered a request with the same messages as ``body``."""
    answers = [response for request, response in recorded() if request["messages"] == body["messages"]]
    assert len(answers) == 1
    return copy.deepcopy(answers[0])


def result_line(custom_id: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    """One line of a Batch API output file."""
    digest = hashlib.sha256(custom_id.encode()).hexdigest()[:24]
    response = {"status_code": status, "request_id": digest, "body": body}
    return {"id": f"batch_req_{digest}", "custom_id": custom_id, "response": response, "error": None}


def recorded_results(requests: BatchRequests) -> dict[str, dict[str, Any]]:
    """The output line of each request, answered as the embedded model answered it, by custom_id."""
    return {
        line["custom_id"]: result_line(line["custom_id"], recorded_answer(line["body"]))
        for line in requests.lines
    }


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def open_cache(directory: Path) -> ExtractionCache:
    return ExtractionCache(directory / FILE_NAME)


class _Capture(BaseHTTPRequestHandler):
    """Records each request body and refuses it, so the client gives up at once."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.bodies.append(json.loads(body))  # type: ignore[attr-defined]
        payload = b'{"error": {"message": "captured"}}'
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@contextmanager
def capturing_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Capture)
    server.bodies = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", server.bodies  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def summarize(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, [*map(str, args)], env=env, catch_exceptions=False)


# prepare


def test_prepare_over_the_seeds_asks_every_article_for_every_kind() -> None:
    articles = ingest_paths([SEEDS]).articles
    requests = prepare([SEEDS], MODEL, None)
    assert (len(requests.lines), requests.articles, requests.articles_read, requests.cached) == (15, 5, 5, 0)
    assert requests.failures == [] and requests.skipped == []
    assert len({line["custom_id"] for line in requests.lines}) == 15
    expected = [
        BatchKey(
            CacheKey(a.content_hash, MODEL, kind, prompt_version(kind), schema_version()), len(a.sentences)
        )
        for a in articles
        for kind in RECORD_KINDS
    ]
    assert [BatchKey.parse(line["custom_id"]) for line in requests.lines] == expected
    for line in requests.lines:
        assert set(line) == {"custom_id", "method", "url", "body"}
        assert (line["method"], line["url"]) == ("POST", CHAT_COMPLETIONS_URL)
    lines = [json.loads(text) for text in requests.jsonl().splitlines()]
    assert lines == requests.lines


@pytest.mark.parametrize("response_format", ["json_schema", "json_object"])
def test_request_bodies_are_what_the_interactive_client_sends(response_format: str) -> None:
    requests = prepare([SEEDS], MODEL, None, response_format)  # type: ignore[arg-type]
    with capturing_server() as (url, sent):
        endpoint = Endpoint(url, MODEL, api_key=Secret(SECRET), response_format=response_format)  # type: ignore[arg-type]
        chat = ChatModel(endpoint, attempts=1)
        for article in ingest_paths([SEEDS]).articles:
            for kind in RECORD_KINDS:
                with pytest.raises(ModelCallError):
                    chat.structured(messages_for(article, kind), draft_model(kind, len(article.sentences)))
        chat.close()
    assert [line["body"] for line in requests.lines] == sent
    assert SECRET not in requests.jsonl()
    if response_format == "json_schema":  # what the embedded model was asked, as recorded

        def canonical(bodies: list[dict[str, Any]]) -> list[str]:  # the cassette keeps the order of recording
            return sorted(json.dumps(body, sort_keys=True) for body in bodies)

        assert canonical([line["body"] for line in requests.lines]) == canonical([r for r, _ in recorded()])


def test_prepare_skips_the_calls_cached_for_that_model(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    first = ingest_paths([SEEDS]).articles[0]
    for kind in ("events", "figures"):
        cache.put(CacheKey(first.content_hash, MODEL, kind, prompt_version(kind), schema_version()), [])
    requests = prepare([SEEDS], MODEL, cache)
    assert (len(requests.lines), requests.articles, requests.cached) == (13, 5, 2)
    assert BatchKey.parse(requests.lines[0]["custom_id"]).kind == "statements"  # type: ignore[union-attr]

    other = prepare([SEEDS], "another-model", cache)
    assert (len(other.lines), other.cached) == (15, 0)

    cache.put(
        CacheKey(first.content_hash, MODEL, "statements", prompt_version("statements"), schema_version()), []
    )
    assert (prepare([SEEDS], MODEL, cache).articles, prepare([SEEDS], MODEL, cache).cached) == (4, 3)
    cache.close()


def test_prepare_reports_inputs_it_cannot_use(tmp_path: Path) -> None:
    seed = next(Path(SEEDS).iterdir())
    (tmp_path / "a.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "share.txt").write_text("Share this article\n", encoding="utf-8")
    (tmp_path / "binary.json").write_bytes(b"\x00\x01\x02")
    requests = prepare([tmp_path, tmp_path / "missing.txt"], MODEL, None)
    assert (len(requests.lines), requests.articles) == (3, 1)
    assert requests.skipped == [(str(tmp_path / "b.txt"), f"same text as {tmp_path / 'a.txt'}")]
    assert [(f.path, f.error) for f in requests.failures] == [
        (str(tmp_path / "binary.json"), "binary file (contains NUL bytes)"),
        (str(tmp_path / "share.txt"), "no article text (only headings and boilerplate)"),
        (str(tmp_path / "missing.txt"), "no such file or directory"),
    ]


def test_custom_ids_carry_any_model_name() -> None:
    for model in ("qwen2.5:7b", "Qwen/Qwen2.5-7B-Instruct", "a model: with | odd * chars"):
        key = BatchKey(CacheKey("a" * 64, model, "figures", "0123456789ab", "ba9876543210"), 27)
        assert key.custom_id.startswith("summarize:1:" + "a" * 64 + ":figures:")
        assert BatchKey.parse(key.custom_id) == key
    for custom_id in (
        "request-1",
        "summarize:2:" + "a" * 64 + ":events:0a:0b:3:m",
        "summarize:1:abc:events:0a:0b:3:m",
    ):
        assert BatchKey.parse(custom_id) is None


# collect


# Not marked `recorded`: `make record` re-records the cassette this test reads as data.
@pytest.mark.vcr
def test_collected_answers_are_the_cache_entries_of_the_interactive_run(
    tmp_path: Path, model_url: str
) -> None:
    batch_dir, interactive_dir = tmp_path / "batch", tmp_path / "interactive"
    cache = open_cache(batch_dir)
    requests = prepare([SEEDS], MODEL, cache)
    results = write_jsonl(tmp_path / "results.jsonl", list(recorded_results(requests).values()))
    report = collect([results], cache)
    cache.close()
    assert (report.results, report.cached, report.failures) == (15, 15, [])
    assert report.prompt_tokens == sum(response["usage"]["prompt_tokens"] for _, response in recorded())
    assert report.completion_tokens == sum(
        response["usage"]["completion_tokens"] for _, response in recorded()
    )

    endpoint = Endpoint(model_url, MODEL, response_format="json_schema")
    interactive, asked = Run(endpoint, interactive_dir).extract([SEEDS])  # replays the recorded answers
    assert (asked.usage.calls, asked.extracted) == (15, 5)
    collected, served = Run(endpoint, batch_dir).extract([SEEDS])
    assert (served.usage.calls, served.cached, served.failures) == (0, 5, [])
    assert [x.model_dump() for x in collected] == [x.model_dump() for x in interactive]

    batch_cache, interactive_cache = open_cache(batch_dir), open_cache(interactive_dir)
    for line in requests.lines:
        key = BatchKey.parse(line["custom_id"]).cache_key  # type: ignore[union-attr]
        assert batch_cache.get(key) == interactive_cache.get(key) is not None
    batch_cache.close()
    interactive_cache.close()


def _content(result: dict[str, Any]) -> str:
    return result["response"]["body"]["choices"][0]["message"]["content"]


def _answered(result: dict[str, Any], content: str, finish_reason: str = "stop") -> dict[str, Any]:
    derived = copy.deepcopy(result)
    choice = derived["response"]["body"]["choices"][0]
    choice["message"]["content"], choice["finish_reason"] = content, finish_reason
    return derived


def test_collect_counts_every_failure_caches_nothing_for_it_and_goes_on(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    requests = prepare([SEEDS], MODEL, cache)
    good = recorded_results(requests)
    ids = list(good)
    keys = {custom_id: BatchKey.parse(custom_id) for custom_id in ids}

    error = {
        "code": "batch_expired",
        "message": "This request could not be executed before the completion window expired.",
    }
    refused = result_line(
        ids[1], {"error": {"message": "The server had an error\nwhile processing your request."}}, 500
    )
    cut = _content(good[ids[2]])[: len(_content(good[ids[2]])) // 2]
    wrong_sentence = json.loads(_content(good[ids[4]]))
    kind = keys[ids[4]].kind  # type: ignore[union-attr]
    wrong_sentence[kind][0]["sentence"] = keys[ids[4]].sentence_count + 1  # type: ignore[union-attr]
    stale = ids[5].replace(f":{keys[ids[5]].cache_key.prompt_version}:", ":000000000000:")  # type: ignore[union-attr]
    derived = [
        {"id": "batch_req_0", "custom_id": ids[0], "response": None, "error": error},
        refused,
        _answered(good[ids[2]], cut, finish_reason="length"),
        _answered(good[ids[3]], _content(good[ids[3]])[:-3]),
        _answered(good[ids[4]], json.dumps(wrong_sentence)),
        {**good[ids[5]], "custom_id": stale},
        {**good[ids[6]], "custom_id": "request-1"},
    ]
    first = write_jsonl(tmp_path / "first.jsonl", [good[i] for i in ids[6:]])
    second = write_jsonl(tmp_path / "second.jsonl", derived)
    with second.open("ab") as out:
        out.write(b"\nnot json {\n[1, 2]\n" + json.dumps({"id": "batch_req_x"}).encode() + b"\n\x80\x81\n")
    report = collect([first, second, tmp_path / "missing.jsonl"], cache)

    assert (report.results, report.cached) == (20, 9)
    assert [f.path for f in report.failures] == [
        *ids[:5],
        stale,
        "request-1",
        *(f"{second}:{n}" for n in (9, 10, 11, 12)),
        str(tmp_path / "missing.jsonl"),
    ]
    reasons = [f.error for f in report.failures]
    assert reasons[0] == f"batch error: {error['message']}"
    assert reasons[1] == "HTTP 500: The server had an error while processing your request."
    assert reasons[2] == "the answer was cut off at 1024 tokens (finish_reason=length)"
    assert reasons[3].startswith("the answer is not JSON (Invalid JSON: ")
    assert reasons[4].startswith(
        f"the answer does not fit the schema ({kind}.0.sentence: Input should be 1, 2, "
    )
    assert reasons[5] == "stale: asked with a prompt or schema this version no longer uses (prepare again)"
    assert reasons[6] == "unknown custom_id format (not written by `summarize batch prepare`)"
    assert reasons[7:] == [
        "not a JSON line",
        "not a JSON object",
        "no custom_id",
        "not a JSON line",
        "cannot read: no such file or directory",
    ]
    for custom_id in ids:
        assert (cache.get(keys[custom_id].cache_key) is not None) == (custom_id in ids[6:])  # type: ignore[union-attr]
    bodies = [
        line["response"]["body"] for line in [*(good[i] for i in ids[6:]), *derived] if line["response"]
    ]
    assert report.prompt_tokens == sum(body.get("usage", {}).get("prompt_tokens", 0) for body in bodies)
    assert report.completion_tokens == sum(
        body.get("usage", {}).get("completion_tokens", 0) for body in bodies
    )
    cache.close()


# the command line


def test_prepare_collect_then_brief_makes_no_model_call(tmp_path: Path) -> None:
    cache_dir, out = tmp_path / "cache", tmp_path / "requests.jsonl"
    keys = {"SUMMARIZER_API_KEY": SECRET, "OPENAI_API_KEY": SECRET, "SUMMARIZER_MODEL": MODEL}
    prepared = summarize("batch", "prepare", SEEDS, "--out", out, "--cache-dir", cache_dir, env=keys)
    assert prepared.exit_code == 0, prepared.output
    assert prepared.stderr == f"summarize: 15 requests for 5 articles (0 calls already cached) → {out}\n"
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text and "authorization" not in text.lower()

    requests = BatchRequests(lines=[json.loads(line) for line in text.splitlines()])
    results = write_jsonl(tmp_path / "results.jsonl", list(recorded_results(requests).values()))
    collected = summarize("batch", "collect", results, "--cache-dir", cache_dir)
    assert collected.exit_code == 0, collected.output
    prompt = sum(response["usage"]["prompt_tokens"] for _, response in recorded())
    completion = sum(response["usage"]["completion_tokens"] for _, response in recorded())
    assert collected.stderr == (
        f"summarize: 15 answers cached, 0 failed · {prompt:,} prompt + {completion:,} completion tokens\n"
    )

    again = summarize(
        "batch", "prepare", SEEDS, "-o", tmp_path / "again.jsonl", "-m", MODEL, "--cache-dir", cache_dir
    )
    assert again.exit_code == 0, again.output
    assert again.stderr == (
        "summarize: nothing to ask: the 15 calls for 5 articles are all cached; "
        f"{tmp_path / 'again.jsonl'} was not written\n"
    )
    assert not (tmp_path / "again.jsonl").exists()

    brief = tmp_path / "brief.json"
    args = ["brief", SEEDS, "--out", brief, "--base-url", NOWHERE, "--model", MODEL, "--cache-dir", cache_dir]
    briefed = summarize(*args)
    assert briefed.exit_code == 0, briefed.output
    assert "5 articles: 5 cached, 0 extracted, 0 failed · 0 model calls" in briefed.stderr
    assert brief.exists()


def test_prepare_exit_codes(tmp_path: Path, cache_dir: Path) -> None:
    seed = next(Path(SEEDS).iterdir())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "requests.jsonl"
    partial = summarize("batch", "prepare", tmp_path / "in", "-o", out, "-m", MODEL)
    assert partial.exit_code == 1
    assert partial.stderr.splitlines() == [
        f"failed: {tmp_path / 'in' / 'empty.txt'}: empty article (no text after normalisation)",
        f"summarize: 3 requests for 1 articles (0 calls already cached) → {out}",
    ]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3

    nothing = tmp_path / "nothing.jsonl"
    unread = summarize("batch", "prepare", tmp_path / "in" / "empty.txt", "-o", nothing, "-m", MODEL)
    assert unread.exit_code == 3 and not nothing.exists()
    assert f"no article could be read; {nothing} was not written" in unread.stderr

    no_model = {"SUMMARIZER_MODEL": None, "OPENAI_MODEL": None}
    assert summarize("batch", "prepare", SEEDS, "-o", nothing, env=no_model).exit_code == 2
    auto = summarize("batch", "prepare", SEEDS, "-o", nothing, "-m", MODEL, "--response-format", "auto")
    assert auto.exit_code == 2 and not nothing.exists()


def test_collect_exit_codes(tmp_path: Path, cache_dir: Path) -> None:
    requests = prepare([SEEDS], MODEL, None)
    good = list(recorded_results(requests).values())
    bad = {**good[0], "custom_id": "request-1"}
    results = write_jsonl(tmp_path / "results.jsonl", [bad, *good[1:]])
    collected = summarize("batch", "collect", results)
    assert collected.exit_code == 1
    lines = collected.stderr.splitlines()
    assert (
        lines[0] == "failed: request-1: unknown custom_id format (not written by `summarize batch prepare`)"
    )
    assert lines[1].startswith("summarize: 14 answers cached, 1 failed · ")

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    nothing = summarize("batch", "collect", empty)
    assert nothing.exit_code == 3 and f"no results in {empty}" in nothing.stderr
    assert summarize("batch", "collect", tmp_path / "missing.jsonl").exit_code == 2
