"""Figures read from an article's own sentences, beside the ones the model lists.

The embedded model lists few of an article's figures, and on a story unlike its prompt's example
(a space mission, a sentencing) sometimes none: it repeats the example's numbers, which grounding
drops. So every amount of money, every measurement and every prison term the article writes
("$325 million mission", "14,500 miles per hour", "sentenced to nine years in prison") whose
sentence says what it is (``figure_context``) is offered to grounding as the model's figures
are, and passes the same checks. So is every count of people killed, injured, displaced, missing,
rescued or detained (a story's running counts) and of protesters (``COUNTS_READ``): the model
leaves many out, and the outlets' tolls, or the police's and the organisers' crowds, can only be set
side by side where each is listed. A count in a sentence that
names an earlier year than the article's ("the 1928 hurricane, which killed more than 2,500
people") tells of another event, and a bare four-digit number of the years' span ("the deadliest
since 2016") is a year, so neither is offered. Other counts and percentages are left to the
model: which of an article's many counts and moves is news, its words alone do not say. A number
the model listed already is not offered again; years, clock times, conversions in brackets and
numbers used as adjectives are not offered at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from summarizer.ground.dates import date_mentions, published_day
from summarizer.ground.figure_context import (
    COUNTS_READ,
    UNNAMED_MEASURE,
    count_beside,
    figure_context,
    is_a_conversion,
    measurement_unit,
)
from summarizer.ground.numbers import YEAR_SPAN, NumberMention, clock_time, mentions
from summarizer.models.article import Article


def written_figures(article: Article, listed: Iterable[tuple[int, float]]) -> list[dict[str, Any]]:
    """Figure records, in the model's form, for the amounts and measurements of ``article`` other
    than the ``listed`` (sentence id, value) pairs."""
    taken = set(listed)
    records = []
    for sentence in article.sentences:
        text = article.span_text(sentence)
        for mention in mentions(text):
            if (
                (sentence.id, mention.value) in taken
                or mention.looks_like_year(text)
                or clock_time(text, mention) is not None  # "7:14 p.m.", "2314 GMT", "3pm"
                or is_a_conversion(text, mention)  # "530 feet (160 meters)"
                or figure_context(text, mention).measure == UNNAMED_MEASURE
                or not (_kept(text, mention) or _a_count_read(text, mention, article.published))
            ):
                continue
            taken.add((sentence.id, mention.value))
            records.append(
                {"number": text[mention.start : mention.end], "counts": "", "sentence": sentence.id}
            )
    return records


def _kept(text: str, mention: NumberMention) -> bool:
    """Whether a number is a figure a reader wants without the model's choice: an amount of
    money or a measurement ("14,000 mph", "160 metres"). Counts (tolls, things in the plural),
    percentages and numbers used as adjectives ("a 46-page memo") are left to the model's
    choice: which of an article's many counts and moves is news, its words alone do not say."""
    if _PRISON_TERM_BEFORE.search(text, 0, mention.start) or _PRISON_TERM_AFTER.match(text, mention.end):
        return True
    if text.startswith("-", mention.end):
        return False
    return mention.unit not in (None, "%") or measurement_unit(text, mention) is not None


def _a_count_read(text: str, mention: NumberMention, published: str | None) -> bool:
    """Whether a number is a count of this story's dead, injured, displaced, missing, rescued,
    detained or protesters (``COUNTS_READ``), its measure written right beside it ("27 people were dead",
    "killing 179"), written as a count and not as a year, in a sentence that names no year before
    the article's own (any year, where the article's date is unknown)."""
    measure = figure_context(text, mention).measure
    if measure not in COUNTS_READ or count_beside(text, mention) != measure:
        return False
    if any(day.start <= mention.start < day.end for day in date_mentions(text)):
        return False  # "before the September 14 deadline"
    if (
        _FOUR_DIGITS.fullmatch(text, mention.start, mention.end)
        and YEAR_SPAN[0] <= mention.value <= YEAR_SPAN[1]
    ):
        return False  # "the deadliest in Japan since at least 2016", "the 1985 earthquake"
    own_day = published_day(published)
    own_year = own_day.year if own_day else None
    return not any(
        own_year is None or int(year) < own_year
        for year in _YEAR.findall(text)
        if YEAR_SPAN[0] <= int(year) <= YEAR_SPAN[1]
    )


_FOUR_DIGITS = re.compile(r"\d{4}")
_YEAR = re.compile(r"(?<![\d,.$£€])\b(\d{4})\b(?![,.]\d)")

# A prison term is a sentencing's figure: "sentenced in August to nine years in prison", "serving
# a 25-year sentence", "16 years in a penal colony".
_PRISON_TERM_BEFORE = re.compile(
    r"\bsentenced\s+(?:\w+\s+){0,3}?to\s+(?:more\s+than\s+|up\s+to\s+|about\s+|nearly\s+)?$", re.IGNORECASE
)
_PRISON_TERM_AFTER = re.compile(
    r"(?:-year\s+(?:prison\s+|jail\s+)?(?:sentence|term)\b"
    r"|\s+years?(?:\s+and\s+\w+\s+months?)?\s+(?:in\s+(?:a\s+)?(?:[\w-]+\s+){0,2}(?:prison|jail|penal\s+colony)|behind\s+bars)\b)",
    re.IGNORECASE,
)
