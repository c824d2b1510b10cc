"""One run at a time per cache directory: a second run waits for the first, up to a limit.

The lock is ``fcntl.flock`` on ``run.lock`` in the cache directory. The kernel releases it when
the process holding it ends, however it ends (SIGKILL, an out-of-memory kill, a reboot), so a lock
file left behind never blocks a run. The holder writes its pid, start time and command into the
file, so that a run that gives up can say which run it waited for. (The ``filelock`` package takes
the same kind of lock but truncates the file on every attempt, so it could not say.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from summarizer.errors import CacheDirError, RunLockedError
from summarizer.storage.cache_dir import open_in_cache_dir

FILE_NAME = "run.lock"
ENV_WAIT = "SUMMARIZER_WAIT_LOCK"
DEFAULT_WAIT = 600.0  # seconds: a nightly run that overlaps the last one waits for it a while
POLL_SECONDS = 0.2


class RunLock:
    """The cache directory's run lock, as a context manager.

    Entering waits up to ``wait`` seconds for the run that holds it (0: not at all), calling
    ``on_wait`` with that run's description once if it has to wait, then raises
    ``RunLockedError``; a lock file that cannot be made or locked raises ``CacheDirError``. The
    holder is described by its pid, start time and ``name`` (what it runs, e.g. ``brief``).
    """

    def __init__(
        self,
        cache_dir: Path,
        wait: float = DEFAULT_WAIT,
        *,
        name: str = "summarize",
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = cache_dir / FILE_NAME
        self.wait = wait
        self.name = name
        self._on_wait = on_wait
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        fd = self._open()
        try:
            self._acquire(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        with contextlib.suppress(OSError):  # only a note for a waiting run; a full disk may refuse it
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{_holder_note(self.name)}\n".encode(), 0)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor releases the lock

    def _open(self) -> int:
        def open_file(path: Path) -> int:
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)

        return open_in_cache_dir(open_file, self.path, "run lock")

    def _acquire(self, fd: int) -> None:
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            except OSError as error:  # a file system without locks
                reason = (error.strerror or str(error)).lower()
                raise CacheDirError(f"{self.path}: cannot lock the run lock ({reason})") from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RunLockedError(
                    f"another run is using the cache directory {self.path.parent} ({self._holder(fd)}); "
                    f"gave up after waiting {_duration(self.wait)} (--wait-lock waits longer)"
                )
            if not told and self._on_wait is not None:
                self._on_wait(self._holder(fd))
                told = True
            time.sleep(min(POLL_SECONDS, remaining))

    def _holder(self, fd: int) -> str:
        """What the holder wrote: 'pid 4121 since 2026-12-01 05:30:02, brief'."""
        with contextlib.suppress(OSError, UnicodeDecodeError):
            note = os.pread(fd, 1024, 0).decode().strip()
            if note:
                return " ".join(note.split())
        return "its pid not written yet"


def _holder_note(name: str) -> str:
    started = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return f"pid {os.getpid()} since {started}, {' '.join(name.split())}"


def _duration(seconds: float) -> str:
    """'45 s', '10 min', '1 min 30 s'."""
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{seconds:g} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")
