"""Output files are written whole or not at all, with the permissions a new file normally gets."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import OutputError
from summarizer.storage.atomic_file import write_all_atomic, write_atomic


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path, umask_027: None) -> None:
    path = tmp_path / "out" / "brief.md"
    write_atomic(path, "# Briefing\n")
    assert path.read_text() == "# Briefing\n"
    assert mode(path) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["brief.md"], "no temporary file is left"


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_027: None) -> None:
    path = tmp_path / "brief.md"
    path.write_text("old")
    path.chmod(0o604)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert mode(path) == 0o604


def failing(call: Callable[..., Any], error: int, on: str) -> Callable[..., Any]:
    """``call`` (os.write or os.fsync), failing with ``error`` on the temporary file of ``on``."""

    def fail_on(fd: int, *args: Any) -> Any:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(f".{on}."):
            raise OSError(error, os.strerror(error))
        return call(fd, *args)

    return fail_on


@pytest.mark.parametrize(
    ("call", "error", "reason"),
    [
        ("write", errno.ENOSPC, "no space left on device"),
        ("fsync", errno.ENOSPC, "no space left on device"),
        ("write", errno.EDQUOT, "disk quota exceeded"),
        ("write", errno.EFBIG, "file too large"),
    ],
)
def test_a_full_disk_on_the_second_file_leaves_both_old_files_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, error: int, reason: str
) -> None:
    md, js = tmp_path / "brief.md", tmp_path / "brief.json"
    md.write_text("old md")
    js.write_text("old json")
    monkeypatch.setattr(os, call, failing(getattr(os, call), error, on="brief.json"))
    with pytest.raises(OutputError) as raised:
        write_all_atomic([(md, "new md"), (js, "new json")])
    assert str(raised.value) == f"{js}: cannot write ({reason}); {md}, {js} left as they were"
    assert (md.read_text(), js.read_text()) == ("old md", "old json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json", "brief.md"]


def test_a_full_disk_on_a_new_file_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "brief.md"
    monkeypatch.setattr(os, "write", failing(os.write, errno.ENOSPC, on="brief.md"))
    with pytest.raises(
        OutputError, match=r"brief\.md: cannot write \(no space left on device\); .*brief\.md left as it was$"
    ):
        write_atomic(path, "# Briefing\n" * 10_000)
    assert list(tmp_path.iterdir()) == []


def test_a_short_write_is_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.write may write less than it was given (a signal, a nearly full pipe or disk)."""
    write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: write(fd, data[:7]))
    path = tmp_path / "brief.md"
    write_atomic(path, "Über 327 Tote — “at least” 311\n" * 3)
    assert path.read_text(encoding="utf-8") == "Über 327 Tote — “at least” 311\n" * 3


def test_several_files_are_all_written(tmp_path: Path) -> None:
    files = [(tmp_path / "a" / "brief.md", "md"), (tmp_path / "brief.json", "json")]
    write_all_atomic(files)
    assert [path.read_text() for path, _ in files] == ["md", "json"]
