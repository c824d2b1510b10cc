"""What the tool does with each kind of faulty model server: how often it asks, and what comes of it.

The server is the loopback stub (summarizer/testing/stub_server.py, real HTTP) answering as a
perfect model would for a synthetic corpus (summarizer/testing/synthetic.py); a fault replaces one
answer, or every answer about one article. Retries wait ``BACKOFF`` seconds, doubling, instead of
the default second, and timeouts are fractions of a second, so that every test is quick.

The bounds under test (``ChatModel``'s defaults): a transport failure (5xx, reset, timeout, an
answer without choices) is tried ``attempts`` = 4 times in all; invalid output is re-asked
``reasks`` = 1 time; an answer cut off at ``max_tokens`` is not asked again; rate limits (429) are
waited out and count against nothing but the rate-limit patience.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.client.chat import ChatModel
from summarizer.errors import ModelCallError
from summarizer.extract.prompts import messages_for
from summarizer.extract.responses import RECORD_KINDS, RecordKind, draft_model
from summarizer.ingest.files import load_article
from summarizer.models.article import Article
from summarizer.storage.call_log import CallRecord
from summarizer.testing.stub_server import Fault, StubServer, every_nth, scripted
from support.fault_plans import (
    SPOILT,
    host,
    spoilt,
)
from support.synthetic import Corpus, CorpusResponder, synthetic_corpus

KINDS = len(RECORD_KINDS)
ATTEMPTS = 4  # ChatModel's default
BACKOFF = 0.01
TIMEOUT = 0.25


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(articles=6, seed=3, first_day=date(2026, 3, 2), days=2)


@pytest.fixture(scope="module")
def responder(corpus: Corpus) -> CorpusResponder:
    return CorpusResponder(corpus)


@pytest.fixture(scope="module")
def article(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Article:
    (path,) = corpus.write(tmp_path_factory.mktemp("article"), corpus.articles[:1])
    return load_article(path)


# --- helpers -------------------------------------------------------------------------------------


@contextmanager
def chat_model(
    server: StubServer,
    response_format: str = "json_schema",
    timeout: float = 5.0,
    **kwargs: Any,
) -> Iterator[ChatModel]:
    """A ChatModel for ``server`` with quick back-off; ``json_schema`` unless the probe is under test."""
    model = ChatModel(
        server.endpoint(response_format=response_format), timeout=timeout, backoff=BACKOFF, **kwargs
    )
    try:
        yield model
    finally:
        model.close()


def ask(model: ChatModel, article: Article, kind: RecordKind = "events") -> BaseModel:
    return model.structured(messages_for(article, kind), draft_model(kind, len(article.sentences)))


def failure(model: ChatModel, article: Article) -> str:
    """The one-line message of the ``ModelCallError`` that asking raises."""
    with pytest.raises(ModelCallError) as raised:
        ask(model, article)
    message = str(raised.value)
    assert message and "\n" not in message
    return message


def assert_perfect(
    answer: BaseModel, server: StubServer, responder: CorpusResponder, request: int = -1
) -> None:
    """``answer`` is what a perfect model answers to the server's ``request`` (the last by default)."""
    assert answer == type(answer).model_validate_json(responder(server.requests[request].body))


# --- rate limits (429) ---------------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", [None, "0.2"], ids=["backoff", "retry-after"])
def test_rate_limits_are_waited_out_and_do_not_use_up_attempts(
    retry_after: str | None, responder: CorpusResponder, article: Article
) -> None:
    limited = Fault(status=429, retry_after=retry_after)
    with (
        StubServer(responder, faults=scripted({1: limited, 2: limited, 3: limited})) as server,
        chat_model(server, attempts=2) as model,
    ):
        started = time.monotonic()
        answer = ask(model, article)
        waited = time.monotonic() - started
    assert_perfect(answer, server, responder)
    assert server.calls == 4  # three rate limits, though only two attempts are allowed, then the answer
    # Without Retry-After the waits are the back-off's (0.01, 0.02, 0.04 s and jitter); with it, 0.2 s each.
    assert waited >= (0.6 if retry_after else 0.07)


def test_rate_limits_beyond_the_patience_give_up_cleanly(
    responder: CorpusResponder, article: Article
) -> None:
    limited = every_nth(1, Fault(status=429, retry_after="0.3"))
    with (
        StubServer(responder, faults=limited) as server,
        chat_model(server, rate_limit_patience=0.5) as model,
    ):
        message = failure(model, article)
    assert message.startswith(f"{host(server)} answered HTTP 429: ")
    assert server.calls == 3  # at 0 s, 0.3 s and 0.6 s: past the patience of 0.5 s


# --- server errors (5xx) -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_retried_until_an_attempt_succeeds(
    status: int, responder: CorpusResponder, article: Article
) -> None:
    plan = scripted({n: Fault(status=status) for n in range(1, ATTEMPTS)})
    with StubServer(responder, faults=plan) as server, chat_model(server) as model:
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    assert server.calls == ATTEMPTS  # three errors, then the answer on the last attempt allowed


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("attempts", [ATTEMPTS, 2])
def test_a_server_error_on_every_attempt_gives_up_after_the_attempt_bound(
    status: int, attempts: int, responder: CorpusResponder, article: Article
) -> None:
    with (
        StubServer(responder, faults=every_nth(1, Fault(status=status))) as server,
        chat_model(server, attempts=attempts) as model,
    ):
        message = failure(model, article)
    assert message.startswith(f"{host(server)} answered HTTP {status}: ")
    assert "injected fault" in message and "Error code" not in message, (
        "the server's words, not the client's dump"
    )
    assert server.calls == attempts


def test_a_single_500_to_the_format_probe_is_asked_again_in_the_standard_format(
    responder: CorpusResponder, article: Article
) -> None:
    """A passing 500 to the first request does not push the run into ``json_object`` mode."""
    with (
        StubServer(responder, faults=scripted({1: Fault(status=500)})) as server,
        chat_model(server, response_format="auto") as model,
    ):
        first = ask(model, article)
        second = ask(model, article, "figures")
    assert_perfect(first, server, responder, request=1)
    assert_perfect(second, server, responder)
    assert [r.body["response_format"]["type"] for r in server.requests] == ["json_schema"] * 3
    assert model.response_format == "json_schema"


def test_a_500_said_twice_to_the_format_probe_switches_to_json_object_for_the_rest_of_the_run(
    responder: CorpusResponder, article: Article
) -> None:
    """With ``auto``, a 500 to the standard format, said again, is how llama-cpp-python refuses it."""
    with (
        StubServer(responder, faults=scripted({1: Fault(status=500), 2: Fault(status=500)})) as server,
        chat_model(server, response_format="auto") as model,
    ):
        first = ask(model, article)
        second = ask(model, article, "figures")
    assert_perfect(first, server, responder, request=2)
    assert_perfect(second, server, responder)
    assert [r.body["response_format"]["type"] for r in server.requests] == [
        "json_schema",
        "json_schema",
        "json_object",
        "json_object",
    ]
    assert model.response_format == "json_object"


def test_a_500_to_every_probe_request_gives_up_without_hammering(
    responder: CorpusResponder, article: Article
) -> None:
    """The probe asks the standard format twice and the other once, and settles nothing: the next
    call probes again."""
    with (
        StubServer(responder, faults=every_nth(1, Fault(status=500))) as server,
        chat_model(server, response_format="auto") as model,
    ):
        message = failure(model, article)
        assert server.calls == 3
        failure(model, article)
    assert message.startswith(f"{host(server)} answered HTTP 500: ")
    formats = ["json_schema", "json_schema", "json_object"] * 2
    assert [r.body["response_format"]["type"] for r in server.requests] == formats
    assert model.response_format is None


def test_a_503_to_the_format_probe_is_retried_in_the_same_format(
    responder: CorpusResponder, article: Article
) -> None:
    with (
        StubServer(responder, faults=scripted({1: Fault(status=503)})) as server,
        chat_model(server, response_format="auto") as model,
    ):
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    assert [r.body["response_format"]["type"] for r in server.requests] == ["json_schema", "json_schema"]
    assert model.response_format == "json_schema"


# --- connection resets ---------------------------------------------------------------------------


def test_connection_resets_are_retried(responder: CorpusResponder, article: Article) -> None:
    reset = Fault(reset=True)
    with StubServer(responder, faults=scripted({1: reset, 2: reset})) as server, chat_model(server) as model:
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    assert server.calls == 3


def test_a_reset_on_every_attempt_gives_up_after_the_attempt_bound(
    responder: CorpusResponder, article: Article
) -> None:
    with (
        StubServer(responder, faults=every_nth(1, Fault(reset=True))) as server,
        chat_model(server) as model,
    ):
        message = failure(model, article)
    assert message.startswith(f"could not reach {host(server)} (")
    assert server.calls == ATTEMPTS


# --- timeouts ------------------------------------------------------------------------------------


def test_answers_later_than_the_timeout_are_retried(responder: CorpusResponder, article: Article) -> None:
    late = Fault(delay=20 * TIMEOUT)
    with (
        StubServer(responder, faults=scripted({1: late, 2: late})) as server,
        chat_model(server, timeout=TIMEOUT) as model,
    ):
        started = time.monotonic()
        answer = ask(model, article)
        waited = time.monotonic() - started
    assert_perfect(answer, server, responder)
    assert server.calls == 3
    # Each late answer was given up at the timeout: waiting them out would take 2 x 20 timeouts.
    assert 2 * TIMEOUT <= waited < 20 * TIMEOUT


def test_no_answer_within_the_timeout_on_every_attempt_gives_up(
    responder: CorpusResponder, article: Article
) -> None:
    with (
        StubServer(responder, faults=every_nth(1, Fault(delay=20 * TIMEOUT))) as server,
        chat_model(server, timeout=TIMEOUT) as model,
    ):
        message = failure(model, article)
    assert message == f"{host(server)} did not answer within {TIMEOUT:g} s"
    assert server.calls == ATTEMPTS


def test_slow_answers_within_the_timeout_are_fine(responder: CorpusResponder, article: Article) -> None:
    with (
        StubServer(responder, faults=every_nth(1, Fault(delay=0.3))) as server,
        chat_model(server, timeout=2.0) as model,
    ):
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    assert server.calls == 1


# --- invalid output: re-asked once ---------------------------------------------------------------


@pytest.mark.parametrize("fault", SPOILT)
def test_invalid_output_is_re_asked_once(fault: str, responder: CorpusResponder, article: Article) -> None:
    spoil, _ = SPOILT[fault]
    with StubServer(responder, faults=spoilt(responder, spoil, {1})) as server, chat_model(server) as model:
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    first, reask = server.requests
    # The re-ask shows the model its answer and what was wrong with it.
    assert reask.body["messages"][: len(first.body["messages"])] == first.body["messages"]
    assert len(reask.body["messages"]) > len(first.body["messages"])


@pytest.mark.parametrize("fault", SPOILT)
def test_invalid_output_after_the_re_ask_fails_cleanly(
    fault: str, responder: CorpusResponder, article: Article
) -> None:
    spoil, reason = SPOILT[fault]
    with StubServer(responder, faults=spoilt(responder, spoil)) as server, chat_model(server) as model:
        message = failure(model, article)
    assert message.startswith("the model's output was not valid after 2 attempts")
    assert reason in message
    assert server.calls == 2  # the answer and one re-ask; invalid output is not a transport failure


# --- empty choices -------------------------------------------------------------------------------


def test_an_answer_without_choices_is_retried(responder: CorpusResponder, article: Article) -> None:
    with (
        StubServer(responder, faults=scripted({1: Fault(empty_choices=True)})) as server,
        chat_model(server) as model,
    ):
        answer = ask(model, article)
    assert_perfect(answer, server, responder)
    assert server.calls == 2


def test_answers_without_choices_give_up_after_the_attempt_bound(
    responder: CorpusResponder, article: Article
) -> None:
    calls: list[CallRecord] = []
    with (
        StubServer(responder, faults=every_nth(1, Fault(empty_choices=True))) as server,
        chat_model(server, on_call=calls.append) as model,
    ):
        message = failure(model, article)
    assert message == f"{host(server)} answered with an empty list of choices"
    assert server.calls == ATTEMPTS
    assert [(c.outcome, c.error) for c in calls] == [("no choices", message)] * ATTEMPTS
    assert model.usage.calls == ATTEMPTS


# --- answers cut off (finish_reason "length") ----------------------------------------------------


def test_an_answer_cut_off_is_not_asked_again(responder: CorpusResponder, article: Article) -> None:
    """At temperature 0 the same prompt is cut off at the same place: asking again would not help."""
    with (
        StubServer(responder, faults=every_nth(1, Fault(finish_reason="length"))) as server,
        chat_model(server) as model,
    ):
        message = failure(model, article)
    assert message == "the model's answer was cut off at 1024 tokens (finish_reason=length)"
    assert server.calls == 1
