"""The feeds to fetch: URLs given as arguments and in a feeds file.

A feeds file has one URL a line; blank lines, lines starting with ``#``, and anything after
whitespace and ``#`` on a line (a comment) are ignored. Every URL must be absolute http(s).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.errors import FeedListError


def feed_urls(arguments: Iterable[str], feeds_file: Path | None = None) -> list[str]:
    """The arguments' URLs, then the file's, each once, in order; raises ``FeedListError`` for one
    that is no http(s) URL (naming the file and line) or a file that cannot be read."""
    urls = [_checked(url.strip(), "argument") for url in arguments]
    if feeds_file is not None:
        urls += read_feeds_file(feeds_file)
    return list(dict.fromkeys(urls))


def read_feeds_file(path: Path) -> list[str]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise FeedListError(
            f"{path}: cannot read the feeds file ({(error.strerror or str(error)).lower()})"
        ) from None
    except UnicodeDecodeError:
        raise FeedListError(f"{path}: the feeds file is not UTF-8 text") from None
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        url = _without_comment(line).strip()
        if url:
            urls.append(_checked(url, f"{path}:{number}"))
    return urls


def _without_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    for index, char in enumerate(line):  # " #" starts a comment; a URL's own "#" has no space before it
        if char == "#" and index > 0 and line[index - 1].isspace():
            return line[:index]
    return line


def _checked(url: str, where: str) -> str:
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number raises ValueError
        usable = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # that, or an unclosed IPv6 bracket
        usable = False
    if not usable or any(char.isspace() for char in url):
        raise FeedListError(f"{where}: not an http(s) URL: {url!r}")
    return url
