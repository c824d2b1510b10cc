"""Batch jobs: the extraction calls written as a batch input file, and the batch's results cached.

``prepare`` plans the questions as an interactive run does (``extract/plan.py``) and writes one
line of the OpenAI Batch API input format per article and record kind whose answer is not cached
yet; its ``body`` is exactly the chat completion request the interactive client sends
(``client/request.py``): the same messages, the ``response_format`` that instructor's JSON-schema
mode builds (or its ``json_object`` variant), ``max_tokens``, ``temperature`` 0 and
``seed`` 0. The same file runs on OpenAI's Batch API and on vLLM's ``run_batch``. ``collect``
reads their output files and caches each valid answer exactly as the interactive run would, so a
later run finds it and makes no model call. An answer that is not valid is not cached, and the
next run asks that question again.

Every request's ``custom_id`` carries the cache key of its answer, so the results alone are
enough to collect them (format version 1, fields separated by ``:``)::

    summarize:1:<content hash>:<kind>:<prompt version>:<schema version>:<sentence count>:<model>

``content hash`` is the article's SHA-256 (64 hex digits), followed for an article asked about in
chunks (``extract/chunks.py``) by the chunk's sentence numbers, ``#<first>-<last>``; ``kind`` one of ``events``,
``figures``, ``statements``, the versions are those of the cache key, ``sentence count`` bounds
the sentence numbers an answer may cite (the chunk's), and ``model`` is the model name as requested (a batch
engine reports its resolved name, e.g. ``gpt-4o-mini-2024-07-18``, which is not the cache's). The
model name comes last because it may contain any character, ``:`` included. OpenAI documents no
length limit for ``custom_id``; these are about 120 characters plus the model name, so batch
services that accept at most 64 characters cannot take them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from summarizer.client.endpoint import ResponseFormat
from summarizer.client.request import MAX_TOKENS, request_body
from summarizer.errors import validation_message
from summarizer.extract.plan import Versions, plan
from summarizer.extract.responses import RECORD_KINDS, RecordKind, draft_model
from summarizer.ingest.files import ingest_paths
from summarizer.ingest.limits import MAX_ARTICLE_CHARS
from summarizer.ingest.sentences import segment_sentences
from summarizer.models.briefing import Failure
from summarizer.storage.cache import CacheKey, ExtractionCache

CUSTOM_ID_PREFIX = "summarize:1:"
CHAT_COMPLETIONS_URL = "/v1/chat/completions"

_CUSTOM_ID = re.compile(
    re.escape(CUSTOM_ID_PREFIX)
    + r"(?P<content_hash>[0-9a-f]{64}(?:#[1-9][0-9]*-[1-9][0-9]*)?):(?P<kind>"
    + "|".join(RECORD_KINDS)
    + r"):(?P<prompt_version>[0-9a-f]+):(?P<schema_version>[0-9a-f]+)"
    r":(?P<sentence_count>[1-9][0-9]{0,4}):(?P<model>.+)"
)


@dataclass(frozen=True)
class BatchKey:
    """What one batch request asks: the cache key of its answer and the sentence count it was shown.

    The cache key's ``content_hash`` is the chunk's key for an article asked about in chunks."""

    cache_key: CacheKey
    sentence_count: int

    @property
    def custom_id(self) -> str:
        key = self.cache_key
        return (
            f"{CUSTOM_ID_PREFIX}{key.content_hash}:{key.kind}:{key.prompt_version}:"
            f"{key.schema_version}:{self.sentence_count}:{key.model}"
        )

    @property
    def kind(self) -> RecordKind:
        return self.cache_key.kind  # type: ignore[return-value]  # parsed from RECORD_KINDS

    @classmethod
    def parse(cls, custom_id: str) -> BatchKey | None:
        """The key a ``custom_id`` written by ``prepare`` carries; None for any other string."""
        match = _CUSTOM_ID.fullmatch(custom_id)
        if match is None:
            return None
        key = CacheKey(
            match["content_hash"],
            match["model"],
            match["kind"],
            match["prompt_version"],
            match["schema_version"],
        )
        return cls(key, int(match["sentence_count"]))


@dataclass
class BatchRequests:
    """The lines of a batch input file, and how the articles read were served."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0  # articles with at least one request
    articles_read: int = 0
    cached: int = 0  # calls whose answer is already cached
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): copies, folders read again

    def jsonl(self) -> str:
        return "".join(
            json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in self.lines
        )


@dataclass
class CollectReport:
    """What ``collect`` did with the result lines it read."""

    results: int = 0
    cached: int = 0
    failures: list[Failure] = field(default_factory=list)  # path: the custom_id, or file:line
    prompt_tokens: int = 0
    completion_tokens: int = 0


def prepare(
    paths: Sequence[str | os.PathLike[str]],
    model: str,
    cache: ExtractionCache | None,
    response_format: ResponseFormat = "json_schema",
    max_chars: int = MAX_ARTICLE_CHARS,
) -> BatchRequests:
    """One batch request per article (or chunk) of ``paths`` and record kind whose answer ``cache`` lacks.

    An article text longer than ``max_chars`` characters is a failure.
    """
    segment = cache.segmenter() if cache else segment_sentences
    ingested = ingest_paths(paths, segment, max_chars=max_chars)
    requests = BatchRequests(
        articles_read=len(ingested.articles),
        failures=list(ingested.failures),
        skipped=list(ingested.skipped),
    )
    for article_plan in plan(ingested.articles, model, cache, Versions.current()):
        requests.cached += len(article_plan.answers)
        for call in article_plan.calls:
            key = BatchKey(call.key, call.sentence_count)
            body = request_body(model, call.messages(), call.response_model(), response_format)
            requests.lines.append(
                {"custom_id": key.custom_id, "method": "POST", "url": CHAT_COMPLETIONS_URL, "body": body}
            )
        if article_plan.calls:
            requests.articles += 1
    return requests


class _Rejected(Exception):
    """A result line that gives no answer to cache; the message is the one-line reason."""


def collect(results_paths: Sequence[str | os.PathLike[str]], cache: ExtractionCache) -> CollectReport:
    """Cache every valid answer in the batch output files ``results_paths``; count the others.

    Nothing in a file is trusted: each line that is not a valid answer to a current request of
    ``prepare`` is one failure with its reason, and the other lines are still read.
    """
    report = CollectReport()
    versions = Versions.current().asked_with()
    for path in results_paths:
        try:
            with open(path, "rb") as results:
                for number, raw in enumerate(results, start=1):
                    if raw.strip():
                        report.results += 1
                        _collect_line(raw, f"{os.fspath(path)}:{number}", cache, versions, report)
        except OSError as error:
            report.failures.append(
                Failure(path=os.fspath(path), error=f"cannot read: {(error.strerror or str(error)).lower()}")
            )
    return report


def _collect_line(
    raw: bytes, where: str, cache: ExtractionCache, versions: set[tuple[str, str, str]], report: CollectReport
) -> None:
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError):
        report.failures.append(Failure(path=where, error="not a JSON line"))
        return
    if not isinstance(line, dict):
        report.failures.append(Failure(path=where, error="not a JSON object"))
        return
    custom_id = line.get("custom_id")
    label = _message(custom_id, limit=300) if isinstance(custom_id, str) and custom_id.strip() else where
    response = line.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    if isinstance(body, dict):
        _count_tokens(body.get("usage"), report)
    try:
        key = _key(custom_id, versions)
        records = _records(key, line.get("error"), response, body)
    except _Rejected as rejected:
        report.failures.append(Failure(path=label, error=str(rejected)))
        return
    cache.put(key.cache_key, records)
    report.cached += 1


def _key(custom_id: object, versions: set[tuple[str, str, str]]) -> BatchKey:
    if not isinstance(custom_id, str):
        raise _Rejected("no custom_id")
    key = BatchKey.parse(custom_id)
    if key is None:
        raise _Rejected("unknown custom_id format (not written by `summarize batch prepare`)")
    if (key.kind, key.cache_key.prompt_version, key.cache_key.schema_version) not in versions:
        raise _Rejected("stale: asked with a prompt or schema this version no longer uses (prepare again)")
    return key


def _records(key: BatchKey, error: object, response: object, body: object) -> list[dict[str, Any]]:
    """The records to cache from one result, as the interactive client would validate them."""
    if error:
        raise _Rejected(f"batch error: {_message(error)}")
    if not isinstance(response, dict):
        raise _Rejected("no response")
    status = response.get("status_code")
    if status != 200:
        detail = _message(body.get("error")) if isinstance(body, dict) else ""
        raise _Rejected(f"HTTP {_message(status, limit=20)}" + (f": {detail}" if detail else ""))
    choices = body.get("choices") if isinstance(body, dict) else None
    if not (isinstance(choices, list) and choices and isinstance(choices[0], dict)):
        raise _Rejected("no choice in the response")
    if choices[0].get("finish_reason") == "length":
        raise _Rejected(f"the answer was cut off at {MAX_TOKENS} tokens (finish_reason=length)")
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        raise _Rejected("no message content in the response")
    try:
        # Strict, as instructor validates the interactive answers.
        answer = draft_model(key.kind, key.sentence_count).model_validate_json(content, strict=True)
    except ValidationError as invalid:
        if invalid.errors()[0]["type"] == "json_invalid":
            raise _Rejected(f"the answer is not JSON ({_message(validation_message(invalid))})") from None
        problem = _message(validation_message(invalid, top="answer"))
        raise _Rejected(f"the answer does not fit the schema ({problem})") from None
    records: list[dict[str, Any]] = answer.model_dump(mode="json")[key.kind]
    return records


def _count_tokens(usage: object, report: CollectReport) -> None:
    if isinstance(usage, dict):
        report.prompt_tokens += _tokens(usage.get("prompt_tokens"))
        report.completion_tokens += _tokens(usage.get("completion_tokens"))


def _tokens(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _message(error: object, limit: int = 200) -> str:
    """A short line from a value read in a results file: an error object's message, or the value."""
    if isinstance(error, dict):
        error = error.get("message") or error.get("code") or ""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
