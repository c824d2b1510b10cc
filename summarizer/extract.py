"""Extraction: one focused, schema-constrained model call per record kind per article.

The three calls share the article prefix (see ``prompts.py``). Each call's records come from the
cache when the same article was already asked the same question by the same model; otherwise the
model is called and its answer cached. A call that fails leaves that kind out of the article's
extraction with the reason in ``error`` and counts the article as failed (its other kinds are
still used, and the failed call is made again on the next run); the other articles go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.article import Article
from summarizer.backend import Backend
from summarizer.cache import CacheKey, ExtractionCache
from summarizer.drafts import RECORD_KINDS, RecordKind, draft_model, schema_version
from summarizer.ground import ground
from summarizer.llm import ModelCallError
from summarizer.prompts import messages_for, prompt_version
from summarizer.records import ArticleExtraction


@dataclass
class ExtractionCounts:
    """How the articles of a run were served."""

    cached: int = 0
    extracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def current_versions() -> set[tuple[str, str, str]]:
    """The (record kind, prompt version, schema version) of every call this version of the tool makes."""
    schema = schema_version()
    return {(kind, prompt_version(kind), schema) for kind in RECORD_KINDS}


class Extractor:
    def __init__(self, backend: Backend, cache: ExtractionCache | None) -> None:
        self.backend = backend
        self.cache = cache
        self.counts = ExtractionCounts()
        self._schema_version = schema_version()

    def _key(self, article: Article, kind: RecordKind) -> CacheKey:
        return CacheKey(
            article.content_hash, self.backend.model_name, kind, prompt_version(kind), self._schema_version
        )

    def extract(self, article: Article) -> ArticleExtraction:
        if not article.sentences:
            error = "no sentences to extract from (all of its text is boilerplate or headings)"
            self.counts.failed.append((article.path, error))
            return ground(article, {}, self.backend.model_name, error=error)
        drafts: dict[RecordKind, list[dict]] = {}
        errors: list[str] = []
        called = False
        for kind in RECORD_KINDS:
            key = self._key(article, kind)
            cached = self.cache.get(key) if self.cache else None
            if cached is not None:
                drafts[kind] = cached
                continue
            called = True
            try:
                answer = self.backend.chat().structured(
                    messages_for(article, kind), draft_model(kind, len(article.sentences))
                )
            except ModelCallError as exc:
                errors.append(f"{kind}: {exc}")
                continue
            drafts[kind] = answer.model_dump(mode="json")[kind]
            if self.cache:
                self.cache.put(key, drafts[kind])
        error = "; ".join(errors) or None
        if error:
            self.counts.failed.append((article.path, error))
        elif called:
            self.counts.extracted += 1
        else:
            self.counts.cached += 1
        return ground(article, drafts, self.backend.model_name, error=error)
