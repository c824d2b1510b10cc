"""The stages wired together: ingest → extract (+ ground) → merge, with a run report.

The command line is a thin layer over these functions; a library user can call them directly.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import TypeVar

from summarizer.backend import Backend
from summarizer.briefing import Briefing, Failure
from summarizer.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.cache import ExtractionCache
from summarizer.call_log import FILE_NAME as CALL_LOG_FILE_NAME
from summarizer.call_log import CallLog, CallRecord
from summarizer.changes import compare
from summarizer.config import Endpoint
from summarizer.extract import ExtractionProgress, Extractor
from summarizer.ingest import MAX_ARTICLE_CHARS, ingest_paths
from summarizer.llm import Usage
from summarizer.merge import merge
from summarizer.records import ArticleExtraction
from summarizer.sentences import segment_sentences


class CacheDirError(Exception):
    """The cache or the call log in the cache directory cannot be opened; the message is one line."""


_Database = TypeVar("_Database")


def open_in_cache_dir(open_database: Callable[[Path], _Database], path: Path, what: str) -> _Database:
    """``open_database(path)``, its errors (a folder that is a file or read-only, a file that is
    not a database) turned into ``CacheDirError``."""
    try:
        return open_database(path)
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        reason = f"{(error.strerror or str(error)).lower()}{where}"
    except sqlite3.Error as error:
        reason = str(error)
    raise CacheDirError(f"{path}: cannot open the {what} ({reason})")


@dataclass(frozen=True)
class Prices:
    """What the model costs per million tokens, in the user's currency."""

    prompt: float
    completion: float

    def cost(self, usage: Usage) -> float:
        return (usage.prompt_tokens * self.prompt + usage.completion_tokens * self.completion) / 1e6


@dataclass
class RunReport:
    """What a run did, for its summary line."""

    articles: int = 0
    cached: int = 0
    extracted: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not read again
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    prices: Prices | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def cost(self) -> float | None:
        """The estimated cost of the run's model calls, when prices were given."""
        return self.prices.cost(self.usage) if self.prices else None

    def summary(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        wall = f"{minutes}m{seconds:02d}s" if minutes else f"{self.seconds:.1f}s"
        parts = [
            f"{self.articles} articles: {self.cached} cached, {self.extracted} extracted, "
            f"{len(self.failures)} failed",
            f"{self.usage.calls} model calls",
            f"{self.usage.prompt_tokens:,} prompt + {self.usage.completion_tokens:,} completion tokens",
        ]
        if (cost := self.cost) is not None:
            parts.append(f"est. cost {cost:,.2f}" if cost >= 1 else f"est. cost {cost:.4f}")
        parts.append(wall)
        return " · ".join(parts)


@dataclass
class Run:
    """Extraction settings: where the model is, how many requests at once, where the cache lives.

    ``concurrency`` None means the backend's default (one request at a time for the embedded
    model, several for a server). Every model call is logged in ``cache_dir``'s call log
    (``summarize logs``) unless ``log_calls`` is off; ``command`` names the run there. A failed
    call is retried after ``backoff`` seconds, then twice as long each time (``ChatModel``).

    An article text longer than ``max_article_chars`` is a failure (see ``ingest``). ``extract``
    raises ``CacheDirError`` when the cache or the call log in ``cache_dir`` cannot be opened.
    """

    endpoint: Endpoint | None
    cache_dir: Path
    use_cache: bool = True
    timeout: float = 600.0
    concurrency: int | None = None
    prices: Prices | None = None
    log_calls: bool = True
    command: str = "extract"
    max_article_chars: int = MAX_ARTICLE_CHARS
    backoff: float = 1.0

    def extract(
        self, paths: Sequence[str | PathLike[str]], progress: ExtractionProgress | None = None
    ) -> tuple[list[ArticleExtraction], RunReport]:
        """Ingest ``paths`` and extract every article; failures are reported, never raised."""
        started = time.monotonic()
        with contextlib.ExitStack() as stack:
            cache = (
                open_in_cache_dir(ExtractionCache, self.cache_dir / CACHE_FILE_NAME, "cache")
                if self.use_cache
                else None
            )
            if cache:
                stack.callback(cache.close)
            segment = cache.segmenter() if cache else segment_sentences
            ingested = ingest_paths(paths, segment, max_chars=self.max_article_chars)
            report = RunReport(
                articles=len(ingested.articles) + len(ingested.failures),
                failures=[Failure(path=p, error=e) for p, e in ingested.failures],
                skipped=ingested.skipped,
                prices=self.prices,
            )
            log = (
                open_in_cache_dir(CallLog, self.cache_dir / CALL_LOG_FILE_NAME, "call log")
                if self.log_calls
                else None
            )
            if log:
                stack.callback(log.close)
            run_id = 0

            def log_call(call: CallRecord) -> None:
                if log:
                    log.add_call(run_id, call)

            backend = stack.enter_context(
                Backend(
                    self.endpoint,
                    self.cache_dir,
                    timeout=self.timeout,
                    backoff=self.backoff,
                    on_call=log_call,
                )
            )
            extractor = Extractor(backend, cache, self.concurrency or backend.default_concurrency)
            if log:
                run_id = log.start_run(self.command, backend.model_name, backend.host)
                stack.callback(
                    lambda: log.finish_run(
                        run_id,
                        articles=report.articles,
                        cached=extractor.counts.cached,
                        extracted=extractor.counts.extracted,
                        failed=len(report.failures),
                    )
                )
            extractions = extractor.extract_all(ingested.articles, progress)
            report.usage = backend.usage
            report.cached = extractor.counts.cached
            report.extracted = extractor.counts.extracted
            report.failures += [Failure(path=p, error=e) for p, e in extractor.counts.failed]
        report.seconds = time.monotonic() - started
        return extractions, report


def brief(
    extractions: list[ArticleExtraction],
    failures: list[Failure],
    title: str | None = None,
    previous: Briefing | None = None,
) -> Briefing:
    """The briefing of every article read; articles whose extraction failed are listed apart.

    With ``previous`` (the last briefing of the same story), the briefing says what is new since it.
    """
    usable = [x for x in extractions if not x.error or x.events or x.figures or x.statements]
    briefing = merge(usable, failures=failures, generated_at=datetime.now(timezone.utc), title=title)
    if previous is not None:
        briefing.since_previous = compare(previous, briefing)
    return briefing
