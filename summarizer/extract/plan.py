"""The questions a run asks: every article's chunks times record kinds, each answered from the cache or
still to be asked.

An interactive run (``extract/extractor.py``) and a batch job (``extract/batch.py``) ask the same
questions with the same cache keys, because both plan them here. A cache key is (chunk key, model,
record kind, prompt version, schema version) and an answer is used only for the sentences it was
asked about (``Chunk.sentences_digest``): ``Versions.key`` is the one place such a key is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from summarizer.extract.chunks import Chunk, chunks_of
from summarizer.extract.prompts import messages_for, prompt_version
from summarizer.extract.responses import RECORD_KINDS, RecordKind, draft_model, schema_version
from summarizer.models.article import Article
from summarizer.storage.cache import CacheKey, ExtractionCache


@dataclass(frozen=True)
class Versions:
    """The prompt version of each record kind and the response models' schema version."""

    prompts: dict[RecordKind, str]
    schema: str

    @classmethod
    def current(cls) -> Versions:
        """The versions of this version of the tool (read from the templates: once a run)."""
        return cls({kind: prompt_version(kind) for kind in RECORD_KINDS}, schema_version())

    def key(self, chunk: Chunk, model: str, kind: RecordKind) -> CacheKey:
        """The cache key of ``model``'s answer to ``kind`` asked of ``chunk``."""
        return CacheKey(chunk.key, model, kind, self.prompts[kind], self.schema)

    def asked_with(self) -> set[tuple[str, str, str]]:
        """The (record kind, prompt version, schema version) of every question this version asks."""
        return {(kind, version, self.schema) for kind, version in self.prompts.items()}


@dataclass(frozen=True)
class Call:
    """One question: a record kind asked of one chunk of an article."""

    chunk: Chunk
    kind: RecordKind
    key: CacheKey

    @property
    def sentence_count(self) -> int:
        """How many sentences the question shows (the chunk's), which bounds what an answer cites."""
        return len(self.chunk.article.sentences)

    def messages(self) -> list[dict[str, str]]:
        return messages_for(self.chunk.article, self.kind)

    def response_model(self) -> type[BaseModel]:
        return draft_model(self.kind, self.sentence_count)


@dataclass
class ArticlePlan:
    """An article's questions: the answers the cache already has, and the calls still to make.

    Answers are keyed by (record kind, chunk part) and cite the chunk's own sentence numbers.
    """

    article: Article
    chunks: list[Chunk]
    answers: dict[tuple[RecordKind, int], list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)


def plan(
    articles: Sequence[Article], model: str, cache: ExtractionCache | None, versions: Versions
) -> list[ArticlePlan]:
    """The plan of every article, in the order given; without a cache every question is a call.

    An article with no sentence to ask about (all boilerplate) has no chunks and no calls.
    """
    plans = []
    for article in articles:
        article_plan = ArticlePlan(article, chunks_of(article) if article.sentences else [])
        for chunk in article_plan.chunks:
            for kind in RECORD_KINDS:
                key = versions.key(chunk, model, kind)
                cached = cache.get(key, chunk.sentences_digest) if cache else None
                if cached is None:
                    article_plan.calls.append(Call(chunk, kind, key))
                else:
                    article_plan.answers[kind, chunk.part] = cached
        plans.append(article_plan)
    return plans
