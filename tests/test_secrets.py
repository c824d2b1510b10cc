"""The API key goes to the model server and nowhere else, whatever the server does.

A canary key (unique per test) is given to `summarize brief` on the command line or in the
environment, against the loopback stub server answering as a perfect model for a synthetic corpus
with faults injected (rate limits, 5xx, resets, malformed and schema-violating answers, errors that
echo the key back). The stub must have received the key; then every file the run left under the
test's directory (outputs, cache and call-log databases, as bytes and as SQL dumps), the output of
the command and that of `summarize logs` must not hold it in any form: as is, base64, URL-encoded,
or the beginning of its random part (what cutting a message short would leave).
"""

from __future__ import annotations

import base64
import logging
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote, quote_plus

import openai
import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.cli.options import ENV_API_KEY
from summarizer.client.chat import ChatModel
from summarizer.errors import ModelCallError
from summarizer.extract.prompts import messages_for
from summarizer.extract.responses import RECORD_KINDS, draft_model
from summarizer.ingest.files import build_article
from summarizer.models.briefing import Briefing
from summarizer.pipeline import Run
from summarizer.testing.stub_server import Fault, FaultPlan, StubServer, random_faults, scripted
from support.synthetic import Corpus, CorpusResponder, synthetic_corpus

ARTICLES = 6
SQLITE_HEADER = b"SQLite format 3\x00"
FAULTS = (
    Fault(status=429, retry_after="0"),
    Fault(status=503, retry_after="0"),
    Fault(status=500, retry_after="0"),
    Fault(reset=True),
    Fault(content='{"events": [{"what": "cut'),  # truncated JSON
    Fault(content='{"answer": "not what the schema asks"}'),
    Fault(finish_reason="length"),
)


def canary(length: str = "short") -> str:
    """A fresh key: OpenAI's classic length, or as long as a project key (which a message cut short)."""
    random_part = uuid.uuid4().hex
    return f"sk-canary-{random_part}" if length == "short" else f"sk-proj-canary-{random_part * 5}"


def encodings(secret: str) -> set[bytes]:
    """Forms the key could be written in: as is, URL-encoded, base64 at any offset, its random part."""
    raw = secret.encode()
    forms = {raw, quote(secret).encode(), quote_plus(secret).encode(), raw.split(b"-")[-1][:16]}
    for shift in range(3):  # a base64 text holding the key at an offset of 0, 1 or 2 bytes mod 3
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            forms.add(encode(b"\0" * shift + raw)[4:-4])
    return forms


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(articles=ARTICLES, seed=5, days=1)


def summarize(*args: str | Path, env: dict[str, str | None]) -> tuple[int, str]:
    """Exit code and everything the command printed, stdout and stderr."""
    result = CliRunner().invoke(cli, [*map(str, args)], env=env)
    return result.exit_code, result.output


def brief_with_key(
    corpus: Corpus, tmp_path: Path, faults: FaultPlan, key: str, env_name: str | None
) -> tuple[StubServer, int, list[str]]:
    """`summarize brief` to md, json and html with ``key`` given as --api-key, or in ``env_name``;
    then `summarize logs`. The server, the brief's exit code, and every command's output."""
    folder, out, cache = tmp_path / "articles", tmp_path / "out", tmp_path / "cache"
    corpus.write(folder)
    env: dict[str, str | None] = {
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache"),
        **dict.fromkeys(ENV_API_KEY),
    }
    key_option = ["--api-key", key] if env_name is None else []
    if env_name is not None:
        env[env_name] = key
    outputs = [out / "brief.md", out / "brief.json", out / "brief.html"]
    with StubServer(CorpusResponder(corpus), faults=faults) as server:
        code, printed = summarize(
            "brief", folder, *(arg for path in outputs for arg in ("-o", path)), *key_option, "-j", "4",
            *("--base-url", server.base_url, "--model", server.model, "--cache-dir", cache),
            env=env,
        )  # fmt: skip
    assert code in (0, 1) and all(path.exists() for path in outputs), printed
    logs = [
        summarize("logs", *args, "--cache-dir", cache, env=env)
        for args in ([], ["--calls"], ["--calls", "--json"])
    ]
    assert all(logged_code == 0 for logged_code, _ in logs)
    return server, code, [printed, *(text for _, text in logs)]


def assert_written_nowhere(key: str, root: Path, printed: list[str]) -> None:
    """No form of ``key`` in any file under ``root`` (SQLite databases also as SQL) or in ``printed``."""
    forms = encodings(key)
    files = [path for path in root.rglob("*") if path.is_file()]
    assert any(path.name == "calls.sqlite" for path in files)
    texts = {str(path): path.read_bytes() for path in files}
    for path in files:
        if texts[str(path)].startswith(SQLITE_HEADER):
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                texts[f"{path} (SQL)"] = "\n".join(db.iterdump()).encode()
    texts.update({f"output {n}": text.encode() for n, text in enumerate(printed)})
    found = [(where, form) for where, text in texts.items() for form in forms if form in text]
    assert not found


@pytest.mark.parametrize("env_name", [None, *ENV_API_KEY], ids=["--api-key", *ENV_API_KEY])
def test_a_key_from_the_command_line_or_environment_is_sent_and_written_nowhere(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env_name: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    key = canary()
    faults = random_faults(share=1 / 3, faults=FAULTS, seed=181)
    server, _, printed = brief_with_key(corpus, tmp_path, faults, key, env_name)
    assert server.calls > ARTICLES * len(RECORD_KINDS)  # faults were injected, and retried
    assert {r.headers.get("authorization") for r in server.requests} == {f"Bearer {key}"}
    assert_written_nowhere(key, tmp_path, printed)


@pytest.mark.parametrize("length", ["short", "long"])
def test_a_key_the_server_echoes_in_an_error_is_scrubbed(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: str
) -> None:
    monkeypatch.chdir(tmp_path)
    key = canary(length)
    rejected = f"Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com."
    faults = scripted({1: Fault(status=401, message=rejected), 5: Fault(status=403, message=rejected)})
    server, code, printed = brief_with_key(corpus, tmp_path, faults, key, "OPENAI_API_KEY")
    assert {r.headers.get("authorization") for r in server.requests} == {f"Bearer {key}"}
    assert code == 1  # the articles of the refused calls failed, the others made the briefing
    brief_output, _, calls_text, calls_json = printed
    for status in (401, 403):
        assert f"answered HTTP {status}: " in brief_output
        assert f"HTTP {status}" in calls_text and f'"outcome": "HTTP {status}"' in calls_json
    briefing = Briefing.model_validate_json((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    scrubbed = "Incorrect API key provided: ***."
    assert scrubbed in brief_output and scrubbed in calls_json
    # Two refused calls: of two articles, or two kinds of one, depending on which thread asked first.
    assert sum(failure.error.count(scrubbed) for failure in briefing.failures) == 2
    assert_written_nowhere(key, tmp_path, printed)


def test_a_library_caller_s_logs_never_show_an_echoed_key(
    corpus: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Used from Python by an application logging at DEBUG, instructor's logger included: the run's
    log records carry no key."""
    key = canary("long")
    rejected = f"Incorrect API key provided: {key}."
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="instructor")  # turned back on, as an application may
    folder = tmp_path / "feed"
    corpus.write(folder)
    with StubServer(
        CorpusResponder(corpus), faults=scripted({1: Fault(status=401, message=rejected)})
    ) as server:
        endpoint = server.endpoint(api_key=key, response_format="json_schema")
        _, report = Run(endpoint=endpoint, cache_dir=tmp_path / "cache").extract([folder])
    assert len(report.failures) == 1 and "Incorrect API key provided: ***." in report.failures[0].error
    assert caplog.records, "the libraries did log"
    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert all(form.decode() not in logged for form in encodings(key))


def test_an_error_that_echoes_the_key_is_scrubbed_where_it_is_raised(corpus: Corpus) -> None:
    """The ModelCallError, and every exception behind it, hold the key nowhere."""
    key = canary("long")
    article = next(iter(corpus.articles))
    rejected = f"Incorrect API key provided: {key}."
    with StubServer(
        CorpusResponder(corpus), faults=scripted({1: Fault(status=401, message=rejected)})
    ) as server:
        model = ChatModel(server.endpoint(api_key=key, response_format="json_schema"))
        try:
            built = build_article(article.name, article.text)
            with pytest.raises(ModelCallError) as raised:
                model.structured(messages_for(built, "events"), draft_model("events", len(built.sentences)))
        finally:
            model.close()
    chain: list[BaseException] = []
    error: BaseException | None = raised.value
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, openai.AuthenticationError) for e in chain)
    for error in chain:
        shown = f"{error!s} {error!r} {getattr(error, 'body', '')}"
        assert key not in shown, type(error).__name__
    assert "Incorrect API key provided: ***." in str(raised.value)
