"""Tokens per article for the seeds, and the fixed prompt overhead of every call.

    python bench/tokens.py

Per article: the prompt and completion tokens the embedded model reported for each of the three
calls, read from the answers recorded in tests/fixtures/cassettes/seeds.yaml (the real server's
``usage``; no model runs). The fixed overhead is what every call sends besides the article: the
system prompt (with its worked example), the task and the chat template's tokens. It is counted
with the embedded model's own tokenizer (llama-server's ``/tokenize``; needs ``make
install-embedded``) and checked against the recorded totals. The JSON schema is not in the prompt on llama.cpp, which
turns it into a grammar; its size in tokens is shown for servers that add it to the prompt.
"""

from __future__ import annotations

import json
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from summarizer.client.embedded import EmbeddedServer, embedded_available
from summarizer.extract.responses import RECORD_KINDS, draft_model
from summarizer.storage.cache_dir import default_cache_dir

CASSETTE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "cassettes" / "seeds.yaml"
ARTICLE_END = "END OF ARTICLE"


def recorded_calls() -> list[tuple[list[dict[str, str]], str, dict[str, int]]]:
    """(messages, kind, usage) of every recorded call, in recording order."""
    calls = []
    for interaction in yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"]:
        body = json.loads(interaction["request"]["body"])
        answer = json.loads(interaction["response"]["body"]["string"])
        response_format = body["response_format"]
        schema = response_format.get("schema") or response_format["json_schema"]["schema"]
        kind = next(k for k in RECORD_KINDS if k in schema["properties"])
        calls.append((body["messages"], kind, answer["usage"]))
    return calls


def chat_template(messages: list[dict[str, str]]) -> str:
    """The prompt as Qwen2.5's ChatML template lays it out, ready for the assistant's answer."""
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


@contextmanager
def tokenizer() -> Iterator[Callable[[str], int] | None]:
    """A token counter by the embedded model's own tokenizer (its server's ``/tokenize``), or None
    where the embedded model is not installed."""
    if not embedded_available():
        yield None
        return
    with EmbeddedServer(default_cache_dir()) as endpoint:
        root = endpoint.base_url.removesuffix("/v1")

        def count(text: str) -> int:
            body = json.dumps({"content": text, "add_special": False, "parse_special": True}).encode()
            request = urllib.request.Request(f"{root}/tokenize", body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as reply:
                return len(json.load(reply)["tokens"])

        yield count


def main() -> None:
    calls = recorded_calls()
    per_article: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for messages, kind, usage in calls:
        article = messages[1]["content"].split(ARTICLE_END)[0]
        per_article[article][kind] = usage
    print(f"{'article':<40} " + " ".join(f"{kind:>18}" for kind in RECORD_KINDS) + f" {'total':>14}")
    totals = [0, 0]
    for article, usages in per_article.items():
        lines = [line for line in article.splitlines() if line.strip()]
        title = (lines[0] if lines[0] != "ARTICLE" else lines[1])[:40]
        cells = [
            f"{usages[k]['prompt_tokens']:>8,} + {usages[k]['completion_tokens']:>6,}" for k in RECORD_KINDS
        ]
        prompt = sum(u["prompt_tokens"] for u in usages.values())
        completion = sum(u["completion_tokens"] for u in usages.values())
        totals[0] += prompt
        totals[1] += completion
        print(f"{title:<40} " + " ".join(f"{c:>18}" for c in cells) + f" {prompt:>6,} + {completion:>5,}")
    articles = len(per_article)
    print(
        f"mean per article ({articles} articles, {len(calls)} calls): {totals[0] / articles:,.0f} prompt + "
        f"{totals[1] / articles:,.0f} completion tokens"
    )
    with tokenizer() as count:
        if count is None:
            print(
                "fixed overhead per call: needs the embedded model (make install-embedded) for the tokenizer"
            )
            return
        overhead(calls, count)


def overhead(
    calls: list[tuple[list[dict[str, str]], str, dict[str, int]]], count: Callable[[str], int]
) -> None:
    print(
        "fixed overhead per call (system prompt + task + chat template), by the embedded model's tokenizer:"
    )
    overheads: dict[str, list[int]] = defaultdict(list)
    for messages, kind, usage in calls:
        counted = count(chat_template(messages))
        article = messages[1]["content"].split(ARTICLE_END)[0] + ARTICLE_END
        overheads[kind].append(counted - count(article))
        if counted != usage["prompt_tokens"]:
            print(
                f"  note: counted {counted} prompt tokens where the server reported {usage['prompt_tokens']}"
            )
    system = count(calls[0][0][0]["content"])
    for kind in RECORD_KINDS:
        values = sorted(set(overheads[kind]))
        print(f"  {kind:<11} {'/'.join(map(str, values))} tokens, of which the system prompt is {system}")
    for kind in RECORD_KINDS:
        schema = json.dumps(draft_model(kind, 25).model_json_schema(), separators=(",", ":"))
        print(
            f"  the {kind} schema (25 sentences) would be {count(schema)} more tokens where a server puts it in the prompt"
        )


if __name__ == "__main__":
    main()
