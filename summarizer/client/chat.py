"""One client for every OpenAI-compatible chat endpoint, returning validated pydantic objects.

Structured output goes through ``instructor`` (JSON-schema mode). Servers differ in one setting
only, the shape of ``response_format``:

- ``json_schema``: ``{"type": "json_schema", "json_schema": {...}}``, the OpenAI standard (OpenAI,
  vLLM, Ollama, llama.cpp's C++ server);
- ``json_object``: ``{"type": "json_object", "schema": {...}}`` (llama-cpp-python's server).

``auto`` tries the standard first and, if the server rejects that request (a 500 twice, as
llama-cpp-python's server answers, or a 400 or 422), switches to the other for the rest of the run.
Transport failures (connection errors, timeouts, 5xx, an answer with no choices) are retried with
``tenacity``; output that fails validation is re-asked by ``instructor``; both are bounded. An
answer cut off at ``max_tokens`` is not retried: the same prompt at temperature 0 would be cut off
again. A rate limit (429) pauses every request of the run for as long as the server asks
(``Retry-After``) and is waited out for up to ``RATE_LIMIT_PATIENCE`` seconds per call rather than
failing it. Every failure reaches the caller as one ``ModelCallError``, whose message is the
server's own words (not the client's dump of its error body) with the API key replaced by ``***``.

A ``ChatModel`` is shared by the threads of a run: usage accounting, the response-format probe and
the rate-limit pause are thread-safe, and each HTTP request is reported to ``on_call`` (the call
log) with the label of the call it belongs to.
"""

from __future__ import annotations

import email.utils
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, wait_exponential, wait_random

from summarizer.client.endpoint import DEFAULT_TIMEOUT, Endpoint, ResponseFormat
from summarizer.client.request import MAX_TOKENS, SAMPLING, format_parameters
from summarizer.client.usage import Usage
from summarizer.errors import ModelCallError, validation_message
from summarizer.storage.call_log import CallLabel, CallRecord, endpoint_host

T = TypeVar("T", bound=BaseModel)

# instructor logs every failed attempt itself, at ERROR: lines that repeat what this module reports
# (once per call, in one line) and that Python prints on stderr when nothing configured logging.
# They are turned off (its logger and the ones under it); an application may turn them back on.
logging.getLogger("instructor").setLevel(logging.CRITICAL + 1)

TRANSIENT_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
# Statuses with which a server that does not understand the standard response_format refuses it.
FORMAT_REJECTED_STATUS = frozenset({400, 422, 500})
MAX_RETRY_AFTER = 120.0
# How long one call waits out rate limits (429) before it is given up.
RATE_LIMIT_PATIENCE = 900.0


class _NoChoices(Exception):
    """The server answered 200 with an empty ``choices`` list: a glitch, retried like a 5xx."""


def _root_api_error(exc: BaseException) -> BaseException:
    """The transport/API error behind an instructor wrapper, or ``exc`` itself."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, openai.APIError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return exc


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, _NoChoices):
        return True
    root = _root_api_error(exc)
    if isinstance(root, (openai.APIConnectionError, openai.APITimeoutError)):
        return True
    return isinstance(root, openai.APIStatusError) and root.status_code in TRANSIENT_STATUS


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``Retry-After`` / ``retry-after-ms``), if it said so readably."""
    root = _root_api_error(exc)
    if not isinstance(root, openai.APIStatusError):
        return None
    headers = root.response.headers
    if (seconds := _seconds(headers.get("retry-after-ms"), scale=0.001)) is not None:
        return seconds
    value = headers.get("retry-after")
    if (seconds := _seconds(value)) is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None


def _seconds(value: str | None, scale: float = 1.0) -> float | None:
    try:
        seconds = float(value) * scale if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None


def _is_rate_limited(exc: BaseException) -> bool:
    root = _root_api_error(exc)
    return isinstance(root, openai.APIStatusError) and root.status_code == 429


class _Pause:
    """A moment before which no request is sent: set by a rate limit, shared by every thread."""

    def __init__(self, closed: threading.Event) -> None:
        self._until = 0.0
        self._lock = threading.Lock()
        self._closed = closed

    def extend(self, seconds: float) -> None:
        with self._lock:
            self._until = max(self._until, time.monotonic() + seconds)

    def wait(self) -> None:
        while (delay := self._until - time.monotonic()) > 0 and not self._closed.is_set():
            self._closed.wait(delay)


@dataclass
class _Request:
    """One HTTP request in flight, until it is reported to the call log."""

    started: float
    started_at: float
    latency: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    outcome: str = "ok"
    error: str | None = None


class ChatModel:
    """Structured chat completions from one endpoint, with bounded retries and usage accounting.

    ``server_gone`` says whether the server's process has exited, where the caller runs it (the
    embedded server): a call to a server that is gone fails at once instead of being retried."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_tokens: int = MAX_TOKENS,
        attempts: int = 4,
        reasks: int = 1,
        backoff: float = 1.0,
        rate_limit_patience: float = RATE_LIMIT_PATIENCE,
        on_call: Callable[[CallRecord], None] | None = None,
        server_gone: Callable[[], bool] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.max_tokens = max_tokens
        self.attempts = attempts
        self.reasks = reasks
        self.backoff = backoff
        self.rate_limit_patience = rate_limit_patience
        self.usage = Usage()
        self._on_call = on_call
        self._server_gone = server_gone
        self._host = endpoint_host(endpoint.base_url)
        self._format: ResponseFormat | None = (
            None if endpoint.response_format == "auto" else endpoint.response_format
        )
        self._openai = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key.reveal(),
            timeout=timeout,
            max_retries=0,
        )
        # Before instructor wraps it: a server's error that echoes the key is scrubbed where it is
        # raised, so neither instructor (its logs, its exceptions) nor a caller ever holds the key.
        completions = self._openai.chat.completions
        completions.create = _scrubbing_errors(completions.create, self._scrub)  # type: ignore[method-assign]
        self._client = instructor.from_openai(self._openai, mode=instructor.Mode.JSON_SCHEMA)
        self._client.on("completion:kwargs", self._on_request)
        self._client.on("completion:response", self._on_response)
        self._client.on("completion:error", self._on_error)
        self._client.on("parse:error", self._on_parse_error)
        self._usage_lock = threading.Lock()
        self._probe_lock = threading.Lock()  # while the format is unknown, one request at a time finds it
        self._closed = threading.Event()
        self._pause = _Pause(self._closed)
        self._local = threading.local()  # the current thread's call label and request in flight

    @property
    def response_format(self) -> ResponseFormat | None:
        """The response format in use, or None while ``auto`` has not yet seen a reply."""
        return self._format

    def close(self) -> None:
        """Stop: calls waiting for a retry or a rate limit give up, and the connections close."""
        self._closed.set()
        self._openai.close()

    def structured(
        self, messages: list[dict[str, str]], response_model: type[T], label: CallLabel | None = None
    ) -> T:
        """Ask for one ``response_model`` object; raises ``ModelCallError`` when that cannot be had.

        ``label`` says what the call is for, in the call log."""
        self._local.label = label
        if self._format is None:
            with self._probe_lock:
                if self._format is None:
                    return self._probe_format(messages, response_model)
        return self._with_transport_retries(messages, response_model, self._format)

    def _probe_format(self, messages: list[dict[str, str]], response_model: type[T]) -> T:
        for attempt in range(2):
            try:
                result = self._with_transport_retries(messages, response_model, "json_schema")
            except ModelCallError as err:
                root = _root_api_error(err.__cause__) if err.__cause__ else err
                if not (
                    isinstance(root, openai.APIStatusError) and root.status_code in FORMAT_REJECTED_STATUS
                ):
                    raise
                if root.status_code == 500 and attempt == 0:
                    continue  # a refusal is said again; a server's passing glitch is not
                break
            self._format = "json_schema"
            return result
        result = self._with_transport_retries(messages, response_model, "json_object")
        self._format = "json_object"
        return result

    def _with_transport_retries(
        self, messages: list[dict[str, str]], response_model: type[T], fmt: ResponseFormat
    ) -> T:
        probing = self._format is None
        failures = 0  # failed attempts other than rate limits

        def retryable(exc: BaseException) -> bool:
            if self._closed.is_set() or not _is_transient(exc):
                return False
            if self._server_gone is not None and self._server_gone():
                return False  # nothing there to answer a retry
            root = _root_api_error(exc)
            # While probing the format, a 500 may be the server refusing it: do not hammer it.
            return not (probing and isinstance(root, openai.APIStatusError) and root.status_code == 500)

        def stop(state: RetryCallState) -> bool:
            nonlocal failures
            exc = state.outcome.exception() if state.outcome else None
            if exc is not None and _is_rate_limited(exc):
                return (state.seconds_since_start or 0.0) >= self.rate_limit_patience
            failures += 1
            return failures >= self.attempts

        # Doubling from ``backoff`` up to 30 times it, plus up to ``backoff`` at random.
        back_off = wait_exponential(multiplier=self.backoff, max=30 * self.backoff) + wait_random(
            0, self.backoff
        )

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            asked = _retry_after(exc) if exc else None
            seconds = min(asked, MAX_RETRY_AFTER) if asked is not None else back_off(state)
            if exc is not None and _is_rate_limited(exc):
                self._pause.extend(seconds)  # every other request of the run waits too
            return seconds

        def sleep(seconds: float) -> None:
            self._closed.wait(seconds)  # cut short when the run is stopped

        retrying = Retrying(
            stop=stop,
            retry=retry_if_exception(retryable),
            wait=wait,
            sleep=sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(messages, response_model, fmt)
        except IncompleteOutputException as exc:
            raise ModelCallError(
                f"the model's answer was cut off at {self.max_tokens} tokens (finish_reason=length)"
            ) from exc
        except (InstructorError, openai.APIError, _NoChoices) as exc:
            raise ModelCallError(self._describe(exc)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _once(self, messages: list[dict[str, str]], response_model: type[T], fmt: ResponseFormat) -> T:
        self._pause.wait()
        if self._closed.is_set():
            raise ModelCallError("the run was stopped before this call was made")
        self._local.no_choices = False
        try:
            return self._client.chat.completions.create(
                model=self.endpoint.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=response_model,
                max_retries=self.reasks,
                max_tokens=self.max_tokens,
                **SAMPLING,
                **format_parameters(response_model, fmt),
            )
        except BaseException as exc:
            self._report(failure=exc)
            if self._local.no_choices:  # instructor fails on it with an IndexError: make it a glitch
                raise _NoChoices from exc
            raise
        finally:
            self._report()

    def _describe(self, exc: BaseException) -> str:
        root = _root_api_error(exc)
        host = urlsplit(self.endpoint.base_url).netloc or self.endpoint.base_url
        if isinstance(root, openai.APITimeoutError):
            message = f"{host} did not answer within {self.timeout:g} s"
        elif isinstance(root, openai.APIConnectionError):
            message = f"could not reach {host} ({type(root.__cause__ or root).__name__})"
        elif isinstance(root, openai.APIStatusError):
            # Scrubbed before it is cut to a line: a key cut in two would escape the scrubbing.
            said = _first_line(self._scrub(_server_message(root)))
            message = f"{host} answered HTTP {root.status_code}" + (f": {said}" if said else "")
        elif isinstance(exc, _NoChoices):
            message = f"{host} answered with an empty list of choices"
        elif isinstance(exc, InstructorError):
            attempts = getattr(exc, "n_attempts", None) or self.reasks + 1
            message = f"the model's output was not valid after {attempts} attempts: {_invalid_output(exc)}"
        else:
            message = _first_line(self._scrub(str(root))) or type(root).__name__
        return self._scrub(message)

    def _scrub(self, message: str) -> str:
        key = self.endpoint.api_key.reveal()
        return message.replace(key, "***") if key and len(key) >= 4 else message

    # Instructor's hooks, called in the thread that makes the request.

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self._report()  # a re-ask follows an answer already reported
        self._local.request = _Request(started=time.monotonic(), started_at=time.time())

    def _on_response(self, response: Any) -> None:
        request = self._request()
        request.latency = time.monotonic() - request.started
        usage = getattr(response, "usage", None)
        request.prompt_tokens = (usage.prompt_tokens or 0) if usage is not None else None
        request.completion_tokens = (usage.completion_tokens or 0) if usage is not None else None
        choices = getattr(response, "choices", None) or []
        if not choices:
            self._local.no_choices = True
            request.outcome = "no choices"
            request.error = self._describe(_NoChoices())
        elif getattr(choices[0], "finish_reason", None) == "length":
            request.outcome = "cut off"
        with self._usage_lock:
            self.usage.calls += 1
            self.usage.seconds += request.latency
            self.usage.prompt_tokens += request.prompt_tokens or 0
            self.usage.completion_tokens += request.completion_tokens or 0

    def _on_parse_error(self, error: Exception, **kwargs: Any) -> None:
        self._report(failure=error)

    def _on_error(self, error: Exception, **kwargs: Any) -> None:
        request = self._request()
        request.latency = time.monotonic() - request.started
        with self._usage_lock:
            self.usage.calls += 1
            self.usage.failed_calls += 1
            self.usage.seconds += request.latency
        self._report(failure=error)

    def _request(self) -> _Request:
        request: _Request | None = getattr(self._local, "request", None)
        if request is None:  # a hook without its request: account for it all the same
            request = self._local.request = _Request(started=time.monotonic(), started_at=time.time())
        return request

    def _report(self, failure: BaseException | None = None) -> None:
        """Send the current thread's request to the call log, once; ``failure`` is why it failed."""
        request: _Request | None = getattr(self._local, "request", None)
        if request is None:
            return
        self._local.request = None
        if failure is not None and request.outcome == "ok":
            request.outcome = _outcome(failure)
            request.error = self._describe(failure)
        if self._on_call is None:
            return
        self._on_call(
            CallRecord(
                started_at=request.started_at,
                model=self.endpoint.model,
                endpoint_host=self._host,
                label=getattr(self._local, "label", None),
                prompt_tokens=request.prompt_tokens,
                completion_tokens=request.completion_tokens,
                latency=request.latency
                if request.latency is not None
                else time.monotonic() - request.started,
                outcome=request.outcome,
                error=request.error,
            )
        )


def _outcome(failure: BaseException) -> str:
    """A request's outcome in a word or two: timeout, connection error, HTTP 503, invalid output…"""
    if isinstance(failure, IncompleteOutputException):
        return "cut off"
    root = _root_api_error(failure)
    if isinstance(root, openai.APITimeoutError):
        return "timeout"
    if isinstance(root, openai.APIConnectionError):
        return "connection error"
    if isinstance(root, openai.APIStatusError):
        return f"HTTP {root.status_code}"
    if isinstance(failure, ModelCallError):
        return "cancelled"
    return "invalid output"


def _invalid_output(exc: InstructorError) -> str:
    """What was wrong with the last answer instructor gave up on, in one line."""
    attempts = exc.failed_attempts or []
    last = attempts[-1].exception if attempts else exc
    if isinstance(last, ValidationError):
        return validation_message(last, count_more=True)
    return _first_line(str(last))


def _scrubbing_errors(create: Callable[..., Any], scrub: Callable[[str], str]) -> Callable[..., Any]:
    """``create``, raising its HTTP status errors with ``scrub`` applied to their message and body."""

    def scrubbed(*args: Any, **kwargs: Any) -> Any:
        try:
            return create(*args, **kwargs)
        except openai.APIStatusError as error:
            message, body = scrub(error.message), _scrub_strings(error.body, scrub)
            if message == error.message and body == error.body:
                raise
            replacement = type(error)(message, response=error.response, body=body)
        raise replacement  # outside the except clause: the original is not kept as its context

    return scrubbed


def _scrub_strings(value: object, scrub: Callable[[str], str]) -> object:
    """``value`` (a decoded JSON body) with ``scrub`` applied to every string in it."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_strings(item, scrub) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_strings(item, scrub) for item in value]
    return value


def _server_message(error: openai.APIStatusError) -> str:
    """What the server said in its error body (OpenAI's ``error.message``, or a plain ``message`` or
    ``detail``), rather than the client's ``Error code: 503 - {...}`` dump of the whole body."""
    body = error.body
    if isinstance(body, dict):
        nested = body.get("error")
        inner = nested if isinstance(nested, dict) else body
        for field in ("message", "detail"):
            message = inner.get(field)
            if isinstance(message, str) and message.strip():
                return message
    if isinstance(body, str) and body.strip():
        return body
    return error.message


def _first_line(text: str, limit: int = 200) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
