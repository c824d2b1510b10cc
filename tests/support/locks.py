"""Another process holding a cache directory's run lock, for tests of runs that meet it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Takes the lock, says so, and keeps it until it is killed.
_HOLDER = """
import sys, time
from pathlib import Path
from summarizer.storage.run_lock import RunLock
with RunLock(Path(sys.argv[1]), wait=0, name="brief"):
    print("held", flush=True)
    time.sleep(600)
"""


@contextmanager
def held_by_another_process(cache_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding ``cache_dir``'s run lock; SIGKILLed at the end unless already ended."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(cache_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
