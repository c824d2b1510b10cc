"""Output files are written whole, with the permissions a new file normally gets."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.storage.atomic_file import write_atomic


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
