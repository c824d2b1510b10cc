"""Extraction: one focused, schema-constrained model call per record kind per article.

The three calls share the article prefix (see ``extract/prompts.py``). Each call's records come from the
cache when the same article was already asked the same question by the same model; otherwise the
model is called and its answer cached as soon as it arrives, so a run that is killed keeps every
answer it had. A call that fails leaves that kind out of the article's extraction with the reason
in ``error`` and counts the article as failed (its other kinds are still used, and the failed call
is made again on the next run); the other articles go on.

An article too long for one call is asked about in chunks (``extract/chunks.py``); a failed chunk fails
the article the same way, and its other chunks' records are still used.

Which questions a run asks, and which the cache already answers, is planned in ``extract/plan.py``,
as a batch job plans them. Calls run on up to ``concurrency`` threads; the cache, grounding and the order of the results stay
on the calling thread, so the extractions are the same whatever the concurrency.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from summarizer.client.backend import Backend
from summarizer.errors import ModelCallError
from summarizer.extract.plan import ArticlePlan, Call, Versions, plan
from summarizer.extract.responses import RECORD_KINDS, RecordKind
from summarizer.ground.grounding import ground
from summarizer.models.article import Article
from summarizer.models.briefing import Failure
from summarizer.models.records import ArticleExtraction
from summarizer.storage.cache import ExtractionCache
from summarizer.storage.call_log import CallLabel

NO_SENTENCES = "no sentences to extract from (all of its text is boilerplate or headings)"


@dataclass
class ExtractionCounts:
    """How the articles of a run were served."""

    cached: int = 0
    extracted: int = 0
    failed: list[Failure] = field(default_factory=list)


class ExtractionProgress:
    """What a caller hears while articles are extracted; every method may be left as is."""

    def waiting_for_lock(self, holder: str) -> None:
        """Before anything else: another run (``holder`` describes it) uses the cache directory."""

    def started(self, articles: int, calls: int) -> None:
        """Before the first call: how many articles there are and how many model calls they need."""

    def model_starting(self) -> None:
        """The model is being started (the embedded server), before the first call."""

    def article_done(self, extraction: ArticleExtraction) -> None:
        """One article is complete (from the cache, the model, or failed)."""


@dataclass
class _Pending:
    """An article waiting for some of its calls; errors by (kind, chunk part)."""

    plan: ArticlePlan
    errors: dict[tuple[RecordKind, int], str] = field(default_factory=dict)
    waiting: int = 0


class Extractor:
    def __init__(self, backend: Backend, cache: ExtractionCache | None, concurrency: int = 1) -> None:
        self.backend = backend
        self.cache = cache
        self.concurrency = max(1, concurrency)
        self.counts = ExtractionCounts()
        self._versions = Versions.current()

    def extract_all(
        self, articles: Sequence[Article], progress: ExtractionProgress | None = None
    ) -> list[ArticleExtraction]:
        """Every article's extraction, in the order given."""
        progress = progress or ExtractionProgress()
        results: list[ArticleExtraction | None] = [None] * len(articles)
        plans = plan(articles, self.backend.model_name, self.cache, self._versions)
        pending = {index: _Pending(p, waiting=len(p.calls)) for index, p in enumerate(plans) if p.chunks}
        calls = [(index, call) for index, state in pending.items() for call in state.plan.calls]
        progress.started(len(articles), len(calls))

        def finish(index: int, extraction: ArticleExtraction) -> None:
            results[index] = extraction
            progress.article_done(extraction)

        for index, article in enumerate(articles):
            if index not in pending:
                finish(
                    index,
                    ground(article, {}, self.backend.model_name, error=NO_SENTENCES, figures_answered=False),
                )
            elif not pending[index].waiting:
                finish(index, self._complete(pending.pop(index)))
        if calls:
            if self.backend.embedded and not self.backend.started:
                progress.model_starting()
            self._call_all(calls, pending, finish)
        extractions = [r for r in results if r is not None]
        self.counts.failed += [Failure(path=x.article.path, error=x.error) for x in extractions if x.error]
        return extractions

    def _call_all(
        self,
        calls: list[tuple[int, Call]],
        pending: dict[int, _Pending],
        finish: Callable[[int, ArticleExtraction], None],
    ) -> None:
        self.backend.chat()  # the embedded server starts here: if it cannot, the run stops

        def ask(call: Call) -> dict[str, Any]:
            article = call.chunk.article
            answer = self.backend.structured(
                call.messages(),
                call.response_model(),
                label=CallLabel(
                    article.path, article.content_hash, " ".join(filter(None, (call.kind, call.chunk.label)))
                ),
            )
            return answer.model_dump(mode="json")

        executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="model-call")
        try:
            running: dict[Future[dict[str, Any]], tuple[int, Call]] = {
                executor.submit(ask, call): (index, call) for index, call in calls
            }
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index, call = running.pop(future)
                    state = pending[index]
                    where = (call.kind, call.chunk.part)
                    try:
                        state.plan.answers[where] = future.result()[call.kind]
                    except ModelCallError as exc:
                        state.errors[where] = str(exc)
                    else:
                        if self.cache:
                            self.cache.put(call.key, state.plan.answers[where], call.chunk.sentences_digest)
                    state.waiting -= 1
                    if not state.waiting:
                        finish(index, self._complete(pending.pop(index)))
        finally:
            # Interrupted (SIGTERM, Ctrl-C, a bug): calls not yet started are dropped and the
            # caller's cleanup stops the ones in flight; the answers already cached stay.
            executor.shutdown(wait=False, cancel_futures=True)

    def _complete(self, state: _Pending) -> ArticleExtraction:
        chunks = state.plan.chunks
        errors = [
            f"{kind}{f' ({chunk.label})' if chunk.label else ''}: {state.errors[kind, chunk.part]}"
            for kind in RECORD_KINDS
            for chunk in chunks
            if (kind, chunk.part) in state.errors
        ]
        if not errors:  # failures are counted once the run is complete, in article order
            if state.plan.calls:
                self.counts.extracted += 1
            else:
                self.counts.cached += 1
        answers = state.plan.answers
        drafts: dict[RecordKind, list[Mapping[str, Any]]] = {
            kind: [
                record
                for chunk in chunks
                for record in chunk.to_article_numbers(answers.get((kind, chunk.part), []))
            ]
            for kind in RECORD_KINDS
        }
        return ground(
            state.plan.article,
            drafts,
            self.backend.model_name,
            error="; ".join(errors) or None,
            figures_answered=not any(kind == "figures" for kind, _ in state.errors),
        )
