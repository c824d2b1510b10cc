"""Writing output files: whole or not at all, with the permissions any other new file would get.

Each file is written to a temporary file next to it, flushed to disk, and renamed over the old
one. When several files make one output (a briefing as .md and .json), every one is written before
any is renamed, so a full disk (or a quota, or a file size limit) met on the last leaves them all
as they were: never a new .md beside an old .json. The renames themselves need no space.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from summarizer.errors import OutputError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that ``path`` is always either the old file or the complete new one.

    The file keeps the mode of the one it replaces; a new one gets 0o666 less the umask, as
    ``open`` would give it (the temporary file it is written to is private until then). Raises
    ``OutputError`` when it cannot be written; ``path`` is then as it was.
    """
    write_all_atomic([(path, text)])


def write_all_atomic(files: Sequence[tuple[Path, str]]) -> None:
    """Write each ``(path, text)`` of ``files`` as ``write_atomic`` does, all or none of them.

    Raises ``OutputError`` naming the file that could not be written, why, and the files left as
    they were (all of them, unless a rename failed for another reason than space: a target that
    is a folder, say); no temporary file is left.
    """
    paths = [path for path, _ in files]
    written: list[tuple[str, Path]] = []  # (temporary file, its target)
    try:
        for path, text in files:
            try:
                written.append((_write_temporary(path, text), path))
            except OSError as error:
                raise _output_error(path, error, paths) from error
        for done, (tmp_name, path) in enumerate(written):
            try:
                os.replace(tmp_name, path)
            except OSError as error:
                raise _output_error(path, error, paths[done:]) from error
    finally:
        for tmp_name, _ in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)


def _write_temporary(path: Path, text: str) -> str:
    """``text`` written and flushed to disk in a new temporary file beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)  # a full disk may only say so here, when the data is allocated
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        os.unlink(tmp_name)
        raise
    os.close(fd)
    return tmp_name


def _output_error(path: Path, error: OSError, kept: Sequence[Path]) -> OutputError:
    """E.g. 'a.json: cannot write (no space left on device); a.md, a.json left as they were'."""
    reason = (error.strerror or str(error)).lower()
    were = "they were" if len(kept) > 1 else "it was"
    return OutputError(f"{path}: cannot write ({reason}); {', '.join(map(str, kept))} left as {were}")


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
        os.umask(umask)
        return 0o666 & ~umask
