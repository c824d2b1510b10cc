"""A loopback OpenAI-compatible chat server for tests and benchmarks: real HTTP, fixed latency, faults.

``StubServer(responder)`` listens on 127.0.0.1 (a free port unless told otherwise) and answers
``POST /v1/chat/completions`` with the assistant content its responder returns for the request
body, after ``latency`` seconds (and ``GET /v1/models`` and llama.cpp's ``GET /health``). Requests are handled concurrently (one thread per connection,
HTTP/1.1 keep-alive), so N calls at client concurrency C take about N * latency / C: the stub
stands for a model server with unlimited parallelism and a fixed time per call. A fault plan can
replace any answer with an HTTP error, a dropped connection, a slow answer or a malformed one::

    with StubServer(answer, latency=0.05, faults=every_nth(3, Fault(status=503))) as server:
        model = ChatModel(server.endpoint(), backoff=0.01)
        ...
        assert server.max_in_flight <= 4

Token counts in ``usage`` are an estimate, about 4 characters per token (of the messages' content
for the prompt, of the answer for the completion), and deterministic. Requests are kept in memory
only (``requests``), headers included; nothing is written to disk or logged.

``python -m summarizer.testing.stub_server --latency 0.2 --port 8080`` serves one until Ctrl-C.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from summarizer.client.endpoint import Endpoint, Secret

CHAT_PATH = "/v1/chat/completions"
MODELS_PATH = "/v1/models"
HEALTH_PATH = "/health"  # llama.cpp's server answers 200 here once its model is loaded
CHARS_PER_TOKEN = 4
# How long stop() waits for connection threads to finish once their sockets are shut down.
STOP_GRACE = 2.0

# OpenAI's error ``type`` for the statuses a client treats specially; other 4xx are invalid requests.
ERROR_TYPES = {
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
}


@dataclass(frozen=True)
class Fault:
    """What the server does to one request instead of answering it normally.

    A fault does one thing (an HTTP error status, a reset, empty choices, or a changed answer),
    optionally after an extra ``delay``; ``Fault(delay=5)`` alone is a slow but normal answer.
    """

    status: int | None = None
    """Answer with this HTTP status and an OpenAI-style error body."""
    retry_after: str | None = None
    """A ``Retry-After`` header value sent with ``status`` (seconds, or an HTTP date)."""
    message: str | None = None
    """The error message sent with ``status`` (default: ``injected fault: HTTP <status>``); servers
    put what they like there, e.g. the rejected API key."""
    reset: bool = False
    """Read the request, then reset the connection without any response."""
    delay: float = 0.0
    """Extra seconds before answering (longer than the client's timeout: the client times out)."""
    content: str | None = None
    """Answer 200 with this assistant content instead of the responder's."""
    empty_choices: bool = False
    """Answer 200 with ``"choices": []``."""
    finish_reason: str | None = None
    """Answer 200 with this finish_reason; with ``"length"`` the content is cut off at half."""

    def __post_init__(self) -> None:
        outcomes = (
            self.status is not None,
            self.reset,
            self.empty_choices,
            self.content is not None or self.finish_reason is not None,
        )
        if sum(outcomes) > 1:
            raise ValueError(
                "a fault does one thing: an error status, a reset, empty choices or another answer"
            )
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"a fault's status is an HTTP error status (400-599), not {self.status}")
        if (self.retry_after is not None or self.message is not None) and self.status is None:
            raise ValueError("retry_after and message are sent with an error status")
        if self.delay < 0:
            raise ValueError("delay cannot be negative")


Responder = Callable[[dict[str, Any]], str]
"""The JSON body of a chat completion request → the assistant message content (normally JSON)."""

FaultPlan = Callable[[int, dict[str, Any]], Fault | None]
"""Request number (1-based, in order of arrival across all connections) and body → a fault or None."""


def scripted(faults: dict[int, Fault]) -> FaultPlan:
    """Faults for the given request numbers; every other request is answered normally."""
    plan = dict(faults)
    return lambda number, body: plan.get(number)


def every_nth(n: int, fault: Fault) -> FaultPlan:
    """``fault`` for requests n, 2n, 3n, …"""
    if n < 1:
        raise ValueError("n must be at least 1")
    return lambda number, body: fault if number % n == 0 else None


def random_faults(share: float, faults: Sequence[Fault], seed: int) -> FaultPlan:
    """One of ``faults`` for about ``share`` of the requests, chosen by seed and request number only.

    The same seed gives the same faults on the same request numbers in every run, whatever the
    bodies and however requests interleave.
    """
    if not 0.0 <= share <= 1.0:
        raise ValueError("share must be between 0 and 1")
    if not faults:
        raise ValueError("give at least one fault")
    choices = tuple(faults)

    def plan(number: int, body: dict[str, Any]) -> Fault | None:
        draw = random.Random(f"{seed}:{number}")
        return draw.choice(choices) if draw.random() < share else None

    return plan


@dataclass(frozen=True)
class ReceivedRequest:
    """One chat completion request as it arrived."""

    number: int
    body: dict[str, Any]
    headers: dict[str, str] = field(repr=False)
    """Header names in lower case. Kept out of the repr: they may carry an API key."""


@dataclass(frozen=True)
class _Reply:
    status: int
    payload: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class _Drop(Exception):
    """Raised to close the connection without answering: a reset fault, or the server stopping."""


class StubServer:
    """An OpenAI-compatible chat server on 127.0.0.1, in a background thread; a context manager.

    Every chat request is answered after ``latency`` seconds (plus its fault's ``delay``), faulty or
    not. ``reject_json_schema`` answers HTTP 500 to a ``response_format`` of type ``json_schema`` and
    accepts ``json_object``, like llama-cpp-python's server.
    """

    def __init__(
        self,
        responder: Responder,
        *,
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        model: str = "stub-model",
        reject_json_schema: bool = False,
        port: int = 0,
    ) -> None:
        if latency < 0:
            raise ValueError("latency cannot be negative")
        self.responder = responder
        self.latency = latency
        self.faults = faults
        self.model = model
        self.reject_json_schema = reject_json_schema
        self._port = port
        self._lock = threading.Lock()
        self._requests: list[ReceivedRequest] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self._stopping = threading.Event()
        self._http: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        if self._http is not None:
            raise RuntimeError("the server was already started")
        self._http = _HTTPServer(self, self._port)
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, name="stub-server", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop at once: sleeping requests are dropped unanswered, open connections are closed."""
        if self._http is None or self._stopping.is_set():
            return
        self._stopping.set()
        self._http.shutdown()
        self._http.close_connections(STOP_GRACE)
        self._http.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> StubServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- what a test looks at ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/v1``."""
        if self._http is None:
            raise RuntimeError("start the server first")
        host, port = self._http.server_address[:2]
        assert isinstance(host, str)  # typed as str or bytes; a bound AF_INET socket gives str
        return f"http://{host}:{port}/v1"

    def endpoint(self, api_key: str = "not-needed", **kwargs: Any) -> Endpoint:
        """An ``Endpoint`` for this server and its model; ``kwargs`` are Endpoint's other fields."""
        return Endpoint(base_url=self.base_url, model=self.model, api_key=Secret(api_key), **kwargs)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """The chat completion requests received so far, in order of arrival (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def calls(self) -> int:
        """How many chat completion requests were received."""
        with self._lock:
            return len(self._requests)

    @property
    def max_in_flight(self) -> int:
        """The most chat completion requests that were being handled at the same time."""
        with self._lock:
            return self._max_in_flight

    # --- answering -----------------------------------------------------------------------------

    @contextmanager
    def _handling(self, body: dict[str, Any], headers: dict[str, str]) -> Iterator[int]:
        """Record one chat request and count it as in flight while it is handled; yields its number."""
        with self._lock:
            number = len(self._requests) + 1
            self._requests.append(ReceivedRequest(number, body, headers))
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            yield number
        finally:
            with self._lock:
                self._in_flight -= 1

    def _reply(self, number: int, body: dict[str, Any]) -> _Reply:
        """The answer to chat request ``number``; raises ``_Drop`` to answer nothing."""
        fault = self.faults(number, body) if self.faults is not None else None
        if self._stopping.wait(self.latency + (fault.delay if fault else 0.0)):
            raise _Drop
        if fault is None:
            return self._normal_reply(number, body)
        if fault.reset:
            raise _Drop
        if fault.status is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            message = fault.message if fault.message is not None else f"injected fault: HTTP {fault.status}"
            return _error(fault.status, "injected_fault", message, headers)
        if fault.empty_choices:
            return _Reply(200, self._completion(number, body, None, "stop"))
        if fault.content is None and fault.finish_reason is None:
            return self._normal_reply(number, body)
        content = fault.content if fault.content is not None else self.responder(body)
        finish_reason = fault.finish_reason or "stop"
        if finish_reason == "length":
            content = content[: len(content) // 2]
        return _Reply(200, self._completion(number, body, content, finish_reason))

    def _normal_reply(self, number: int, body: dict[str, Any]) -> _Reply:
        response_format = body.get("response_format")
        if (
            self.reject_json_schema
            and isinstance(response_format, dict)
            and response_format.get("type") == "json_schema"
        ):
            return _error(
                500,
                "unsupported_response_format",
                "response_format type 'json_schema' is not supported; use 'json_object'",
            )
        return _Reply(200, self._completion(number, body, self.responder(body), "stop"))

    def _completion(
        self, number: int, body: dict[str, Any], content: str | None, finish_reason: str
    ) -> dict[str, Any]:
        """A chat.completion object with one choice holding ``content``, or none when it is None."""
        messages = body.get("messages")
        listed = messages if isinstance(messages, list) else []
        prompt_tokens = _estimate_tokens(
            "".join(_text(message.get("content")) for message in listed if isinstance(message, dict))
        )
        completion_tokens = _estimate_tokens(content or "")
        choices = (
            []
            if content is None
            else [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ]
        )
        return {
            "id": f"chatcmpl-stub-{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": choices,
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


def _text(content: object) -> str:
    """A message's content as text: a string as is, a list of parts as JSON, nothing as nothing."""
    if content is None:
        return ""
    return content if isinstance(content, str) else json.dumps(content)


def _estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> _Reply:
    """An OpenAI-style error answer; ``code`` says why (``injected_fault``, ``responder_error``, …)."""
    error_type = ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    payload = {"error": {"message": message, "type": error_type, "code": code}}
    return _Reply(status, payload, headers or {})


class _HTTPServer(ThreadingHTTPServer):
    """Threads per connection, with the connections kept track of so that stop() can close them."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 256

    def __init__(self, stub: StubServer, port: int) -> None:
        self.stub = stub
        self._open: dict[socket.socket, threading.Thread] = {}
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # Registered here, in the serving thread, so that no connection escapes close_connections().
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="stub-server-connection",
            daemon=self.daemon_threads,
        )
        with self._open_lock:
            self._open[request] = thread
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    def close_connections(self, grace: float) -> None:
        """Shut down every open connection and wait up to ``grace`` seconds for their threads."""
        with self._open_lock:
            open_now = dict(self._open)
        for connection in open_now:
            with suppress(OSError):  # already closed by its client
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + grace
        for thread in open_now.values():
            thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client that went away (timed out, or the server is stopping)
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries its Content-Length
    disable_nagle_algorithm = True
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: requests are recorded in memory only."""

    def do_GET(self) -> None:
        if self._path() == MODELS_PATH:
            model = {"id": self.server.stub.model, "object": "model", "created": 0, "owned_by": "stub"}
            self._send(_Reply(200, {"object": "list", "data": [model]}))
        elif self._path() == HEALTH_PATH:
            self._send(_Reply(200, {"status": "ok"}))
        else:
            self._send(_error(404, "unknown_route", f"no route for GET {self._path()}"))

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self._path() != CHAT_PATH:
            self._send(_error(404, "unknown_route", f"no route for POST {self._path()}"))
            return
        try:
            body = json.loads(raw)
        except ValueError as exc:
            self._send(_error(400, "invalid_json", f"the request body is not JSON: {exc}"))
            return
        if not isinstance(body, dict):
            self._send(_error(400, "invalid_json", "the request body is not a JSON object"))
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        stub = self.server.stub
        with stub._handling(body, headers) as number:
            try:
                reply = stub._reply(number, body)
            except _Drop:
                self._reset()
                return
            except Exception as exc:  # a failing responder or fault plan must not take the server down
                reply = _error(500, "responder_error", f"{type(exc).__name__}: {exc}")
            self._send(reply)

    def _path(self) -> str:
        return urlsplit(self.path).path.rstrip("/")

    def _send(self, reply: _Reply) -> None:
        data = json.dumps(reply.payload).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _reset(self) -> None:
        """Close the connection with a TCP reset (SO_LINGER 0), sending nothing."""
        self.close_connection = True
        with suppress(OSError):  # already shut down by stop()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


def empty_object(body: dict[str, Any]) -> str:
    """The trivial responder: an empty JSON object, whatever was asked."""
    return "{}"


def _load_responder(spec: str) -> Responder:
    module_name, _, attribute = spec.partition(":")
    if not attribute:
        raise argparse.ArgumentTypeError(f"expected MODULE:NAME, got {spec!r}")
    try:
        responder: Responder = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise argparse.ArgumentTypeError(f"cannot load {spec!r}: {exc}") from exc
    return responder


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.testing.stub_server", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per call (default 0)")
    parser.add_argument("--model", default="stub-model")
    parser.add_argument(
        "--responder",
        type=_load_responder,
        default=empty_object,
        help="MODULE:NAME of a function from the request body to the answer's content (default: '{}')",
    )
    parser.add_argument("--reject-json-schema", action="store_true", help="refuse json_schema with HTTP 500")
    args = parser.parse_args(argv)
    server = StubServer(
        args.responder,
        latency=args.latency,
        model=args.model,
        reject_json_schema=args.reject_json_schema,
        port=args.port,
    )
    with server:
        print(f"serving {args.model} at {server.base_url} (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
