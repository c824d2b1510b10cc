"""``summarize fetch``: feeds → their new entries → pages → article files, remembered for next time.

A run reads every feed (conditional GET), drops the entries fetched before (by link) or twice in
this run, then fetches the remaining pages, a few hosts at a time but one request at a time per
host. Each page is saved as a ``.md`` article unless the same article was saved before under its
final or canonical URL or with the same text. An entry whose page cannot be had is saved from the
feed's own text for it, with a note; with no such text it has failed, is not recorded, and is
tried again by the next run. A link to something other than an HTML page is skipped and recorded.

A feed's ``ETag`` and ``Last-Modified`` are kept only once none of its entries failed, so the
next run is not told "not modified" about a feed whose entries it still has to fetch.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from summarizer.errors import ArticleWriteError, FetchError, NotHtmlError, OutputError
from summarizer.fetch.article_file import ArticleFile, file_name, write_article
from summarizer.fetch.feeds import Feed, FeedEntry, parse_feed
from summarizer.fetch.http import Download, Fetcher
from summarizer.fetch.limits import Limits
from summarizer.fetch.pages import Page, read_page
from summarizer.fetch.politeness import host_of
from summarizer.fetch.state import FILE_NAME, FetchState, Known, url_key
from summarizer.storage.cache_dir import open_in_cache_dir

HOSTS_AT_ONCE = 4
"""Pages of this many different hosts are fetched at the same time."""


@dataclass
class FetchReport:
    """What a run did. Every entry of every feed read is counted once: new (saved from its page),
    already fetched, from summary (saved from the feed's text), skipped, or failed."""

    out_dir: Path
    feeds: int = 0
    feeds_not_modified: int = 0
    entries: int = 0
    new: int = 0
    already: int = 0
    from_summary: int = 0
    skipped: int = 0
    feed_failures: list[tuple[str, str]] = field(default_factory=list)
    """``(feed URL, why)`` of each feed that could not be read."""
    entry_failures: list[tuple[str, str]] = field(default_factory=list)
    """``(entry link, why)`` of each entry of which nothing was saved."""
    from_summary_reasons: list[tuple[str, str]] = field(default_factory=list)
    """``(entry link, why its page was not used)`` of each entry saved from the feed's text."""
    skips: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.feed_failures) + len(self.entry_failures)

    @property
    def nothing_fetched(self) -> bool:
        """Every feed failed, or entries failed and no other entry was there to count."""
        if self.feeds and len(self.feed_failures) == self.feeds:
            return True
        others = self.new + self.already + self.from_summary + self.skipped
        return bool(self.entry_failures) and not others

    def summary(self) -> str:
        """``3 feeds, 42 entries: 12 new, 30 already fetched, 2 from summary, 1 skipped → feeds/2026-12-06/``."""
        feed_notes = []
        if self.feeds_not_modified:
            feed_notes.append(f"{self.feeds_not_modified} not modified")
        if self.feed_failures:
            feed_notes.append(f"{len(self.feed_failures)} failed")
        feeds = f"{self.feeds} feed{'s' if self.feeds != 1 else ''}"
        feeds += f" ({', '.join(feed_notes)})" if feed_notes else ""
        entries = (
            f"{self.entries} entr{'ies' if self.entries != 1 else 'y'}: {self.new} new, "
            f"{self.already} already fetched, {self.from_summary} from summary, {self.skipped} skipped"
        )
        if self.entry_failures:
            entries += f", {len(self.entry_failures)} failed"
        target = f"{self.out_dir}{os.sep}" if self.written else "nothing written"
        return f"{feeds}, {entries} → {target}"


@dataclass(frozen=True)
class _Pending:
    """An entry whose page is to be fetched, and the feed it came from."""

    entry: FeedEntry
    link: str
    feed: Feed


def fetch_feeds(
    urls: Sequence[str], out_dir: Path, cache_dir: Path, limits: Limits | None = None
) -> FetchReport:
    """Fetch the new entries of the feeds at ``urls`` into ``out_dir``, remembering them in
    ``cache_dir``. Raises ``CacheDirError`` when the record there cannot be opened, and
    ``ArticleWriteError`` (after recording what was saved) when an article cannot be written."""
    state = open_in_cache_dir(FetchState, cache_dir / FILE_NAME, "record of fetched articles")
    try:
        with Fetcher(limits or Limits()) as fetcher:
            return _FeedFetch(fetcher, state, out_dir).run(urls)
    finally:
        state.close()


class _FeedFetch:
    def __init__(self, fetcher: Fetcher, state: FetchState, out_dir: Path) -> None:
        self.fetcher = fetcher
        self.state = state
        self.report = FetchReport(out_dir)
        self.feeds_with_failures: set[str] = set()

    def run(self, urls: Sequence[str]) -> FetchReport:
        feeds = [read for url in urls if (read := self._read_feed(url)) is not None]
        self._fetch_pages(self._pending(feed for feed, _ in feeds))
        for feed, download in feeds:
            if feed.url not in self.feeds_with_failures:
                self.state.remember_validators(feed.url, download.etag, download.last_modified)
        for listed in (self.report.entry_failures, self.report.from_summary_reasons, self.report.skips):
            listed.sort()  # pages come in as they are fetched; they are listed in an order that does not vary
        return self.report

    def _read_feed(self, url: str) -> tuple[Feed, Download] | None:
        self.report.feeds += 1
        etag, last_modified = self.state.validators(url)
        try:
            download = self.fetcher.feed(url, etag=etag, last_modified=last_modified)
            if download.status == 304:
                self.report.feeds_not_modified += 1
                return None
            feed = parse_feed(url, download.body, content_type=download.content_type, location=download.url)
        except FetchError as error:
            self.report.feed_failures.append((url, error.reason))
            return None
        if feed.problem:
            self.report.warnings.append(
                f"{url}: malformed feed ({feed.problem}); {len(feed.entries)} entries read from it"
            )
        return feed, download

    def _pending(self, feeds: Iterable[Feed]) -> list[_Pending]:
        """The entries whose page is to be fetched, hosts taking turns so that one host's pages are
        spread over the run; every other entry is counted here (and saved, if it has no link)."""
        by_host: dict[str, list[_Pending]] = {}
        links_seen: set[str] = set()
        for feed in feeds:
            for entry in feed.entries:
                self.report.entries += 1
                if entry.link is None:
                    self._save_without_link(entry, feed)
                elif url_key(entry.link) in links_seen or self.state.known([entry.link]):
                    self.report.already += 1
                else:
                    links_seen.add(url_key(entry.link))
                    by_host.setdefault(host_of(entry.link), []).append(_Pending(entry, entry.link, feed))
        rounds = itertools.zip_longest(*by_host.values())
        return [pending for round_ in rounds for pending in round_ if pending is not None]

    def _fetch_pages(self, pending: list[_Pending]) -> None:
        """Fetch the pages in worker threads; save each in this thread as soon as it is in."""
        if not pending:
            return
        hosts = len({host_of(item.link) for item in pending})
        pool = ThreadPoolExecutor(max_workers=min(HOSTS_AT_ONCE, hosts), thread_name_prefix="fetch")
        try:
            futures: dict[Future[Page | FetchError], _Pending] = {
                pool.submit(self._read_page, item.link): item for item in pending
            }
            for future in as_completed(futures):
                self._save(futures[future], future.result())
        finally:  # a stopped run (SIGTERM, a full disk) starts no further request
            pool.shutdown(wait=True, cancel_futures=True)

    def _read_page(self, link: str) -> Page | FetchError:
        try:
            return read_page(self.fetcher, link)
        except FetchError as error:
            return error

    def _save(self, item: _Pending, page: Page | FetchError) -> None:
        if isinstance(page, NotHtmlError):
            self.state.record([item.link], outcome="skipped")
            self.report.skipped += 1
            self.report.skips.append((item.link, page.reason))
        elif isinstance(page, FetchError):
            self._save_from_feed(item, page.reason)
        else:
            self._save_page(item, page)

    def _save_page(self, item: _Pending, page: Page) -> None:
        urls = [item.link, page.url, *([page.canonical] if page.canonical else [])]
        article = ArticleFile(
            text=page.text,
            url=page.canonical or page.url,
            feed=item.feed.url,
            fetched=_now(),
            title=item.entry.title or page.title,
            outlet=page.outlet or item.feed.title or host_of(page.url),
            published=item.entry.published or page.published,
        )
        known = self.state.known(urls[1:]) or self.state.with_text(article.content_hash)
        if known is not None:
            self._already(known, urls)
            return
        path = self._write(article, item.link)
        self.state.record(urls, outcome="page", content_hash=article.content_hash, path=str(path))
        self.report.new += 1

    def _save_from_feed(self, item: _Pending, reason: str) -> None:
        entry = item.entry
        if not entry.text.strip():
            self.report.entry_failures.append((item.link, f"{reason}, and the feed has no text for it"))
            self.feeds_with_failures.add(item.feed.url)
            return
        article = ArticleFile(
            text=entry.text,
            url=item.link,
            feed=item.feed.url,
            fetched=_now(),
            title=entry.title,
            outlet=item.feed.title or host_of(item.link),
            published=entry.published,
            note=f"page unavailable ({reason}); text from the feed {entry.text_kind}",
        )
        known = self.state.with_text(article.content_hash)
        if known is not None:
            self._already(known, [item.link])
            return
        path = self._write(article, item.link)
        self.state.record([item.link], outcome="feed", content_hash=article.content_hash, path=str(path))
        self.report.from_summary += 1
        self.report.from_summary_reasons.append((item.link, reason))

    def _save_without_link(self, entry: FeedEntry, feed: Feed) -> None:
        """An entry with no link: its text in the feed is all there is."""
        if not entry.text.strip():
            self.report.skipped += 1
            self.report.skips.append(
                (feed.url, f"an entry with neither a link nor text ({entry.title or 'untitled'})")
            )
            return
        article = ArticleFile(
            text=entry.text,
            url=feed.url,
            feed=feed.url,
            fetched=_now(),
            title=entry.title,
            outlet=feed.title or host_of(feed.url),
            published=entry.published,
            note=f"no link in the feed; text from the feed {entry.text_kind}",
        )
        if self.state.with_text(article.content_hash) is not None:
            self.report.already += 1
            return
        path = self._write(article, f"{url_key(feed.url)}#{article.content_hash}")
        self.state.record([], outcome="feed", content_hash=article.content_hash, path=str(path))
        self.report.from_summary += 1
        self.report.from_summary_reasons.append(
            (feed.url, f"an entry without a link ({entry.title or 'untitled'})")
        )

    def _already(self, known: Known, urls: list[str]) -> None:
        """The same article as one saved before: its further URLs are remembered, nothing is written."""
        self.state.add_urls(known.article, urls)
        self.report.already += 1

    def _write(self, article: ArticleFile, name_url: str) -> Path:
        try:
            path = write_article(article, self.report.out_dir, url_key(name_url))
        except (OSError, OutputError) as error:
            cause = error.__cause__ if isinstance(error.__cause__, OSError) else error
            reason = ((cause.strerror if isinstance(cause, OSError) else None) or str(cause)).lower()
            where = self.report.out_dir / file_name(article.title, url_key(name_url))
            raise ArticleWriteError(
                f"{where}: cannot write the article ({reason}); "
                f"{len(self.report.written)} written before it are kept",
                written=len(self.report.written),
            ) from None
        self.report.written.append(path)
        return path


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
