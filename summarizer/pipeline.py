"""The stages wired together: ingest → extract (+ ground) → merge → render, with a run report.

``summarize`` is the whole job in one call; the command line calls the same code (``Run``), so
there is one place that finds the previous briefing, merges, compares and writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeGuard

from summarizer.client.backend import Backend
from summarizer.client.endpoint import DEFAULT_TIMEOUT, Endpoint
from summarizer.client.usage import Prices, Usage
from summarizer.errors import CacheDirError, NothingToBriefError, PreviousBriefingError
from summarizer.extract.extractor import ExtractionProgress, Extractor
from summarizer.ingest.files import ingest_paths
from summarizer.ingest.limits import MAX_ARTICLE_CHARS
from summarizer.ingest.sentences import segment_sentences
from summarizer.models.article import Article
from summarizer.models.briefing import Briefing, Failure
from summarizer.models.records import ArticleExtraction
from summarizer.storage.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.storage.cache import ExtractionCache
from summarizer.storage.cache_dir import default_cache_dir, open_in_cache_dir
from summarizer.storage.call_log import FILE_NAME as CALL_LOG_FILE_NAME
from summarizer.storage.call_log import CallLog, CallRecord
from summarizer.storage.run_lock import DEFAULT_WAIT as DEFAULT_LOCK_WAIT
from summarizer.storage.run_lock import RunLock

if TYPE_CHECKING:
    from summarizer.render.renderer import Format
    from summarizer.storage.story_registry import StoryRegistry
    from summarizer.stories.briefings import StoriesSummary, StoryOutputs

# What to compare a briefing with: "auto" finds the previous briefing next to an output file
# (``merge/changes.py``), a path is read, a briefing is used as it is, None compares with nothing.
Previous = Briefing | str | os.PathLike[str] | Literal["auto"] | None
Paths = Sequence[str | os.PathLike[str]]


@dataclass
class RunReport:
    """What a run did, for its summary line."""

    articles: int = 0
    cached: int = 0
    extracted: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not read again
    warnings: list[str] = field(default_factory=list)  # one line each: what else the run met
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
class Summary:
    """What a summarize run made: the briefing, the run's report, and the files involved.

    ``previous`` is the previous briefing's file it was compared with (None when none was found
    or the one compared with was given as a ``Briefing``); ``warnings`` are one line each.
    """

    briefing: Briefing
    report: RunReport
    previous: Path | None = None
    written: tuple[Path, ...] = ()
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outputs:
    """Where a briefing is written and what it is compared with.

    Each file of ``paths`` gets the format ``fmt``, else its suffix's (``.md``, ``.json``,
    ``.html``), else Markdown; ``template`` is a Jinja template of the user's for a single output.
    ``previous``: "auto" finds the previous briefing next to the outputs (``merge/changes.py``), a
    path is read, a ``Briefing`` is used as it is, None compares with nothing. ``title`` replaces
    the one derived from the main actor and place.
    """

    paths: tuple[Path, ...] = ()
    fmt: Format | None = None
    template: Path | None = None
    previous: Previous = "auto"
    title: str | None = None


@dataclass
class Run:
    """Extraction settings: where the model is, how many requests at once, where the cache lives.

    ``endpoint`` None means the embedded model; ``timeout`` bounds every model answer, whichever
    the endpoint. ``concurrency`` None means the backend's default (one request at a time for the
    embedded model, several for a server). Every model call is logged in ``cache_dir``'s call log
    (``summarize logs``) under ``name`` unless ``log_calls`` is off. A failed call is retried
    after ``backoff`` seconds, then twice as long each time (``client/chat.py``).

    An article text longer than ``max_article_chars`` is a failure (see ``ingest/files.py``).
    ``CacheDirError`` is raised when the cache or the call log in ``cache_dir`` cannot be opened
    or written.

    One run at a time uses ``cache_dir`` (``storage/run_lock.py``): a run waits up to
    ``wait_lock`` seconds for another one to finish, then raises ``RunLockedError``.
    """

    endpoint: Endpoint | None = None
    cache_dir: Path = field(default_factory=default_cache_dir)
    use_cache: bool = True
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int | None = None
    prices: Prices | None = None
    log_calls: bool = True
    name: str = "summarize"
    max_article_chars: int = MAX_ARTICLE_CHARS
    backoff: float = 1.0
    wait_lock: float = DEFAULT_LOCK_WAIT

    def extract(
        self,
        paths: Paths,
        progress: ExtractionProgress | None = None,
        check: Callable[[list[Article]], None] | None = None,
    ) -> tuple[list[ArticleExtraction], RunReport]:
        """Ingest ``paths`` and extract every article; failures are reported, never raised.

        ``check`` sees the articles read before any model call, and may refuse them by raising.
        """
        with self._locked(progress):
            return self._extract(paths, progress, check)

    def summarize(
        self, paths: Paths, outputs: Outputs = Outputs(), progress: ExtractionProgress | None = None
    ) -> Summary:
        """The briefing of the articles in ``paths``, written as ``outputs`` says (``write_briefing``).

        A previous briefing given as a path is read before any model call, so a wrong path costs
        nothing. Raises ``SeveralStoriesError`` before any model call when the articles tell more
        than one story (``stories/one_story.py``: brief them with ``summarize_stories``), and
        ``NothingToBriefError`` (with the run's report) when no article gave any record; nothing is
        written then.
        """
        from summarizer.stories.one_story import require_one_story

        given = _read_previous(outputs.previous)
        with self._locked(progress):  # until the outputs are written: no other run writes them meanwhile
            extractions, report = self._extract(paths, progress, require_one_story)
            summary = write_briefing(extractions, report, replace(outputs, previous=given))
        # Read from the file it names.
        if given is not outputs.previous and isinstance(outputs.previous, (str, os.PathLike)):
            summary.previous = Path(outputs.previous)
        return summary

    def summarize_stories(
        self,
        paths: Paths,
        outputs: StoryOutputs,
        progress: ExtractionProgress | None = None,
        now: datetime | None = None,
    ) -> StoriesSummary:
        """One briefing per story of the articles in ``paths``, and their index, written into
        ``outputs.directory`` (``stories/briefings.py``).

        The articles are extracted together, once; the stories continue those of earlier runs
        through the story registry in ``cache_dir`` (opened before any model call: a
        ``CacheDirError`` if it cannot be). ``now`` is the run's time (for tests). Raises
        ``NothingToBriefError`` (with the run's report) when no article gave any record; nothing
        is written then.
        """
        from summarizer.stories.briefings import write_story_briefings

        with self._locked(progress), _story_registry(self.cache_dir) as registry:
            extractions, report = self._extract(paths, progress, None)
            return write_story_briefings(extractions, report, outputs, registry, now)

    def _locked(self, progress: ExtractionProgress | None) -> RunLock:
        on_wait = progress.waiting_for_lock if progress else None
        return RunLock(self.cache_dir, self.wait_lock, name=self.name, on_wait=on_wait)

    def _extract(
        self,
        paths: Paths,
        progress: ExtractionProgress | None,
        check: Callable[[list[Article]], None] | None,
    ) -> tuple[list[ArticleExtraction], RunReport]:
        try:
            return self._extract_articles(paths, progress, check)
        except sqlite3.Error as error:  # opened, but cannot be written: a read-only file, a full disk
            raise CacheDirError(f"{self.cache_dir}: cannot write to the cache ({error})") from error

    def _extract_articles(
        self,
        paths: Paths,
        progress: ExtractionProgress | None,
        check: Callable[[list[Article]], None] | None,
    ) -> tuple[list[ArticleExtraction], RunReport]:
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
            if check:
                check(ingested.articles)
            report = RunReport(
                articles=len(ingested.articles) + len(ingested.failures),
                failures=list(ingested.failures),
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
            log_errors: list[sqlite3.Error] = []  # from the threads making calls: raised once they are done

            def log_call(call: CallRecord) -> None:
                if log and not log_errors:
                    try:
                        log.add_call(run_id, call)
                    except sqlite3.Error as error:  # a full disk, most likely
                        log_errors.append(error)

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
                run_id = log.start_run(self.name, backend.model_name, backend.host)
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
            if log_errors:
                raise CacheDirError(
                    f"{self.cache_dir / CALL_LOG_FILE_NAME}: cannot write to the call log ({log_errors[0]})"
                )
            report.usage = backend.usage
            report.warnings += backend.notes
            report.cached = extractor.counts.cached
            report.extracted = extractor.counts.extracted
            report.failures += extractor.counts.failed
        report.seconds = time.monotonic() - started
        return extractions, report


def summarize(
    paths: Paths,
    *,
    endpoint: Endpoint | None = None,
    cache_dir: Path | None = None,
    out: Paths = (),
    previous: Previous = "auto",
    title: str | None = None,
    use_cache: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int | None = None,
    max_article_chars: int = MAX_ARTICLE_CHARS,
    wait_lock: float = DEFAULT_LOCK_WAIT,
    progress: ExtractionProgress | None = None,
) -> Summary:
    """The sourced briefing of the articles in ``paths`` (files and folders), in one call.

    With no ``endpoint`` the embedded model answers; ``cache_dir`` defaults to the user cache
    directory (``SUMMARIZER_CACHE_DIR``). Each file of ``out`` gets the briefing in the format its
    suffix names (``.md``, ``.json``, ``.html``); ``previous`` is as in ``Outputs``, and "auto"
    compares with the previous briefing found next to them (``Summary.briefing.since_previous``). Articles that could not be used
    are in ``Summary.report.failures``; errors a user can act on are ``SummarizerError``. While
    another run uses ``cache_dir``, this one waits up to ``wait_lock`` seconds, then raises
    ``RunLockedError``.
    """
    run = Run(
        endpoint=endpoint,
        cache_dir=cache_dir or default_cache_dir(),
        use_cache=use_cache,
        timeout=timeout,
        concurrency=concurrency,
        max_article_chars=max_article_chars,
        wait_lock=wait_lock,
    )
    outputs = Outputs(tuple(Path(p) for p in out), previous=previous, title=title)
    return run.summarize(paths, outputs, progress)


def brief(
    extractions: list[ArticleExtraction],
    failures: list[Failure],
    title: str | None = None,
    previous: Briefing | None = None,
) -> Briefing:
    """The briefing of every article read; articles whose extraction failed are listed apart.

    With ``previous`` (the last briefing of the same story), the briefing says what is new since it.
    """
    from summarizer.merge.briefing import merge
    from summarizer.merge.changes import compare

    usable = [x for x in extractions if not x.error or x.events or x.figures or x.statements]
    briefing = merge(usable, failures=failures, generated_at=datetime.now(timezone.utc), title=title)
    if previous is not None:
        briefing.since_previous = compare(previous, briefing)
    return briefing


def write_briefing(
    extractions: list[ArticleExtraction], report: RunReport, outputs: Outputs = Outputs()
) -> Summary:
    """Merge ``extractions`` into a briefing and write it, whole, to each of ``outputs.paths``.

    Every output is rendered, then written in full, before any replaces its old file, so a
    template error or a full disk leaves every file as it was (``OutputError`` for the disk).
    Raises ``NothingToBriefError`` when no extraction has any record.
    """
    from summarizer.render.renderer import format_for_path, render
    from summarizer.storage.atomic_file import write_all_atomic

    if not any(x.events or x.figures or x.statements for x in extractions):
        names = f"; {', '.join(map(str, outputs.paths))} not written" if outputs.paths else ""
        raise NothingToBriefError(f"no article produced any record{names}", report)
    warnings: list[str] = []
    given, found = _previous_briefing(outputs.previous, outputs.paths, warnings)
    briefing = brief(extractions, report.failures, title=outputs.title, previous=given)
    texts = [
        render(briefing, outputs.fmt or format_for_path(p) or "md", outputs.template) for p in outputs.paths
    ]
    write_all_atomic(list(zip(outputs.paths, texts, strict=True)))
    return Summary(briefing, report, previous=found, written=outputs.paths, warnings=warnings)


def write_stories(
    extractions: list[ArticleExtraction],
    report: RunReport,
    outputs: StoryOutputs,
    cache_dir: Path | None = None,
    now: datetime | None = None,
) -> StoriesSummary:
    """``extractions`` sorted into stories, a briefing per story and the index written into
    ``outputs.directory``, the stories kept in the story registry of ``cache_dir`` (default: the
    user cache directory). Raises ``CacheDirError`` if the registry cannot be opened or written."""
    from summarizer.stories.briefings import write_story_briefings

    with _story_registry(cache_dir or default_cache_dir()) as registry:
        return write_story_briefings(extractions, report, outputs, registry, now)


@contextlib.contextmanager
def _story_registry(cache_dir: Path) -> Iterator[StoryRegistry]:
    """The story registry of ``cache_dir``, closed afterwards; its errors are ``CacheDirError``."""
    from summarizer.storage.story_registry import FILE_NAME as REGISTRY_FILE_NAME
    from summarizer.storage.story_registry import StoryRegistry

    registry = open_in_cache_dir(StoryRegistry, cache_dir / REGISTRY_FILE_NAME, "story registry")
    try:
        yield registry
    except sqlite3.Error as error:
        raise CacheDirError(f"{registry.path}: cannot write to the story registry ({error})") from error
    finally:
        registry.close()


def _read_previous(previous: Previous) -> Briefing | Literal["auto"] | None:
    """``previous`` read where it is a path: ``PreviousBriefingError`` if it cannot be used."""
    from summarizer.merge.changes import load_previous

    if previous is None or _is_auto(previous) or isinstance(previous, Briefing):
        return previous
    return load_previous(Path(previous))


def _is_auto(previous: Previous) -> TypeGuard[Literal["auto"]]:
    return previous == "auto"


def _previous_briefing(
    previous: Previous, outs: tuple[Path, ...], warnings: list[str]
) -> tuple[Briefing | None, Path | None]:
    """The briefing to compare with and the file it came from; "auto" looks next to each output."""
    from summarizer.merge.changes import find_previous, load_previous

    if previous != "auto":
        given = _read_previous(previous)
        path = Path(previous) if given is not previous and isinstance(previous, (str, os.PathLike)) else None
        return (given if isinstance(given, Briefing) else None), path
    for path in outs:
        if (found := find_previous(path)) is not None:
            try:
                return load_previous(found), found
            except PreviousBriefingError as error:
                warnings.append(f"{error}; no 'New since the last briefing' section")
                return None, None
    return None, None
