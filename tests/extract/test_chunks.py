"""Articles longer than one model call can hold: asked about in chunks, cited in the original text."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from summarizer.client.embedded import MODEL_NAME
from summarizer.client.endpoint import Endpoint
from summarizer.extract.batch import BatchKey, collect, prepare
from summarizer.extract.chunks import CHUNK_BYTES, chunks_of
from summarizer.extract.responses import RECORD_KINDS
from summarizer.ingest.files import build_article, load_article
from summarizer.pipeline import Run
from summarizer.storage.cache import ExtractionCache
from summarizer.testing.stub_server import Fault, StubServer
from support.paths import SEEDS
from support.synthetic import Corpus, CorpusResponder, synthetic_corpus

KINDS = len(RECORD_KINDS)
# What a request adds to its chunk's sentences: the instructions, the task, the [S<n>] markers.
PROMPT_OVERHEAD_BYTES = 4_096


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(articles=40, seed=11, days=1)


@pytest.fixture
def long_article(corpus: Corpus, tmp_path: Path) -> Path:
    """One file of about 3.5 chunks: the corpus's articles one after another."""
    path = tmp_path / "articles" / "long.txt"
    path.parent.mkdir()
    path.write_text("\n\n".join(article.text for article in corpus.articles), encoding="utf-8")
    return path


def run(server: StubServer, cache_dir: Path) -> Run:
    return Run(endpoint=server.endpoint(response_format="json_schema"), cache_dir=cache_dir, concurrency=4)


def test_a_short_article_is_one_chunk_under_its_own_hash() -> None:
    article = build_article("a.txt", "The river rose by two metres on Monday. Roads were closed.")
    (chunk,) = chunks_of(article)
    assert chunk.key == article.content_hash
    assert chunk.article == article
    assert chunk.label == ""
    records = [{"what": "x", "sentence": 2}]
    assert chunk.to_article_numbers(records) is records


def test_chunks_cover_every_sentence_once_in_order_and_stay_under_the_limit(long_article: Path) -> None:
    article = load_article(long_article)
    chunks = chunks_of(article)
    assert len(chunks) > 1
    offered: list[tuple[int, int]] = []
    for number, chunk in enumerate(chunks, start=1):
        assert (chunk.part, chunk.parts) == (number, len(chunks))
        assert chunk.key == f"{article.content_hash}#{chunk.first}-{chunk.last}"
        assert [s.id for s in chunk.article.sentences] == list(range(1, chunk.last - chunk.first + 2))
        assert chunk.article.text == article.text
        size = sum(len(chunk.article.span_text(s).encode()) for s in chunk.article.sentences)
        assert size <= CHUNK_BYTES
        offered += [(s.start, s.end) for s in chunk.article.sentences]
    assert offered == [(s.start, s.end) for s in article.sentences]
    sizes = [len(chunk.article.sentences) for chunk in chunks]
    assert max(sizes) - min(sizes) <= max(sizes) // 2, "chunks are of about equal size"


def test_chunk_numbers_map_back_to_the_article(long_article: Path) -> None:
    second = chunks_of(load_article(long_article))[1]
    records = [{"what": "x", "sentence": 1}, {"what": "y", "sentence": 3}, {"what": "z"}]
    mapped = second.to_article_numbers(records)
    assert [r.get("sentence") for r in mapped] == [second.first, second.first + 2, None]
    assert records[0]["sentence"] == 1, "the answer as given is left alone"


def test_a_sentence_longer_than_the_limit_is_a_chunk_of_its_own() -> None:
    long_sentence = "The report lists " + " and ".join(f"village {n}" for n in range(60)) + "."
    assert "," not in long_sentence and 600 < len(long_sentence) < 1200  # one sentence, not cut
    text = "The floods began on Monday. " + long_sentence + " Rescue teams arrived on Tuesday."
    article = build_article("a.txt", text)
    chunks = chunks_of(article, limit=len(long_sentence) // 2)
    assert any(
        article.span_text(c.article.sentences[0]) == long_sentence for c in chunks if c.first == c.last
    )
    assert next(s.id for c in chunks for s in c.article.sentences) == 1
    assert sum(len(c.article.sentences) for c in chunks) == len(article.sentences)


def test_a_long_article_is_extracted_chunk_by_chunk_with_citations_into_the_original_text(
    corpus: Corpus, long_article: Path, tmp_path: Path
) -> None:
    article = load_article(long_article)
    chunks = chunks_of(article)
    with StubServer(CorpusResponder(corpus)) as server:
        (extraction,), report = run(server, tmp_path / "cache").extract([long_article])
        requests = [r.body for r in server.requests]
    assert report.ok and report.extracted == 1
    assert len(requests) == KINDS * len(chunks)
    for body in requests:
        prompt = sum(len(m["content"].encode()) for m in body["messages"])
        assert prompt <= CHUNK_BYTES + PROMPT_OVERHEAD_BYTES
    claims = {(c.kind, " ".join(c.sentence.split())) for c in corpus.claims()}
    records = [*extraction.events, *extraction.figures, *extraction.statements]
    assert records and not extraction.dropped
    cited_parts = set()
    for kind, kind_records in (
        ("events", extraction.events),
        ("figures", extraction.figures),
        ("statements", extraction.statements),
    ):
        for record in kind_records:
            for citation in record.citations:
                assert citation.quote == article.text[citation.start : citation.end]
                assert (kind, " ".join(citation.quote.split())) in claims
                cited_parts |= {c.part for c in chunks if c.first <= citation.sentence_id <= c.last}
    assert cited_parts == {c.part for c in chunks}, "every chunk contributes records"


def test_a_failed_chunk_fails_the_article_and_only_it_is_asked_again(
    corpus: Corpus, long_article: Path, tmp_path: Path
) -> None:
    article = load_article(long_article)
    second = chunks_of(article)[1]
    marker = " ".join(article.span_text(second.article.sentences[0]).split())

    def fail_second_chunk(number: int, body: dict) -> Fault | None:
        asked = body["response_format"]["json_schema"]["name"].lower()
        return Fault(status=400) if marker in body["messages"][1]["content"] and "figure" in asked else None

    with StubServer(CorpusResponder(corpus), faults=fail_second_chunk) as server:
        (extraction,), report = run(server, tmp_path / "cache").extract([long_article])
    assert [f.path for f in report.failures] == [str(long_article)]
    assert extraction.error.startswith(f"figures (part 2 of {second.parts}): ")
    assert extraction.events and extraction.statements, "the other calls' records are kept"

    with StubServer(CorpusResponder(corpus)) as server:
        (extraction,), report = run(server, tmp_path / "cache").extract([long_article])
        assert server.calls == 1
    assert report.ok and extraction.error is None


def test_batch_requests_are_made_per_chunk_and_collected_into_the_cache(
    corpus: Corpus, long_article: Path, tmp_path: Path
) -> None:
    cache = ExtractionCache(tmp_path / "cache" / "extractions.sqlite")
    requests = prepare([long_article], "stub-model", cache)
    parts = len(chunks_of(load_article(long_article)))
    assert len(requests.lines) == KINDS * parts
    keys = [BatchKey.parse(line["custom_id"]) for line in requests.lines]
    assert all(key is not None and "#" in key.cache_key.content_hash for key in keys)

    responder = CorpusResponder(corpus)
    results = tmp_path / "results.jsonl"
    with results.open("w") as out:
        for line in requests.lines:
            answer = responder(line["body"])
            body = {"choices": [{"finish_reason": "stop", "message": {"content": answer}}]}
            out.write(
                json.dumps({"custom_id": line["custom_id"], "response": {"status_code": 200, "body": body}})
            )
            out.write("\n")
    report = collect([results], cache)
    assert (report.cached, report.failures) == (KINDS * parts, [])
    cache.close()

    with StubServer(CorpusResponder(corpus)) as server:
        endpoint = server.endpoint(response_format="json_schema")
        (extraction,), run_report = Run(endpoint=endpoint, cache_dir=tmp_path / "cache").extract(
            [long_article]
        )
        assert server.calls == 0
    assert run_report.cached == 1 and extraction.events


@pytest.mark.recorded
@pytest.mark.vcr
@pytest.mark.default_cassette("long_article.yaml")
def test_the_embedded_model_answers_chunk_by_chunk_with_citations_into_the_whole_article(
    tmp_path: Path, cache_dir: Path, model_url: str
) -> None:
    """The five seeds as one long article, asked of the real model (replayed) in chunks."""
    seeds = sorted((SEEDS).glob("*.txt"))
    path = tmp_path / "live-blog.txt"
    path.write_text("\n\n".join(seed.read_text(encoding="utf-8") for seed in seeds), encoding="utf-8")
    article = load_article(path)
    chunks = chunks_of(article)
    assert len(chunks) == 2
    endpoint = Endpoint(base_url=model_url, model=MODEL_NAME, response_format="json_schema")
    (extraction,), report = Run(endpoint=endpoint, cache_dir=cache_dir, concurrency=1).extract([path])
    assert report.ok and report.usage.calls == KINDS * len(chunks)
    citations = [
        c for r in (*extraction.events, *extraction.figures, *extraction.statements) for c in r.citations
    ]
    assert len(citations) >= 10
    for citation in citations:
        assert citation.quote == article.text[citation.start : citation.end]
        assert article.sentence(citation.sentence_id).start == citation.start
    assert {c.part for c in chunks for x in citations if c.first <= x.sentence_id <= c.last} == {1, 2}


def test_cached_answers_are_asked_again_when_the_article_is_cut_into_other_sentences(
    corpus: Corpus, long_article: Path, tmp_path: Path
) -> None:
    """Answers cite sentences by number: after a change to how texts are cut into sentences (a new
    version of the tool), the numbers would point at other sentences, so the questions are asked again."""
    article = load_article(long_article)
    with StubServer(CorpusResponder(corpus)) as server:
        run(server, tmp_path / "cache").extract([long_article])
        calls = server.calls
        run(server, tmp_path / "cache").extract([long_article])
        assert server.calls == calls, "same sentences: all from the cache"
        with closing(sqlite3.connect(tmp_path / "cache" / "extractions.sqlite")) as db, db:
            db.execute("UPDATE extractions SET sentences = 'another cut'")
        (extraction,), report = run(server, tmp_path / "cache").extract([long_article])
        assert server.calls == 2 * calls
    assert report.extracted == 1 and extraction.events
    assert all(c.quote == article.text[c.start : c.end] for e in extraction.events for c in e.citations)
