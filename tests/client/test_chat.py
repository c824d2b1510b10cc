"""Retry decisions and secret hygiene of the model client (summarizer/llm.py, summarizer/config.py).

Pure-function tests over real ``openai`` exception objects; nothing is sent anywhere.
"""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx2 as httpx  # the HTTP library openai 3 is built on
import openai
import pytest
from instructor.core.exceptions import InstructorError

from summarizer.client.chat import ChatModel, _is_transient, _retry_after
from summarizer.client.endpoint import Endpoint, Secret

REQUEST = httpx.Request("POST", "http://x/v1/chat/completions")
KEY = "sk-canary-123456"

STATUS_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    404: openai.NotFoundError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
    500: openai.InternalServerError,
    502: openai.InternalServerError,
    503: openai.InternalServerError,
    504: openai.InternalServerError,
}


def status_error(
    status: int, headers: dict[str, str] | None = None, message: str = "error"
) -> openai.APIStatusError:
    response = httpx.Response(status, headers=headers or {}, request=REQUEST)
    error_class = STATUS_ERRORS.get(status, openai.APIStatusError)
    return error_class(message, response=response, body=None)


def wrapped(inner: BaseException, *, explicit: bool) -> InstructorError:
    """``inner`` as the ``__cause__`` (``raise ... from``) or only the ``__context__`` of an instructor error."""
    try:
        try:
            raise inner
        except BaseException as exc:
            if explicit:
                raise InstructorError("validation failed after retries") from exc
            raise InstructorError("validation failed after retries")  # noqa: B904
    except InstructorError as outer:
        return outer
    raise AssertionError("unreachable")


# --- Retry-After ---------------------------------------------------------------------------------


def test_retry_after_seconds() -> None:
    assert _retry_after(status_error(429, {"Retry-After": "7"})) == 7.0
    assert _retry_after(status_error(503, {"retry-after": "0.5"})) == 0.5


def test_retry_after_http_date() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    waited = _retry_after(status_error(429, {"Retry-After": email.utils.format_datetime(when, usegmt=True)}))
    assert waited is not None
    assert 25.0 <= waited <= 30.0


def test_retry_after_http_date_in_the_past_is_zero() -> None:
    assert _retry_after(status_error(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0


def test_retry_after_ms_wins_over_retry_after() -> None:
    assert _retry_after(status_error(429, {"retry-after-ms": "1500"})) == 1.5
    assert _retry_after(status_error(429, {"retry-after-ms": "250", "retry-after": "9"})) == 0.25


def test_unreadable_retry_after_ms_falls_back_to_retry_after() -> None:
    assert _retry_after(status_error(429, {"retry-after-ms": "soon", "retry-after": "2"})) == 2.0


def test_no_retry_after() -> None:
    assert _retry_after(status_error(429)) is None
    assert _retry_after(status_error(503, {"x-request-id": "abc"})) is None
    assert _retry_after(openai.APIConnectionError(request=REQUEST)) is None
    assert _retry_after(ValueError("not an API error")) is None


def test_retry_after_is_found_behind_a_wrapper() -> None:
    assert _retry_after(wrapped(status_error(429, {"Retry-After": "3"}), explicit=True)) == 3.0
    assert _retry_after(wrapped(status_error(429, {"Retry-After": "3"}), explicit=False)) == 3.0


def test_unreadable_retry_after_is_ignored() -> None:
    assert _retry_after(status_error(429, {"Retry-After": "soon"})) is None


@pytest.mark.parametrize("value", ["-5", "nan"])
def test_retry_after_is_never_negative_or_nan(value: str) -> None:
    waited = _retry_after(status_error(429, {"Retry-After": value}))
    assert waited is None or waited >= 0


# --- transient or not ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses(status: int) -> None:
    assert _is_transient(status_error(status))


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_permanent_statuses(status: int) -> None:
    assert not _is_transient(status_error(status))


def test_connection_errors_and_timeouts_are_transient() -> None:
    assert _is_transient(openai.APIConnectionError(request=REQUEST))
    assert _is_transient(openai.APITimeoutError(request=REQUEST))


def test_other_errors_are_not_transient() -> None:
    assert not _is_transient(ValueError("bad json"))
    assert not _is_transient(InstructorError("validation failed"))


@pytest.mark.parametrize("explicit", [True, False], ids=["cause", "context"])
def test_wrapped_errors_are_found(explicit: bool) -> None:
    assert _is_transient(wrapped(status_error(503), explicit=explicit))
    assert _is_transient(wrapped(openai.APITimeoutError(request=REQUEST), explicit=explicit))
    assert not _is_transient(wrapped(status_error(400), explicit=explicit))


def test_a_cycle_of_causes_ends() -> None:
    first, second = RuntimeError("first"), RuntimeError("second")
    first.__cause__, second.__cause__ = second, first
    assert not _is_transient(first)
    assert _retry_after(first) is None


# --- secrets -------------------------------------------------------------------------------------


def test_secret_never_shows_its_value() -> None:
    secret = Secret(KEY)
    shown = [
        repr(secret),
        str(secret),
        f"{secret}",
        f"{secret!r}",
        format(secret),
        repr([secret]),
    ]
    for text in shown:
        assert KEY not in text
        assert "canary" not in text
    assert secret.reveal() == KEY


def test_endpoint_repr_hides_the_key() -> None:
    endpoint = Endpoint(base_url="http://127.0.0.1:9/v1", model="m", api_key=Secret(KEY))
    assert KEY not in repr(endpoint)
    assert KEY not in str(endpoint)


@pytest.fixture(scope="module")
def model() -> Iterator[ChatModel]:
    chat = ChatModel(Endpoint(base_url="http://127.0.0.1:9/v1", model="m", api_key=Secret(KEY)))
    yield chat
    chat.close()


def test_scrub_replaces_the_key(model: ChatModel) -> None:
    assert model._scrub(f"Incorrect API key provided: {KEY}. Again: {KEY}") == (
        "Incorrect API key provided: ***. Again: ***"
    )
    assert model._scrub("nothing secret here") == "nothing secret here"


def test_describe_status_error_scrubs_the_key(model: ChatModel) -> None:
    described = model._describe(status_error(401, message=f"Incorrect API key provided: {KEY}"))
    assert described == "127.0.0.1:9 answered HTTP 401: Incorrect API key provided: ***"


def test_describe_wrapped_and_other_errors_scrubs_the_key(model: ChatModel) -> None:
    behind = wrapped(status_error(429, message=f"rate limited for key {KEY}\nsecond line"), explicit=True)
    assert model._describe(behind) == "127.0.0.1:9 answered HTTP 429: rate limited for key ***"
    assert model._describe(RuntimeError(f"\n  auth failed: Bearer {KEY}\n")) == "auth failed: Bearer ***"
    invalid = model._describe(InstructorError(f"bad output echoing {KEY}"))
    assert invalid == "the model's output was not valid after 2 attempts: bad output echoing ***"


def test_describe_transport_errors(model: ChatModel) -> None:
    assert (
        model._describe(openai.APITimeoutError(request=REQUEST)) == "127.0.0.1:9 did not answer within 600 s"
    )
    assert model._describe(openai.APIConnectionError(request=REQUEST)) == (
        "could not reach 127.0.0.1:9 (APIConnectionError)"
    )
