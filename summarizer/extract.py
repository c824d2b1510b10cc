"""Extraction: one focused, schema-constrained model call per record kind per article.

The three calls share the article prefix (see ``prompts.py``). Each call's records come from the
cache when the same article was already asked the same question by the same model; otherwise the
model is called and its answer cached as soon as it arrives, so a run that is killed keeps every
answer it had. A call that fails leaves that kind out of the article's extraction with the reason
in ``error`` and counts the article as failed (its other kinds are still used, and the failed call
is made again on the next run); the other articles go on.

An article too long for one call is asked about in chunks (``chunks.py``); a failed chunk fails
the article the same way, and its other chunks' records are still used.

Calls run on up to ``concurrency`` threads; the cache, grounding and the order of the results stay
on the calling thread, so the extractions are the same whatever the concurrency.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from summarizer.article import Article
from summarizer.backend import Backend
from summarizer.cache import CacheKey, ExtractionCache
from summarizer.call_log import CallLabel
from summarizer.chunks import Chunk, chunks_of
from summarizer.drafts import RECORD_KINDS, RecordKind, draft_model, schema_version
from summarizer.ground import ground
from summarizer.llm import ModelCallError
from summarizer.prompts import messages_for, prompt_version
from summarizer.records import ArticleExtraction

NO_SENTENCES = "no sentences to extract from (all of its text is boilerplate or headings)"


@dataclass
class ExtractionCounts:
    """How the articles of a run were served."""

    cached: int = 0
    extracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


class ExtractionProgress:
    """What a caller hears while articles are extracted; every method may be left as is."""

    def started(self, articles: int, calls: int) -> None:
        """Before the first call: how many articles there are and how many model calls they need."""

    def model_starting(self) -> None:
        """The model is being started (the embedded server), before the first call."""

    def article_done(self, extraction: ArticleExtraction) -> None:
        """One article is complete (from the cache, the model, or failed)."""


def current_versions() -> set[tuple[str, str, str]]:
    """The (record kind, prompt version, schema version) of every call this version of the tool makes."""
    schema = schema_version()
    return {(kind, prompt_version(kind), schema) for kind in RECORD_KINDS}


@dataclass
class _Pending:
    """An article waiting for some of its calls; answers and errors by (kind, chunk part)."""

    article: Article
    chunks: list[Chunk]
    drafts: dict[tuple[RecordKind, int], list[dict[str, Any]]] = field(default_factory=dict)
    errors: dict[tuple[RecordKind, int], str] = field(default_factory=dict)
    waiting: int = 0
    called: bool = False


class Extractor:
    def __init__(self, backend: Backend, cache: ExtractionCache | None, concurrency: int = 1) -> None:
        self.backend = backend
        self.cache = cache
        self.concurrency = max(1, concurrency)
        self.counts = ExtractionCounts()
        self._schema_version = schema_version()
        self._prompt_versions = {kind: prompt_version(kind) for kind in RECORD_KINDS}  # read once a run

    def _key(self, chunk: Chunk, kind: RecordKind) -> CacheKey:
        return CacheKey(
            chunk.key,
            self.backend.model_name,
            kind,
            self._prompt_versions[kind],
            self._schema_version,
        )

    def extract(self, article: Article) -> ArticleExtraction:
        """One article's extraction (a run of one)."""
        return self.extract_all([article])[0]

    def extract_all(
        self, articles: Sequence[Article], progress: ExtractionProgress | None = None
    ) -> list[ArticleExtraction]:
        """Every article's extraction, in the order given."""
        progress = progress or ExtractionProgress()
        results: list[ArticleExtraction | None] = [None] * len(articles)
        pending: dict[int, _Pending] = {}
        calls: list[tuple[int, RecordKind, Chunk]] = []
        for index, article in enumerate(articles):
            if not article.sentences:
                continue
            state = _Pending(article, chunks_of(article))
            for chunk in state.chunks:
                for kind in RECORD_KINDS:
                    key = self._key(chunk, kind)
                    cached = self.cache.get(key, chunk.sentences_digest) if self.cache else None
                    if cached is None:
                        calls.append((index, kind, chunk))
                        state.waiting += 1
                        state.called = True
                    else:
                        state.drafts[kind, chunk.part] = cached
            pending[index] = state
        progress.started(len(articles), len(calls))

        def finish(index: int, extraction: ArticleExtraction) -> None:
            results[index] = extraction
            progress.article_done(extraction)

        for index, article in enumerate(articles):
            if index not in pending:
                finish(index, ground(article, {}, self.backend.model_name, error=NO_SENTENCES))
            elif not pending[index].waiting:
                finish(index, self._complete(pending.pop(index)))
        if calls:
            if self.backend.embedded and not self.backend.started:
                progress.model_starting()
            self._call_all(calls, pending, finish)
        extractions = [r for r in results if r is not None]
        self.counts.failed += [(x.article.path, x.error) for x in extractions if x.error]
        return extractions

    def _call_all(
        self,
        calls: list[tuple[int, RecordKind, Chunk]],
        pending: dict[int, _Pending],
        finish: Callable[[int, ArticleExtraction], None],
    ) -> None:
        chat = self.backend.chat()

        def call(kind: RecordKind, chunk: Chunk) -> dict[str, Any]:
            article = chunk.article
            answer = chat.structured(
                messages_for(article, kind),
                draft_model(kind, len(article.sentences)),
                label=CallLabel(
                    article.path, article.content_hash, " ".join(filter(None, (kind, chunk.label)))
                ),
            )
            return answer.model_dump(mode="json")

        executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="model-call")
        try:
            running: dict[Future[dict[str, Any]], tuple[int, RecordKind, Chunk]] = {
                executor.submit(call, kind, chunk): (index, kind, chunk) for index, kind, chunk in calls
            }
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index, kind, chunk = running.pop(future)
                    state = pending[index]
                    try:
                        state.drafts[kind, chunk.part] = future.result()[kind]
                    except ModelCallError as exc:
                        state.errors[kind, chunk.part] = str(exc)
                    else:
                        if self.cache:
                            key = self._key(chunk, kind)
                            self.cache.put(key, state.drafts[kind, chunk.part], chunk.sentences_digest)
                    state.waiting -= 1
                    if not state.waiting:
                        finish(index, self._complete(pending.pop(index)))
        finally:
            # Interrupted (SIGTERM, Ctrl-C, a bug): calls not yet started are dropped and the
            # caller's cleanup stops the ones in flight; the answers already cached stay.
            executor.shutdown(wait=False, cancel_futures=True)

    def _complete(self, state: _Pending) -> ArticleExtraction:
        errors = [
            f"{kind}{f' ({chunk.label})' if chunk.label else ''}: {state.errors[kind, chunk.part]}"
            for kind in RECORD_KINDS
            for chunk in state.chunks
            if (kind, chunk.part) in state.errors
        ]
        if not errors:  # failures are counted once the run is complete, in article order
            if state.called:
                self.counts.extracted += 1
            else:
                self.counts.cached += 1
        drafts = {
            kind: [
                record
                for chunk in state.chunks
                for record in chunk.to_article_numbers(state.drafts.get((kind, chunk.part), []))
            ]
            for kind in RECORD_KINDS
        }
        return ground(state.article, drafts, self.backend.model_name, error="; ".join(errors) or None)
