"""A stand-in for llama.cpp's ``llama-server``: the stub model server, answering with the embedded
model's recorded answers for the seeds, that dies when told to.

It takes llama-server's command line (only ``--port`` matters; the rest is ignored) and serves
the stub on that port, ``/health`` included, until it is stopped. Each start appends a line to
the ``--starts`` file; ``--die-at 3,1`` kills the first start with SIGKILL when its third chat
request arrives and the second start on its first, as the kernel's out-of-memory killer would
(0: the start fails, exit code 1, before it serves anything).

``fake_llama_server(folder, die_at)`` writes an executable that runs it, for
``SUMMARIZER_LLAMA_SERVER``, and returns it with the starts file.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import Fault, StubServer
from support.paths import CASSETTES, REPO


def fake_llama_server(folder: Path, die_at: Sequence[int] = ()) -> tuple[Path, Path]:
    """An executable ``llama-server`` in ``folder`` and the file its starts are counted in."""
    program, starts = folder / "llama-server", folder / "starts"
    dies = ["--die-at", ",".join(map(str, die_at))] if die_at else []
    program.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH='{REPO / 'tests'}' exec '{sys.executable}' -m support.fake_llama_server "
        f"--starts '{starts}' {' '.join(dies)} \"$@\"\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program, starts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="llama-server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--starts", type=Path, required=True)
    parser.add_argument("--die-at", default="")
    args, _ = parser.parse_known_args(argv)  # llama-server's other options: the model, threads…
    with args.starts.open("a", encoding="utf-8") as starts:
        starts.write(f"{os.getpid()}\n")
    start = len(args.starts.read_text(encoding="utf-8").splitlines())
    die_at = [int(n) for n in args.die_at.split(",") if n]
    dies_on = die_at[start - 1] if start <= len(die_at) else None
    if dies_on == 0:
        sys.exit("cannot load the model")

    def die(number: int, body: dict[str, Any]) -> Fault | None:
        if number == dies_on:
            os.kill(os.getpid(), signal.SIGKILL)
        return None

    with StubServer(RecordedResponder(CASSETTES / "seeds.yaml"), faults=die, port=args.port):
        threading.Event().wait()  # until the run stops it (SIGTERM) or it dies


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    main()
