from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.ingest.boilerplate import (
    RULES,
    find_exclusions,
    looks_like_heading,
    looks_like_headline,
    matching_rule,
)
from summarizer.ingest.files import normalise_text
from support.paths import SEEDS


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return normalise_text(path.read_text(encoding="utf-8"))


def excluded_texts(text: str) -> dict[str, str]:
    return {text[e.start : e.end]: e.reason for e in find_exclusions(text).excluded}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share.", "share"),
        ("  Share this:  ", "share"),
        ("Tweet", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Leave A Reply", "comments"),
        ("We appreciate your thoughts. Please leave a comment.", "comments"),
        ("12 Comments", "comments"),
        ("Exit mobile version", "navigation"),
        ("ADVERTISEMENT", "advertisement"),
        ("Read more", "read more"),
        ("READ MORE: Rebels take Aleppo", "read more"),
        ("Subscribe", "newsletter"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Follow us on Telegram", "follow"),
        ("© 2024 The Daily. All rights reserved.", "copyright"),
        ("Copyright 2024 Example News", "copyright"),
        ("0", "counter"),
        ("122", "counter"),
        ("1,204 | 37", "counter"),
        ("* * *", "separator"),
        ("Author profile", "author bio"),
        ("About the author", "author bio"),
        ("Monday, July 28", "dateline"),
        ("July 28, 2024", "dateline"),
        ("Updated: 28 July 2024, 10:30 GMT", "dateline"),
        ("2024-07-28", "dateline"),
        ("By Jane Doe and John Roe", "byline"),
    ],
)
def test_boilerplate_lines_match_their_rule(line: str, reason: str) -> None:
    rule = matching_rule(line)
    assert rule is not None
    assert rule.name == reason


@pytest.mark.parametrize(
    "line",
    [
        "Please share your thoughts with the ministry, officials said.",
        "Residents were asked to leave a comment on the proposal.",
        "Russia launched 122 airstrikes on Monday, July 28.",
        "Copyright lawsuits against the broadcaster are rising.",
        "Subscribers to the service lost access on Friday.",
        "Follow-up talks are planned for Monday.",
        "By Friday, rebels held the airport.",
        "Read more about the offensive in our explainer, the editor wrote.",
        "The author of the report, Dareen Khalifa, said the offensive was planned.",
    ],
)
def test_story_sentences_match_no_rule(line: str) -> None:
    assert matching_rule(line) is None


def test_rule_names_are_distinct() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_no_seed_sentence_matches_a_rule() -> None:
    from summarizer.ingest.sentences import segment_sentences

    for path in sorted(SEEDS.glob("*.txt")):
        text = normalise_text(path.read_text(encoding="utf-8"))
        for sentence in segment_sentences(text, find_exclusions(text).excluded):
            assert matching_rule(text[sentence.start : sentence.end]) is None, path.name


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Syrian rebels overrun Aleppo amid Russian airstrikes backing Assad", True),
        ("# Rebels take Aleppo", True),
        ("Rebels take Aleppo, residents say.", False),
        ("What happens next?", False),
        ("Key points:", False),
        ("Aleppo falls to rebels”", True),
        ("“Our armed forces carried out a redeployment operation.”", False),
        ("2024", False),
        ("Monday, July 28", False),
        ("x" * 201, False),
        ("", False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jihadist Rebels Capture Aleppo: A Turning Point in the Syrian Civil War", True),
        ("The Geopolitical Implications of the Aleppo Offensive", True),
        ("## What happens next?", True),
        ("HUMANITARIAN SITUATION", True),
        ("Syrian rebels overrun Aleppo amid Russian airstrikes backing Assad", False),
        ("The Observatory reported that the rebels took the city.", False),
        ("Aleppo", False),
    ],
)
def test_looks_like_heading(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_seed_001_boilerplate_and_dateline() -> None:
    found = excluded_texts(seed_text("001"))
    assert found == {
        "Monday, July 28": "dateline",
        "Share.": "share",
        "Leave A Reply": "comments",
        "Exit mobile version": "navigation",
    }
    assert find_exclusions(seed_text("001")).title is None


def test_seed_003_headline_counters_bio_and_comment_prompt() -> None:
    text = seed_text("003")
    exclusions = find_exclusions(text)
    found = excluded_texts(text)
    assert exclusions.title == "Syrian rebels overrun Aleppo amid Russian airstrikes backing Assad"
    assert found[exclusions.title] == "headline"
    assert found["0"] == "counter"
    assert found["122"] == "counter"
    assert found["Author profile"] == "author bio"
    bio = next(line for line in text.split("\n") if line.startswith("Si Venus L Peñaflor"))
    assert found[bio] == "author bio"
    assert found["We appreciate your thoughts. Please leave a comment."] == "comments"
    assert len(found) == 6


def test_seed_004_title_is_the_inner_headline_and_other_headings_are_excluded() -> None:
    text = seed_text("004")
    exclusions = find_exclusions(text)
    assert exclusions.title == "Jihadist Rebels Capture Aleppo: A Turning Point in the Syrian Civil War"
    assert excluded_texts(text) == {
        exclusions.title: "headline",
        "The Geopolitical Implications of the Aleppo Offensive": "heading",
    }


def test_seeds_without_headline_have_no_title_and_keep_every_line() -> None:
    for prefix in ("000", "002"):
        exclusions = find_exclusions(seed_text(prefix))
        assert exclusions.title is None
        assert exclusions.excluded == []


def test_markdown_heading_gives_title_without_hashes() -> None:
    text = "# Rebels take Aleppo\n\nRebels entered the city.\n\n## What next?\n\nTalks follow."
    exclusions = find_exclusions(text)
    assert exclusions.title == "Rebels take Aleppo"
    assert [e.reason for e in exclusions.excluded] == ["headline", "heading"]


def test_lone_headline_like_line_is_kept_as_text() -> None:
    exclusions = find_exclusions("Rebels take Aleppo\n\nShare.")
    assert exclusions.title is None
    assert [e.reason for e in exclusions.excluded] == ["share"]


def test_author_bio_covers_only_the_next_paragraph() -> None:
    text = "Rebels took the city.\n\nAbout the author\n\nJane writes about Syria.\n\nTalks follow."
    assert excluded_texts(text) == {
        "About the author": "author bio",
        "Jane writes about Syria.": "author bio",
    }


def test_excluded_span_is_the_line_without_surrounding_whitespace() -> None:
    text = "Rebels took the city.\n   Advertisement  \t\nTalks follow."
    (span,) = find_exclusions(text).excluded
    assert text[span.start : span.end] == "Advertisement"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.,:?!#0-\n\r\t ©\u2019”")), max_size=120))
def test_exclusions_are_single_lines_ordered_and_disjoint(raw: str) -> None:
    text = normalise_text(raw)
    excluded = find_exclusions(text).excluded
    previous_end = 0
    for span in excluded:
        chunk = text[span.start : span.end]
        assert previous_end <= span.start < span.end <= len(text)
        assert chunk == chunk.strip()
        assert "\n" not in chunk
        previous_end = span.end
