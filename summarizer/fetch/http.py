"""Downloads for ``summarize fetch``: polite, bounded, and one redirect at a time.

Every request names the tool in its User-Agent, waits for its host's turn (``politeness``), and,
except for robots.txt itself, is first allowed by the site's robots.txt (``robots``). Redirects are
followed here rather than by httpx2, so that each hop is checked against its own site's robots.txt
and waits its own host's turn; at most ``Limits.max_redirects`` of them, and a redirect back to a
URL already visited is reported as a loop at once. Bodies are streamed and reading stops past
``Limits.max_bytes`` (decoded bytes, so a compressed bomb stops too). A page's content type is
checked before its body is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import TracebackType

import httpx2

from summarizer import __version__
from summarizer.errors import FetchError, NotHtmlError
from summarizer.fetch.limits import Limits
from summarizer.fetch.politeness import HostGate, host_of
from summarizer.fetch.robots import RobotsFile, RobotsRules

PRODUCT = "summarizer"
"""The name robots.txt files address the tool by."""
USER_AGENT = f"{PRODUCT}/{__version__}"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ERRNO = re.compile(r"\[Errno -?\d+\]")
_PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,application/xml;q=0.8,"
    "text/xml;q=0.8,*/*;q=0.1"
)


@dataclass(frozen=True)
class Download:
    """A final (not redirected) answer. ``body`` is empty unless the status is 2xx."""

    url: str
    """Where the answer came from, after redirects."""
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes


def media_type(content_type: str | None) -> str:
    """``text/html`` of ``text/html; charset=utf-8``; empty when there is no header."""
    return (content_type or "").split(";")[0].strip().lower()


class Fetcher:
    """Feeds, pages and robots.txt over one HTTP client; a context manager that closes it.

    ``transport`` replaces the network (tests); ``gate`` may be shared with other fetchers.
    """

    def __init__(
        self,
        limits: Limits,
        *,
        gate: HostGate | None = None,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.limits = limits
        self._gate = gate or HostGate(limits.delay)
        self._client = httpx2.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx2.Timeout(limits.timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._robots = RobotsRules(PRODUCT, self._robots_file)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def feed(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Download:
        """The feed at ``url``; status 304 (and no body) when it has not changed since the answer that
        carried ``etag`` or ``last_modified``. Raises ``FetchError`` for any other status but 2xx."""
        headers = {"Accept": _FEED_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        download = self._get(url, headers, obey_robots=True, html_only=False)
        if download.status != 304 and not 200 <= download.status < 300:
            raise FetchError(url, f"HTTP {download.status}")
        return download

    def page(self, url: str) -> Download:
        """The HTML page at ``url``. Raises ``NotHtmlError`` for another content type, and
        ``FetchError`` for any status but 2xx."""
        download = self._get(url, {"Accept": _PAGE_ACCEPT}, obey_robots=True, html_only=True)
        if not 200 <= download.status < 300:
            raise FetchError(url, f"HTTP {download.status}")
        return download

    def _robots_file(self, url: str) -> RobotsFile:
        download = self._get(url, {"Accept": "text/plain,*/*;q=0.1"}, obey_robots=False, html_only=False)
        return RobotsFile(download.status, download.body.decode("utf-8", errors="replace"))

    def _get(self, url: str, headers: dict[str, str], *, obey_robots: bool, html_only: bool) -> Download:
        visited = [url]
        current = url
        while True:
            if obey_robots and (why := self._robots.refusal(current)):
                raise FetchError(current, why)
            with self._gate.turn(host_of(current)):
                following = self._request(current, headers, html_only)
            if isinstance(following, Download):
                return following
            if following in visited:
                raise FetchError(url, f"redirect loop (back to {following})")
            if len(visited) > self.limits.max_redirects:
                raise FetchError(url, f"more than {self.limits.max_redirects} redirects")
            visited.append(following)
            current = following

    def _request(self, url: str, headers: dict[str, str], html_only: bool) -> Download | str:
        """One request: its answer, or the URL it redirects to."""
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = self._client.send(request, stream=True)
        except (httpx2.InvalidURL, httpx2.UnsupportedProtocol):
            raise FetchError(url, "not an http(s) URL") from None
        except httpx2.HTTPError as error:
            raise FetchError(url, self._transport_reason(error)) from None
        try:
            if response.has_redirect_location:
                return self._redirect_target(url, response)
            body = b""
            if response.is_success:
                if html_only and media_type(response.headers.get("content-type")) not in HTML_TYPES | {""}:
                    raise NotHtmlError(
                        url, f"not an HTML page ({media_type(response.headers['content-type'])})"
                    )
                body = self._read_body(url, response)
            return Download(
                url=str(response.url),
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                body=body,
            )
        finally:
            response.close()

    def _redirect_target(self, url: str, response: httpx2.Response) -> str:
        target = response.next_request.url if response.next_request is not None else None
        if target is None:
            raise FetchError(url, f"HTTP {response.status_code} without a usable Location")
        if target.scheme not in ("http", "https"):
            raise FetchError(url, f"redirected to a URL that is not http(s): {target.scheme}:")
        return str(target)

    def _read_body(self, url: str, response: httpx2.Response) -> bytes:
        limit = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"too large: {int(declared):,} bytes (limit {limit:,})")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"too large: more than {limit:,} bytes")
                chunks.append(chunk)
        except httpx2.HTTPError as error:
            raise FetchError(url, self._transport_reason(error)) from None
        return b"".join(chunks)

    def _transport_reason(self, error: httpx2.HTTPError) -> str:
        timeout = f"{self.limits.timeout:g}"
        if isinstance(error, httpx2.ConnectTimeout):
            return f"no connection within {timeout} s"
        if isinstance(error, httpx2.TimeoutException):
            return f"no answer within {timeout} s"
        if isinstance(error, httpx2.ConnectError):
            why = _ERRNO.sub("", str(error)).strip().lower()
            return f"cannot connect: {why}" if why else "cannot connect"
        return f"{type(error).__name__} ({error})" if str(error) else type(error).__name__
