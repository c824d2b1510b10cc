"""Where an opening dateline ends (summarizer/ingest/datelines.py)."""

from __future__ import annotations

import pytest

from summarizer.ingest.datelines import dateline_end


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("MEXICO CITY (AP) — A quake toppled buildings.", "A quake toppled buildings."),
        ("UVALDE, Texas (AP) -- A gunman opened fire.", "A gunman opened fire."),
        ("Sept. 29 (UPI) -- The storm moved north.", "The storm moved north."),
        ("Colombo (News 1st) - The black boxes were found.", "The black boxes were found."),
        ("San Francisco: Altman is talking with the board.", "Altman is talking with the board."),
        ("Washington, June 25: Clinics have begun to shut.", "Clinics have begun to shut."),
        (
            "NEAR DERNA, Libya, Sept 12 (Reuters) - A quarter of the city was wiped out.",
            "A quarter of the city was wiped out.",
        ),
        ("Tripoli [Libya], September 12: A storm swept through the east.", "A storm swept through the east."),
        ("AMIZMIZ: Survivors huddled for a night in the open.", "Survivors huddled for a night in the open."),
        ("(Bloomberg) -- Kevin McCarthy was ousted on Tuesday.", "Kevin McCarthy was ousted on Tuesday."),
        # Must not trigger: a sentence that opens with no dateline.
        ("Note: this is not a place.", "Note: this is not a place."),
        ("Biden - who spoke on Friday - left early.", "Biden - who spoke on Friday - left early."),
        ("Rebels captured Aleppo on Friday.", "Rebels captured Aleppo on Friday."),
        ("(Updated) The toll rose - to 21 - by noon.", "(Updated) The toll rose - to 21 - by noon."),
    ],
)
def test_the_words_after_a_dateline(text: str, rest: str) -> None:
    assert text[dateline_end(text) :] == rest
