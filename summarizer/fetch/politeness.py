"""One request at a time to each host, and a pause between two requests to the same host."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The host a request goes to, with its port when it names one (``example.com:8080``)."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


class HostGate:
    """Turns to talk to a host: one at a time, ``delay`` seconds from the end of one request to the
    start of the next. Different hosts do not wait for each other. Safe to share between threads."""

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_done: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Wait for ``host``'s turn, hold it while the body of the ``with`` runs (the request and the
        reading of its answer)."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last_done.get(host)
            if last is not None:
                wait = last + self.delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last_done[host] = self._clock()
