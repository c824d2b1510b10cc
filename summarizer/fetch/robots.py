"""robots.txt: read once per site and run, asked before every other request to that site.

As RFC 9309 says: a robots.txt answered with a 4xx status (there is none) allows everything; one
that cannot be had (a 5xx status, a timeout, a refused connection, too large) forbids everything
on that site for the run, the conservative choice, since the site may well have rules it could not
send. Rules are matched with ``urllib.robotparser`` against the product token of the User-Agent
(``summarizer``), else the ``*`` group.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from summarizer.errors import FetchError

_DISALLOW_ALL = ("User-agent: *", "Disallow: /")


@dataclass(frozen=True)
class RobotsFile:
    """What a request for robots.txt got: its status and text."""

    status: int
    text: str


def robots_url(url: str) -> str:
    """Where the robots.txt that governs ``url`` is."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsRules:
    """The robots.txt rules of every site asked about in a run, each downloaded once.

    ``download(url)`` returns the robots.txt at ``url`` or raises ``FetchError``. Safe to share
    between threads: a site's robots.txt is downloaded once even when two threads ask at once.
    """

    def __init__(self, user_agent: str, download: Callable[[str], RobotsFile]) -> None:
        self.user_agent = user_agent
        self._download = download
        self._guard = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[RobotFileParser, str]] = {}

    def refusal(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else why not, in a few words."""
        parser, why = self._rules_for(robots_url(url))
        return None if parser.can_fetch(self.user_agent, url) else why

    def _rules_for(self, location: str) -> tuple[RobotFileParser, str]:
        with self._guard:
            lock = self._site_locks.setdefault(location, threading.Lock())
        with lock:
            if location not in self._rules:
                self._rules[location] = self._read(location)
            return self._rules[location]

    def _read(self, location: str) -> tuple[RobotFileParser, str]:
        parser = RobotFileParser(location)
        try:
            answer = self._download(location)
        except FetchError as error:
            parser.parse(_DISALLOW_ALL)
            return parser, f"robots.txt could not be read ({error.reason}), so nothing on the site is fetched"
        if 200 <= answer.status < 300:
            parser.parse(answer.text.splitlines())
        elif 400 <= answer.status < 500:
            parser.parse([])
        else:
            parser.parse(_DISALLOW_ALL)
            return (
                parser,
                f"robots.txt could not be read (HTTP {answer.status}), so nothing on the site is fetched",
            )
        return parser, "disallowed by robots.txt"
