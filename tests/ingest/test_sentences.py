from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.ingest.boilerplate import find_exclusions
from summarizer.ingest.files import normalise_text
from summarizer.ingest.sentences import (
    HARD_MAX_SENTENCE_CHARS,
    MAX_BLOCK_CHARS,
    MAX_SENTENCE_CHARS,
    segment_sentences,
)
from summarizer.models.article import Sentence, Span
from support.paths import SEEDS

SEED_PATHS = sorted(SEEDS.glob("*.txt"))


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return normalise_text(path.read_text(encoding="utf-8"))


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment_sentences(text, find_exclusions(text).excluded)]


def assert_valid(text: str, sentences: Sequence[Sentence], excluded: Sequence[Span] = ()) -> None:
    """Exact, non-empty, stripped spans; ids 1..n; ordered, disjoint, clear of excluded spans."""
    assert [s.id for s in sentences] == list(range(1, len(sentences) + 1))
    previous_end = 0
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        assert 0 <= previous_end <= sentence.start < sentence.end <= len(text)
        assert chunk == chunk.strip()
        previous_end = sentence.end
        for span in excluded:
            if span.start < span.end:
                assert sentence.end <= span.start or span.end <= sentence.start


def covered(text: str, spans: Sequence[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, min(span.end, len(text)))}


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name[:3])
def test_seed_sentences_are_valid(path: Path) -> None:
    text = normalise_text(path.read_text(encoding="utf-8"))
    excluded = find_exclusions(text).excluded
    sentences = segment_sentences(text, excluded)
    assert sentences
    assert_valid(text, sentences, excluded)


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name[:3])
def test_seed_text_outside_exclusions_is_all_in_sentences(path: Path) -> None:
    text = normalise_text(path.read_text(encoding="utf-8"))
    excluded = find_exclusions(text).excluded
    in_sentences = covered(text, segment_sentences(text, excluded))
    outside = set(range(len(text))) - covered(text, excluded)
    assert {i for i in outside if not text[i].isspace()} <= in_sentences


def test_seed_boilerplate_is_in_no_sentence() -> None:
    for prefix, lines in {
        "001": ["Monday, July 28", "Share.", "Leave A Reply", "Exit mobile version"],
        "003": [
            "Author profile",
            "Si Venus L Peñaflor",
            "We appreciate your thoughts",
            "Please leave a comment",
        ],
    }.items():
        sentences = sentence_texts(seed_text(prefix))
        for line in lines:
            assert not any(line in sentence for sentence in sentences), line
    assert not {"0", "122"} & set(sentence_texts(seed_text("003")))


def test_military_ranks_do_not_split() -> None:
    (sentence,) = [s for s in sentence_texts(seed_text("001")) if "Hassan Abdul Ghani" in s]
    assert sentence.startswith("Lt. Col. Hassan Abdul Ghani affirmed")
    assert sentence.endswith("to mount attacks against civilian areas.")


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        (
            "000",
            "The Iranian Foreign Minister has publicly accused both the U.S. and Israel of instigating the "
            "rebel offensive, further complicating the geopolitical landscape.",
        ),
        (
            "001",
            "Former U.S. intelligence official Rebekah Koffler posited that the escalation in Aleppo might "
            "have been a calculated move by Putin in response to perceived threats from the West, "
            "particularly following the U.S. granting Ukraine access to long-range missiles.",
        ),
        (
            "001",
            "The U.N. Office for the Coordination of Humanitarian Affairs (OCHA) reported that the Syrian "
            "government\u2019s warplanes had conducted over 125 airstrikes across Idlib and western Aleppo "
            "since the onset of the HTS offensive.",
        ),
    ],
)
def test_abbreviations_do_not_split(prefix: str, sentence: str) -> None:
    assert sentence in sentence_texts(seed_text(prefix))


def test_a_stop_before_a_comma_ends_no_sentence() -> None:
    text = (
        "Eight Republicans voted to unseat Rep. Kevin McCarthy, R-Calif., as House speaker. "
        "Rep. Matt Gaetz, R-Fla., introduced the motion on Monday. The vote was 216-210; it was historic."
    )
    assert sentence_texts(text) == [
        "Eight Republicans voted to unseat Rep. Kevin McCarthy, R-Calif., as House speaker.",
        "Rep. Matt Gaetz, R-Fla., introduced the motion on Monday.",
        "The vote was 216-210; it was historic.",
    ]
    text = "Alpharetta-based Colonial Pipeline Co. — which provides 45 percent of the fuel — was attacked. — Pat De Haan (@GasBuddyGuy)"
    assert sentence_texts(text)[0] == (
        "Alpharetta-based Colonial Pipeline Co. — which provides 45 percent of the fuel — was attacked."
    )


def test_no_seed_sentence_ends_in_an_abbreviation() -> None:
    for path in SEED_PATHS:
        for sentence in sentence_texts(normalise_text(path.read_text(encoding="utf-8"))):
            assert not sentence.endswith(("U.S.", "U.N.", "Lt.", "Col.", "Dr.")), sentence


def test_seed_headings_are_not_sentences() -> None:
    sentences = sentence_texts(seed_text("004"))
    assert not any(
        s.startswith(("Jihadist Rebels Capture", "The Geopolitical Implications")) for s in sentences
    )
    assert sentences[0].startswith("The capture of Aleppo signifies")


def test_one_paragraph_per_line_splits_at_each_line() -> None:
    text = "Rebels took the city.\nThe army left"
    assert [text[s.start : s.end] for s in segment_sentences(text)] == [
        "Rebels took the city.",
        "The army left",
    ]


def test_hard_wrapped_lines_join_into_one_sentence() -> None:
    text = "Rebels entered the city\non Friday, residents said. The army\nwithdrew."
    spans = segment_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Rebels entered the city\non Friday, residents said.",
        "The army\nwithdrew.",
    ]


def test_never_across_blank_line_or_excluded_span() -> None:
    text = "Rebels entered the city\n\non Friday. Talks\nAdvertisement\nresumed later."
    excluded = [Span(start=text.index("Advertisement"), end=text.index("Advertisement") + 13)]
    assert [text[s.start : s.end] for s in segment_sentences(text, excluded)] == [
        "Rebels entered the city",
        "on Friday.",
        "Talks",
        "resumed later.",
    ]


def test_list_items_are_separate() -> None:
    text = "Key points\n- rebels hold the airport\n- the army withdrew"
    assert [text[s.start : s.end] for s in segment_sentences(text)][1:] == [
        "- rebels hold the airport",
        "- the army withdrew",
    ]


def test_long_sentence_splits_at_clause_break_near_middle() -> None:
    clause = "the rebels advanced through the outskirts of the city under heavy fire"
    text = ", ".join([clause] * 6) + "; " + ", ".join([clause] * 6) + "."
    assert len(text) > MAX_SENTENCE_CHARS
    sentences = segment_sentences(text)
    pieces = [text[s.start : s.end] for s in sentences]
    assert len(pieces) >= 2
    assert pieces[0].endswith(";")
    assert all(len(piece) <= MAX_SENTENCE_CHARS for piece in pieces)
    assert_valid(text, sentences)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_long_sentence_without_clause_break_stays_whole() -> None:
    text = " ".join(["word"] * 200) + "."
    (sentence,) = segment_sentences(text)
    assert (sentence.start, sentence.end) == (0, len(text))


def test_text_pysbd_rewrites_is_still_covered_exactly() -> None:
    text = "He said ∯ that. And &ᓰ& then. ☝ ok."
    sentences = segment_sentences(text)
    assert_valid(text, sentences)
    assert {i for i, char in enumerate(text) if not char.isspace()} <= covered(text, sentences)


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert segment_sentences("") == []
    assert segment_sentences(" \n\n\t ") == []


TEXT_ALPHABET = st.sampled_from(
    [*"aZé .,;:!?\"'()-\n\r\t0", "U.S.", "Dr. ", "e\u0301", "\u2028", "“", "”", "∯", "&ᓰ&", "☝", "Share."]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT_ALPHABET, max_size=80).map("".join))
def test_any_text_gives_valid_sentences_and_exclusions(raw: str) -> None:
    text = normalise_text(raw)
    excluded = find_exclusions(text).excluded
    sentences = segment_sentences(text, excluded)
    assert_valid(text, sentences, excluded)
    outside = set(range(len(text))) - covered(text, excluded)
    assert {i for i in outside if not text[i].isspace()} <= covered(text, sentences)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=150))
def test_arbitrary_unicode_gives_valid_sentences(raw: str) -> None:
    text = normalise_text(raw)
    excluded = find_exclusions(text).excluded
    assert_valid(text, segment_sentences(text, excluded), excluded)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(TEXT_ALPHABET, max_size=40).map("".join),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4),
)
def test_arbitrary_excluded_spans_are_respected(raw: str, bounds: list[tuple[int, int]]) -> None:
    text = normalise_text(raw)
    excluded = [Span(start=start, end=end) for start, end in bounds]
    assert_valid(text, segment_sentences(text, excluded), excluded)


def test_line_ending_in_a_comma_continues_into_the_next_line() -> None:
    text = "Rebels entered the city,\nresidents said.\nThe army left."
    assert [text[s.start : s.end] for s in segment_sentences(text)] == [
        "Rebels entered the city,\nresidents said.",
        "The army left.",
    ]


# --- giant sentences and blocks -----------------------------------------------------------------


def continues_a_character(text: str, position: int) -> bool:
    """A combining mark, surrogate or emoji modifier, or either side of a zero-width joiner."""
    char = text[position]
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me", "Cs")
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\u200d" in (char, text[position - 1])
    )


def test_a_giant_sentence_without_clause_breaks_splits_at_the_whitespace_nearest_its_middle() -> None:
    text = " ".join(["word"] * 800)
    assert HARD_MAX_SENTENCE_CHARS < len(text) < MAX_BLOCK_CHARS
    pieces = sentence_texts(text)
    assert pieces == [" ".join(["word"] * 400)] * 2


@pytest.mark.parametrize("unit", ["Q", "e\u0301", "a\u0301\u0302", "👩\u200d💻", "👍🏽"])
@pytest.mark.parametrize("length", [4_000, 12_000], ids=["sentence", "block"])
def test_a_run_without_whitespace_is_cut_between_characters_only(unit: str, length: int) -> None:
    """``unit`` is one character as read: a base character, with its marks, modifier or joined emoji."""
    text = unit * (length // len(unit))
    sentences = segment_sentences(text)
    assert_valid(text, sentences)
    assert len(sentences) > 1
    assert all(s.end - s.start <= HARD_MAX_SENTENCE_CHARS for s in sentences)
    assert (sentences[0].start, sentences[-1].end) == (0, len(text))
    for before, after in pairwise(sentences):
        assert before.end == after.start and after.start % len(unit) == 0


def test_a_text_on_one_line_is_cut_into_blocks_at_sentence_ends() -> None:
    sentence = "Rebels entered the city on Friday, residents said."
    text = " ".join([sentence] * 400)
    assert len(text) > 3 * MAX_BLOCK_CHARS
    assert sentence_texts(text) == [sentence] * 400


# No whitespace, so every cut is one made between characters (or none, in a run of marks).
RUN_PIECES = st.sampled_from(
    ["a", "Z", "7", "e\u0301", "\u0301", "\u200d", "👩\u200d💻", "👍🏽", "🏽", "🇸🇾", "\ufe0f", "QUJD" * 8]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(RUN_PIECES, min_size=1, max_size=30), st.integers(50, 600))
def test_long_runs_without_punctuation_give_bounded_sentences_cut_between_characters(
    pieces: list[str], repeat: int
) -> None:
    text = ("".join(pieces) * repeat)[:9_000]
    sentences = segment_sentences(text)
    assert_valid(text, sentences)
    assert {i for i, char in enumerate(text) if not char.isspace()} <= covered(text, sentences)
    for sentence in sentences:
        if sentence.end - sentence.start > HARD_MAX_SENTENCE_CHARS:  # one character and its marks
            assert all(continues_a_character(text, i) for i in range(sentence.start + 1, sentence.end))
    for before, after in pairwise(sentences):
        if before.end == after.start:
            assert not continues_a_character(text, after.start)
