"""The stages wired together: ingest → extract (+ ground) → merge, with a run report.

The command line is a thin layer over these functions; a library user can call them directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path

from summarizer.backend import Backend
from summarizer.briefing import Briefing, Failure
from summarizer.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.cache import ExtractionCache
from summarizer.config import Endpoint
from summarizer.extract import Extractor
from summarizer.ingest import ingest_paths
from summarizer.llm import Usage
from summarizer.merge import merge
from summarizer.records import ArticleExtraction

ProgressCallback = Callable[[int, int, ArticleExtraction], None]


@dataclass
class RunReport:
    """What a run did, for its summary line."""

    articles: int = 0
    cached: int = 0
    extracted: int = 0
    failures: list[Failure] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        wall = f"{minutes}m{seconds:02d}s" if minutes else f"{self.seconds:.1f}s"
        return (
            f"{self.articles} articles: {self.cached} cached, {self.extracted} extracted, "
            f"{len(self.failures)} failed · {self.usage.calls} model calls · "
            f"{self.usage.prompt_tokens:,} prompt + {self.usage.completion_tokens:,} completion tokens · {wall}"
        )


@dataclass
class Run:
    """Extraction settings: where the model is and where the cache lives."""

    endpoint: Endpoint | None
    cache_dir: Path
    use_cache: bool = True
    timeout: float = 600.0

    def extract(
        self, paths: Sequence[str | PathLike[str]], progress: ProgressCallback | None = None
    ) -> tuple[list[ArticleExtraction], RunReport]:
        """Ingest ``paths`` and extract every article; failures are reported, never raised."""
        started = time.monotonic()
        ingested = ingest_paths(paths)
        report = RunReport(
            articles=len(ingested.articles) + len(ingested.failures),
            failures=[Failure(path=p, error=e) for p, e in ingested.failures],
            duplicates=ingested.duplicates,
        )
        cache = ExtractionCache(self.cache_dir / CACHE_FILE_NAME) if self.use_cache else None
        extractions: list[ArticleExtraction] = []
        try:
            with Backend(self.endpoint, self.cache_dir, timeout=self.timeout) as backend:
                extractor = Extractor(backend, cache)
                for index, article in enumerate(ingested.articles, start=1):
                    extraction = extractor.extract(article)
                    extractions.append(extraction)
                    if progress:
                        progress(index, len(ingested.articles), extraction)
                report.usage = backend.usage
        finally:
            if cache:
                cache.close()
        report.cached = extractor.counts.cached
        report.extracted = extractor.counts.extracted
        report.failures += [Failure(path=p, error=e) for p, e in extractor.counts.failed]
        report.seconds = time.monotonic() - started
        return extractions, report


def brief(
    extractions: list[ArticleExtraction], failures: list[Failure], title: str | None = None
) -> Briefing:
    """The briefing of every article read; articles whose extraction failed are listed apart."""
    usable = [x for x in extractions if not x.error or x.events or x.figures or x.statements]
    return merge(usable, failures=failures, generated_at=datetime.now(timezone.utc), title=title)
