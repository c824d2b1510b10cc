"""Figures read from an article's own sentences (summarizer/ground/written_figures.py)."""

from __future__ import annotations

from summarizer.ground.figure_context import UNNAMED_MEASURE, figure_context
from summarizer.ground.grounding import ground
from summarizer.ground.numbers import mentions
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


def test_a_count_of_the_dead_injured_or_missing_is_read_with_its_measure_beside_it() -> None:
    text = (
        "Icela Rodriguez said 27 people were dead and four were missing. "
        "The crash killed at least 179 people, and another 304 were injured. "
        "DeSantis said nursing homes evacuated 3,508 residents. "
        # Must not trigger: things counted beside a measure, a day, an age, a time of day.
        "DeSantis said 91 assisted living facilities evacuated their residents. "
        "Fain spoke shortly before the September 14 deadline, and Chauvin knelt on Floyd on May 25. "
        "The queen died at 96 on Thursday. "
        "Starting at 6 a.m., divers will search for six missing people."
    )
    article = build_article("a.txt", text, published="2024-01-03")
    numbers = [r["number"] for r in written_figures(article, listed=[])]
    assert numbers == ["27", "four", "179", "304", "3,508", "six"]
    figures = ground(article, {"events": [], "figures": [], "statements": []}, model="m").figures
    assert [(f.value_text, f.measure) for f in figures] == [
        ("27", "deaths"),
        ("four", "people missing"),
        ("179", "deaths"),
        ("304", "injuries"),
        ("3,508", "people displaced"),
        ("six", "people missing"),  # not "6 a.m.", the first 6 of its sentence
    ]


def test_a_count_of_another_year_or_a_year_itself_is_not_read() -> None:
    text = (
        "Florida's deadliest storm was the 1928 Okeechobee hurricane, which killed more than 2,500 people. "
        "Two jets of the type were involved in accidents that killed 346 people in 2019. "
        "It is the deadliest earthquake in Japan since at least 2016, and 64 deaths are confirmed. "
        # Must not trigger: a year of the article's own.
        "Since January 2024, 12 people have died in the region."
    )
    numbers = [
        r["number"] for r in written_figures(build_article("a.txt", text, published="2024-01-03"), listed=[])
    ]
    assert numbers == ["12"]
    # Where the article's date is unknown, a sentence naming any year is left to the model.
    assert written_figures(build_article("a.txt", text), listed=[]) == []


def test_other_counts_and_percentages_are_left_to_the_model() -> None:
    text = "The company cut 1,200 jobs, and 30 were being treated for bullet wounds, police said."
    numbers = [
        r["number"] for r in written_figures(build_article("a.txt", text, published="2024-01-03"), listed=[])
    ]
    assert numbers == []


def test_a_count_on_a_day_long_before_the_article_is_another_events() -> None:
    text = (
        "The shooting at the school left six people dead. "
        "On May 24 a mass shooter at Robb Elementary School in Uvalde, Texas killed 19 children. "
        "It was the deadliest since the May attack in Uvalde, Texas, left 21 dead."
    )
    article = build_article("a.txt", text, published="2023-03-28")
    drafts = {"figures": [{"number": "19", "counts": "deaths", "of_whom": "children", "sentence": 2}]}
    extraction = ground(article, drafts, model="m")  # type: ignore[arg-type]
    assert [(f.value_text, f.measure) for f in extraction.figures] == [("six", "deaths")]
    # The model's 19 is dropped with the reason; the text's own 21 is no claim of the model's.
    assert [d.reason for d in extraction.dropped] == [
        "it counts what happened on or in May 24, long before the article"
    ]


def test_the_whole_a_share_is_taken_of_counts_no_one_the_share_counts() -> None:
    def measures(sentence: str) -> list[tuple[float, str]]:
        return [(m.value, figure_context(sentence, m).measure) for m in mentions(sentence)]

    assert measures("Strikes left about two-thirds of its 2.3 million people homeless.") == [
        (2_300_000, UNNAMED_MEASURE)
    ]
    assert measures("Floods forced 60% of the 10,000 residents to flee.")[1] == (10_000, UNNAMED_MEASURE)
    # Must not trigger: a whole that all are counted of, and a count of its own.
    assert measures("All of the 300 passengers were rescued.") == [(300, "passengers rescued")]
    assert measures("Floods left 40,000 residents homeless.") == [(40_000, "people displaced")]


def test_a_noun_after_an_event_word_is_what_the_number_counts() -> None:
    def measures(sentence: str) -> list[tuple[float, str]]:
        return [(m.value, figure_context(sentence, m).measure) for m in mentions(sentence)]

    assert measures("The government said 21 evacuation flights are scheduled Friday.") == [
        (21, "evacuation flights")
    ]
    assert measures("Police logged 400 death threats.") == [(400, "death threats")]
    # Must not trigger: the event word is the noun, or a person is counted.
    assert measures("About 6,800 evacuees were housed.") == [(6_800, "people displaced")]
    assert measures("It found 12 dead bodies.") == [(12, "deaths")]


def test_a_condition_in_a_relative_clause_after_the_number_is_not_its_condition() -> None:
    sentence = "Three advocates conceded defeat in a referendum that would have created a Voice."
    assert figure_context(sentence, mentions(sentence)[0]).condition is None
    # Must not trigger: a condition of the number's own clause.
    sentence = "The strike would have killed 300 people."
    assert figure_context(sentence, mentions(sentence)[0]).condition == "would have"
