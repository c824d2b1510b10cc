"""Batch jobs: the extraction calls written as a batch input file, and the batch's results cached.

``prepare`` writes one line of the OpenAI Batch API input format per article and record kind whose
answer is not cached yet; its ``body`` is exactly the chat completion request the interactive
client sends (``llm.ChatModel``): the same messages, the ``response_format`` that instructor's
JSON-schema mode builds (or its ``json_object`` variant), ``max_tokens``, ``temperature`` 0 and
``seed`` 0. The same file runs on OpenAI's Batch API and on vLLM's ``run_batch``. ``collect``
reads their output files and caches each valid answer exactly as the interactive run would, so a
later run finds it and makes no model call. An answer that is not valid is not cached, and the
next run asks that question again.

Every request's ``custom_id`` carries the cache key of its answer, so the results alone are
enough to collect them (format version 1, fields separated by ``:``)::

    summarize:1:<content hash>:<kind>:<prompt version>:<schema version>:<sentence count>:<model>

``content hash`` is the article's SHA-256 (64 hex digits), followed for an article asked about in
chunks (``chunks.py``) by the chunk's sentence numbers, ``#<first>-<last>``; ``kind`` one of ``events``,
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

import instructor
from instructor.processing import handle_response_model
from pydantic import BaseModel, ValidationError

from summarizer.cache import CacheKey, ExtractionCache
from summarizer.chunks import chunks_of
from summarizer.config import ResponseFormat
from summarizer.drafts import RECORD_KINDS, RecordKind, draft_model, schema_version
from summarizer.extract import current_versions
from summarizer.ingest import MAX_ARTICLE_CHARS, ingest_paths
from summarizer.llm import MAX_TOKENS, SAMPLING, format_parameters
from summarizer.prompts import messages_for, prompt_version
from summarizer.sentences import segment_sentences

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

    ``content_hash`` is the cache's: a chunk's key for an article asked about in chunks."""

    content_hash: str
    kind: RecordKind
    prompt_version: str
    schema_version: str
    sentence_count: int
    model: str

    @property
    def custom_id(self) -> str:
        return (
            f"{CUSTOM_ID_PREFIX}{self.content_hash}:{self.kind}:{self.prompt_version}:"
            f"{self.schema_version}:{self.sentence_count}:{self.model}"
        )

    @property
    def cache_key(self) -> CacheKey:
        return CacheKey(self.content_hash, self.model, self.kind, self.prompt_version, self.schema_version)

    @classmethod
    def parse(cls, custom_id: str) -> BatchKey | None:
        """The key a ``custom_id`` written by ``prepare`` carries; None for any other string."""
        match = _CUSTOM_ID.fullmatch(custom_id)
        if match is None:
            return None
        return cls(
            content_hash=match["content_hash"],
            kind=match["kind"],  # type: ignore[arg-type]
            prompt_version=match["prompt_version"],
            schema_version=match["schema_version"],
            sentence_count=int(match["sentence_count"]),
            model=match["model"],
        )


@dataclass
class BatchRequests:
    """The lines of a batch input file, and how the articles read were served."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0  # articles with at least one request
    articles_read: int = 0
    cached: int = 0  # calls whose answer is already cached
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
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
    failures: list[tuple[str, str]] = field(default_factory=list)  # (custom_id, or file:line; reason)
    prompt_tokens: int = 0
    completion_tokens: int = 0


def request_body(
    model: str,
    messages: list[dict[str, str]],
    response_model: type[BaseModel],
    response_format: ResponseFormat,
) -> dict[str, Any]:
    """The chat completion request ``ChatModel`` sends for ``messages`` and ``response_model``."""
    _, kwargs = handle_response_model(
        response_model,
        mode=instructor.Mode.JSON_SCHEMA,
        model=model,
        messages=messages,
        max_tokens=MAX_TOKENS,
        **SAMPLING,
        **format_parameters(response_model, response_format),
    )
    # The OpenAI client merges extra_body into the top level of the request it sends.
    extra_body = kwargs.pop("extra_body", {})
    return {**kwargs, **extra_body}


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
    schema = schema_version()
    for article in ingested.articles:
        asked = False
        for chunk in chunks_of(article):
            for kind in RECORD_KINDS:
                count = len(chunk.article.sentences)
                key = BatchKey(chunk.key, kind, prompt_version(kind), schema, count, model)
                if cache is not None and cache.get(key.cache_key, chunk.sentences_digest) is not None:
                    requests.cached += 1
                    continue
                body = request_body(
                    model, messages_for(chunk.article, kind), draft_model(kind, count), response_format
                )
                requests.lines.append(
                    {"custom_id": key.custom_id, "method": "POST", "url": CHAT_COMPLETIONS_URL, "body": body}
                )
                asked = True
        if asked:
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
    versions = current_versions()
    for path in results_paths:
        try:
            with open(path, "rb") as results:
                for number, raw in enumerate(results, start=1):
                    if raw.strip():
                        report.results += 1
                        _collect_line(raw, f"{os.fspath(path)}:{number}", cache, versions, report)
        except OSError as error:
            report.failures.append(
                (os.fspath(path), f"cannot read: {(error.strerror or str(error)).lower()}")
            )
    return report


def _collect_line(
    raw: bytes, where: str, cache: ExtractionCache, versions: set[tuple[str, str, str]], report: CollectReport
) -> None:
    try:
        line = json.loads(raw)
    except (ValueError, RecursionError):
        report.failures.append((where, "not a JSON line"))
        return
    if not isinstance(line, dict):
        report.failures.append((where, "not a JSON object"))
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
        report.failures.append((label, str(rejected)))
        return
    cache.put(key.cache_key, records)
    report.cached += 1


def _key(custom_id: object, versions: set[tuple[str, str, str]]) -> BatchKey:
    if not isinstance(custom_id, str):
        raise _Rejected("no custom_id")
    key = BatchKey.parse(custom_id)
    if key is None:
        raise _Rejected("unknown custom_id format (not written by `summarize batch prepare`)")
    if (key.kind, key.prompt_version, key.schema_version) not in versions:
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
        problem = invalid.errors()[0]
        if problem["type"] == "json_invalid":
            raise _Rejected(f"the answer is not JSON ({_message(problem['msg'])})") from None
        where = ".".join(str(part) for part in problem["loc"]) or "answer"
        raise _Rejected(f"the answer does not fit the schema ({where}: {_message(problem['msg'])})") from None
    return answer.model_dump(mode="json")[key.kind]


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
