"""One client for every OpenAI-compatible chat endpoint, returning validated pydantic objects.

Structured output goes through ``instructor`` (JSON-schema mode). Servers differ in one setting
only, the shape of ``response_format``:

- ``json_schema``: ``{"type": "json_schema", "json_schema": {...}}``, the OpenAI standard (OpenAI,
  vLLM, Ollama, llama.cpp's C++ server);
- ``json_object``: ``{"type": "json_object", "schema": {...}}`` (llama-cpp-python's server).

``auto`` tries the standard first and, if the server rejects that request, switches to the other
for the rest of the run. Transport failures (connection errors, timeouts, 429 honouring
Retry-After, 5xx) are retried with ``tenacity``; output that fails validation is re-asked by
``instructor``; both are bounded. Every failure reaches the caller as one ``ModelCallError``.
"""

from __future__ import annotations

import email.utils
import math
import time
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from summarizer.config import Endpoint, ResponseFormat

T = TypeVar("T", bound=BaseModel)

TRANSIENT_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
# Statuses with which a server that does not understand the standard response_format refuses it.
FORMAT_REJECTED_STATUS = frozenset({400, 422, 500})
MAX_RETRY_AFTER = 120.0


class ModelCallError(Exception):
    """A model call that failed for good; the message is one line and carries no secret."""


@dataclass
class Usage:
    """What the model calls of a run cost; each HTTP request to the model counts as one call."""

    calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.failed_calls += other.failed_calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.seconds += other.seconds


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


class ChatModel:
    """Structured chat completions from one endpoint, with bounded retries and usage accounting."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        max_tokens: int = 1024,
        attempts: int = 4,
        reasks: int = 1,
        backoff: float = 1.0,
    ) -> None:
        self.endpoint = endpoint
        self.max_tokens = max_tokens
        self.attempts = attempts
        self.reasks = reasks
        self.backoff = backoff
        self.usage = Usage()
        self._format: ResponseFormat | None = (
            None if endpoint.response_format == "auto" else endpoint.response_format
        )
        self._openai = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key.reveal(),
            timeout=endpoint.timeout,
            max_retries=0,
        )
        self._client = instructor.from_openai(self._openai, mode=instructor.Mode.JSON_SCHEMA)
        self._client.on("completion:kwargs", self._on_request)
        self._client.on("completion:response", self._on_response)
        self._client.on("completion:error", self._on_error)
        self._started = 0.0

    @property
    def response_format(self) -> ResponseFormat | None:
        """The response format in use, or None while ``auto`` has not yet seen a reply."""
        return self._format

    def close(self) -> None:
        self._openai.close()

    def structured(self, messages: list[dict[str, str]], response_model: type[T]) -> T:
        """Ask for one ``response_model`` object; raises ``ModelCallError`` when that cannot be had."""
        if self._format is not None:
            return self._with_transport_retries(messages, response_model, self._format)
        try:
            result = self._with_transport_retries(messages, response_model, "json_schema")
        except ModelCallError as err:
            root = _root_api_error(err.__cause__) if err.__cause__ else err
            if not (isinstance(root, openai.APIStatusError) and root.status_code in FORMAT_REJECTED_STATUS):
                raise
            result = self._with_transport_retries(messages, response_model, "json_object")
            self._format = "json_object"
            return result
        self._format = "json_schema"
        return result

    def _with_transport_retries(
        self, messages: list[dict[str, str]], response_model: type[T], fmt: ResponseFormat
    ) -> T:
        probing = self._format is None

        def retryable(exc: BaseException) -> bool:
            if not _is_transient(exc):
                return False
            root = _root_api_error(exc)
            # While probing the format, a 500 may be the server refusing it: do not hammer it.
            return not (probing and isinstance(root, openai.APIStatusError) and root.status_code == 500)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            asked = _retry_after(exc) if exc else None
            if asked is not None:
                return min(asked, MAX_RETRY_AFTER)
            return wait_exponential_jitter(initial=self.backoff, max=30 * self.backoff)(state)

        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            retry=retry_if_exception(retryable),
            wait=wait,
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
        except (InstructorError, openai.APIError) as exc:
            raise ModelCallError(self._describe(exc)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _once(self, messages: list[dict[str, str]], response_model: type[T], fmt: ResponseFormat) -> T:
        extra: dict[str, Any] = {}
        if fmt == "json_object":
            schema = response_model.model_json_schema()
            extra["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
        return self._client.chat.completions.create(
            model=self.endpoint.model,
            messages=messages,  # type: ignore[arg-type]
            response_model=response_model,
            max_retries=self.reasks,
            max_tokens=self.max_tokens,
            temperature=0,
            seed=0,
            **extra,
        )

    def _describe(self, exc: BaseException) -> str:
        root = _root_api_error(exc)
        host = urlsplit(self.endpoint.base_url).netloc or self.endpoint.base_url
        if isinstance(root, openai.APITimeoutError):
            message = f"{host} did not answer within {self.endpoint.timeout:g} s"
        elif isinstance(root, openai.APIConnectionError):
            message = f"could not reach {host} ({type(root.__cause__ or root).__name__})"
        elif isinstance(root, openai.APIStatusError):
            message = f"{host} answered HTTP {root.status_code}: {_first_line(root.message)}"
        elif isinstance(exc, InstructorError):
            message = (
                f"the model's output was not valid after {self.reasks + 1} attempts: {_first_line(str(exc))}"
            )
        else:
            message = _first_line(str(root)) or type(root).__name__
        return self._scrub(message)

    def _scrub(self, message: str) -> str:
        key = self.endpoint.api_key.reveal()
        return message.replace(key, "***") if key and len(key) >= 4 else message

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self._started = time.monotonic()

    def _on_response(self, response: Any) -> None:
        self.usage.calls += 1
        self.usage.seconds += time.monotonic() - self._started
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.prompt_tokens += usage.prompt_tokens or 0
            self.usage.completion_tokens += usage.completion_tokens or 0

    def _on_error(self, error: Exception, **kwargs: Any) -> None:
        self.usage.calls += 1
        self.usage.failed_calls += 1
        self.usage.seconds += time.monotonic() - self._started


def _first_line(text: str, limit: int = 200) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
