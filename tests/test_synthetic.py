"""Synthetic corpora (summarizer/testing/synthetic.py): files the tool reads, answers it accepts.

The responder is checked the way the tool uses a model's answer: the request is built from the
ingested article with the tool's own prompt and response schema, the answer is validated by the
tool's response model, and grounding must keep every record.
"""

from __future__ import annotations

import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from summarizer.extract.prompts import messages_for
from summarizer.extract.responses import RECORD_KINDS, RecordKind, draft_model
from summarizer.ground.grounding import ground
from summarizer.ingest.files import build_article, ingest_paths
from summarizer.models.article import Article
from summarizer.models.records import ArticleExtraction
from support.synthetic import Claim, Corpus, CorpusResponder, synthetic_corpus

ARTICLES = 28


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(ARTICLES, seed=7)


@pytest.fixture(scope="module")
def ingested(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write(folder)
    result = ingest_paths([folder])
    assert result.failures == [] and result.skipped == []
    return result.articles


def request(article: Article, kind: RecordKind, response_format: str = "json_schema") -> dict[str, Any]:
    """The request body the tool sends for ``kind`` records of ``article``."""
    schema = draft_model(kind, len(article.sentences)).model_json_schema()
    body: dict[str, Any] = {"model": "stub", "messages": messages_for(article, kind)}
    if response_format == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": kind.title(), "schema": schema},
        }
    else:
        body["response_format"] = {"type": "json_object", "schema": schema}
    return body


def extraction(
    responder: CorpusResponder, article: Article, response_format: str = "json_schema"
) -> ArticleExtraction:
    """What the tool makes of the responder's answers for ``article``."""
    drafts = {}
    for kind in RECORD_KINDS:
        answer = responder(request(article, kind, response_format))
        validated = draft_model(kind, len(article.sentences)).model_validate_json(answer)
        drafts[kind] = validated.model_dump(mode="json")[kind]
    return ground(article, drafts, model="stub")


def test_written_files_ingest_with_their_outlet_and_date(corpus: Corpus, ingested: list[Article]) -> None:
    by_name = {a.name: a for a in corpus.articles}
    assert sorted(Path(a.path).name for a in ingested) == sorted(by_name)
    for article in ingested:
        written = by_name[Path(article.path).name]
        assert (article.title, article.outlet) == (written.title, written.outlet)
        assert article.published == written.published.isoformat()
        assert not article.text.startswith("---")


def test_a_folder_grows_day_by_day(corpus: Corpus, tmp_path: Path) -> None:
    first, second = (corpus.published_on(day) for day in corpus.days[:2])
    written = corpus.write(tmp_path, first)
    assert [p.name for p in written] == [a.name for a in first]
    written += corpus.write(tmp_path, second)
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in written]
    assert len(ingest_paths([tmp_path]).articles) == len(first) + len(second)


@pytest.mark.parametrize("response_format", ["json_schema", "json_object"])
def test_responder_answers_validate_and_survive_grounding(
    corpus: Corpus, ingested: list[Article], response_format: str
) -> None:
    responder = CorpusResponder(corpus)
    by_name = {a.name: a for a in corpus.articles}
    for article in ingested:
        result = extraction(responder, article, response_format)
        claims = by_name[Path(article.path).name].claims
        assert result.dropped == [] and result.recited == []
        for kind in RECORD_KINDS:
            assert len(getattr(result, kind)) == sum(claim.kind == kind for claim in claims)
        assert result.events and result.figures and result.statements


def test_responder_knows_claims_of_several_corpora(corpus: Corpus, ingested: list[Article]) -> None:
    other = synthetic_corpus(3, seed=8)
    responder = CorpusResponder(other, corpus.claims())
    assert extraction(responder, ingested[0]).dropped == []


def test_unknown_sentences_contribute_nothing_and_padding_is_dropped() -> None:
    article = build_article(
        "other.txt",
        "Floods swept through Kelso on Tuesday.\n\nThe fire service said six people died.\n",
    )
    result = extraction(CorpusResponder(synthetic_corpus(5)), article)
    assert result.statements == []
    assert [f.value_text for f in result.figures] == ["six"]  # the toll, read from the text's own words
    assert {d.kind for d in result.dropped} == {"figure", "statement"}
    # An event is the sentence it names: the padding's [S1] is the article's first sentence.
    assert [e.description for e in result.events] == ["Floods swept through Kelso on Tuesday."]


def test_responder_keeps_to_the_maximum(corpus: Corpus, ingested: list[Article]) -> None:
    body = request(ingested[0], "figures")
    body["response_format"]["json_schema"]["schema"]["properties"]["figures"]["maxItems"] = 1
    assert len(json.loads(CorpusResponder(corpus)(body))["figures"]) == 1


def test_responder_refuses_a_request_without_a_record_kind(ingested: list[Article]) -> None:
    body = request(ingested[0], "events")
    body["response_format"] = {"type": "json_object"}
    with pytest.raises(ValueError, match="asks for none"):
        CorpusResponder()(body)


def test_responder_answers_concurrent_requests(corpus: Corpus, ingested: list[Article]) -> None:
    responder = CorpusResponder(corpus)
    bodies = [request(article, kind) for article in ingested for kind in RECORD_KINDS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(responder, bodies))
    assert answers == [responder(body) for body in bodies]


def test_later_days_update_stories_reported_earlier(corpus: Corpus) -> None:
    """Some later article gives a story's figure a number no earlier day gave, or reports a new event."""
    earlier_claims: dict[str, list[Claim]] = defaultdict(list)  # town → claims of the days before
    changed_figures = new_events = 0
    for day in corpus.days:
        todays = corpus.published_on(day)
        for article in todays:
            earlier = earlier_claims[article.town]
            numbers = defaultdict(set)
            for claim in earlier:
                if claim.kind == "figures":
                    numbers[claim.topic].add(claim.item["number"])
            for claim in article.claims:
                if claim.kind == "figures" and claim.topic in numbers:
                    changed_figures += claim.item["number"] not in numbers[claim.topic]
                if claim.kind == "events" and earlier:
                    new_events += claim.topic not in {c.topic for c in earlier}
        for article in todays:
            earlier_claims[article.town].extend(article.claims)
    assert changed_figures and new_events


def test_each_day_after_the_first_returns_to_a_story_of_an_earlier_day(corpus: Corpus) -> None:
    seen: set[str] = set()
    for number, day in enumerate(corpus.days):
        towns = {a.town for a in corpus.published_on(day)}
        assert number == 0 or towns & seen
        seen |= towns
    assert len(corpus.days) == 7


def test_same_seed_same_corpus() -> None:
    assert synthetic_corpus(20, seed=3) == synthetic_corpus(20, seed=3)
    assert synthetic_corpus(20, seed=3) != synthetic_corpus(20, seed=4)


def test_a_thousand_articles_are_written_under_distinct_names_with_distinct_texts(tmp_path: Path) -> None:
    corpus = synthetic_corpus(1000)
    paths = corpus.write(tmp_path)
    assert len(paths) == len({p.name for p in paths}) == 1000
    assert len({a.text.split("---\n", 2)[2] for a in corpus.articles}) == 1000
