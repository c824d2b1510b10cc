"""The call plan an interactive run and a batch job share: the same questions under the same keys."""

from __future__ import annotations

from pathlib import Path

from summarizer.extract.batch import BatchKey, prepare
from summarizer.extract.plan import Versions, plan
from summarizer.extract.responses import RECORD_KINDS
from summarizer.ingest.files import ingest_paths
from summarizer.models.article import Article
from summarizer.storage.cache import ExtractionCache
from support.paths import SEEDS

MODEL = "some-model"


def test_without_a_cache_every_article_is_asked_every_kind() -> None:
    articles = ingest_paths([SEEDS]).articles
    plans = plan(articles, MODEL, None, Versions.current())
    assert [p.article for p in plans] == articles
    assert [[c.kind for c in p.calls] for p in plans] == [list(RECORD_KINDS)] * len(articles)
    assert all(not p.answers for p in plans)


def test_answers_in_the_cache_are_not_asked_again(tmp_path: Path) -> None:
    articles = ingest_paths([SEEDS]).articles
    versions = Versions.current()
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    try:
        first = plan(articles, MODEL, cache, versions)[0]
        figures = next(c for c in first.calls if c.kind == "figures")
        cache.put(figures.key, [], figures.chunk.sentences_digest)
        plans = plan(articles, MODEL, cache, versions)
        other_model = plan(articles, "another-model", cache, versions)
    finally:
        cache.close()
    assert [c.kind for c in plans[0].calls] == ["events", "statements"]
    assert plans[0].answers == {("figures", 1): []}
    assert all(len(p.calls) == len(RECORD_KINDS) for p in plans[1:])
    assert len(other_model[0].calls) == len(RECORD_KINDS)


def test_an_article_with_no_sentence_has_no_call() -> None:
    empty = Article(id="0" * 16, path="empty.txt", content_hash="0" * 64, text="")
    (empty_plan,) = plan([empty], MODEL, None, Versions.current())
    assert (empty_plan.chunks, empty_plan.calls) == ([], [])


def test_a_batch_asks_the_planned_questions_under_the_planned_keys() -> None:
    articles = ingest_paths([SEEDS]).articles
    planned = [call.key for p in plan(articles, MODEL, None, Versions.current()) for call in p.calls]
    requests = prepare([SEEDS], MODEL, None)
    asked = [BatchKey.parse(line["custom_id"]) for line in requests.lines]
    assert [key.cache_key for key in asked if key] == planned


def test_versions_say_what_each_question_was_asked_with() -> None:
    versions = Versions.current()
    assert versions.asked_with() == {(kind, versions.prompts[kind], versions.schema) for kind in RECORD_KINDS}
