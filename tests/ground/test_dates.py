"""Days and dates as articles write them: ``date_mentions``, ``when_key``, ``could_be_same_day`` and ``event_day``."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.ground.dates import (
    DateMention,
    could_be_same_day,
    date_mentions,
    event_day,
    past_day_named,
    resolved_day,
    when_key,
)


def written(text: str) -> list[tuple[str, str]]:
    """Each mention in ``text`` as (the words as written, its key)."""
    return [(text[m.start : m.end], m.key) for m in date_mentions(text)]


# --- date_mentions: written forms and exact spans ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "key"),
    [
        ("The offensive began on November 27 in Idlib.", "November 27", "date:--11-27"),
        ("The offensive began on Nov 27 in Idlib.", "Nov 27", "date:--11-27"),
        ("The offensive began on Nov. 27 in Idlib.", "Nov. 27", "date:--11-27"),
        ("The offensive began on 27 November in Idlib.", "27 November", "date:--11-27"),
        ("The offensive began on 27th November in Idlib.", "27th November", "date:--11-27"),
        ("The offensive began on November 27th in Idlib.", "November 27th", "date:--11-27"),
        ("The offensive began on the 27th of November in Idlib.", "27th of November", "date:--11-27"),
        ("The offensive began on November 27, 2024, in Idlib.", "November 27, 2024", "date:2024-11-27"),
        ("The offensive began on November 27 2024 in Idlib.", "November 27 2024", "date:2024-11-27"),
        ("The offensive began on 27 November 2024 in Idlib.", "27 November 2024", "date:2024-11-27"),
        ("The offensive began on 27 November, 2024.", "27 November, 2024", "date:2024-11-27"),
        ("The offensive began on the 27th of November 2024.", "27th of November 2024", "date:2024-11-27"),
        ("Published 2024-11-27 at noon.", "2024-11-27", "date:2024-11-27"),
        ("Published 2024-11-27T12:00:00Z.", "2024-11-27", "date:2024-11-27"),
        ("Aleppo fell on Dec. 1.", "Dec. 1", "date:--12-01"),
        ("Aleppo fell on Sept. 3.", "Sept. 3", "date:--09-03"),
        ("Aleppo fell on 03 March.", "03 March", "date:--03-03"),
        ("Talks resume May 5.", "May 5", "date:--05-05"),
        ("Talks resume 5 May.", "5 May", "date:--05-05"),
        ("TALKS RESUME NOVEMBER 27.", "NOVEMBER 27", "date:--11-27"),
    ],
)
def test_each_written_form_of_a_date(text: str, words: str, key: str) -> None:
    assert written(text) == [(words, key)]


@pytest.mark.parametrize(
    ("text", "words", "key"),
    [
        ("The offensive began on Wednesday.", "Wednesday", "weekday:wednesday"),
        ("Wednesday's attack killed four.", "Wednesday", "weekday:wednesday"),
        ("It began late on Wed. in Idlib.", "Wed.", "weekday:wednesday"),
        ("It began late on Weds in Idlib.", "Weds", "weekday:wednesday"),
        ("It began late on Wed in Idlib.", "Wed", "weekday:wednesday"),
        ("It began on Tues. in Idlib.", "Tues.", "weekday:tuesday"),
        ("It began on Thurs in Idlib.", "Thurs", "weekday:thursday"),
        ("It began on Thu. in Idlib.", "Thu.", "weekday:thursday"),
        ("It began on Fri in Idlib.", "Fri", "weekday:friday"),
        ("It began on Mon. in Idlib.", "Mon.", "weekday:monday"),
        ("It began on Sat. in Idlib.", "Sat.", "weekday:saturday"),
        ("It began on Sunday in Idlib.", "Sunday", "weekday:sunday"),
        ("IT BEGAN ON SATURDAY.", "SATURDAY", "weekday:saturday"),
    ],
)
def test_each_written_form_of_a_weekday(text: str, words: str, key: str) -> None:
    assert written(text) == [(words, key)]


def test_a_weekday_written_with_its_date_is_one_mention_keyed_by_the_date() -> None:
    assert written("Monday, July 28") == [("Monday, July 28", "date:--07-28")]
    assert written("on Wednesday 27 November 2024.") == [("Wednesday 27 November 2024", "date:2024-11-27")]
    assert written("on Wednesday the 27th of November") == [
        ("Wednesday the 27th of November", "date:--11-27")
    ]


def test_every_mention_is_found_in_text_order() -> None:
    text = "Rebels attacked on Wednesday, November 27, took Aleppo on Saturday and Hama by 5 December."
    assert written(text) == [
        ("Wednesday, November 27", "date:--11-27"),
        ("Saturday", "weekday:saturday"),
        ("5 December", "date:--12-05"),
    ]


def test_mentions_carry_their_span() -> None:
    assert date_mentions("On Nov. 27") == [DateMention(3, 10, "date:--11-27")]


# --- what is not a date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rebels may march on the capital.",  # verbs
        "They may attack in march.",
        "It may be over by May.",  # a month without a day names no day
        "The city fell in March 2016.",
        "In May 2024 talks stalled.",
        "The Sun reported the attack.",  # a newspaper
        "It made the front page of The Sun.",
        "He said sun and wind dried the fields.",
        "Fighting spread in Mon State.",  # a Myanmar state, not Monday
        "Sat in traffic, he waited.",
        "Markets open on Fridays.",  # habitual, not a day
        "Fighting resumed yesterday.",  # relative words depend on the publication date
        "Fighting resumed today.",
        "Fighting resumed last week.",
        "Fighting continued overnight.",
        "Fighting resumed on the weekend.",
        "The toll rose to 327.",
    ],
)
def test_not_dates(text: str) -> None:
    assert date_mentions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "February 30",
        "30 February",
        "the 31st of April",
        "June 31, 2024",
        "February 29, 2023",  # 2023 was not a leap year
        "2024-02-30",
        "2024-13-01",
        "November 32",
        "November 0",
    ],
)
def test_impossible_dates_are_not_mentions(text: str) -> None:
    assert date_mentions(text) == []


def test_february_29_without_a_year_may_exist() -> None:
    assert written("on February 29") == [("February 29", "date:--02-29")]
    assert written("on February 29, 2024") == [("February 29, 2024", "date:2024-02-29")]


def test_a_number_after_a_day_is_not_always_a_year() -> None:
    # A count of people, not the year 2000; and "5,000" is not the fifth.
    assert written("On March 5, 2000 people fled.") == [("March 5", "date:--03-05")]
    assert written("On March 5, 2000 in Homs.") == [("March 5, 2000", "date:2000-03-05")]
    # When unsure the year is left out: "date:--03-05" never contradicts a date that has one.
    assert written("On 27 November 2024 rebels attacked.") == [("27 November", "date:--11-27")]
    assert date_mentions("May 5,000 people flee?") == []


# --- when_key ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "key"),
    [
        ("on Thursday", "weekday:thursday"),
        ("Thursday night", "weekday:thursday"),
        ("late on Wed.", "weekday:wednesday"),
        ("on 27 November", "date:--11-27"),
        ("November 27, 2024", "date:2024-11-27"),
        ("Wednesday, November 27", "date:--11-27"),
        ("on Saturday and again on Saturday", "weekday:saturday"),  # one distinct day
    ],
)
def test_when_key_of_a_phrase_naming_one_day(when: str, key: str) -> None:
    assert when_key(when) == key


@pytest.mark.parametrize(
    "when",
    ["", "yesterday", "overnight", "last week", "in late November", "Thursday or Friday"],
)
def test_when_key_of_a_phrase_naming_no_day_or_several_is_none(when: str) -> None:
    assert when_key(when) is None


def test_when_key_of_two_different_days_is_none() -> None:
    assert when_key("from November 27 to December 1") is None


# --- could_be_same_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("weekday:wednesday", "weekday:wednesday", True),
        ("weekday:wednesday", "weekday:thursday", False),
        ("date:2024-11-27", "date:2024-11-27", True),
        ("date:2024-11-27", "date:2024-11-28", False),
        ("date:2024-11-27", "date:2023-11-27", False),
        ("date:--11-27", "date:--11-27", True),
        ("date:--11-27", "date:--11-28", False),
        ("date:2024-11-27", "date:--11-27", True),  # the year nobody wrote may be 2024
        ("date:--11-27", "date:2024-11-27", True),
        ("date:2024-11-27", "date:--11-28", False),
        ("date:--12-27", "date:2024-11-27", False),
        # A weekday and a date cannot be compared without knowing the week: never a disagreement.
        ("weekday:wednesday", "date:2024-11-27", True),
        ("date:--11-28", "weekday:wednesday", True),
    ],
)
def test_could_be_same_day(a: str, b: str, same: bool) -> None:
    assert could_be_same_day(a, b) is same


def test_keys_from_different_outlets_compare() -> None:
    one, other = when_key("on Nov. 27"), when_key("27 November 2024")
    assert one is not None and other is not None
    assert could_be_same_day(one, other)
    third = when_key("November 28th")
    assert third is not None and not could_be_same_day(one, third)


# --- any text ------------------------------------------------------------------------------------

DATE_ALPHABET = st.sampled_from(
    [
        *"aZ7 ,.-0123\n",
        "Nov",
        "November",
        "May",
        "Wed",
        "Sun",
        "Sat.",
        "th",
        "of",
        "the",
        "2024",
        "-11-",
        "é",
        "“",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(DATE_ALPHABET, max_size=40).map("".join)))
def test_any_text_gives_mentions_within_it_in_order(text: str) -> None:
    found = date_mentions(text)
    assert all(0 <= m.start < m.end <= len(text) for m in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert all(m.key.startswith(("weekday:", "date:")) for m in found)


@pytest.mark.parametrize(
    ("key", "published", "resolved"),
    [
        ("weekday:wednesday", "2024-11-29", "date:2024-11-27"),  # the Wednesday before a Friday
        ("weekday:friday", "2024-11-29", "date:2024-11-29"),  # the day itself
        ("weekday:thursday", "2024-11-29T10:00:00+00:00", "date:2024-11-28"),
        ("weekday:saturday", "2024-11-29", "date:2024-11-23"),  # a week back, never ahead
        ("weekday:wednesday", None, "weekday:wednesday"),  # no date to resolve against
        ("weekday:wednesday", "last week", "weekday:wednesday"),
        ("date:2024-11-27", "2024-11-29", "date:2024-11-27"),
    ],
)
def test_a_weekday_is_resolved_against_the_publication_date(
    key: str, published: str | None, resolved: str
) -> None:
    assert resolved_day(key, published) == resolved


def test_a_resolved_weekday_agrees_with_the_date_it_names() -> None:
    assert could_be_same_day(resolved_day("weekday:wednesday", "2024-11-29"), "date:2024-11-27")
    assert not could_be_same_day(resolved_day("weekday:thursday", "2024-11-29"), "date:2024-11-27")


@pytest.mark.parametrize(
    ("text", "when", "day"),
    [
        ("Rebels captured Aleppo on Friday.", None, "Friday"),
        ("Rebels captured Aleppo late on Friday.", "late on Friday", "late on Friday"),
        # A day named after "following", "after" or "before" is another event's.
        ("Regulators grounded 171 jets following a blowout late Friday.", None, None),
        ("Regulators grounded 171 jets following a blowout late Friday.", "Friday", None),
        ("The FAA on Saturday grounded the jets after a panel blew out on Friday evening.", None, "Saturday"),
        # Must not trigger: a day before such words, or after a comma that ends their phrase.
        ("Rebels entered the city on Sunday after a week of fighting.", None, "Sunday"),
        ("After a week of fighting, rebels entered the city on Sunday.", None, "Sunday"),
        # Two days of the event's own: none is its day.
        ("Rebels massed on Monday and entered the city on Tuesday.", None, None),
    ],
)
def test_the_day_of_a_sentences_event(text: str, when: str | None, day: str | None) -> None:
    assert event_day(text, when) == day


@pytest.mark.parametrize(
    ("text", "published", "number", "past"),
    [
        ("On May 24 a mass shooter at Robb Elementary School killed 19 fourth graders.", "2023-03-28", "19", "May 24"),
        ("It was the deadliest since the May attack in Uvalde, Texas, left 21 dead.", "2023-03-27", "21", "May"),
        ("The storm of August 29, 2005, killed 1,800 people.", "2023-05-05", "1,800", "August 29, 2005"),
        # Must not trigger: a count that runs from the day to now, a day after the number or in
        # the future, a day of the last weeks, no publication date.
        ("Since October 7, 1,200 people were killed.", "2023-12-10", "1,200", None),
        ("It was declared in January 2020: since then there have been 6.8 million deaths.", "2023-05-05", "6.8", None),
        ("Where 1 million people died, the emergency is set to expire on May 11.", "2023-05-05", "1 million", None),
        ("The emergency is set to expire on May 11, after 1 million people died.", "2023-05-05", "1 million", None),
        ("On March 5, 30 people died.", "2023-03-28", "30", None),
        ("On May 24 a mass shooter killed 19 fourth graders.", None, "19", None),
    ],
)  # fmt: skip
def test_a_day_long_before_the_article_is_another_events(
    text: str, published: str | None, number: str, past: str | None
) -> None:
    assert past_day_named(text, published, 60, text.index(number)) == past
