"""robots.txt: read once per site and run, asked before every other request to that site.

Rules are read as RFC 9309 says, with Protego: the group naming the tool's product token
(``summarizer``), else the ``*`` group; the longest matching rule wins; ``*`` and ``$`` patterns.
A robots.txt answered with a 4xx status (there is none) allows everything; one that cannot be had
(a 5xx status, a timeout, a refused connection, a body too large) forbids everything on that site
for the run: the conservative choice, since the site may well have rules it could not send.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from summarizer.errors import FetchError

_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


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

    ``product`` is the name matched against the files' ``User-agent`` lines; ``download(url)``
    returns the robots.txt at ``url`` or raises ``FetchError``. Safe to share between threads: a
    site's robots.txt is downloaded once even when two threads ask at once.
    """

    def __init__(self, product: str, download: Callable[[str], RobotsFile]) -> None:
        self.product = product
        self._download = download
        self._guard = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[Protego, str]] = {}

    def refusal(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else why not, in a few words."""
        rules, why = self._rules_for(robots_url(url))
        return None if rules.can_fetch(url, self.product) else why

    def _rules_for(self, location: str) -> tuple[Protego, str]:
        with self._guard:
            lock = self._site_locks.setdefault(location, threading.Lock())
        with lock:
            if location not in self._rules:
                self._rules[location] = self._read(location)
            return self._rules[location]

    def _read(self, location: str) -> tuple[Protego, str]:
        try:
            answer = self._download(location)
        except FetchError as error:
            unreadable = error.reason
        else:
            if 200 <= answer.status < 300:
                return Protego.parse(answer.text), "disallowed by robots.txt"
            if 400 <= answer.status < 500:
                return Protego.parse(""), "disallowed by robots.txt"
            unreadable = f"HTTP {answer.status}"
        why = f"robots.txt could not be read ({unreadable}), so nothing on the site is fetched"
        return Protego.parse(_DISALLOW_ALL), why
