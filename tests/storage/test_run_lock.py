"""One run at a time per cache directory: the second waits, then gives up; a dead holder holds nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from summarizer.errors import CacheDirError, RunLockedError
from summarizer.storage.run_lock import FILE_NAME, RunLock
from support.locks import held_by_another_process


def test_a_second_run_waits_for_the_lock_then_gives_up_naming_the_holder(tmp_path: Path) -> None:
    waited_for: list[str] = []
    with held_by_another_process(tmp_path) as holder:
        started = time.monotonic()
        with pytest.raises(RunLockedError) as raised, RunLock(tmp_path, wait=0.5, on_wait=waited_for.append):
            pytest.fail("the lock is held by another process")
        waited = time.monotonic() - started
    message = str(raised.value)
    assert waited >= 0.5
    assert "\n" not in message
    assert message.startswith(f"another run is using the cache directory {tmp_path} (pid {holder.pid} since ")
    assert message.endswith(", brief); gave up after waiting 0.5 s (--wait-lock waits longer)")
    assert len(waited_for) == 1 and waited_for[0].startswith(f"pid {holder.pid} since ")


def test_a_lock_held_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    with held_by_another_process(tmp_path) as holder:
        with pytest.raises(RunLockedError), RunLock(tmp_path, wait=0):
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert (tmp_path / FILE_NAME).exists()  # the file stays; the kernel dropped the lock
        with RunLock(tmp_path, wait=0):
            pass


def test_the_second_run_goes_on_once_the_first_finishes(tmp_path: Path) -> None:
    first = RunLock(tmp_path, wait=0)
    first.__enter__()
    releaser = threading.Timer(0.3, first.__exit__, (None, None, None))
    releaser.start()
    try:
        with RunLock(tmp_path, wait=60) as second:  # a second descriptor conflicts even in one process
            assert f"pid {os.getpid()} since " in (tmp_path / FILE_NAME).read_text()
            assert second.path == tmp_path / FILE_NAME
    finally:
        releaser.join()


def test_the_lock_is_released_when_the_run_ends_even_by_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyError), RunLock(tmp_path, wait=0):
        raise KeyError("a bug")
    with RunLock(tmp_path, wait=0):
        pass


def test_a_cache_directory_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    with (
        pytest.raises(CacheDirError) as raised,
        RunLock(not_a_folder, wait=0),
    ):
        pytest.fail("a lock in a folder that is a file")
    assert str(raised.value) == (
        f"{not_a_folder}/run.lock: cannot open the run lock (file exists: {not_a_folder})"
    )
