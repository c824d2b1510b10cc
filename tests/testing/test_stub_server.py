"""The loopback chat server for tests and benchmarks (summarizer/testing/stub_server.py).

Every test talks real HTTP to the stub on 127.0.0.1, through the real ``openai`` client (no retries)
or the project's own ``ChatModel``.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import openai
import pytest
from pydantic import BaseModel

from summarizer.client.chat import ChatModel
from summarizer.testing.stub_server import (
    Fault,
    StubServer,
    every_nth,
    random_faults,
    scripted,
)

MESSAGES = [{"role": "system", "content": "Answer in JSON."}, {"role": "user", "content": "Which city?"}]
ANSWER = {"city": "Aleppo", "population": 2098000}


class City(BaseModel):
    city: str
    population: int


def answer_city(body: dict[str, Any]) -> str:
    return json.dumps(ANSWER)


@contextmanager
def client(server: StubServer, timeout: float = 5.0) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=server.base_url, api_key="sk-stub", max_retries=0, timeout=timeout
    ) as openai_client:
        yield openai_client


def ask(openai_client: openai.OpenAI, **kwargs: Any) -> Any:
    return openai_client.chat.completions.create(model="stub-model", messages=MESSAGES, **kwargs)  # type: ignore[arg-type]


# --- normal answers ------------------------------------------------------------------------------


def test_a_normal_answer_is_a_chat_completion() -> None:
    with StubServer(answer_city) as server, client(server) as openai_client:
        completion = ask(openai_client)

    assert completion.object == "chat.completion"
    assert completion.model == "stub-model"
    choice = completion.choices[0]
    assert choice.message.role == "assistant"
    assert json.loads(choice.message.content) == ANSWER
    assert choice.finish_reason == "stop"
    prompt_chars = sum(len(message["content"]) for message in MESSAGES)
    assert completion.usage.prompt_tokens == pytest.approx(prompt_chars / 4, abs=1)
    assert completion.usage.completion_tokens == pytest.approx(len(json.dumps(ANSWER)) / 4, abs=1)
    assert (
        completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


def test_requests_are_recorded_in_order_with_body_and_headers() -> None:
    with StubServer(answer_city) as server, client(server) as openai_client:
        ask(openai_client)
        ask(openai_client, temperature=0)

    first, second = server.requests
    assert (first.number, second.number) == (1, 2)
    assert first.body["messages"] == MESSAGES
    assert second.body["temperature"] == 0
    assert first.headers["authorization"] == "Bearer sk-stub"
    assert "sk-stub" not in repr(first)
    assert server.calls == 2


def test_the_responder_sees_the_request_body() -> None:
    def echo_last_message(body: dict[str, Any]) -> str:
        return body["messages"][-1]["content"]

    with StubServer(echo_last_message) as server, client(server) as openai_client:
        assert ask(openai_client).choices[0].message.content == "Which city?"


def test_models_are_listed_and_unknown_paths_are_404() -> None:
    with StubServer(answer_city, model="tiny") as server, client(server) as openai_client:
        assert [model.id for model in openai_client.models.list()] == ["tiny"]
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{server.base_url}/nothing-here", timeout=5)
    assert raised.value.code == 404
    assert json.load(raised.value)["error"]["code"] == "unknown_route"
    assert server.calls == 0


def test_health_answers_ok_as_llama_servers_does() -> None:
    with StubServer(answer_city) as server:
        root = server.base_url.removesuffix("/v1")
        with urllib.request.urlopen(f"{root}/health", timeout=5) as reply:
            assert (reply.status, json.load(reply)) == (200, {"status": "ok"})
    assert server.calls == 0


def test_a_failing_responder_is_a_500_and_the_server_lives_on() -> None:
    answers = iter([ValueError("responder broke"), None])

    def flaky(body: dict[str, Any]) -> str:
        if (error := next(answers)) is not None:
            raise error
        return json.dumps(ANSWER)

    with StubServer(flaky) as server, client(server) as openai_client:
        with pytest.raises(openai.InternalServerError, match="responder broke"):
            ask(openai_client)
        assert json.loads(ask(openai_client).choices[0].message.content) == ANSWER


# --- faults --------------------------------------------------------------------------------------


def test_status_fault_with_retry_after_reaches_the_client() -> None:
    plan = scripted({1: Fault(status=429, retry_after="7")})
    with StubServer(answer_city, faults=plan) as server, client(server) as openai_client:
        with pytest.raises(openai.RateLimitError) as raised:
            ask(openai_client)
        assert ask(openai_client).choices[0].finish_reason == "stop"

    assert raised.value.status_code == 429
    assert raised.value.response.headers["retry-after"] == "7"
    assert raised.value.type == "rate_limit_error"
    assert raised.value.code == "injected_fault"


def test_reset_is_a_connection_error() -> None:
    with (
        StubServer(answer_city, faults=scripted({2: Fault(reset=True)})) as server,
        client(server) as openai_client,
    ):
        ask(openai_client)  # a kept-alive connection is open when the reset comes
        with pytest.raises(openai.APIConnectionError):
            ask(openai_client)
        assert ask(openai_client).choices[0].finish_reason == "stop"
    assert server.calls == 3


def test_a_delay_longer_than_the_client_timeout_is_a_timeout() -> None:
    with StubServer(answer_city, faults=scripted({1: Fault(delay=5)})) as server:
        with client(server, timeout=0.2) as openai_client, pytest.raises(openai.APITimeoutError):
            ask(openai_client)
        started = time.monotonic()
    assert time.monotonic() - started < 4.0  # stopping does not wait out the 5 s delay


def test_content_fault_replaces_the_answer() -> None:
    truncated = json.dumps(ANSWER)[:12]
    server = StubServer(answer_city, faults=scripted({1: Fault(content=truncated)}))
    with server, client(server) as openai_client:
        assert ask(openai_client).choices[0].message.content == truncated


def test_empty_choices() -> None:
    server = StubServer(answer_city, faults=scripted({1: Fault(empty_choices=True)}))
    with server, client(server) as openai_client:
        assert ask(openai_client).choices == []


def test_finish_reason_length_cuts_the_content_off_at_half() -> None:
    full = json.dumps(ANSWER)
    server = StubServer(answer_city, faults=scripted({1: Fault(finish_reason="length")}))
    with server, client(server) as openai_client:
        choice = ask(openai_client).choices[0]
    assert choice.finish_reason == "length"
    assert choice.message.content == full[: len(full) // 2]


def test_a_fault_does_one_thing() -> None:
    with pytest.raises(ValueError):
        Fault(status=500, reset=True)
    with pytest.raises(ValueError):
        Fault(retry_after="1")
    with pytest.raises(ValueError):
        Fault(status=200)


def test_fault_plans() -> None:
    fault = Fault(status=503)
    assert [every_nth(3, fault)(number, {}) for number in range(1, 7)] == [None, None, fault] * 2
    assert [scripted({2: fault})(number, {}) for number in range(1, 4)] == [None, fault, None]

    plan = random_faults(1 / 3, [fault, Fault(reset=True)], seed=7)
    drawn = [plan(number, {}) for number in range(1, 601)]
    assert drawn == [random_faults(1 / 3, [fault, Fault(reset=True)], seed=7)(n, {}) for n in range(1, 601)]
    assert 150 <= sum(item is not None for item in drawn) <= 250
    assert {item for item in drawn if item is not None} == {fault, Fault(reset=True)}
    assert drawn != [random_faults(1 / 3, [fault], seed=8)(number, {}) for number in range(1, 601)]


# --- response formats ----------------------------------------------------------------------------


def test_reject_json_schema_refuses_it_and_accepts_json_object() -> None:
    schema = City.model_json_schema()
    json_schema = {"type": "json_schema", "json_schema": {"name": "City", "schema": schema}}
    with StubServer(answer_city, reject_json_schema=True) as server, client(server) as openai_client:
        with pytest.raises(openai.InternalServerError):
            ask(openai_client, response_format=json_schema)
        answer = ask(openai_client, extra_body={"response_format": {"type": "json_object", "schema": schema}})
    assert json.loads(answer.choices[0].message.content) == ANSWER


# --- concurrency ---------------------------------------------------------------------------------


def call_in_parallel(server: StubServer, count: int) -> float:
    """Make ``count`` calls at once from as many threads; returns the wall time."""
    start = threading.Barrier(count)

    def call(_: int) -> None:
        start.wait()
        ask(openai_client)

    with client(server) as openai_client, ThreadPoolExecutor(count) as pool:
        started = time.monotonic()
        list(pool.map(call, range(count)))
        return time.monotonic() - started


def test_max_in_flight_counts_concurrent_requests() -> None:
    with StubServer(answer_city, latency=0.2) as server:
        call_in_parallel(server, 6)
    assert server.max_in_flight == 6

    with StubServer(answer_city) as server, client(server) as openai_client:
        for _ in range(3):
            ask(openai_client)
    assert server.max_in_flight == 1


def test_latency_is_honoured_in_parallel() -> None:
    """Each answer waits out the latency, and the waits overlap (no upper bound on time: the
    machine may be busy; that all 8 were in flight at once is what shows they were not queued)."""
    with StubServer(answer_city, latency=0.3) as server:
        elapsed = call_in_parallel(server, 8)
    assert elapsed >= 0.3
    assert server.calls == 8 and server.max_in_flight == 8


def test_stop_is_quick_with_a_request_sleeping_and_a_connection_open() -> None:
    failures: list[BaseException] = []
    server = StubServer(answer_city, faults=scripted({2: Fault(delay=30)}))
    server.start()
    with client(server, timeout=60) as openai_client:
        ask(openai_client)  # leaves a kept-alive connection open

        def sleeping_call() -> None:
            try:
                ask(openai_client)
            except openai.APIError as exc:
                failures.append(exc)

        caller = threading.Thread(target=sleeping_call)
        caller.start()
        while server.calls < 2:
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 10.0  # it does not wait out the 30 s delay
        caller.join(timeout=5)
    assert not caller.is_alive()
    assert [type(failure) for failure in failures] == [openai.APIConnectionError]


# --- the project's own client --------------------------------------------------------------------


def test_chat_model_end_to_end() -> None:
    with StubServer(answer_city) as server:
        model = ChatModel(server.endpoint())
        try:
            assert model.structured(MESSAGES, City).model_dump() == ANSWER
        finally:
            model.close()
    assert server.calls == 1
    assert server.requests[0].body["response_format"]["type"] == "json_schema"


def test_chat_model_falls_back_to_json_object() -> None:
    with StubServer(answer_city, reject_json_schema=True) as server:
        model = ChatModel(server.endpoint(), backoff=0.01)
        try:
            assert model.structured(MESSAGES, City).model_dump() == ANSWER
        finally:
            model.close()
    # The stub refuses json_schema with a 500 as llama-cpp-python's server does: asked twice, then not again.
    assert [request.body["response_format"]["type"] for request in server.requests] == [
        "json_schema",
        "json_schema",
        "json_object",
    ]
    assert model.response_format == "json_object"


def test_chat_model_retries_after_a_rate_limit() -> None:
    plan = scripted({1: Fault(status=429, retry_after="0")})
    with StubServer(answer_city, faults=plan) as server:
        model = ChatModel(server.endpoint(), backoff=0.01)
        try:
            assert model.structured(MESSAGES, City).model_dump() == ANSWER
        finally:
            model.close()
    assert server.calls == 2
