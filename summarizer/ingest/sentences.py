"""Sentence segmentation with exact character spans of the article text.

The text outside excluded spans is cut into blocks, and each block is segmented with pysbd. A block
never crosses a blank line or an excluded span. Inside a paragraph, a line that ends with sentence
punctuation ends the block (one paragraph per line, the usual layout of extracted articles); a line
that does not is taken to be hard-wrapped and continues into the next line, unless the next line
starts a list item.

pysbd's time grows with the square of a block's length, so a block longer than ``MAX_BLOCK_CHARS``
(a paragraph no article has, such as a whole text on one line) is first cut at the last sentence
end that fits, else at whitespace.

pysbd's own offsets are not used: each segment is located in the text, in order. A segment that
opens with a comma, a semicolon, a colon, a closing bracket or a dash before a word in lower case
continues the one before it: pysbd ends a sentence at an abbreviation's stop before a comma ("Rep.
Matt Gaetz, R-Fla., introduced") or a dash ("Colonial Pipeline Co. — which provides"). Should a segment
not be found (pysbd rewrites some rare characters), the rest of the block becomes one sentence, so
every span is exact whatever pysbd returns. Text pysbd drops is added to the sentence that follows it.

A sentence longer than ``MAX_SENTENCE_CHARS`` is split at its clause breaks; one with none is kept
whole up to ``HARD_MAX_SENTENCE_CHARS``, and above that split at whitespace, or, in a run of text
without any (a base64 blob), anywhere but inside a character and its combining marks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pysbd

from summarizer.ingest.boilerplate import ends_like_sentence
from summarizer.models.article import Sentence, Span

MAX_SENTENCE_CHARS = 600
HARD_MAX_SENTENCE_CHARS = 4 * MAX_SENTENCE_CHARS
MAX_BLOCK_CHARS = 5_000

_LIST_ITEM = re.compile(r"\s*(?:[-*•\u2013\u2014]|\d{1,3}[.)])\s")
_CLAUSE_BREAK = re.compile(r"[;,](?=\s)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")
# No sentence opens so: pysbd ends one at an abbreviation's stop before a comma ("R-Fla., …") or
# before a dash that opens an aside ("Colonial Pipeline Co. — which provides …").
_CONTINUATION = re.compile(r"[,;:)]|[—–-]\s*[a-z]")
# Characters that belong to the one before them: a cut never falls just before one.
_JOINING_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cs"})
_ZERO_WIDTH_JOINER = "\u200d"

Segmenter = Callable[[str, Sequence[Span]], list[Sentence]]


@lru_cache(maxsize=1)
def segmentation_version() -> str:
    """A hash of the code that decides sentences (this module, the boilerplate rules, pysbd's
    version): a stored segmentation is used only while all three are unchanged."""
    digest = hashlib.sha256(version("pysbd").encode())
    for module in ("sentences.py", "boilerplate.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def segment_sentences(text: str, excluded: Sequence[Span] = ()) -> list[Sentence]:
    """The sentences of ``text`` outside ``excluded``, with ids 1..n in text order."""
    spans = [
        piece
        for block_start, block_end in _blocks(text, excluded)
        for part_start, part_end in _parts(text, block_start, block_end)
        for start, end in _segment_block(text, part_start, part_end)
        for piece in _split_long(text, start, end)
    ]
    return [Sentence(id=number, start=start, end=end) for number, (start, end) in enumerate(spans, start=1)]


def _regions(length: int, excluded: Sequence[Span]) -> Iterator[tuple[int, int]]:
    """The parts of ``[0, length)`` not covered by any excluded span."""
    cursor = 0
    for span in sorted(excluded, key=lambda span: span.start):
        if span.end <= span.start:
            continue
        start = min(span.start, length)
        if start > cursor:
            yield cursor, start
        cursor = max(cursor, min(span.end, length))
    if cursor < length:
        yield cursor, length


def _blocks(text: str, excluded: Sequence[Span]) -> Iterator[tuple[int, int]]:
    """Spans of text, without surrounding whitespace, that are segmented independently."""
    for region_start, region_end in _regions(len(text), excluded):
        block_start: int | None = None
        block_end = region_start
        offset = region_start
        for line in text[region_start:region_end].split("\n"):
            line_end = offset + len(line)
            starts_new_block = not line.strip() or _LIST_ITEM.match(line)
            if starts_new_block and block_start is not None:
                yield _strip(text, block_start, block_end)
                block_start = None
            if line.strip():
                if block_start is None:
                    block_start = offset
                block_end = line_end
                if ends_like_sentence(line):
                    yield _strip(text, block_start, block_end)
                    block_start = None
            offset = line_end + 1
        if block_start is not None:
            yield _strip(text, block_start, block_end)


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in parts of at most ``MAX_BLOCK_CHARS``, each cut as late as it can be.

    A part ends at the last sentence end that fits, else at the last whitespace, else at the last
    place that splits no character sequence (else, in thousands of combining marks, anywhere).
    """
    while end - start > MAX_BLOCK_CHARS:
        limit = start + MAX_BLOCK_CHARS
        cut = _last_match_end(_SENTENCE_END, text, start, limit)
        cut = cut or _last_match_end(_WHITESPACE, text, start, limit)
        cut = cut or _safe_cut(text, start, limit + 1, limit) or limit
        yield _strip(text, start, cut)
        start, _ = _strip(text, cut, end)
    yield start, end


def _last_match_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """Where the last match of ``pattern`` inside ``text[start:end]`` ends, if there is one."""
    ends = [match.end() for match in pattern.finditer(text, start, end)]
    return ends[-1] if ends else None


def _segment_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Locate pysbd's sentences of ``text[start:end]`` in the text, in order."""
    block = text[start:end].replace("\n", " ")
    spans: list[tuple[int, int]] = []
    cursor = 0
    for segment in _segmenter().segment(block):
        sentence = segment.strip()
        if not sentence:
            continue
        found = block.find(sentence, cursor)
        if found < 0:
            break
        if spans and _CONTINUATION.match(sentence):  # "Rep. Matt Gaetz, R-Fla." | ", introduced the motion"
            spans[-1] = (spans[-1][0], found + len(sentence))
        else:
            spans.append(_strip(block, cursor, found + len(sentence)))
        cursor = found + len(sentence)
    if block[cursor:].strip():
        spans.append(_strip(block, cursor, len(block)))
    return [(start + span_start, start + span_end) for span_start, span_end in spans]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence longer than ``MAX_SENTENCE_CHARS`` at the clause break nearest its middle.

    Semicolons are preferred to commas. A sentence with neither is kept whole, unless it is longer
    than ``HARD_MAX_SENTENCE_CHARS``: then it is split at the whitespace nearest its middle, or
    with no whitespace, at its middle.
    """
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    middle = (start + end) // 2
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(text, start, end)]
    semicolons = [position for position in breaks if text[position - 1] == ";"]
    candidates = semicolons if any(abs(p - middle) <= (end - start) // 4 for p in semicolons) else breaks
    if not candidates and end - start > HARD_MAX_SENTENCE_CHARS:
        candidates = [match.end() for match in _WHITESPACE.finditer(text, start, end)]
        safe = _safe_cut(text, start, end, middle)
        candidates = candidates or ([safe] if safe is not None else [])
    if not candidates:
        return [(start, end)]
    cut = min(candidates, key=lambda position: abs(position - middle))
    head = _strip(text, start, cut)
    tail = _strip(text, cut, end)
    return [*_split_long(text, *head), *_split_long(text, *tail)]


def _safe_cut(text: str, start: int, end: int, position: int) -> int | None:
    """The cut nearest ``position``, strictly inside ``(start, end)``, that splits no character sequence.

    A cut never falls before a combining mark, a surrogate or an emoji modifier, nor on either side
    of a zero-width joiner. None when there is no such cut.
    """
    for offset in range(max(position - start, end - position)):
        for cut in (position + offset, position - offset):
            if start < cut < end and not _continues(text, cut):
                return cut
    return None


def _continues(text: str, position: int) -> bool:
    """Whether the character at ``position`` continues the character sequence before it."""
    char = text[position]
    return (
        unicodedata.category(char) in _JOINING_CATEGORIES
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or _ZERO_WIDTH_JOINER in (char, text[position - 1])
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
