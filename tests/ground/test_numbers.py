"""Numbers as articles write them: ``mentions``, ``parse_value`` and ``locate`` (summarizer/numbers.py)."""

from __future__ import annotations

import pytest

from summarizer.ground.numbers import (
    NumberMention,
    clock_time,
    in_a_name,
    in_a_score,
    locate,
    mentions,
    parse_value,
)


def only(text: str) -> NumberMention:
    """The single number written in ``text``."""
    (mention,) = mentions(text)
    return mention


def written(text: str, mention: NumberMention) -> str:
    return text[mention.start : mention.end]


# --- mentions: values, units and spans -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value", "unit"),
    [
        ("Some 14,000 people fled.", "14,000", 14_000.0, None),
        ("It housed 1,250,000 refugees.", "1,250,000", 1_250_000.0, None),
        ("The bill was £7.9m in total.", "£7.9m", 7_900_000.0, "GBP"),
        ("A 2bn deal was signed.", "2bn", 2e9, None),
        ("A $2bn deal was signed.", "$2bn", 2e9, "USD"),
        ("Aid of €40 million arrived.", "€40 million", 40e6, "EUR"),
        ("Prices rose 3.5 per cent last year.", "3.5 per cent", 3.5, "%"),
        ("Turnout fell to 12% today.", "12%", 12.0, "%"),
        ("Exactly 1.5 billion was owed.", "1.5 billion", 1.5e9, None),
        ("Only 12k signed it.", "12k", 12_000.0, None),
    ],
)
def test_digits_commas_decimals_multipliers_currencies_and_percentages(
    text: str, words: str, value: float, unit: str | None
) -> None:
    mention = only(text)
    assert written(text, mention) == words
    assert mention.value == pytest.approx(value)
    assert mention.unit == unit


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Four soldiers died.", "Four", 4.0),
        ("They arrested a dozen men.", "a dozen", 12.0),
        ("Only a hundred remained.", "a hundred", 100.0),
        ("Twenty buses left.", "Twenty", 20.0),
        ("Eleven were rescued.", "Eleven", 11.0),
        ("Ninety were rescued.", "Ninety", 90.0),
        # A number in words before "hundred" or "thousand" is one number with it.
        ("One hundred people were rescued.", "One hundred", 100.0),
        ("Some twenty-five thousand marched.", "twenty-five thousand", 25000.0),
    ],
)
def test_number_words(text: str, words: str, value: float) -> None:
    mention = only(text)
    assert written(text, mention) == words
    assert mention.value == value
    assert mention.unit is None


def test_number_words_are_whole_words_only() -> None:
    # "ten" in "often", "one" in "someone", "nine" in "ninety" are not numbers.
    assert mentions("Someone often said so.") == []
    # Nor is "one" a count where it is a person: "their loved one", "no one".
    assert mentions("The death of their loved one hurt; no one spoke.") == []
    # Nor where it ranks: "one of the largest", "one of the most powerful".
    assert mentions("It was one of the largest and one of the most powerful storms.") == []
    assert mentions("It closed the spa, one of Iceland’s most popular tourist attractions.") == []
    # Must not trigger: one of a kind that is no rank.
    assert [m.value for m in mentions("Only one of its ships sank.")] == [1]
    # Must not trigger: one of a number of things is still one.
    assert [m.value for m in mentions("One of the 12 dead was a child.")] == [1.0, 12.0]
    assert [m.value for m in mentions("One person died and one was hurt.")] == [1.0, 1.0]
    assert [m.value for m in mentions("ninety-nine")] == [99.0]


def test_every_number_of_a_sentence_is_found_in_order() -> None:
    text = "At least 311 people died and 1,200 were hurt in four towns."
    assert [(written(text, m), m.value) for m in mentions(text)] == [
        ("311", 311.0),
        ("1,200", 1200.0),
        ("four", 4.0),
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("The palace waited until 6:30 pm, ensuring that all were told.", []),
        ("The death was announced at 6.30pm, with 96 gun salutes at noon.", ["96"]),
        ("It was announced at 1730 GMT.", []),
        ("He arrived at 4 p.m. with 12 aides.", ["12"]),
        # Must not trigger: a decimal before another unit, a count with a comma, a ratio.
        ("She won 6.30 percent of the vote.", ["6.30 percent"]),
        ("Some 1,730 workers walked out.", ["1,730"]),
        ("The odds were 2:1 against.", ["2", "1"]),
    ],
)
def test_a_time_of_day_is_one_mention_in_hours(text: str, numbers: list[str]) -> None:
    assert [text[m.start : m.end] for m in mentions(text) if not clock_time(text, m)] == numbers


@pytest.mark.parametrize(
    ("text", "shown", "hours"),
    [
        ("The palace waited until 6:30 pm to announce it.", "6:30 pm", 18.5),
        ("It was announced at 1730 GMT.", "1730 GMT", 17.5),
        ("He arrived at 4 p.m. with aides.", "4 p.m", 16.0),
        ("The lander touched down at 6:04 pm India time.", "6:04 pm", 18 + 4 / 60),
        ("Flights resumed at 12 am.", "12 am", 0.0),
    ],
)
def test_a_time_of_day_reads_whole(text: str, shown: str, hours: float) -> None:
    for mention in mentions(text):  # from any of its numbers: the 6 of "6:04 pm", or its 04
        time = clock_time(text, mention)
        assert time is not None and (text[time.start : time.end], time.value) == (shown, pytest.approx(hours))


def test_no_number_no_mention() -> None:
    assert mentions("Thousands of people fled the city.") == []


# --- qualifiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("at least 311 were killed", "at_least"),
        ("no fewer than 311 were killed", "at_least"),
        ("no less than 311 were killed", "at_least"),
        ("over 327 were killed", "more_than"),
        ("Over 327 were killed", "more_than"),
        ("more than 327 were killed", "more_than"),
        ("in excess of 327 were killed", "more_than"),
        ("approximately 300 were killed", "about"),
        ("around 300 were killed", "about"),
        ("some 300 were killed", "about"),
        ("nearly 300 were killed", "about"),
        ("an estimated 300 were killed", "about"),
        ("up to 50 were killed", "at_most"),
        ("as many as 50 were killed", "at_most"),
        ("fewer than 10 were killed", "less_than"),
        ("less than 10 were killed", "less_than"),
        ("311 were killed", "exact"),
        ("the 311 who were killed", "exact"),
    ],
)
def test_qualifier_families(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


def test_qualifier_applies_to_words_currency_and_multipliers() -> None:
    assert only("at least four died").qualifier == "at_least"
    dozen = only("more than a dozen died")
    assert (dozen.value, dozen.qualifier) == (12.0, "more_than")
    money = only("over £7.9m was spent")
    assert (money.value, money.unit, money.qualifier) == (7.9e6, "GBP", "more_than")


def test_qualifier_must_stand_right_before_the_number() -> None:
    # "over" ends a clause here; it does not qualify the number after "the".
    assert only("It was over the 311 mark.").qualifier == "exact"
    text = "At least 311 died and 40 were hurt."
    assert [m.qualifier for m in mentions(text)] == ["at_least", "exact"]


def test_no_more_than_is_at_most() -> None:
    assert only("no more than 50 people were allowed in").qualifier == "at_most"


# --- years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["The war has gone on since 2016.", "It began in 2011.", "Sanctions from 1990 remain.", "Due by 2030."],
)
def test_years_in_year_context(text: str) -> None:
    assert only(text).looks_like_year(text)


@pytest.mark.parametrize(
    "text",
    [
        "Some 2,000 people fled.",  # written with a comma: a count
        "Since 2,000 people fled, the town is empty.",  # a comma, even in year context
        "2016 people signed the letter.",  # no year context before it
        "Officials counted 1850 tents.",  # no year context before it
        "It began in 5000 homes.",  # outside 1900-2100
    ],
)
def test_counts_are_not_years(text: str) -> None:
    assert not only(text).looks_like_year(text)


def test_only_the_year_of_a_sentence_is_a_year() -> None:
    text = "In 2016, 17 people died."
    assert [m.looks_like_year(text) for m in mentions(text)] == [True, False]


@pytest.mark.xfail(reason="a year after a month name ('in March 2016') has no year context", strict=True)
def test_year_after_month_name_is_a_year() -> None:
    text = "The town fell in March 2016."
    assert only(text).looks_like_year(text)


@pytest.mark.xfail(
    reason="any four-digit number in 1900-2100 after 'of'/'after'/'from'… is taken for a year, "
    "so a count written without a comma ('a crowd of 2000 people') is dropped as a year",
    strict=True,
)
def test_count_after_of_is_not_a_year() -> None:
    text = "A crowd of 2000 people gathered."
    assert not only(text).looks_like_year(text)


def test_hyphenated_number_word() -> None:
    mention = locate("Twenty-five people died.", "25")
    assert mention is not None
    assert mention.value == 25


# --- parse_value ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written_by_model", "value"),
    [
        ("14,000", 14_000.0),
        ("7.9m", 7.9e6),
        ("£7.9m", 7.9e6),
        ("2bn", 2e9),
        ("3 million", 3e6),
        ("50%", 50.0),
        ("four", 4.0),
        ("Four", 4.0),
        ("dozen", 12.0),
        ("over 125", 125.0),
        ("327", 327.0),
        ("1,5", 1.5),  # a decimal comma, as its sentence reads it ("1,5 kilometers")
    ],
)
def test_parse_value(written_by_model: str, value: float) -> None:
    assert parse_value(written_by_model) == pytest.approx(value)


@pytest.mark.parametrize("written_by_model", ["", "many", "several", "n/a"])
def test_parse_value_of_no_number_is_none(written_by_model: str) -> None:
    assert parse_value(written_by_model) is None


# --- locate --------------------------------------------------------------------------------------


def test_locate_reads_words_value_unit_and_qualifier_from_the_sentence() -> None:
    sentence = "The council said more than £7.9m had been spent."
    mention = locate(sentence, "7.9m")
    assert mention is not None
    assert written(sentence, mention) == "£7.9m"
    assert (mention.value, mention.unit, mention.qualifier) == (7.9e6, "GBP", "more_than")


def test_locate_ignores_the_models_qualifier() -> None:
    sentence = "Over 327 people were killed."
    mention = locate(sentence, "at least 327")
    assert mention is not None
    assert mention.qualifier == "more_than"


def test_locate_matches_word_and_digit_forms_by_value() -> None:
    words = "Six people died in the attack."
    digits = "6 people died in the attack."
    from_digits = locate(words, "6")
    from_words = locate(digits, "six")
    assert from_digits is not None and written(words, from_digits) == "Six"
    assert from_words is not None and written(digits, from_words) == "6"
    dozen = locate("They held a dozen men.", "12")
    assert dozen is not None and dozen.value == 12


def test_locate_matches_commas_and_multipliers_by_value() -> None:
    sentence = "Some 14,000 people fled and £2bn was pledged."
    fled = locate(sentence, "14000")
    pledged = locate(sentence, "2,000,000,000")
    assert fled is not None and written(sentence, fled) == "14,000"
    assert pledged is not None and written(sentence, pledged) == "£2bn"


def test_locate_returns_the_first_mention_of_the_value() -> None:
    sentence = "Four died on Monday and four on Tuesday."
    mention = locate(sentence, "4")
    assert mention is not None
    assert mention.start == 0


@pytest.mark.parametrize(
    ("sentence", "written_by_model"),
    [
        ("Six people died.", "7"),
        ("Six people died.", "60"),
        ("The bill was £7.9m.", "7.9"),  # 7.9 is not 7.9 million
        ("At least 311 died.", "31"),
        ("No number here.", "4"),
        ("Six people died.", "several"),  # the model's text holds no number
    ],
)
def test_locate_none_when_the_value_is_not_in_the_sentence(sentence: str, written_by_model: str) -> None:
    assert locate(sentence, written_by_model) is None


@pytest.mark.parametrize(
    ("text", "written", "low", "high"),
    [
        ("between 300 and 350 people died", "between 300 and 350", 300.0, 350.0),
        ("300-350 dead", "300-350", 300.0, 350.0),
        ("from 20 to 30 strikes a day", "from 20 to 30", 20.0, 30.0),
    ],
)
def test_a_range_is_one_mention_with_both_ends(text: str, written: str, low: float, high: float) -> None:
    (m,) = mentions(text)
    assert (text[m.start : m.end], m.value, m.value_max) == (written, low, high)
    assert locate(text, str(int(high))) == m


@pytest.mark.parametrize("text", ["183 rebels and 28 civilians", "killed 12 and 46 injured", "350-300 vote"])
def test_two_numbers_that_are_not_a_range_stay_two(text: str) -> None:
    assert all(m.value_max is None for m in mentions(text))


def test_a_decimal_comma_before_a_word_is_a_decimal() -> None:
    assert [(m.value, m.unit) for m in mentions("The fissure is 1,5 kilometers long and grew 2,5%.")] == [
        (1.5, None),
        (2.5, "%"),
    ]
    # Must not trigger: thousands, a list of numbers, a year before a count.
    assert [m.value for m in mentions("It cost 1,500 dollars; items 1,2 and 3; in 2019,5 died.")] == [
        1500,
        1,
        2,
        3,
        2019,
        5,
    ]


def test_pc_is_percent() -> None:
    (mention,) = mentions("rates rose from 2.25pc to 3pc")
    assert (mention.value, mention.value_max, mention.unit) == (2.25, 3.0, "%")


def test_a_fraction_is_a_share_not_a_count() -> None:
    text = "Countries with about one-third of global output and two-thirds of trade shrank for two quarters."
    assert [text[m.start : m.end] for m in mentions(text)] == ["two"]


@pytest.mark.parametrize(
    ("sentence", "number", "named"),
    [
        ("Hospitals that rely on Microsoft 365 apps reported outages.", "365", True),
        ("The probe launched on a Falcon 9 rocket from California.", "9", True),
        ("The outage also impacted 911 services in the US.", "911", True),
        # After a possessive, only where the article writes the name and the number together.
        ("Systems that rely on Microsoft's 365 apps failed.", "365", False),
        # Must not trigger: a count after a name, a day, a unit, a multiplier.
        ("The quake struck southern Turkey 24 hours earlier.", "24", False),
        ("As of late Tuesday 40 percent of the city had no power.", "40", False),
        ("The jury awarded Depp 15 million dollars.", "15 million", False),
        ("Argentina beat France 4-2 on penalties.", "4", False),
        ("Officials said 300 people were evacuated.", "300", False),
        ("Labour won 410 seats and the Conservatives 121 seats.", "121", False),
    ],
)
def test_a_number_in_a_name_is_no_figure(sentence: str, number: str, named: bool) -> None:
    mention = locate(sentence, number)
    assert mention is not None
    assert in_a_name(sentence, mention) is named


def test_a_name_written_with_its_number_elsewhere_names_it_after_a_possessive() -> None:
    sentence = "Systems that rely on Microsoft's 365 apps failed."
    article = f"{sentence} Users could not reach Microsoft 365 apps and services."
    assert in_a_name(sentence, locate(sentence, "365"), article)  # type: ignore[arg-type]
    # Must not trigger: "Ukraine's 24 regions" is a count where nothing else names it.
    sentence = "Ukraine's 24 regions were hit."
    assert not in_a_name(sentence, locate(sentence, "24"), sentence)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "number", "scored"),
    [
        ("The 6-3 ruling ends nearly 50 years of protections.", "6", True),
        ("Argentina beat France 4-2 on penalties.", "2", True),
        ("The match ended in a 2-2 draw.", "2", True),
        # Must not trigger: a range, a count beside a score.
        ("Voters aged 18-24 turned out in force.", "18", False),
        ("The 6-3 ruling ends nearly 50 years of protections.", "50", False),
    ],
)
def test_a_side_of_a_score_is_no_count(sentence: str, number: str, scored: bool) -> None:
    mention = next(m for m in mentions(sentence) if sentence[m.start : m.end].startswith(number))
    assert in_a_score(sentence, mention) is scored


def test_a_number_written_against_a_word_is_part_of_it() -> None:
    sentence = "The Chiefs beat the San Francisco 49ers 25-22 after descending the 12,500ft slope."
    assert [sentence[m.start : m.end] for m in mentions(sentence)] == ["25", "22", "12,500"]


def test_locate_prefers_the_mention_written_as_the_number_is() -> None:
    sentence = "Starting at 6 a.m., divers will search for six missing people."
    mention = locate(sentence, "six")
    assert mention is not None and written(sentence, mention) == "six"
    first = locate(sentence, "6")
    assert first is not None and first.start == sentence.index("6")
