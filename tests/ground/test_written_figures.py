"""Figures read from an article's own sentences (summarizer/ground/written_figures.py)."""

from __future__ import annotations

from summarizer.ground.grounding import ground
from summarizer.ground.written_figures import written_figures
from summarizer.ingest.files import build_article

TEXT = (
    "The spacecraft hit the asteroid at 14,000 mph (22,500 km/h) on Monday. "
    "The US$325 million mission was the first of its kind. "
    "Dimorphos is 530 feet (160 meters) across. "
    "The impact came at 7:14 p.m. EDT, 10 months after launch. "
    "Officials wrote a 46-page report in 2021, and shares rose 3%."
)


def test_amounts_and_measurements_are_read_from_the_text() -> None:
    article = build_article("a.txt", TEXT)
    numbers = [r["number"] for r in written_figures(article, listed=[])]
    # Not: a conversion in brackets, a time of day, a duration, a number used as an adjective, a
    # year, a percentage move (which of those is news, the words alone do not say).
    assert numbers == ["14,000", "$325 million", "530"]


def test_a_prison_term_is_read_from_the_text() -> None:
    text = (
        "Griner was sentenced in August to nine years in prison. "
        "Bout was serving a 25-year sentence in the US. "
        "Whelan got 16 years in a penal colony. "
        # Must not trigger: other spans of years.
        "Bout had been held for 14 years, and Griner has played for nine years in Phoenix."
    )
    numbers = [r["number"] for r in written_figures(build_article("a.txt", text), listed=[])]
    assert numbers == ["nine", "25", "16"]


def test_a_number_the_model_listed_is_not_read_twice() -> None:
    article = build_article("a.txt", TEXT)
    first = article.sentences[0].id
    numbers = [r["number"] for r in written_figures(article, listed=[(first, 14000.0)])]
    assert "14,000" not in numbers


def test_read_figures_pass_the_same_checks_as_the_models() -> None:
    article = build_article("a.txt", TEXT)
    figures = ground(article, {"events": [], "figures": [], "statements": []}, model="m").figures
    assert [(f.value_text, f.measure) for f in figures] == [
        ("14,000", "mph"),
        ("$325 million", "mission"),
        ("530", "feet across"),  # a size, with its dimension
    ]
