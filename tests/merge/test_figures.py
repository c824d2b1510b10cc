"""Figures compared across outlets (summarizer/disagreements.py) and what a figure counts (figures.py).

Figures are made the way the pipeline makes them: ``build_article`` then ``ground`` over
hand-written draft items; the rules read qualifiers, measures and places from the sentences.
"""

from __future__ import annotations

import pytest

from summarizer.ground.attribution import attribution
from summarizer.ground.figure_context import (
    UNNAMED_MEASURE,
    clause_of,
    figure_context,
    is_a_conversion,
    is_measurement,
)
from summarizer.ground.grounding import ground
from summarizer.ground.numbers import locate, mentions
from summarizer.ingest.files import build_article
from summarizer.merge.figures import compare_figures, same_claim, value_text
from summarizer.models.records import Figure


def figures_of(path: str, sentence: str, *numbers: str, counts: str = "deaths") -> list[Figure]:
    drafts = {"figures": [{"number": n, "counts": counts, "of_whom": None, "sentence": 1} for n in numbers]}
    extraction = ground(build_article(path, sentence + "\n"), drafts, model="m")  # type: ignore[arg-type]
    assert len(extraction.figures) == len(numbers), extraction.dropped
    return extraction.figures


def one(sentence: str, number: str, path: str = "a.txt", counts: str = "deaths") -> Figure:
    (figure,) = figures_of(path, sentence, number, counts=counts)
    return figure


def by_source(article_id: str) -> str:
    return article_id


# --- what a figure counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "number", "measure", "subject"),
    [
        ("The offensive has resulted in over 327 deaths, including 44 civilians.", "327", "deaths", None),
        (
            "The offensive has resulted in over 327 deaths, including 44 civilians.",
            "44",
            "deaths",
            "civilians",
        ),
        (
            "The SOHR reported a rising death toll, with at least 311 casualties in the fighting.",
            "311",
            "deaths",
            None,
        ),
        ("The clashes left 311 casualties, including 90 injured.", "311", "casualties", None),
        ("Four civilians were killed and six injured in residential areas.", "six", "injuries", None),
        ("Four civilians were killed and six injured in residential areas.", "Four", "deaths", "civilians"),
        ("The offensive has reportedly resulted in over 350 fatalities.", "350", "deaths", None),
        ("Around 14,000 individuals were forced to flee their homes.", "14,000", "people displaced", None),
        ("There were 34,297 evacuees in the three prefectures.", "34,297", "people displaced", None),
        (
            "Johnson was clinging onto power despite a wave of more than 50 government resignations.",
            "50",
            "resignations",
            None,
        ),
        ("More than 50 people on the government payroll quit in 36 hours.", "50", "resignations", None),
        ("Warplanes conducted over 125 airstrikes across Idlib.", "125", "air strikes", None),
        ("Rebels killed 12 soldiers near Hama.", "12", "deaths", "soldiers"),
        ("The gunman who slaughtered 19 children and two teachers was killed.", "19", "deaths", "children"),
        ("The gunman who slaughtered 19 children and two teachers was killed.", "two", "deaths", "teachers"),
        ("The toll has risen to 18 children and three adults.", "three", "deaths", "adults"),
        ("Another 30 were being treated for bullet wounds.", "30", "injuries", None),
        ("Israeli forces allegedly killed 18 Palestinian gunmen.", "18", "deaths", "rebels"),
        # A crowd, counted by whoever gives it: not "of the Ministry".
        ("Police said that 80,000 people marched in the capital.", "80,000", "protesters", None),
        (
            "For its part, the Ministry of the Interior lists 1.28 million demonstrators.",
            "1.28 million",
            "protesters",
            None,
        ),
        # …but protesters killed are deaths, of protesters; and protests are no protesters.
        (
            "At least 13 protesters were killed during protests in Kenya, doctors say.",
            "13",
            "deaths",
            "protesters",
        ),
        ("More than 250 protests were planned across the country.", "250", "protests planned", None),
        # An age set off after a person described, not a count.
        ("Local media said a protester, 26, who was taken to hospital, died.", "26", "count", None),
        # Must not trigger: a word that starts as a measure does, and counts nothing.
        ("The union let three deadlines pass.", "three", "deadlines", None),
    ],
)
def test_measure_and_subject_come_from_the_sentence(
    sentence: str, number: str, measure: str, subject: str | None
) -> None:
    mention = locate(sentence, number)
    assert mention is not None
    context = figure_context(sentence, mention, counts="whatever the model says")
    assert (context.measure, context.subject) == (measure, subject)


def test_an_unknown_measure_keeps_the_models_words() -> None:
    sentence = "Al-Julani had a £7.9m bounty on his head."
    context = figure_context(sentence, locate(sentence, "7.9m"), counts="Bounty")  # type: ignore[arg-type]
    assert context.measure == "bounty"


@pytest.mark.parametrize(
    ("sentence", "cause"),
    [
        ("These airstrikes resulted in civilian casualties: at least 12 killed.", "airstrike"),
        ("The dramatic offensive has resulted in over 327 deaths.", "offensive"),
        ("At least 311 people died in the recent fighting.", "offensive"),
        ("At least 311 people died.", None),
    ],
)
def test_cause_is_the_kind_of_action_the_sentence_names(sentence: str, cause: str | None) -> None:
    mention = locate(sentence, "12" if "12" in sentence else "327" if "327" in sentence else "311")
    assert figure_context(sentence, mention).cause == cause  # type: ignore[arg-type]


def test_as_of_time_is_read_from_the_sentence() -> None:
    sentence = "As of Monday, 311 people had been killed in Aleppo."
    context = figure_context(sentence, locate(sentence, "311"))  # type: ignore[arg-type]
    assert (context.as_of, context.where) == ("As of Monday", "Aleppo")


# --- the same claim ------------------------------------------------------------------------------

SAME = [
    ("311 people were killed.", "At least 311 people were killed."),
    ("Over 327 people were killed.", "More than 327 people were killed."),
    ("About 300 people were killed.", "300 people were killed."),
    ("About 250 people were killed.", "240 people were killed."),
    ("About 13,000 people were killed.", "12,900 people were killed."),
    ("Between 300 and 350 people were killed.", "300-350 people were killed."),
    ("At most 40 people were killed.", "40 people were killed."),
]
DIFFERENT = [
    ("Over 327 people were killed.", "At least 311 people were killed."),
    ("311 people were killed.", "312 people were killed."),
    ("Over 311 people were killed.", "311 people were killed."),
    ("About 300 people were killed.", "400 people were killed."),
    ("About 130 people were killed.", "119 people were killed."),
    # Two roundings, each an outlet's own: shown as written, not one as the other.
    ("About 300 people were killed.", "Around 310 people were killed."),
    # A number written to three figures or more is rounded no further than its last figure.
    ("About 12,700 people were killed.", "12,900 people were killed."),
    ("Between 300 and 350 people were killed.", "311 people were killed."),
    ("At least 40 people were killed.", "At most 40 people were killed."),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_claim(a: str, b: str) -> None:
    assert same_claim(one(a, _number(a)), one(b, _number(b)))
    assert same_claim(one(b, _number(b)), one(a, _number(a)))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_claims(a: str, b: str) -> None:
    assert not same_claim(one(a, _number(a)), one(b, _number(b)))
    assert not same_claim(one(b, _number(b)), one(a, _number(a)))


def _number(sentence: str) -> str:
    return next(w for w in sentence.replace("-", " ").split() if w[0].isdigit())


# --- disagreements -------------------------------------------------------------------------------


def test_compatible_figures_from_two_outlets_merge_into_one_with_both_sources() -> None:
    a = one("At least 311 people were killed, monitors said.", "311", "a.txt")
    b = one("Officials said 311 people were killed.", "311", "b.txt")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == [] and compared.running == []
    (merged,) = compared.agreed
    assert (merged.value, merged.qualifier, merged.source_count) == (311.0, "exact", 2)
    assert [c.path for c in merged.citations] == ["a.txt", "b.txt"]


def test_a_toll_outlets_give_at_different_moments_runs_highest_first() -> None:
    a = one(
        "The dramatic offensive has resulted in over 327 deaths, according to the latest figures.",
        "327",
        "000.txt",
    )
    b = one("The SOHR has reported a rising death toll, with at least 311 casualties in the recent fighting.", "311", "002.txt", counts="casualties")  # fmt: skip
    c = one(
        "The offensive has reportedly resulted in over 350 fatalities.", "350", "004.txt", counts="fatalities"
    )
    compared = compare_figures([a, b, c], by_source)
    assert compared.agreed == [] and compared.disagreements == []  # a rising toll is no conflict
    (running,) = compared.running
    assert (running.about, running.measure, running.subject) == ("deaths", "deaths", None)
    assert [(v.text, v.qualifier, v.citations[0].path) for v in running.values] == [
        ("more than 350", "more_than", "004.txt"),
        ("more than 327", "more_than", "000.txt"),
        ("at least 311", "at_least", "002.txt"),
    ]
    assert [v.attribution for v in running.values] == [None, None, "SOHR"]
    assert (running.values[0].status, running.values[0].hedge) == ("unconfirmed", "reportedly")


def test_a_toll_whose_articles_have_dates_runs_latest_first() -> None:
    a = one("In all 350 people were killed.", "350", "a.txt")
    b = one("In all 300 people were killed.", "300", "b.txt")
    published = {a.citations[0].article_id: "2024-11-28", b.citations[0].article_id: "2024-11-30"}
    (running,) = compare_figures([a, b], by_source, published.get).running
    assert [(v.text, v.published) for v in running.values] == [("300", "2024-11-30"), ("350", "2024-11-28")]


def test_a_toll_runs_latest_first_where_two_of_its_days_are_known_the_others_after_it() -> None:
    a = one("In all 350 people were killed.", "350", "a.txt")
    b = one("In all 300 people were killed.", "300", "b.txt")
    c = one("In all 400 people were killed.", "400", "c.txt")
    published = {a.citations[0].article_id: "2024-11-28", b.citations[0].article_id: "2024-11-30"}
    (running,) = compare_figures([a, b, c], by_source, published.get).running
    assert running.by_time and running.undated == 1
    assert [(v.text, v.published) for v in running.values] == [
        ("300", "2024-11-30"),
        ("350", "2024-11-28"),
        ("400", None),
    ]
    # Must not trigger: one known day is no progression.
    published = {a.citations[0].article_id: "2024-11-28"}
    (running,) = compare_figures([a, b, c], by_source, published.get).running
    assert not running.by_time and running.undated == 0
    assert [v.text for v in running.values] == ["400", "350", "300"]


def test_exact_values_that_cannot_both_hold_are_mutually_exclusive() -> None:
    a = one("Labour won 410 seats in the election.", "410", "a.txt", counts="seats")
    b = one("Labour won 412 seats in the election.", "412", "b.txt", counts="seats")
    (d,) = compare_figures([a, b], by_source).disagreements
    assert d.mutually_exclusive
    assert [v.text for v in d.values] == ["410", "412"]


def test_tolls_of_two_different_places_are_not_compared() -> None:
    a = one("In Hama 40 people were killed.", "40", "a.txt")
    b = one("In Aleppo 311 people were killed.", "311", "b.txt")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == compared.running == [] and len(compared.agreed) == 2


def test_tolls_of_two_different_causes_are_not_compared() -> None:
    a = one("These airstrikes resulted in at least 12 deaths.", "12", "a.txt")
    b = one("The offensive has resulted in over 327 deaths.", "327", "b.txt")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == compared.running == [] and len(compared.agreed) == 2


def test_tolls_of_different_groups_are_not_compared() -> None:
    a = one("Officials said 44 civilians were killed.", "44", "a.txt")
    b = one("Officials said 311 people were killed.", "311", "b.txt")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == compared.running == []


def test_tolls_as_of_different_days_run_as_one_progression() -> None:
    a = one("As of Monday, 200 people had been killed.", "200", "a.txt")
    b = one("As of Tuesday, 311 people had been killed.", "311", "b.txt")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == []
    (running,) = compared.running
    assert [(v.text, v.as_of) for v in running.values] == [("311", "As of Tuesday"), ("200", "As of Monday")]


def test_one_articles_own_numbers_are_not_a_disagreement() -> None:
    first, second = figures_of("a.txt", "Labour won 410 seats and the Conservatives 121 seats.", "410", "121", counts="seats")  # fmt: skip
    compared = compare_figures([first, second], by_source)
    assert compared.disagreements == [] and [f.value for f in compared.agreed] == [410.0, 121.0]


def test_two_articles_of_one_outlet_count_as_one_source() -> None:
    a = one("Officials said 311 people were killed.", "311", "a.txt")
    b = one("In all, 311 people were killed.", "311", "b.txt")
    (merged,) = compare_figures([a, b], lambda article_id: "same outlet").agreed
    assert merged.source_count == 1


def test_value_text_says_the_claim_in_words() -> None:
    assert value_text(one("Over 327 people were killed.", "327")) == "more than 327"
    assert value_text(one("About 2,300 people were killed.", "2,300")) == "about 2,300"
    assert value_text(one("Between 300 and 350 people were killed.", "300")) == "Between 300 and 350"


def test_one_number_written_to_two_precisions_is_one_claim() -> None:
    a = one("Musk now owns a 9% stake in the company.", "9%", "a.txt", counts="stake")
    b = one("Musk now owns a 9.2 percent stake in the company.", "9.2", "b.txt", counts="stake")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == []
    (merged,) = compared.agreed
    assert merged.source_count == 2


def test_numbers_a_rounding_does_not_join_stay_apart() -> None:
    a = one("Musk now owns a 9% stake in the company.", "9%", "a.txt", counts="stake")
    b = one("Musk now owns a 9.6 percent stake in the company.", "9.6", "b.txt", counts="stake")
    (d,) = compare_figures([a, b], by_source).disagreements
    assert [v.text for v in d.values] == ["9%", "9.6 percent"]


def test_a_number_whose_sentence_says_not_what_it_counts_is_compared_with_nothing() -> None:
    a = one("The tally stood at 58 on Wednesday.", "58", "a.txt", counts="deaths")
    b = one("The tally stood at one on Wednesday.", "one", "b.txt", counts="deaths")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == compared.running == []
    assert sorted(f.value for f in compared.agreed) == [1.0, 58.0]


def test_an_age_is_no_count_of_the_dead() -> None:
    sentence = "Queen Elizabeth II has died at the age of 96 surrounded by her family."
    assert figure_context(sentence, locate(sentence, "96"), counts="deaths").measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    sentence = "Charles, at age 73, is the oldest heir apparent in British history."
    assert figure_context(sentence, locate(sentence, "73"), counts="heirs").measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    # Must not trigger: a toll beside a victim's age.
    sentence = "A man aged 72 was among the 96 people who died in the fire."
    assert figure_context(sentence, locate(sentence, "96"), counts="deaths").measure == "deaths"  # type: ignore[arg-type]
    # A number set off by commas after a name is an age.
    sentence = "Floyd, 46, died that day."
    assert figure_context(sentence, locate(sentence, "46"), counts="deaths").measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    # Must not trigger: a count after an age set off so, nor a count after a place and a comma.
    sentence = "The gunman, 18, killed 21 people."
    assert figure_context(sentence, locate(sentence, "21"), counts="deaths").measure == "deaths"  # type: ignore[arg-type]
    sentence = "In Uvalde, 21 people died."
    assert figure_context(sentence, locate(sentence, "21"), counts="deaths").measure == "deaths"  # type: ignore[arg-type]


def test_rescue_workers_are_no_people_rescued() -> None:
    crews = one(
        "The agency said 13,740 search and rescue personnel were deployed.", "13,740", counts="people rescued"
    )
    saved = one(
        "Rescuers said 11 people were rescued from the school overnight.", "11", counts="people rescued"
    )
    assert (crews.measure, saved.measure) != ("people rescued", "people rescued")
    assert saved.measure == "people rescued"


# --- whose number it is, conditions, parts -----------------------------------------------------

SEATS = "Britain's House of Commons has seen Labour win 410 seats, the Conservatives drop to 119 seats, and the Liberal Democrats take 71 seats."  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "number", "holder"),
    [
        (SEATS, "410", "Labour"),
        (SEATS, "119", "Conservatives"),
        (SEATS, "71", "Liberal Democrats"),
        ("Final figures indicate Labour is expected to win 410 seats.", "410", "Labour"),
        # A title set off after a name is the name's.
        ("Mahomes -- the Super Bowl MVP -- completed 34 of 46 passes for 333 yards.", "333", "Mahomes"),
        # Must not trigger: another name after the title.
        ("Microsoft, the Xbox maker, said Activision had 9,800 staff.", "9,800", "Activision"),
        # A part that opens with a participle hangs on its clause's subject.
        (
            "After a slow start, Mahomes finished strong, completing 34 of 46 passes for 333 yards.",
            "333",
            "Mahomes",
        ),
        # Must not trigger: a clause that opens with no name, a part that opens otherwise.
        ("The storm hit the coast at dawn, leaving 4,000 homes without power.", "4,000", None),
        ("Mahomes finished strong, and 70,000 fans cheered him on.", "70,000", None),
        # Must not trigger: who says it, a qualifier, a name far from the number, a place, a toll.
        ("The BBC reported 410 seats for the party by dawn.", "410", None),
        ("More than 8,000 shares were sold.", "8,000", None),
        ("Musk announced on Monday that he had acquired a 9% stake.", "9%", None),
        ("Voters in Manchester cast 40,000 votes.", "40,000", None),
        ("Rebels killed 12 people near Hama.", "12", None),
        # A name followed by "with", "after" or "compared" does not hold what comes next.
        ("Lula led, with 49.2% for Bolsonaro with 99.1% of machines counted.", "99.1%", None),
        # A bracketed abbreviation is part of the name before it.
        ("The opposition Democratic Party (DPK) has 175 seats out of 300.", "175", "Democratic Party (DPK)"),
        # A name with others holds the number with them.
        (
            "The Democratic Party and other small opposition parties together have 192 seats.",
            "192",
            "Democratic Party and other small opposition parties",
        ),
        ("The BJP and its allies won 293 seats.", "293", "BJP and its allies"),
        # Must not trigger: others named after the number.
        ("Labour won 412 seats and other parties took the rest.", "412", "Labour"),
        # The whole a count is out of is no one's.
        ("The opposition Democratic Party (DPK) has 175 seats out of 300.", "300", None),
        ("The Democrats won 175 of the 300 seats.", "300", None),
    ],
)
def test_a_count_belongs_to_the_name_right_before_it(sentence: str, number: str, holder: str | None) -> None:
    context = figure_context(sentence, locate(sentence, number), counts="seats")  # type: ignore[arg-type]
    assert context.subject == holder


def test_counts_of_different_holders_are_not_a_disagreement() -> None:
    a = one(SEATS, "119", "a.txt", counts="seats")
    b = one("Labour is expected to win 410 seats, with the Conservatives on 144 seats.", "144", "b.txt", counts="seats")  # fmt: skip
    c = one("Labour is expected to win 410 seats, with the Conservatives on 144 seats.", "410", "c.txt", counts="seats")  # fmt: skip
    compared = compare_figures([a, b, c], by_source)
    (d,) = compared.disagreements
    assert (d.about, [v.text for v in d.values]) == ("seats of Conservatives", ["119", "144"])
    assert [(f.value, f.subject) for f in compared.agreed] == [(410.0, "Labour")]


def test_a_count_naming_no_holder_is_the_only_holders_one() -> None:
    a = one("Earlier this month, Musk bought a 9% stake.", "9%", "a.txt", counts="stake")
    b = one("He then disclosed acquiring a 9.2 percent stake.", "9.2", "b.txt", counts="stake")
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == []
    (merged,) = compared.agreed
    assert merged.source_count == 2


@pytest.mark.parametrize(
    ("sentence", "number", "condition"),
    [
        (
            "A seat on the board would've prevented Musk from buying more than 14.9 percent stake.",
            "14.9",
            "would've",
        ),
        ("The plan is triggered if anyone acquires 15% of the shares.", "15%", "if"),
        # Must not trigger: a plan reported with "would", a condition in another part of the sentence.
        ("Microsoft said it would pay $95 a share.", "$95", None),
        ("If approved, the deal values Activision at $68.7 billion.", "$68.7 billion", None),
        # A condition that opens the sentence, where what follows says what would be.
        (
            "If the premarket gain holds, Nvidia's value would rise by $181 billion to $936 billion.",
            "$936 billion",
            "If the premarket gain holds,",
        ),
        # What a number might come to is no count.
        ("Some speculate its market cap could soon kiss $3 trillion.", "$3 trillion", "could soon kiss "),
        ("The toll could rise to 50.", "50", "could rise to "),
        # Must not trigger: a value that is ("With a market capitalization of around $2.8 trillion").
        ("With a market capitalization of around $2.8 trillion, Apple leads.", "$2.8 trillion", None),
        # What things are expected to do is no count of what they did.
        (
            "At least 113 of over 420 vessels that had waited are expected to cross the canal by this morning.",
            "113",
            "are expected to cross",
        ),
        # Must not trigger: a count expected to change, the expectation of others, one that happened.
        ("The toll of 50 is expected to rise.", "50", None),
        ("All 50 people who were expected to attend were killed.", "50", None),
        ("Nearly 113 vessels had transited the canal by 0600 GMT.", "113", None),
    ],
)
def test_a_number_under_a_condition_is_no_count(sentence: str, number: str, condition: str | None) -> None:
    context = figure_context(sentence, locate(sentence, number), counts="stake")  # type: ignore[arg-type]
    assert context.condition == condition


def test_a_condition_is_compared_with_nothing() -> None:
    a = one("He then disclosed acquiring a 9.2 percent stake.", "9.2", "a.txt", counts="stake")
    b = one("A seat on the board would've prevented him from buying more than 14.9 percent stake.", "14.9", "b.txt", counts="stake")  # fmt: skip
    compared = compare_figures([a, b], by_source)
    assert compared.disagreements == []
    assert sorted((f.value, f.condition or "") for f in compared.agreed) == [(9.2, ""), (14.9, "would've")]


def test_a_measure_is_read_within_the_numbers_clause() -> None:
    sentence = "More than 8,000 people have been pulled from the debris, and some 380,000 have taken refuge in shelters."  # fmt: skip
    rescued = figure_context(sentence, locate(sentence, "8,000"), counts="people rescued")  # type: ignore[arg-type]
    sheltered = figure_context(sentence, locate(sentence, "380,000"), counts="people rescued")  # type: ignore[arg-type]
    assert (rescued.measure, sheltered.measure) == ("people rescued", "people displaced")
    # Must not trigger: a plain comma does not end the clause.
    sentence = "The offensive has resulted in over 327 deaths, including 44 civilians."
    assert figure_context(sentence, locate(sentence, "44")).measure == "deaths"  # type: ignore[arg-type]


def test_an_articles_smaller_toll_beside_its_own_total_is_a_part() -> None:
    text = "At least 230 people were killed in the quake.\nBut at least 21 people died at the school.\n"  # fmt: skip
    drafts = {
        "figures": [
            {"number": "230", "counts": "deaths", "of_whom": None, "sentence": 1},
            {"number": "21", "counts": "deaths", "of_whom": None, "sentence": 2},
        ]
    }
    total, part = ground(build_article("a.txt", text), drafts, model="m").figures  # type: ignore[arg-type]
    other = one("Officials said the death toll was 217 by Wednesday morning.", "217", "b.txt")
    compared = compare_figures([total, part, other], by_source)
    (running,) = compared.running
    assert [v.text for v in running.values] == ["at least 230", "217"]
    assert [f.value for f in compared.parts] == [21.0]
    # Must not trigger: another article's lower toll is an earlier moment, not a part.
    compared = compare_figures([total, other], by_source)
    assert compared.parts == [] and len(compared.running[0].values) == 2


@pytest.mark.parametrize(
    ("sentence", "number", "counts", "shown"),
    [
        ("Neighboring Collier County had more than 99,000 outages reported.", "99,000", "outages", True),
        ("Labour's expected 170-seat majority is one of the largest.", "170", "seat majority", True),
        ("Musk's $43 billion proposal was rejected.", "$43 billion", "proposal", True),
        ("Microsoft will pay $95 per share.", "$95", "per share", True),
        ("The 45bn tax bonfire sent mortgages soaring.", "45bn", "tax bonfire", True),
        # A number that describes a thing counts nothing.
        ("A 72-year-old man was found unresponsive in a canal.", "72", "man", False),
        ("One sheriff's office reported scores of calls.", "One", "sheriff's office", False),
        # A verb of saying after a singular noun counts nothing either.
        ("The hole was as big as a refrigerator, one passenger tells KGW.", "one", "passenger tells", False),
        # Must not trigger: a plural noun before the verb.
        ("Three passengers told KGW of a loud bang.", "Three", "passengers told", True),
        ("He drained a pool into a 30-foot-wide canal.", "30", "canal", False),
        ("The final ended in a 3-3 draw after extra time.", "3", "draw", False),
    ],
)
def test_a_figure_counts_something(sentence: str, number: str, counts: str, shown: bool) -> None:
    context = figure_context(sentence, locate(sentence, number), counts=counts)  # type: ignore[arg-type]
    assert (context.measure != "count") is shown


def test_a_measure_is_no_multiplier_and_holds_no_number() -> None:
    sentence = "Jurors awarded actor Johnny Depp $10m (£8m) in compensatory damages."
    context = figure_context(sentence, locate(sentence, "$10m"), counts="m")  # type: ignore[arg-type]
    assert context.measure != "m"
    sentence = "The toll has risen to at least 18 young students and three adults."
    context = figure_context(sentence, locate(sentence, "18"), counts="young students and three adults")  # type: ignore[arg-type]
    assert "three" not in context.measure


def test_a_toll_a_named_storm_caused_is_its_own() -> None:
    michael = one(
        "Hurricane Michael caused 16 deaths, according to the National Hurricane Center.", "16", "a.txt"
    )
    ian = one("At least 13 people in Florida have been reported dead from Hurricane Ian.", "13", "b.txt")
    assert (michael.subject, ian.subject, ian.where) == ("Hurricane Michael", None, "Florida")
    compared = compare_figures([michael, ian], by_source)
    assert compared.running == [] and len(compared.agreed) == 2
    # Must not trigger: a one-word subject is no name ("Rebels killed 12 people").
    assert one("Rebels killed 12 people near Hama.", "12").subject is None


def test_the_words_after_another_number_are_its_own() -> None:
    sentence = (
        "The committee voted to push up rates by 0.75 percentage points, from 2.25pc to 3pc, on Thursday."
    )
    points = figure_context(sentence, locate(sentence, "0.75"), counts="percentage points")  # type: ignore[arg-type]
    level = figure_context(sentence, locate(sentence, "2.25"), counts="percentage points")  # type: ignore[arg-type]
    assert (points.measure, level.measure) == ("percentage points", "count")
    # Must not trigger: a count whose measure is left unwritten after the first one.
    sentence = "Labour is expected to win 410 seats, with the Conservatives on 144."
    context = figure_context(sentence, locate(sentence, "144"), counts="seats")  # type: ignore[arg-type]
    assert (context.measure, context.subject) == ("seats", "Conservatives")


def test_a_tabloids_first_word_in_capitals_is_no_holder() -> None:
    sentence = "INTEREST rates have risen to 3% as the Bank announced the biggest hike."
    assert figure_context(sentence, locate(sentence, "3%"), counts="hike").subject is None  # type: ignore[arg-type]


def test_a_figures_place_is_named_in_its_clause() -> None:
    sentence = "The toll rose to 5,894 in Turkey, and the slowdown in China weighed on markets."
    assert figure_context(sentence, locate(sentence, "5,894"), counts="deaths").where == "Turkey"  # type: ignore[arg-type]
    # Must not trigger: a place set off by a plain comma is still the clause's.
    sentence = "In Turkey, the toll rose to 5,894 on Tuesday."
    assert figure_context(sentence, locate(sentence, "5,894"), counts="deaths").where == "Turkey"  # type: ignore[arg-type]
    # The place of a part it includes is not its own.
    sentence = "This brings the confirmed toll to eight, including one person shot in Kakamega, police said."
    assert figure_context(sentence, locate(sentence, "eight"), counts="deaths").where is None  # type: ignore[arg-type]
    # Must not trigger: its own place after the part.
    sentence = "At least 25 people, including 21 children, have died at the school in Uvalde."
    assert figure_context(sentence, locate(sentence, "25"), counts="deaths").where == "Uvalde"  # type: ignore[arg-type]
    # Nor is the place where most of them were.
    sentence = "The quake killed at least 1,037 people, the vast majority in Al-Haouz, the epicentre."
    assert figure_context(sentence, locate(sentence, "1,037"), counts="deaths").where is None  # type: ignore[arg-type]
    # Must not trigger: a part with no place of its own ("…, most of them children").
    sentence = "At least 40 people died in Lahaina, most of them children."
    assert figure_context(sentence, locate(sentence, "40"), counts="deaths").where == "Lahaina"  # type: ignore[arg-type]


def test_where_a_disaster_struck_is_no_place_of_a_part() -> None:
    sentence = "The death toll in a powerful earthquake around Marrakesh has risen to 820 people."
    assert figure_context(sentence, locate(sentence, "820"), counts="deaths").where is None  # type: ignore[arg-type]
    # Must not trigger: a count made in a place, nor a repeated action's place ("airstrikes in Idlib").
    sentence = "At least 820 people were killed in Marrakesh."
    assert figure_context(sentence, locate(sentence, "820"), counts="deaths").where == "Marrakesh"  # type: ignore[arg-type]
    sentence = "Airstrikes in Idlib killed 12 people."
    assert figure_context(sentence, locate(sentence, "12"), counts="deaths").where == "Idlib"  # type: ignore[arg-type]


def test_an_item_of_a_list_of_places_is_of_its_own_place() -> None:
    sentence = "Of the 72 deaths, 39 were in Wajima, 22 in Suzu, five in Nanao, two each in Anamizu and Noto."
    assert figure_context(sentence, locate(sentence, "39"), counts="deaths").where == "Wajima"  # type: ignore[arg-type]
    assert figure_context(sentence, locate(sentence, "22"), counts="deaths").where == "Suzu"  # type: ignore[arg-type]
    # Must not trigger: a long part keeps its clause's places; a disaster's place is still no count's.
    sentence = "Bout, who was serving a 25-year prison sentence in the United States, was freed in Abu Dhabi."
    assert figure_context(sentence, locate(sentence, "25"), counts="years").where != "United States"  # type: ignore[arg-type]
    sentence = "A quake around Marrakesh killed 820."
    assert figure_context(sentence, locate(sentence, "820"), counts="deaths").where is None  # type: ignore[arg-type]


def test_a_holder_named_with_a_title_is_the_holder_named_without() -> None:
    a = one("Disgraced Theranos CEO Elizabeth Holmes was sentenced to more than 11 years.", "11", "a.txt")
    b = one("A judge sentenced Elizabeth Holmes to 11.25 years in prison.", "11.25", "b.txt")
    c = one("The prison sentence is 11.25 years, to be followed by supervised release.", "11.25", "c.txt")
    (merged,) = compare_figures([a, b, c], by_source).agreed
    assert merged.source_count == 3
    # Must not trigger: a one-word name is no one's shorter name ("Holmes" may be another Holmes).
    d = one("Sherlock Holmes was sentenced to 11.25 years.", "11.25", "d.txt")
    e = one("Holmes was sentenced to 11.25 years.", "11.25", "e.txt")
    assert sorted(f.subject or "" for f in compare_figures([d, e], by_source).agreed) == [
        "Holmes",
        "Sherlock Holmes",
    ]


def test_one_claim_names_who_reported_it_only_where_every_telling_does() -> None:
    a = one("At least 311 people were killed, according to the SOHR.", "311", "a.txt")
    b = one("At least 311 people were killed, officials said.", "311", "b.txt")
    c = one("The SOHR said at least 311 people were killed.", "311", "c.txt")
    (merged,) = compare_figures([a, b], by_source).agreed
    assert merged.attribution is None
    (merged,) = compare_figures([a, c], by_source).agreed
    assert merged.attribution == "SOHR"
    # One name written with and without a title is one.
    d = one("We are $33 trillion in debt, Mr Gaetz said.", "$33 trillion", "d.txt", counts="debt")
    e = one("There is $33 trillion in debt, Gaetz said.", "$33 trillion", "e.txt", counts="debt")
    (merged,) = compare_figures([d, e], by_source).agreed
    assert merged.attribution == "Mr Gaetz"
    # Must not trigger: a name of which the other holds only a part ("Gaetz", "Matt Gaetz aide").
    f = one("There is $33 trillion in debt, a Gaetz aide said.", "$33 trillion", "f.txt", counts="debt")
    (merged,) = compare_figures([e, f], by_source).agreed
    assert f.attribution is not None and "aide" in f.attribution
    assert merged.attribution is None


@pytest.mark.parametrize(
    ("sentence", "number", "doers"),
    [
        (
            "DeSantis said 91 assisted living facilities evacuated 3,012 residents and 40 nursing homes relocated 3,508 residents.",
            "3,012",
            "91 assisted living facilities",
        ),
        ("In 2020, 300 hospitals treated 4,000 patients.", "4,000", "300 hospitals"),
        ("Fifteen hospitals evacuated about 350 patients.", "350", "Fifteen hospitals"),
        # Must not trigger: a toll, which is no part ("Two gunmen killed 12 people"), a total.
        ("Two gunmen killed 12 people at the school.", "12", None),
        ("More than 2.5 million residents were under an evacuation order.", "2.5 million", None),
    ],
)
def test_what_a_number_of_things_did_is_theirs(sentence: str, number: str, doers: str | None) -> None:
    context = figure_context(sentence, locate(sentence, number))  # type: ignore[arg-type]
    assert context.subject == doers


@pytest.mark.parametrize(
    ("sentence", "number", "measure", "subject"),
    [
        # The verb right before a number says what it counts, whatever follows.
        ("Rebels killed 12 people and injured 30 others.", "12", "deaths", None),
        ("Rebels killed 12 people and injured 30 others.", "30", "injuries", None),
        ("Gunmen opened fire, killing at least 133 and injuring more than 100.", "133", "deaths", None),
        (
            "The quake killed at least 225 people, injured at least 1,000 and caused chaos.",
            "1,000",
            "injuries",
            None,
        ),
        # A second count joined by "and" shares the first one's measure.
        (
            "At least 18 young students and three adults were killed after a gunman opened fire.",
            "18",
            "deaths",
            "students",
        ),
        (
            "At least 18 young students and three adults were killed after a gunman opened fire.",
            "three",
            "deaths",
            "adults",
        ),
        # Must not trigger: a verb that names no measure, a measure after the number.
        ("The storm left 2 million people displaced.", "2 million", "people displaced", None),
        ("Labour won 410 seats and 11 councils.", "410", "seats", "Labour"),
    ],
)
def test_a_count_is_read_through_its_verb_and_its_coordinated_twin(
    sentence: str, number: str, measure: str, subject: str | None
) -> None:
    context = figure_context(
        sentence, locate(sentence, number), counts="seats" if "seats" in sentence else ""
    )  # type: ignore[arg-type]
    assert (context.measure, context.subject) == (measure, subject)


def test_who_reports_a_number_is_named_in_its_clause() -> None:
    sentence = (
        "At least 13 people in Florida have been reported dead from Hurricane Ian, and President"
        ' Joe Biden said Thursday that he fears a "substantial loss of life."'
    )
    assert attribution(clause_of(sentence, locate(sentence, "13"))) is None  # type: ignore[arg-type]
    sentence = "In total, Depp will receive $10.4 million, a sum that Heard's attorneys say she cannot afford to pay."
    assert attribution(clause_of(sentence, locate(sentence, "$10.4 million"))) is None  # type: ignore[arg-type]
    # Must not trigger: an attribution in the number's own clause.
    sentence = "At least 13 people in Florida have died, officials said on Thursday."
    assert attribution(clause_of(sentence, locate(sentence, "13"))) == "officials"  # type: ignore[arg-type]


def test_a_unit_right_after_a_number_is_what_it_measures() -> None:
    sentence = "Mission managers said the spacecraft was just 18.5 yards off from the dead center."
    assert figure_context(sentence, locate(sentence, "18.5")).measure == "yards"  # type: ignore[arg-type]
    sentence = "The water has begun to recede, dropping by approximately 35 centimeters so far."
    assert figure_context(sentence, locate(sentence, "35")).measure == "centimeters"  # type: ignore[arg-type]
    sentence = "DART raced toward it at roughly 14,500 miles (23,500 kilometers) per hour."
    assert figure_context(sentence, locate(sentence, "14,500")).measure == "miles per hour"  # type: ignore[arg-type]


def test_a_participle_after_a_unit_says_what_it_measures() -> None:
    sentence = "More than 2,200 structures were destroyed and more than 2,100 acres (850 hectares) burned."
    assert figure_context(sentence, locate(sentence, "2,100")).measure == "acres burned"  # type: ignore[arg-type]
    sentence = "The vessel is 48 meters (157 feet) wide and 300 meters (984 feet) long."
    assert figure_context(sentence, locate(sentence, "48")).measure == "meters wide"  # type: ignore[arg-type]
    assert is_measurement("meters wide")  # of what, still unknown: never set against another
    # Must not trigger: a place or a direction after the unit.
    sentence = "Gusts of up to 80 miles per hour (130 kph) from an offshore hurricane fanned the fire."
    assert figure_context(sentence, locate(sentence, "80")).measure == "miles per hour"  # type: ignore[arg-type]


def test_figures_measured_only_in_a_unit_are_not_set_against_each_other() -> None:
    a = one("The water level in Nova Kakhovka reached 10 meters on Tuesday.", "10", "a.txt", counts="")
    b = one("The water level in Nova Kakhovka reached 12 meters on Wednesday.", "12", "b.txt", counts="")
    compared = compare_figures([a, b], by_source)
    assert (compared.disagreements, len(compared.agreed)) == ([], 2)


def test_values_far_apart_are_different_quantities_not_a_disagreement() -> None:
    a = one("Holmes's lawyers asked for 18 months of home confinement.", "18", "a.txt", counts="")
    b = one("The judge imposed 135 months of prison.", "135", "b.txt", counts="")
    c = one("The judge imposed 140 months of prison.", "140", "c.txt", counts="")
    compared = compare_figures([a, b, c], by_source)
    (d,) = compared.disagreements
    assert [v.text for v in d.values] == ["135", "140"]
    assert [f.value for f in compared.agreed] == [18.0]


def test_an_open_bound_is_the_exact_value_cut_to_its_precision() -> None:
    a = one("Holmes was sentenced to more than 11 years in prison.", "11", "a.txt", counts="")
    b = one("Holmes was sentenced to 11.25 years in prison.", "11.25", "b.txt", counts="")
    c = one("Prosecutors sought 15 years in prison.", "15", "c.txt", counts="")
    assert same_claim(a, b)
    assert not same_claim(a, c)


def test_years_and_months_are_one_duration() -> None:
    sentence = "Holmes has been sentenced to 11 years and 3 months in prison."
    (mention,) = mentions(sentence)
    assert (sentence[mention.start : mention.end], mention.value) == ("11 years and 3 months", 11.25)
    assert figure_context(sentence, mention).measure == "years"


def test_an_amounts_own_words_are_nouns_not_verbs() -> None:
    sentence = "The $44 billion bid represents a premium for shareholders."
    assert figure_context(sentence, locate(sentence, "$44 billion")).measure == "bid"  # type: ignore[arg-type]


def test_a_number_with_a_noun_of_its_own_takes_no_measure_from_an_earlier_part() -> None:
    sentence = (
        "Reports said some 4,000 people had been evacuated, officials said, a fraction of the"
        " roughly 41,000 residents who were at risk."
    )
    assert (
        figure_context(sentence, locate(sentence, "41,000"), counts="people evacuated").measure
        != "people displaced"
    )  # type: ignore[arg-type]
    # Must not trigger: a number with no noun of its own, a part of its total.
    sentence = "The quake killed 5,000 people in Turkey, and 1,200 in Syria."
    assert figure_context(sentence, locate(sentence, "1,200"), counts="deaths").measure == "deaths"  # type: ignore[arg-type]
    sentence = "The offensive has resulted in over 327 deaths, including 44 civilians."
    assert figure_context(sentence, locate(sentence, "44")).measure == "deaths"  # type: ignore[arg-type]


def test_things_evacuated_are_no_people_displaced() -> None:
    sentence = "Another 150 medical facilities were evacuated, including nursing homes."
    assert figure_context(sentence, locate(sentence, "150")).measure == "medical facilities evacuated"  # type: ignore[arg-type]
    # Must not trigger: people, and tolls of any group.
    sentence = "Some 900 individuals had to be evacuated from the town."
    assert figure_context(sentence, locate(sentence, "900")).measure == "people displaced"  # type: ignore[arg-type]
    sentence = "Twelve police officers were killed in the attack."
    assert figure_context(sentence, locate(sentence, "Twelve")).measure == "deaths"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "number", "measure"),
    [
        (
            "Prosecutors sought 15 years and $804 million in restitution while the defence asked for less.",
            "$804 million",
            "restitution",
        ),
        ("Depp was awarded $10 million in compensatory damages.", "$10 million", "compensatory damages"),
        ("The judge put the reasonable total loss at $121 million.", "$121 million", "reasonable total loss"),
        (
            "The bank had a negative cash position of $958 million on March 9.",
            "$958 million",
            "negative cash position",
        ),
        # Must not trigger: a verb, a holder in the plural, a time, a bare "amount".
        ("Holmes raised $945 million from investors.", "$945 million", UNNAMED_MEASURE),
        ("He estimated the total loss by 10 investors at $384 million.", "$384 million", UNNAMED_MEASURE),
        ("The pound ended the day at $1.1252.", "$1.1252", UNNAMED_MEASURE),
        ("Damages are capped in the amount of $350,000.", "$350,000", UNNAMED_MEASURE),
    ],
)
def test_an_amount_is_what_its_sentence_writes_beside_it(sentence: str, number: str, measure: str) -> None:
    assert figure_context(sentence, locate(sentence, number)).measure == measure  # type: ignore[arg-type]


def test_what_a_number_may_come_to_is_no_count() -> None:
    sentence = "There are 14 settlements in the flooded area, and about 80 villages may be inundated."
    assert figure_context(sentence, locate(sentence, "80")).condition == "may be"  # type: ignore[arg-type]
    # Must not trigger: a count whose modal is in another part of the sentence.
    assert figure_context(sentence, locate(sentence, "14")).condition is None  # type: ignore[arg-type]
    sentence = "The economy could shrink for eight consecutive quarters if market expectations prove correct."
    assert figure_context(sentence, locate(sentence, "eight")).condition == "if"  # type: ignore[arg-type]


def test_a_numbers_own_noun_is_what_it_counts_whatever_the_model_says() -> None:
    sentence = "DeSantis said 40 nursing homes relocated 3,508 residents ahead of the storm."
    context = figure_context(sentence, locate(sentence, "40"), counts="residents relocated")  # type: ignore[arg-type]
    assert context.measure == "nursing homes"
    # Must not trigger: the model's words start with the number's own noun.
    sentence = "Labour is expected to win 410 seats tonight."
    assert figure_context(sentence, locate(sentence, "410"), counts="seats").measure == "seats"  # type: ignore[arg-type]


def test_a_number_with_a_noun_of_its_own_counts_that_noun_not_a_toll_nearby() -> None:
    sentence = (
        "The death toll is expected to rise as rescuers search the more than 5,600 buildings"
        " Turkish officials said were destroyed."
    )
    assert (
        figure_context(sentence, locate(sentence, "5,600"), counts="deaths").measure == "buildings destroyed"
    )  # type: ignore[arg-type]
    # Must not trigger: people, a toll's own words.
    sentence = "The death toll rose to 230 people on Wednesday."
    assert figure_context(sentence, locate(sentence, "230"), counts="deaths").measure == "deaths"  # type: ignore[arg-type]


def test_who_indicates_a_number_does_not_hold_it() -> None:
    sentence = "Ukrainian Interior Minister Igor Klymenko indicated that 24 locations had been flooded."
    assert figure_context(sentence, locate(sentence, "24"), counts="locations").subject is None  # type: ignore[arg-type]


def test_a_possessive_is_no_plural_and_no_part_of_a_measure() -> None:
    sentence = "One sheriff's office reported scores of calls."
    assert figure_context(sentence, locate(sentence, "One")).measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    sentence = "Twitter has accepted Elon Musk's takeover bid of $44 billion."
    assert figure_context(sentence, locate(sentence, "$44 billion")).measure == "takeover bid"  # type: ignore[arg-type]


def test_what_befell_the_things_counted_is_part_of_their_measure() -> None:
    sentence = "Interior Minister Igor Klymenko indicated that 24 locations had been flooded."
    assert figure_context(sentence, locate(sentence, "24"), counts="locations").measure == "locations flooded"  # type: ignore[arg-type]
    # Must not trigger: an active verb (the employees did not all sign), an amount.
    sentence = "Nearly a fifth of the roughly 10,000 employees signed a petition."
    assert figure_context(sentence, locate(sentence, "10,000"), counts="employees").measure == "employees"  # type: ignore[arg-type]


def test_an_item_of_a_list_shares_its_totals_measure() -> None:
    sentence = (
        "The SOHR reported a rising death toll, with at least 311 casualties in the fighting—183 rebels,"
        " 100 pro-government forces, and 28 civilians."
    )
    contexts = [figure_context(sentence, locate(sentence, n), counts="deaths") for n in ("100", "28")]  # type: ignore[arg-type]
    assert [(c.measure, c.subject) for c in contexts] == [("deaths", "soldiers"), ("deaths", "civilians")]


def test_a_round_lower_bound_below_a_higher_one_is_the_same_claim() -> None:
    a = one("More than 2,100 acres (850 hectares) burned on Maui.", "2,100", "a.txt", counts="")
    b = one("At least 2,170 acres have been burned on Maui.", "2,170", "b.txt", counts="")
    assert (a.measure, b.measure) == ("acres burned", "acres burned")
    assert same_claim(a, b)
    # Must not trigger: a bound past the round number's step, nor a running count's progression.
    c = one("At least 2,250 acres have been burned on Maui.", "2,250", "c.txt", counts="")
    assert not same_claim(a, c)
    d = one("More than 300 people were killed.", "300", "d.txt")
    e = one("At least 327 people were killed.", "327", "e.txt")
    assert not same_claim(d, e)


def test_a_count_confined_to_a_building_is_its_own_place() -> None:
    sentence = "At least 25 people, including 21 children, have already died at the school."
    assert figure_context(sentence, locate(sentence, "25")).where == "the school"  # type: ignore[arg-type]
    # Must not trigger: the story's own scope ("in the city", "in the rubble").
    sentence = "At least 230 people were killed in the city, many of them in the rubble."
    assert figure_context(sentence, locate(sentence, "230")).where is None  # type: ignore[arg-type]


def test_a_count_of_acts_done_to_the_dead_or_over_years_is_not_the_toll() -> None:
    sentence = "The identification of 35 bodies out of 68 retrieved has been ascertained."
    assert figure_context(sentence, locate(sentence, "35"), counts="deaths").measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    sentence = "At least 309 people have died since 2000 in plane or helicopter crashes."
    assert figure_context(sentence, locate(sentence, "309")).measure == "deaths since 2000"  # type: ignore[arg-type]
    # Must not trigger: an act that is itself the measure, and the toll of the day.
    sentence = "The evacuation of 3,000 people began on Tuesday."
    assert (
        figure_context(sentence, locate(sentence, "3,000"), counts="people displaced").measure
        == "people displaced"
    )  # type: ignore[arg-type]
    sentence = "The quake killed 68 people on Sunday."
    assert figure_context(sentence, locate(sentence, "68")).measure == "deaths"  # type: ignore[arg-type]


def test_whose_amount_it_is_a_relative_clause_says_and_a_crowded_sentence_must_say() -> None:
    sentence = "Its budget is lower than that of Chandrayaan-2, which had a budget of $96.5 million."
    context = figure_context(sentence, locate(sentence, "$96.5 million"))  # type: ignore[arg-type]
    assert (context.measure, context.subject) == ("budget", "Chandrayaan-2")
    sentence = "Nolan's Interstellar, a film praised by critics, cost more than the Ch-3 mission, with a budget of $165m."
    assert figure_context(sentence, locate(sentence, "$165m")).measure == UNNAMED_MEASURE  # type: ignore[arg-type]
    # Must not trigger: a sentence naming nobody else.
    sentence = "The mission has an estimated total cost of around $74 million."
    assert figure_context(sentence, locate(sentence, "$74 million")).measure == "total cost"  # type: ignore[arg-type]


def test_a_conversion_is_no_figure_of_its_own() -> None:
    sentence = "The mission cost just 6.15bn rupees, which works out at around $75 million."
    assert is_a_conversion(sentence, locate(sentence, "$75 million"))  # type: ignore[arg-type]
    assert not is_a_conversion(sentence, locate(sentence, "6.15bn"))  # type: ignore[arg-type]


def test_bodies_buried_or_identified_are_not_the_toll() -> None:
    sentence = "A spokesman said around 1,300 bodies have so far been buried after being identified."
    assert figure_context(sentence, locate(sentence, "1,300"), counts="deaths").measure == "bodies buried"  # type: ignore[arg-type]
    sentence = "Derna has buried 700 people killed in the flooding."
    assert figure_context(sentence, locate(sentence, "700")).measure == "bodies buried"  # type: ignore[arg-type]
    # Must not trigger: victims identified elsewhere in the sentence.
    sentence = "Police identified the victims of the crash, in which 12 people were killed."
    assert figure_context(sentence, locate(sentence, "12")).measure == "deaths"  # type: ignore[arg-type]


def test_how_long_something_is_expected_to_take_is_a_forecast_not_a_span_that_passed() -> None:
    sentence = "The backlog of ships will likely take four to five days to be back to normal."
    assert figure_context(sentence, locate(sentence, "four"), counts="days").condition == "will likely take"  # type: ignore[arg-type]
    sentence = "Analysts expect it could take at least another 10 days to clear the backlog."
    assert figure_context(sentence, locate(sentence, "10"), counts="days").condition == "could take"  # type: ignore[arg-type]
    # Must not trigger: a span that passed, or a count beside a forecast span.
    sentence = "Truss resigned after 44 days in office."
    assert figure_context(sentence, locate(sentence, "44"), counts="days").condition is None  # type: ignore[arg-type]
    sentence = "The search will take 12 hours, and 300 people are missing."
    assert figure_context(sentence, locate(sentence, "300"), counts="missing").condition is None  # type: ignore[arg-type]


def test_what_a_relative_clause_after_a_number_may_be_is_no_condition_of_it() -> None:
    sentence = (
        "The blast reached 300 feet into the air and sent a plume into the sky that could be seen for miles."
    )
    assert figure_context(sentence, locate(sentence, "300")).condition is None  # type: ignore[arg-type]
    # Must not trigger: what the number itself may be.
    sentence = "About 80 villages may be inundated."
    assert figure_context(sentence, locate(sentence, "80")).condition == "may be"  # type: ignore[arg-type]


def test_one_measure_written_several_ways_is_one_measure() -> None:
    a = one(
        "It is the most indebted developer with more than $300 billion in liabilities.",
        "$300 billion",
        "a.txt",
    )
    b = one("Evergrande, with a liability of about $330 billion, defaulted.", "$330 billion", "b.txt")
    c = one("The developer has nearly $300 billion of debt.", "$300 billion", "c.txt")
    c = c.model_copy(update={"measure": "worth of liabilities"})  # as the model's words may give it
    assert [a.measure, b.measure] == ["liabilities", "liability"]
    (disagreement,) = compare_figures([a, b, c], by_source).disagreements
    assert sorted(v.text for v in disagreement.values) == [
        "about $300 billion",  # "nearly"
        "about $330 billion",
        "more than $300 billion",
    ]
    # Must not trigger: two measures that share a word ("deaths", "death threats").
    d = one("There were 12 deaths.", "12", "d.txt")
    e = one("There were 40 death threats.", "40", "e.txt")
    assert compare_figures([d, e], by_source).disagreements == []


def test_a_currencys_letters_are_no_holder() -> None:
    sentence = "The unveiling of the US$10 billion James Webb Space Telescope began at the White House."
    assert figure_context(sentence, locate(sentence, "$10 billion")).subject is None  # type: ignore[arg-type]
    # Must not trigger: a holder named before the amount with words between.
    sentence = "Apple's revenue rose to $90 billion."
    assert figure_context(sentence, locate(sentence, "$90 billion")).subject == "Apple"  # type: ignore[arg-type]


def test_tolls_at_a_place_and_at_a_place_its_name_opens_are_one_running_count() -> None:
    a = one(
        "At least 47 people were killed at South Korea's Muan International Airport on Sunday.", "47", "a.txt"
    )
    b = one("A plane crashed at Muan airport, killing 179 people.", "179", "b.txt")
    (running,) = compare_figures([a, b], by_source).running
    assert [v.value for v in running.values] == [179.0, 47.0]
    # Must not trigger: places that only end alike are counted apart.
    c = one("At least 12 people were killed in York.", "12", "c.txt")
    d = one("At least 30 people were killed in New York.", "30", "d.txt")
    apart = compare_figures([c, d], by_source)
    assert (apart.running, sorted(f.value for f in apart.agreed)) == ([], [12.0, 30.0])


def test_a_toll_of_a_past_year_is_not_the_storys_toll() -> None:
    past = one("It was the worst aviation disaster since 1997, when 228 people died in a crash.", "228")
    assert past.measure == "deaths in 1997"
    # Must not trigger: a clause of a year that holds no number.
    assert one("In 2017, when the quake hit, 370 people died.", "370").measure == "deaths"


def test_two_sources_counts_set_side_by_side_in_one_sentence_disagree() -> None:
    rival = figures_of(
        "n.txt",
        "Mamata estimated the toll to be over 500, while Vaishnaw maintained the official figure of 238 deaths.",
        "500",
        "238",
    )
    other = one("At least 261 people were killed.", "261", "o.txt")
    compared = compare_figures([*rival, other], by_source)
    (disagreement,) = compared.disagreements
    assert [(v.text, v.attribution) for v in disagreement.values] == [
        ("more than 500", "Mamata"),
        ("238", "Vaishnaw"),
    ]
    assert disagreement.mutually_exclusive
    (running,) = compared.running  # 238 is no part of the 500: it is another source's whole
    assert [v.text for v in running.values] == ["more than 500", "at least 261", "238"]


@pytest.mark.parametrize(
    "sentences",
    [
        # Two sentences: two moments, or two places.
        [
            "At least 47 people were killed at the airport, Yonhap news agency reported.",
            "At least 33 people died, a fire official told Reuters.",
        ],
        # One source's earlier and later values.
        [
            "The ministry had said earlier that at least 296 people had died, with a later update giving 632 deaths."
        ],
        # One source, named twice.
        [
            "Minister Ashwini Vaishnaw said 238 people died, and Vaishnaw said 900 were injured and 200 died in one train."
        ],
    ],
)
def test_counts_of_one_source_or_of_two_sentences_do_not_disagree(sentences: list[str]) -> None:
    article = build_article("r.txt", "\n\n".join(sentences) + "\n")
    figures = ground(article, {}, model="m").figures
    assert len(figures) >= 2
    assert compare_figures(figures, by_source).disagreements == []


def test_two_sources_crowds_in_one_sentence_disagree_however_far_apart() -> None:
    rival = figures_of(
        "c.txt",
        "Police in Paris said that 80,000 people marched in the capital, while the CGT said that there were "
        "700,000 protesters in the city.",
        "80,000",
        "700,000",
        counts="people",
    )
    compared = compare_figures(rival, by_source)
    (disagreement,) = compared.disagreements
    assert [(v.text, v.attribution) for v in disagreement.values] == [
        ("700,000", "CGT"),
        ("80,000", "Police"),
    ]
    # …and the sentence among the figures too, which says of what and where ("in the capital").
    assert sorted(f.value for f in compared.agreed) == [80000.0, 700000.0]
