"""Properties that hold for any input: reading articles (ingest.py) and grounding drafts (ground.py).

Whatever the bytes of a file or the drafts of a model, the cache or a batch result, the tool either
says in one line why it cannot use them, or gives an article whose spans are valid and citations
that quote exactly the sentence they name.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from summarizer.errors import IngestError
from summarizer.extract.responses import RECORD_KINDS
from summarizer.ground.grounding import ground
from summarizer.ingest.files import (
    build_article,
    load_article,
    normalise_text,
)
from summarizer.ingest.limits import MAX_ARTICLE_CHARS
from summarizer.models.article import Article
from summarizer.models.records import ArticleExtraction

PATH = "feeds/story.txt"

# Pieces that stress decoding, normalisation, boilerplate and segmentation: line endings of every
# kind, NUL and other control characters, decomposed accents, right-to-left text and marks, emoji
# sequences, a byte-order mark, sentence punctuation and abbreviations, boilerplate lines.
PIECES = [
    *"aZé .,;:!?\"'()-0\t\n",
    "\r\n", "\r", "\n\n", "\x00", "\x01", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029",
    "\ufeff", "\u200b", "e\u0301", "\u0301", "\u200f", "\u202e", "שלום עולם.", "مرحبا بالعالم.",
    "👩\u200d💻", "👍🏽", "🇸🇾", "\ufe0f", "U.S.", "Dr. ", "“", "”", "…", "Share.", "Leave A Reply",
    "Monday, July 28", "# Heading", "- item ", "---", "Rebels took the city on Friday. ",
    "The army withdrew, residents said; talks resumed. ",
]  # fmt: skip
PIECEWISE_TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), PIECEWISE_TEXT)


def assert_one_line_naming(error: IngestError, path: str) -> None:
    message = str(error)
    assert error.path == path
    assert message == f"{path}: {error.reason}"
    assert error.reason and "\n" not in message and "\r" not in message


def assert_valid_article(article: Article) -> None:
    """Spans inside the text; sentences ordered, disjoint, never blank, clear of excluded spans."""
    text = article.text
    assert article.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article.sentences, "an article always has a sentence to cite"
    for span in article.excluded:
        assert 0 <= span.start < span.end <= len(text)
    assert [s.id for s in article.sentences] == list(range(1, len(article.sentences) + 1))
    previous_end = 0
    for sentence in article.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end].strip()
        for span in article.excluded:
            assert sentence.end <= span.start or span.end <= sentence.start
        previous_end = sentence.end
    Article.model_validate_json(article.model_dump_json())  # it can be written and read back


# --- any text, through build_article --------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, st.one_of(st.just(MAX_ARTICLE_CHARS), st.integers(1, 120)))
def test_any_text_is_an_article_with_valid_spans_or_one_line_error(raw: str, max_chars: int) -> None:
    text = normalise_text(raw)
    try:
        article = build_article(PATH, raw, max_chars=max_chars)
    except IngestError as error:
        assert_one_line_naming(error, PATH)
        if text.strip() and len(text) > max_chars:
            assert error.reason.startswith(f"too long for one article: {len(text):,} characters")
        return
    assert article.text == text and len(text) <= max_chars
    assert_valid_article(article)


# --- any bytes, through load_article, for each format -------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]
# Unpaired surrogates only exist in JSON escapes ("\ud800"); json.dumps writes them so.
JSON_TEXT = st.lists(st.sampled_from([*PIECES, "\ud800", "\udfff", "\ud83d\ude00"]), max_size=40).map("".join)


def json_values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Any JSON value, its strings drawn from ``text``."""
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | text,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
        ),
        max_leaves=8,
    )


JSON_VALUE = json_values(JSON_TEXT)
JSON_DOCUMENT = st.one_of(
    st.fixed_dictionaries(
        {"text": JSON_TEXT},
        optional={
            "title": JSON_VALUE,
            "source": st.one_of(JSON_VALUE, st.fixed_dictionaries({"name": JSON_VALUE})),
            "date": JSON_VALUE,
            "url": JSON_VALUE,
        },
    ),
    JSON_VALUE,
).map(json.dumps)
HTML_PIECES = [
    "<p>", "</p>", "<div>", "</div>", "<br>", "<h1>", "</h1>", "<li>", "<script>var x = '<p>';</script>",
    "<style>p {}</style>", "<nav>Home | World</nav>", "<footer>(c) 2024</footer>", "<!-- c -->", "<!--",
    "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&nbsp;", "<", ">", "<?xml version='1.0'?>",
    "<![CDATA[x]]>", "<meta charset='latin-1'>", "<title>T</title>",
]  # fmt: skip
HTML_DOCUMENT = st.lists(st.sampled_from(HTML_PIECES + PIECES), max_size=50).map(
    lambda pieces: "<html><body>" + "".join(pieces) + "</body></html>"
)
MARKDOWN_DOCUMENT = st.tuples(
    st.lists(
        st.sampled_from(["title: T", "date: 2024-11-30", "source: 'X'", "tags:", "  - a", "x", ""]),
        max_size=5,
    ),
    PIECEWISE_TEXT,
).map(lambda parts: "---\n" + "\n".join(parts[0]) + "\n---\n" + parts[1])
DOCUMENTS = {".txt": ANY_TEXT, ".md": MARKDOWN_DOCUMENT, ".html": HTML_DOCUMENT, ".json": JSON_DOCUMENT}


def encoded(document: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """The document in some encoding (surrogates passed through as bytes no decoder accepts)."""
    return st.tuples(document, st.sampled_from(ENCODINGS)).map(
        lambda pair: pair[0].encode(
            pair[1], errors="surrogatepass" if pair[1].startswith("utf") else "replace"
        )
    )


def file_bytes(suffix: str) -> st.SearchStrategy[bytes]:
    boms = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
    raw = st.tuples(boms, st.binary(max_size=300)).map(b"".join)
    return st.one_of(raw, encoded(DOCUMENTS[suffix]))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("any-bytes")


@pytest.mark.parametrize("suffix", list(DOCUMENTS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_bytes_are_an_article_with_valid_spans_or_one_line_error(
    folder: Path, suffix: str, data: st.DataObject
) -> None:
    path = folder / f"article{suffix}"
    path.write_bytes(data.draw(file_bytes(suffix), label="bytes"))
    try:
        article = load_article(path)
    except IngestError as error:
        assert_one_line_naming(error, str(path))
        return
    assert article.path == str(path)
    assert_valid_article(article)


# --- any drafts, through ground -------------------------------------------------------------------

TEXT = (
    "Rebels captured the city of Aleppo on Friday after a week-long offensive.\n\n"
    "More than 327 people were killed in the fighting, the Syrian Observatory said.\n\n"
    "The government spent £7.9m on repairs in 2016.\n\n"
    "Abu Mohammed al-Jolani is believed to have been killed in an airstrike.\n\n"
    "Ahmed Hassan, a local doctor, described the scene.\n\n"
    '"We have no more beds," he said. Ç\u0301a va, مرحبا 👩\u200d💻.\n'
)
WORDS = [*re.findall(r"\S+", TEXT), "", " ", "Damascus", "over 327", "four", "1e309", "٣٢٧"]


@pytest.fixture(scope="module")
def article() -> Article:
    return build_article("aleppo.txt", TEXT)


def phrase() -> st.SearchStrategy[str]:
    """Words of the article (so records do ground) or any text (so they do not)."""
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    return st.one_of(words, words, st.text(max_size=20))


SENTENCE_NUMBER = st.one_of(st.integers(1, 7), st.integers(-2, 9), st.integers(), st.just(10**40))
SHAPED = {
    "events": st.fixed_dictionaries(
        {
            "who": st.lists(phrase(), max_size=3),
            "when": st.none() | phrase(),
            "sentence": SENTENCE_NUMBER,
        }
    ),
    "figures": st.fixed_dictionaries(
        {
            "number": st.sampled_from(WORDS) | st.text(max_size=8),
            "counts": phrase(),
            "of_whom": st.none() | phrase(),
            "sentence": SENTENCE_NUMBER,
        }
    ),
    "statements": st.fixed_dictionaries({"speaker": phrase(), "sentence": SENTENCE_NUMBER}),
}


# Drafts are parsed by pydantic, which refuses unpaired surrogates: their strings never hold one.
DRAFT_VALUE = json_values(ANY_TEXT)


def spoilt(item: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """The item with a field removed, or given a value of any JSON type."""
    key = data.draw(st.sampled_from(sorted(item)))
    if data.draw(st.booleans()):
        return {k: v for k, v in item.items() if k != key}
    return {**item, key: data.draw(DRAFT_VALUE)}


def citing(item: dict[str, Any], article: Article, data: st.DataObject) -> dict[str, Any]:
    """The item citing a sentence of the article, its text fields made of that sentence's words."""
    sentence = data.draw(st.sampled_from(article.sentences))
    words = st.sampled_from(article.span_text(sentence).split())
    phrase = st.lists(words, min_size=1, max_size=3).map(" ".join)
    texts = {key: data.draw(phrase) for key, value in item.items() if isinstance(value, str)}
    return {**item, **texts, "sentence": sentence.id}


def drafts_strategy(article: Article, data: st.DataObject) -> dict[str, Any]:
    drafts: dict[str, Any] = {}
    for kind in RECORD_KINDS:
        choice = data.draw(st.sampled_from(["absent", "items", "citing", "mixed", "junk"]))
        if choice == "items":
            drafts[kind] = data.draw(st.lists(SHAPED[kind], max_size=4))
        elif choice == "citing":
            drafts[kind] = [
                citing(item, article, data) for item in data.draw(st.lists(SHAPED[kind], max_size=4))
            ]
        elif choice == "mixed":
            shaped = data.draw(st.lists(SHAPED[kind], min_size=1, max_size=4))
            drafts[kind] = [spoilt(item, data) if data.draw(st.booleans()) else item for item in shaped]
            drafts[kind] += data.draw(st.lists(DRAFT_VALUE, max_size=2))
        elif choice == "junk":
            drafts[kind] = data.draw(DRAFT_VALUE)
    drafts.update(data.draw(st.dictionaries(st.text(max_size=6), DRAFT_VALUE, max_size=2)))
    return drafts


def citations(extraction: ArticleExtraction) -> Iterator[Any]:
    records = [*extraction.events, *extraction.figures, *extraction.statements, *extraction.actors]
    return (citation for record in records for citation in record.citations)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_drafts_ground_to_exact_citations_of_existing_sentences(
    article: Article, data: st.DataObject
) -> None:
    drafts = drafts_strategy(article, data)
    extraction = ground(article, drafts, model="m")  # type: ignore[arg-type]
    event("some record grounded" if any(citations(extraction)) else "no record grounded")
    for citation in citations(extraction):
        assert 0 <= citation.start < citation.end <= len(article.text)
        assert citation.quote == article.text[citation.start : citation.end]
        assert (citation.article_id, citation.path) == (article.id, article.path)
        sentence = article.sentence(citation.sentence_id or 0)
        assert sentence is not None and (sentence.start, sentence.end) == (citation.start, citation.end)
    for dropped in extraction.dropped:
        assert dropped.kind in ("event", "figure", "statement")
        assert dropped.reason and "\n" not in dropped.reason
    extraction.model_dump_json()  # written to extractions.jsonl as it is


def test_malformed_drafts_are_dropped_with_the_reason(article: Article) -> None:
    event = {"who": [], "when": None, "sentence": 1}
    drafts = {
        "events": [
            event,
            {**event, "sentence": "1"},
            {**event, "sentence": True},
            {**event, "sentence": 1.0},
            {**event, "who": "Rebels"},
            {k: v for k, v in event.items() if k != "when"},
            "Rebels captured Aleppo",
        ],
        "figures": {"number": "327"},
        "statements": None,
    }
    extraction = ground(article, drafts, model="m")  # type: ignore[arg-type]
    assert [e.description for e in extraction.events] == [article.span_text(article.sentences[0])]
    assert [d.reason for d in extraction.dropped] == [
        "not a valid event record (sentence: Input should be a valid integer)",
        "not a valid event record (sentence: Input should be a valid integer)",
        "not a valid event record (sentence: Input should be a valid integer)",
        "not a valid event record (who: Input should be a valid list)",
        "not a valid event record (when: Field required)",
        "not a valid event record (not an object)",
        "not a list of figures",
        "not a list of statements",
    ]
    assert extraction.dropped[-2].record == {"figures": {"number": "327"}}
