"""Articles too long for one model call, cut into chunks of whole, consecutive sentences.

One call must hold the prompt (instructions, the numbered sentences, the task) and the answer in
the model's context; the embedded model has 8,192 tokens, of which the answer may take 1,024 and
the instructions about 600. An article whose sentences come to more than ``CHUNK_BYTES`` is cut
into chunks of about equal size, each under it, as few as whole sentences allow; a single sentence
longer than that is a chunk of its own. The limit is in UTF-8 bytes, which track tokens more evenly
across scripts than characters do (about 4 bytes a token in English, 2 to 3 in Chinese), and
leaves room to spare: short chunks also help a small model, which lists only so many records per
call.

Each chunk is asked the same questions as a short article, with the article's title and its own
sentences numbered from 1; the sentence numbers of its answers are mapped back to the article's
before grounding, so every citation is a span of the original text. A chunk's answers are cached
under ``Chunk.key``: the article's content hash for an article of one chunk (the key it has always
had), the hash and the chunk's sentence numbers otherwise (``<hash>#<first>-<last>``).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from summarizer.models.article import Article

CHUNK_BYTES = 12_000


@dataclass(frozen=True)
class Chunk:
    """Sentences ``first``..``last`` of an article, offered to the model as a short article."""

    article: Article  # the whole text, with only this chunk's sentences, numbered from 1
    content_hash: str
    first: int
    last: int
    part: int  # 1-based
    parts: int

    @property
    def key(self) -> str:
        """What identifies the chunk's question in the cache and in batch requests."""
        return self.content_hash if self.parts == 1 else f"{self.content_hash}#{self.first}-{self.last}"

    @cached_property
    def sentences_digest(self) -> str:
        """A digest of the spans of the sentences the chunk shows, which its answers' numbers cite."""
        spans = json.dumps([[s.start, s.end] for s in self.article.sentences], separators=(",", ":"))
        return hashlib.sha256(spans.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        """``part 2 of 5``, or empty for an article of one chunk."""
        return f"part {self.part} of {self.parts}" if self.parts > 1 else ""

    def to_article_numbers(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``records`` citing the chunk's sentence numbers, citing the article's instead."""
        if self.parts == 1:
            return records
        offset = self.first - 1
        return [
            {**record, "sentence": record["sentence"] + offset}
            if isinstance(record, dict) and _is_number(record.get("sentence"))
            else record
            for record in records
        ]


def chunks_of(article: Article, limit: int = CHUNK_BYTES) -> list[Chunk]:
    """The chunks ``article`` is asked about: itself when it is short enough."""
    sizes = [len(article.span_text(sentence).encode("utf-8")) for sentence in article.sentences]
    if sum(sizes) <= limit:
        return [Chunk(article, article.content_hash, 1, len(sizes), 1, 1)]
    bounds = _balanced_cuts(sizes, limit)
    groups = [article.sentences[start:end] for start, end in itertools.pairwise(bounds)]
    return [
        Chunk(
            article=article.model_copy(
                update={
                    "sentences": [
                        s.model_copy(update={"id": number}) for number, s in enumerate(group, start=1)
                    ]
                }
            ),
            content_hash=article.content_hash,
            first=group[0].id,
            last=group[-1].id,
            part=part,
            parts=len(groups),
        )
        for part, group in enumerate(groups, start=1)
    ]


def _balanced_cuts(sizes: list[int], limit: int) -> list[int]:
    """Indices ``0 = b0 < b1 < … < bn = len(sizes)`` cutting ``sizes`` into the fewest groups of about
    equal sum that stay under ``limit`` (a group of one may exceed it)."""
    totals = list(itertools.accumulate(sizes, initial=0))
    count = len(sizes)
    for parts in range(math.ceil(totals[-1] / limit), count + 1):
        bounds = [0]
        for part in range(1, parts):
            goal = totals[-1] * part / parts
            at = bisect.bisect_left(totals, goal)
            if at > 0 and goal - totals[at - 1] < totals[at] - goal:
                at -= 1  # the boundary nearest the goal
            bounds.append(min(max(at, bounds[-1] + 1), count - (parts - part)))
        bounds.append(count)
        if all(
            end - start == 1 or totals[end] - totals[start] <= limit
            for start, end in itertools.pairwise(bounds)
        ):
            return bounds
    return list(range(count + 1))


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
