"""The last check before a briefing is shown (summarizer/merge/support.py)."""

from __future__ import annotations

from summarizer.merge.support import scripts, supported, unsupported
from summarizer.models.records import Citation, Dropped, Event, Figure, Statement

TEXT = "Rebels captured Aleppo on Friday. At least 311 people were killed, the monitor said."
CAPTURE = Citation(article_id="a", path="a.txt", start=0, end=33, quote=TEXT[:33], sentence_id=1)
TOLL = Citation(article_id="a", path="a.txt", start=34, end=len(TEXT), quote=TEXT[34:], sentence_id=2)


def text_of(article_id: str) -> str:
    return TEXT


def figure(**fields: object) -> Figure:
    values = {
        "measure": "deaths",
        "value": 311.0,
        "value_text": "311",
        "qualifier": "at_least",
        "citations": [TOLL],
    }
    return Figure.model_validate({**values, **fields})


def test_items_told_in_the_words_they_cite_pass() -> None:
    items = [
        Event(description=CAPTURE.quote, citations=[CAPTURE], when="Friday"),
        figure(),
        Statement(speaker="the monitor", content="At least 311 people were killed", citations=[TOLL]),
    ]
    dropped: list[Dropped] = []
    assert supported(items, text_of, dropped) == items and dropped == []


def test_each_unsupported_item_is_dropped_with_its_reason() -> None:
    items = [
        Event(description="Rebels took the city", citations=[CAPTURE]),
        figure(value_text="327", value=327.0),
        figure(where="Hama"),
        figure(measure="count"),
        Statement(speaker="Ahmed Hassan", content="At least 311 people were killed", citations=[TOLL]),
        Statement(speaker="the monitor", content="Hundreds died", citations=[TOLL]),
        Statement(speaker="the monitor 监测", content="At least 311 people were killed", citations=[TOLL]),
    ]
    dropped: list[Dropped] = []
    assert supported(items, text_of, dropped) == []
    assert [d.reason for d in dropped] == [
        "its text is not the words it cites",
        "its number '327' is not written in its cited sentence",
        "its place 'Hama' is not named in its cited sentence",
        "its sentence does not say what the number counts",
        "its speaker 'Ahmed Hassan' is not named in what it cites",
        "its words are not a span of its cited sentence",
        "it shows letters of a script its article does not use (CJK)",
    ]
    assert [d.kind for d in dropped] == [
        "event",
        "figure",
        "figure",
        "figure",
        "statement",
        "statement",
        "statement",
    ]


def test_scripts_are_read_from_letters_only() -> None:
    assert scripts("Aleppo, 311 — «Алеппо» 阿勒颇") == {"LATIN", "CYRILLIC", "CJK"}
    assert unsupported(figure(measure="deaths"), lambda _: "Алеппо 311 killed") is None
