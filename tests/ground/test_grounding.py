"""Grounding (summarizer/ground.py): the model's sentence numbers become verified citations.

The drafts below are hand-written unit inputs shaped like ``drafts.py``'s items, not recordings.
"""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.ground.grounding import as_written, ground, hedge
from summarizer.ingest.files import build_article
from summarizer.models.article import Article
from summarizer.models.records import ArticleExtraction, Citation, Figure

TEXT = (
    "Rebels captured the city of Aleppo on Friday after a week-long offensive.\n\n"
    "More than 327 people were killed in the fighting, the Syrian Observatory said.\n\n"
    "The government spent £7.9m on repairs in 2016.\n\n"
    "Abu Mohammed al-Jolani is believed to have been killed in an airstrike.\n\n"
    "Ahmed Hassan, a local doctor, described the scene.\n\n"
    '"We have no more beds," he said.\n'
)
S_CAPTURE, S_KILLED, S_SPENT, S_HEDGED, S_DOCTOR, S_QUOTE = range(1, 7)


@pytest.fixture(scope="module")
def article() -> Article:
    return build_article("aleppo.txt", TEXT, title="Aleppo falls")


def read_from_text(article: Article) -> list[Figure]:
    """The figures grounding reads from the article's own words, with no draft of the model's."""
    return ground(article, {}, model="m").figures


def sentence_text(article: Article, sentence_id: int) -> str:
    sentence = article.sentence(sentence_id)
    assert sentence is not None
    return article.span_text(sentence)


def event(what: str, sentence: int, who: list[str] | None = None, when: str | None = None, where: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"who": who or [], "when": when, "sentence": sentence}


def figure(number: str, sentence: int, counts: str = "deaths", of_whom: str | None = None) -> dict[str, Any]:
    return {"number": number, "counts": counts, "of_whom": of_whom, "sentence": sentence}


def statement(speaker: str, says: str, sentence: int) -> dict[str, Any]:
    return {"speaker": speaker, "sentence": sentence}


def all_citations(extraction: ArticleExtraction) -> list[Citation]:
    records = [*extraction.events, *extraction.figures, *extraction.statements, *extraction.actors]
    return [c for r in records for c in r.citations]


def test_the_article_is_segmented_as_the_tests_assume(article: Article) -> None:
    assert [article.span_text(s) for s in article.sentences] == [line for line in TEXT.split("\n") if line]


# --- citations -----------------------------------------------------------------------------------


def test_citations_quote_the_exact_text_of_the_cited_sentence(article: Article) -> None:
    x = ground(
        article,
        {
            "events": [event("Rebels captured Aleppo", S_CAPTURE, who=["Rebels"])],
            "figures": [figure("327", S_KILLED)],
            "statements": [statement("Ahmed Hassan", "no more beds", S_QUOTE)],
        },
        model="test-model",
    )
    assert (len(x.events), len(x.figures), len(x.statements)) == (1, 1, 1)
    assert x.dropped == []
    for c in all_citations(x):
        assert c.quote == article.text[c.start : c.end]
        assert c.article_id == article.id
        assert c.path == "aleppo.txt"
        assert c.sentence_id is not None
        assert c.quote == sentence_text(article, c.sentence_id)
    assert [c.sentence_id for c in x.events[0].citations] == [S_CAPTURE]
    assert [c.sentence_id for c in x.figures[0].citations] == [S_KILLED]
    assert x.model == "test-model"
    assert x.article == article


@pytest.mark.parametrize("kind", ["events", "figures", "statements"])
def test_a_sentence_the_article_does_not_have_is_dropped_with_the_reason(article: Article, kind: str) -> None:
    item = {
        "events": event("Rebels captured Aleppo", 99),
        "figures": figure("327", 99),
        "statements": statement("Ahmed Hassan", "no more beds", 99),
    }[kind]
    x = ground(article, {kind: [item]}, model="m")  # type: ignore[misc]
    assert (x.events, x.figures, x.statements) == ([], read_from_text(article), [])
    (dropped,) = x.dropped
    assert dropped.kind == kind[:-1]
    assert "[S99]" in dropped.reason
    assert dropped.record == item


def test_sentence_zero_is_not_the_last_sentence(article: Article) -> None:
    x = ground(article, {"events": [event("We have no more beds", 0)]}, model="m")
    assert x.events == []
    assert "[S0]" in x.dropped[0].reason


# --- figures -------------------------------------------------------------------------------------


def test_a_figure_whose_number_is_not_in_the_cited_sentence_is_dropped(article: Article) -> None:
    # 327 is in sentence 2, not in the cited sentence 1.
    x = ground(article, {"figures": [figure("327", S_CAPTURE)]}, model="m")
    assert x.figures == read_from_text(article)  # "More than 327 people were killed": its own
    (dropped,) = x.dropped
    assert dropped.kind == "figure"
    assert "'327'" in dropped.reason and "not written" in dropped.reason


def test_a_year_is_not_a_figure(article: Article) -> None:
    x = ground(article, {"figures": [figure("2016", S_SPENT, counts="year")]}, model="m")
    assert x.figures == read_from_text(article)
    assert "year" in x.dropped[0].reason


def test_a_time_of_day_is_a_time_never_a_count() -> None:
    article = build_article(
        "palace.txt", "The palace\n\nThe palace waited until 6:30 pm to announce the death of the Queen.\n"
    )
    (time,) = ground(article, {"figures": [figure("6", 1, counts="deaths")]}, model="m").figures
    assert (time.measure, time.value, time.value_text) == ("time of day", 18.5, "6:30 pm")


@pytest.mark.parametrize("model_wrote", ["327", "over 327", "at least 327"])
def test_qualifier_and_value_are_read_from_the_sentence(article: Article, model_wrote: str) -> None:
    x = ground(article, {"figures": [figure(model_wrote, S_KILLED, of_whom=" people ")]}, model="m")
    (f,) = x.figures
    assert (f.value, f.value_text, f.qualifier, f.unit) == (327.0, "327", "more_than", None)
    assert (f.measure, f.subject) == ("deaths", None)  # "people" is everyone: a total
    assert f.status == "reported" and f.hedge is None


def test_currency_and_multiplier_come_from_the_sentence(article: Article) -> None:
    x = ground(
        article, {"figures": [figure("7.9m", S_SPENT, counts="repair spending", of_whom="")]}, model="m"
    )
    (f,) = [f for f in x.figures if f.citations[0].sentence_id == S_SPENT]
    assert (f.value, f.value_text, f.unit, f.qualifier) == (7.9e6, "£7.9m", "GBP", "exact")
    assert f.subject is None


# --- statements ----------------------------------------------------------------------------------


def test_speaker_named_in_the_previous_sentence_is_cited_with_both(article: Article) -> None:
    x = ground(
        article, {"statements": [statement("Ahmed Hassan", "the hospital is full", S_QUOTE)]}, model="m"
    )
    (s,) = x.statements
    assert [c.sentence_id for c in s.citations] == [S_DOCTOR, S_QUOTE]
    assert s.citations[0].quote.startswith("Ahmed Hassan")
    assert s.quoted is True
    assert (s.speaker, s.content) == ("Ahmed Hassan", "We have no more beds")  # the article's words


def test_speaker_named_in_the_cited_sentence_is_cited_alone(article: Article) -> None:
    x = ground(article, {"statements": [statement("Syrian Observatory", "327 died", S_KILLED)]}, model="m")
    (s,) = x.statements
    assert [c.sentence_id for c in s.citations] == [S_KILLED]
    assert s.quoted is False


def test_speaker_named_nowhere_near_is_dropped(article: Article) -> None:
    x = ground(article, {"statements": [statement("Syrian Observatory", "no beds", S_QUOTE)]}, model="m")
    assert x.statements == []
    (dropped,) = x.dropped
    assert dropped.kind == "statement"
    assert "'Syrian Observatory'" in dropped.reason


def test_a_sentence_with_no_words_of_saying_states_no_statement(article: Article) -> None:
    x = ground(article, {"statements": [statement("Rebels", "they captured Aleppo", S_CAPTURE)]}, model="m")
    assert x.statements == []
    (dropped,) = x.dropped
    assert "no verb of saying" in dropped.reason


def test_the_speaker_the_sentence_names_replaces_the_models(article: Article) -> None:
    x = ground(article, {"statements": [statement("Ahmed Hassan", "327 died", S_KILLED)]}, model="m")
    (s,) = x.statements
    assert s.speaker == "Syrian Observatory"
    assert s.content == "More than 327 people were killed in the fighting"


def test_speaker_two_sentences_back_is_too_far() -> None:
    article = build_article(
        "far.txt",
        'Ahmed Hassan runs the clinic.\n\nThe clinic was shelled twice.\n\n"We have no beds," he said.\n',
    )
    x = ground(article, {"statements": [statement("Ahmed Hassan", "no beds", 3)]}, model="m")
    assert x.statements == []


def test_who_was_told_in_the_previous_sentence_is_not_the_speaker() -> None:
    article = build_article(
        "told.txt",
        '"It is a tragedy beyond tragedy," he told Blitzer.\n\n"We never expected to see this anywhere in America."\n',
    )
    x = ground(article, {"statements": [statement("Blitzer", "never expected", 2)]}, model="m")
    assert x.statements == []
    assert "'Blitzer'" in x.dropped[0].reason


def test_a_description_inside_the_quoted_words_is_not_the_speaker() -> None:
    article = build_article(
        "desc.txt",
        "The rail car could explode, sending shrapnel up to a mile, he said.\n\n"
        '"Residents living within a mile of the site are advised to leave the area," he said.\n',
    )
    speaker = "residents living within a mile of the site"
    x = ground(article, {"statements": [statement(speaker, "advised to leave", 2)]}, model="m")
    assert x.statements == []  # "a mile" of the sentence before names no residents
    # Must not trigger: a description the sentence before writes whole.
    article = build_article(
        "officials.txt",
        "Fire officials said on Monday the blaze was contained.\n\n"
        '"We expect to lift the evacuation order by Friday," fire officials added.\n',
    )
    x = ground(article, {"statements": [statement("fire officials", "lift the evacuation", 2)]}, model="m")
    assert [s.speaker for s in x.statements] == ["fire officials"]


def test_a_title_in_common_does_not_make_two_speakers_one() -> None:
    article = build_article(
        "haul.txt",
        "Harris raised $81 million after President Biden announced he would not seek reelection.\n",
    )
    x = ground(article, {"statements": [statement("Vice President Kamala Harris", "not seek", 1)]}, model="m")
    assert [s.speaker for s in x.statements] == ["President Biden"]
    # Must not trigger: one name with and without its title.
    article = build_article(
        "harris.txt", "Vice President Kamala Harris said she would earn the nomination.\n"
    )
    x = ground(article, {"statements": [statement("Kamala Harris", "earn the nomination", 1)]}, model="m")
    assert [s.speaker for s in x.statements] == ["Vice President Kamala Harris"]  # as the sentence writes it


def test_they_who_said_it_are_the_source_the_sentence_before_names() -> None:
    article = build_article(
        "they.txt",
        "Yamagami has denied he acted for political reasons, according to the police.\n\n"
        "The police searched his home on Friday, finding homemade guns, they said.\n",
    )
    x = ground(article, {"statements": [statement("Yamagami", "searched his home", 2)]}, model="m")
    assert [s.speaker for s in x.statements] == ["police"]
    # Must not trigger: "he said" after a sentence whose subject said something.
    article = build_article(
        "he.txt",
        "Yamagami told investigators he acted alone, according to the police.\n\n"
        "He bought the parts online, he said.\n",
    )
    x = ground(article, {"statements": [statement("Yamagami", "bought the parts", 2)]}, model="m")
    assert [s.speaker for s in x.statements] == ["Yamagami"]


def test_a_source_that_relays_what_he_said_is_not_the_speaker() -> None:
    article = build_article(
        "relay.txt",
        "The award is a political action, Iranian Foreign Ministry Spokesman Nasser Kanaani said.\n\n"
        '"The decision corresponds to the interventionist policy of some European governments," he said, '
        "according to the Foreign Ministry's Telegram channel.\n",
    )
    drafts = {
        "statements": [statement("Iranian Foreign Ministry Spokesman Nasser Kanaani", "interventionist", 2)]
    }
    x = ground(article, drafts, model="m")
    assert [(s.speaker, len(s.citations)) for s in x.statements] == [
        ("Iranian Foreign Ministry Spokesman Nasser Kanaani", 2)
    ]


def test_a_name_only_a_preposition_puts_in_the_sentence_before_is_not_the_speaker() -> None:
    article = build_article(
        "warn.txt",
        '"Storms may bring disruption on Wednesday," it warned, issuing a warning for the South East, including London.\n\n'
        'It said: "Where flooding occurs, there is a chance of delays to train and bus services."\n',
    )
    x = ground(
        article, {"statements": [statement("London Fire Brigade", "Where flooding occurs", 2)]}, model="m"
    )
    assert x.statements == []
    # Must not trigger: a name that is the subject of the sentence before.
    article = build_article(
        "smith.txt",
        'Smith arrived in London on Monday.\n\n"It is a terrible day for all of us here," he said.\n',
    )
    x = ground(article, {"statements": [statement("Smith", "terrible day", 2)]}, model="m")
    assert [s.speaker for s in x.statements] == ["Smith"]


def test_short_speaker_name_written_in_the_sentence_is_kept() -> None:
    article = build_article("un.txt", "The UN said aid convoys were blocked at the border.\n")
    x = ground(article, {"statements": [statement("UN", "aid convoys were blocked", 1)]}, model="m")
    assert [s.speaker for s in x.statements] == ["UN"]


# --- events --------------------------------------------------------------------------------------


def test_an_event_is_its_cited_sentence_in_the_articles_words(article: Article) -> None:
    x = ground(article, {"events": [event("whatever the model says", S_CAPTURE)]}, model="m")
    (e,) = x.events
    assert e.description == e.citations[0].quote == article.span_text(article.sentences[S_CAPTURE - 1])


def test_who_and_when_not_in_the_sentence_are_removed(article: Article) -> None:
    x = ground(
        article,
        {
            "events": [
                event(
                    "Rebels captured Aleppo",
                    S_CAPTURE,
                    who=["Rebels", "Turkey", " "],
                    when="Friday",
                    where="Aleppo",
                ),
                event("Rebels took Aleppo", S_CAPTURE, who=["Russia"], when="Saturday", where="Damascus"),
            ]
        },
        model="m",
    )
    kept, stripped = x.events
    assert (kept.actors, kept.when) == (["Rebels"], "Friday")
    # The model's "Saturday" is not in the sentence; the one day the sentence names replaces it.
    assert (stripped.actors, stripped.when) == ([], "Friday")
    assert x.dropped == []


def test_a_year_written_in_the_sentence_is_kept_as_when(article: Article) -> None:
    x = ground(article, {"events": [event("Government spent on repairs", S_SPENT, when="2016")]}, model="m")
    assert x.events[0].when == "2016"


def test_a_date_with_another_day_is_replaced_by_the_day_the_sentence_names() -> None:
    article = build_article("dec.txt", "Rebels entered Damascus on 8 December, witnesses said.\n")
    x = ground(article, {"events": [event("Rebels entered Damascus", 1, when="9 December")]}, model="m")
    assert x.events[0].when == "8 December"


def test_a_sentence_naming_two_days_gives_no_day() -> None:
    article = build_article(
        "two.txt", "Rebels massed on Monday and entered Damascus on Tuesday, witnesses said.\n"
    )
    x = ground(article, {"events": [event("Rebels entered Damascus", 1)]}, model="m")
    assert x.events[0].when is None


# --- hedges --------------------------------------------------------------------------------------


def test_hedged_sentence_makes_records_unconfirmed_with_the_hedge_words(article: Article) -> None:
    x = ground(
        article,
        {
            "events": [
                event("Jolani killed in airstrike", S_HEDGED, who=["Abu Mohammed al-Jolani"]),
                event("Rebels captured Aleppo", S_CAPTURE),
            ]
        },
        model="m",
    )
    hedged, plain = x.events
    assert (hedged.status, hedged.hedge) == ("unconfirmed", "is believed to")
    assert hedged.hedge in hedged.citations[0].quote
    assert (plain.status, plain.hedge) == ("reported", None)


def test_hedged_figure_is_unconfirmed() -> None:
    article = build_article("h.txt", "Up to 50 fighters were reportedly killed near Hama.\n")
    x = ground(article, {"figures": [figure("50", 1)]}, model="m")
    (f,) = x.figures
    assert (f.status, f.hedge, f.qualifier) == ("unconfirmed", "reportedly", "at_most")


def test_a_hedge_in_a_clause_with_a_subject_of_its_own_hedges_only_that_clause() -> None:
    text = "At least 59 people have died and dozens are feared missing after the boat capsized.\n"
    x = ground(
        build_article("c.txt", text), {"figures": [figure("59", 1)], "events": [event("died", 1)]}, model="m"
    )
    assert [f.status for f in x.figures] == ["reported"] and [e.status for e in x.events] == ["reported"]
    # …and does hedge a number in it.
    text = "At least 59 people have died and 30 are feared missing after the boat capsized.\n"
    x = ground(build_article("d.txt", text), {"figures": [figure("30", 1)]}, model="m")
    assert {f.value: f.status for f in x.figures} == {30: "unconfirmed", 59: "reported"}
    # Must not trigger: a clause whose subject is the first one's, or a hedge in the first clause.
    for text in (
        "Sources said 2.5 megajoules were produced, and these numbers are not yet confirmed.\n",
        "At least 20 people are feared dead and 30 were injured.\n",
        "He was arrested and later was reportedly released on bail.\n",
    ):
        x = ground(build_article("e.txt", text), {"events": [event("x", 1)]}, model="m")
        assert [e.status for e in x.events] == ["unconfirmed"], text


def test_a_number_in_a_relative_clause_is_hedged_by_it() -> None:
    text = "Jets struck rebel positions, according to the Russian Centre, which claimed the strikes killed approximately 300 rebels.\n"
    x = ground(build_article("r.txt", text), {"figures": [figure("300", 1)]}, model="m")
    assert [(f.status, f.hedge) for f in x.figures] == [("unconfirmed", "claimed")]


# --- duplicates, actors, errors ------------------------------------------------------------------


def test_exact_duplicate_records_collapse(article: Article) -> None:
    same = event("Rebels captured Aleppo", S_CAPTURE, who=["Rebels"])
    x = ground(
        article,
        {
            "events": [same, dict(same), event("Rebels captured Aleppo", S_CAPTURE, who=[])],
            "figures": [figure("327", S_KILLED), figure("327", S_KILLED)],
            "statements": [statement("Ahmed Hassan", "no beds", S_QUOTE)] * 2,
        },
        model="m",
    )
    # The third event differs (no actor), so it stays.
    assert [e.actors for e in x.events] == [["Rebels"], []]
    assert len(x.figures) == 1
    assert len(x.statements) == 1


def test_actors_come_from_who_and_speakers_once_per_case_folded_name(article: Article) -> None:
    x = ground(
        article,
        {
            "events": [
                event("Rebels captured Aleppo", S_CAPTURE, who=["Rebels"]),
                event("Rebels captured the city", S_CAPTURE, who=["REBELS"]),
                event("Doctor described the scene", S_DOCTOR, who=["Ahmed Hassan"]),
            ],
            "statements": [
                statement("ahmed hassan", "no more beds", S_QUOTE),
                statement("Syrian Observatory", "327 died", S_KILLED),
            ],
        },
        model="m",
    )
    assert [a.name for a in x.actors] == ["Rebels", "Ahmed Hassan", "Syrian Observatory"]
    rebels, hassan, observatory = x.actors
    assert [c.sentence_id for c in rebels.citations] == [S_CAPTURE]
    assert [c.sentence_id for c in hassan.citations] == [S_DOCTOR, S_QUOTE]
    assert [c.sentence_id for c in observatory.citations] == [S_KILLED]
    assert all(a.aliases == [] for a in x.actors)


def test_actors_removed_from_an_event_are_not_actors(article: Article) -> None:
    x = ground(article, {"events": [event("Rebels captured Aleppo", S_CAPTURE, who=["Turkey"])]}, model="m")
    assert x.actors == []


def test_who_was_told_is_no_actor() -> None:
    article = build_article(
        "told.txt", "David Mearns, a marine scientist, told Sky News and the BBC the debris is from Titan.\n"
    )
    x = ground(article, {"events": [event("", 1, who=["David Mearns", "Sky News and the BBC"])]}, model="m")
    assert x.events[0].actors == ["David Mearns"]
    # Must not trigger: the one who tells.
    article = build_article("tells.txt", "Sky News told viewers the debris is from Titan.\n")
    x = ground(article, {"events": [event("", 1, who=["Sky News"])]}, model="m")
    assert x.events[0].actors == ["Sky News"]


def test_error_is_passed_through() -> None:
    article = build_article("e.txt", "Rebels entered the city on Friday.\n")
    x = ground(article, {}, model="m", error="events: could not reach 127.0.0.1:9")
    assert x.error == "events: could not reach 127.0.0.1:9"
    assert (x.events, x.figures, x.statements, x.actors, x.dropped) == ([], [], [], [], [])
    assert ground(article, {}, model="m").error is None


# --- figures cited one sentence off, and what a figure counts ------------------------------------

TOLL = (
    "Rebels pressed their offensive on Aleppo on Friday.\n\n"
    "The offensive has resulted in over 327 deaths, including 44 civilians, monitors said.\n\n"
    "Residents fled the eastern districts.\n"
)


def test_a_figure_cited_next_to_its_sentence_moves_there_and_the_move_is_kept() -> None:
    article = build_article("toll.txt", TOLL)
    x = ground(article, {"figures": [figure("327", 3, counts="deaths")]}, model="m")
    (f,) = x.figures
    assert (f.value, f.qualifier, f.measure, f.subject) == (327.0, "more_than", "deaths", None)
    assert f.citations[0].sentence_id == 2
    assert f.citations[0].quote == sentence_text(article, 2)
    assert [(r.kind, r.cited, r.found) for r in x.recited] == [("figure", 3, 2)]
    assert x.dropped == []


def test_a_number_whose_sentence_does_not_name_what_it_counts_is_not_moved() -> None:
    article = build_article("toll.txt", TOLL)
    x = ground(article, {"figures": [figure("327", 3, counts="airstrikes")]}, model="m")
    assert x.figures == read_from_text(article) and x.recited == []
    assert "not written in the cited sentence" in x.dropped[0].reason


def test_a_number_written_in_two_other_sentences_is_dropped_not_guessed() -> None:
    article = build_article(
        "twice.txt",
        "Some 40 people died in Hama.\n\nRebels advanced on Friday.\n\nIn Homs 40 people died.\n",
    )
    x = ground(article, {"figures": [figure("40", 2)]}, model="m")
    assert x.figures == read_from_text(article) and x.recited == []


def test_a_figure_of_a_group_names_the_group_and_the_total_names_none() -> None:
    article = build_article("toll.txt", TOLL)
    x = ground(
        article, {"figures": [figure("327", 2), figure("44", 2, counts="civilians killed")]}, model="m"
    )
    total, civilians = x.figures
    assert (total.measure, total.subject, total.cause) == ("deaths", None, "offensive")
    assert (civilians.measure, civilians.subject) == ("deaths", "civilians")


def test_who_reported_a_figure_is_kept() -> None:
    article = build_article(
        "sohr.txt",
        "The SOHR has reported a rising death toll, with at least 311 casualties in the fighting.\n",
    )
    (f,) = ground(article, {"figures": [figure("311", 1, counts="casualties")]}, model="m").figures
    assert (f.value, f.qualifier, f.measure, f.attribution) == (311.0, "at_least", "deaths", "SOHR")


@pytest.mark.parametrize(
    ("text", "drafts", "said_by", "cited"),
    [
        # A quotation that goes on from an attribution: the speaker of the sentence before, which
        # the figure cites after its own.
        (
            "“I don’t think voting against Kevin McCarthy is chaos,” Gaetz said on the floor. "
            "“I think $33 trillion in debt is chaos.”\n\n"
            "The House went home early. “Some 40 members left at noon.”\n",
            [figure("$33 trillion", 2, counts="debt"), figure("40", 4, counts="members")],
            ["Gaetz", None],  # must not trigger: after a sentence that names no speaker
            [[2, 1], [4]],
        ),
        # A quotation whose speaker its own sentence names.
        (
            "“Three months ago, we started building a steel plate to go under the mount,” Musk said in a tweet.\n\n"
            "The company has 3,000 workers, and “we are proud of every one of them,” Musk said.\n",
            [figure("Three", 1, counts="months"), figure("3,000", 2, counts="workers")],
            ["Musk", None],  # must not trigger: a number outside the quotation
            [[1], [2]],
        ),
    ],
)
def test_a_figure_in_a_quotation_is_its_speakers(
    text: str, drafts: list[dict[str, Any]], said_by: list[str | None], cited: list[list[int]]
) -> None:
    figures = ground(build_article("said.txt", "Said\n\n" + text), {"figures": drafts}, model="m").figures
    assert [f.attribution for f in figures] == said_by
    assert [[c.sentence_id for c in f.citations] for f in figures] == cited


@pytest.mark.parametrize(
    ("text", "number", "said_by"),
    [
        # A number in a clause of time that opens the sentence is the writer's.
        (
            "After six members of the group were arrested at about 7.30am, Graham Smith said officers should be ashamed.",
            "six",
            None,
        ),
        # Must not trigger: a number after the opening clause, an opening clause that is what was said.
        ("After the blast, 50 people were dead, officials said.", "50", "officials"),
        ("After 50 people died in the blast, the toll rose again, officials said.", "50", "officials"),
        (
            "As per a prospectus the bank needed $1.8 billion to plug a hole, Bloomberg reported.",
            "$1.8 billion",
            "Bloomberg",
        ),
        ("As of Monday, 50 people had died, officials said.", "50", "officials"),
    ],
)
def test_a_number_in_an_opening_clause_of_time_is_not_the_speakers(
    text: str, number: str, said_by: str | None
) -> None:
    article = build_article("open.txt", text + "\n")
    (f,) = ground(article, {"figures": [figure(number, 1, counts="people")]}, model="m").figures  # type: ignore[arg-type]
    assert f.attribution == said_by


def test_a_range_is_one_figure_with_both_ends() -> None:
    article = build_article("range.txt", "Between 300 and 350 people were killed in Hama, medics said.\n")
    (f,) = ground(article, {"figures": [figure("350", 1)]}, model="m").figures
    assert (f.value, f.value_max, f.value_text, f.where) == (300.0, 350.0, "Between 300 and 350", "Hama")


def test_a_statement_is_hedged_by_the_outlets_doubt_not_by_the_speakers_own() -> None:
    article = build_article(
        "said.txt",
        "The governor reportedly said the city would hold.\n\nHTS claimed it had taken the airport.\n\n"
        'Peskov said "It is unlikely that these topics could have been discussed in the talks."\n\n'
        "The envoy said the talks had reportedly stalled over the weekend.\n",
    )
    drafts = {
        "statements": [
            statement("The governor", "The city will hold", 1),
            statement("HTS", "It took the airport", 2),
            statement("Peskov", "unlikely", 3),
            statement("The envoy", "stalled", 4),
        ]
    }
    second_hand, claim, own, reported = ground(article, drafts, model="m").statements
    assert (second_hand.status, second_hand.hedge) == ("unconfirmed", "reportedly")
    assert (claim.status, claim.hedge) == ("reported", None)  # a claim is the speaker's statement
    # A hedge inside the quoted words is the speaker's own...
    assert (own.status, own.hedge) == ("reported", None)
    # ...but not one in words reported, not quoted.
    assert (reported.status, reported.hedge) == ("unconfirmed", "reportedly")


@pytest.mark.parametrize(
    ("name", "text", "written"),
    [
        ("Amber Heard", "The jury also found in favour of Heard, who said she was defamed.", "Heard"),
        ("Keir Starmer", "“The change begins right here,” Mr Starmer said.", "Mr Starmer"),
        ("Johnny Depp", "Johnny Depp said the jury gave him his life back.", "Johnny Depp"),
        ("SOHR", "The monitor said 311 people had died.", "SOHR"),  # not written: as the model gave it
        # A name the model garbled: the run the article writes for one of its words.
        ("Lula Inácio Lula da Silva", "As Lula voted in the morning, he had said, “We will win.”", "Lula"),
        # A title written after the name is the speaker's ("the Labour leader", not the party).
        ("Labour", "In his victory speech, the Labour leader promised national renewal.", "Labour leader"),
        # A name the model cut short goes on to its end; another name after "and" is no part of it.
        ("Bank", "The Bank of England said rates would rise.", "Bank of England"),
        ("Labour", "Labour and the Conservatives said so.", "Labour"),
    ],
)
def test_a_speaker_is_shown_as_the_article_writes_it(name: str, text: str, written: str) -> None:
    assert as_written(name, text) == written


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("An alleged attack on the convoy killed four.", "unconfirmed"),
        ("The gunman allegedly bought two rifles.", "unconfirmed"),
        # A suspect not yet convicted is "the alleged shooter": the event itself is not hedged.
        ("The alleged shooter killed 19 children at the school.", "reported"),
        # What a relative clause says of someone hedges nothing the sentence states.
        ("Bolsonaro, who has made unsubstantiated claims of fraud, initially remained silent.", "reported"),
        # Lives claimed are lives lost; a claim of responsibility is still a claim.
        ("The fire has claimed the lives of at least 99 people.", "reported"),
        ("The storm has claimed at least 27 lives in Acapulco.", "reported"),
        ("Rebels claimed at least 27 villages.", "unconfirmed"),
        ("Islamic State claimed responsibility for the attack.", "unconfirmed"),
        ("The attack killed at least 133 people and was claimed by Islamic State.", "reported"),
        # An attributive "alleged" deep in the sentence hedges its noun, not what the sentence states.
        (
            "Cohen made a $130,000 payment to keep her from speaking about an alleged affair with Trump.",
            "reported",
        ),
        ("Up to 20,000 people are feared dead after the dams burst.", "unconfirmed"),
        # What a confirmation confirms is no longer a rumour.
        ("The Energy Department confirmed what had been rumoured for days: a breakthrough.", "reported"),
        ("The ministry confirmed the rumours of a deal.", "reported"),
        # Must not trigger: a confirmation denied.
        ("The ministry has not confirmed the rumours of a deal.", "unconfirmed"),
        # What the sentence says could not be confirmed is unconfirmed.
        (
            "Sources said 2.5 megajoules were produced, but these numbers are not yet confirmed.",
            "unconfirmed",
        ),
        (
            "Parents shared reports of messages from girls trapped inside, but that could not be confirmed.",
            "unconfirmed",
        ),
        ("The group's claim cannot be independently verified.", "unconfirmed"),
        # Must not trigger: a confirmation.
        ("The ministry has now confirmed 12 deaths.", "reported"),
        # Winning a prize is no claim.
        ("He overtook the Brit on the final lap to claim his first world championship.", "reported"),
        # A claim on a place is a noun, not a hedge; "claims on Tuesday" still hedges.
        ("The $3.6 billion bridge is a tangible symbol of Moscow's claims on Crimea.", "reported"),
        ("The rebels' claims on Tuesday could not be checked.", "unconfirmed"),
        ("In the article she claimed to be a victim of domestic abuse.", "unconfirmed"),
        # Must not trigger: a claim of victory, which a count may belie.
        ("Both candidates claimed victory on Sunday night.", "unconfirmed"),
        # What somebody believes is not yet known.
        ("New Zealand officials believe three people have been killed.", "unconfirmed"),
        # Must not trigger: belief in something.
        ("The coach said he believes in his players.", "reported"),
        # …nor a belief a speaker warns against; "reason to believe" still hedges.
        ("He said the decision should not lead people to believe the pandemic is over.", "reported"),
        ("Police have reason to believe the gunman acted alone.", "unconfirmed"),
        # A clause of time the sentence ends with tells of another moment; a possessive before a
        # hedge word makes it a description ("the actor's claims", "Murdaugh's alleged crimes").
        (
            "Murdaugh was indicted on July 14, 2022, more than a year after he called 911 and claimed to have found the bodies on the 1,772-acre estate.",
            "reported",
        ),
        ("The rebels captured the town, hours after the army reportedly withdrew.", "reported"),
        # …nor does a relative clause that ends the sentence.
        (
            "Some 7,000 officers were sent to monitor protests, which had reportedly drawn a fraction of the crowd.",
            "reported",
        ),
        ("The jury ruled that Heard defamed Depp in all three of the actor's claims.", "reported"),
        (
            "The attorneys said the grounds for appeal are the admission of evidence of Murdaugh's alleged financial crimes.",
            "reported",
        ),
        # Must not trigger: the hedge in the sentence's own clause, or in a clause of time it opens with.
        ("The rebels reportedly captured the town, hours after the army withdrew.", "unconfirmed"),
        ("After the army reportedly withdrew, the rebels captured the town.", "unconfirmed"),
        ("Murdaugh's lawyers claimed the evidence was planted.", "unconfirmed"),
    ],
)
def test_alleged_hedges_an_event_not_a_suspect(sentence: str, status: str) -> None:
    assert hedge([sentence])[0] == status


def test_quoted_words_nobody_is_said_to_say_are_no_statement() -> None:
    article = build_article(
        "q.txt",
        "A payday is coming for CEO Robert Kotick, even as his company faced allegations that its "
        "culture fostered “blatant harassment without repercussions.”\n\n"
        "Biden called the shooting “a senseless act of violence” on Tuesday.\n",
    )
    drafts = {"statements": [statement("Robert Kotick", "", 1), statement("Biden", "", 2)]}
    extraction = ground(article, drafts, model="m")  # type: ignore[arg-type]
    assert [s.speaker for s in extraction.statements] == ["Biden"]
    assert [d.reason for d in extraction.dropped] == [
        "the sentence does not say that anybody said the quoted words"
    ]


def test_words_after_an_attribution_are_the_words_of_who_it_says_spoke() -> None:
    article = build_article(
        "y.txt",
        "Yellen said early on Friday during a House Ways and Means Committee hearing that she is"
        " monitoring the situation.\n\n"
        "“There are recent developments that concern a few banks,” she remarked.\n",
    )
    drafts = {"statements": [statement("House Ways and Means Committee", "", 2)]}
    (said,) = ground(article, drafts, model="m").statements  # type: ignore[arg-type]
    assert (said.speaker, said.content) == (
        "Yellen",
        "There are recent developments that concern a few banks",
    )


def test_a_speaker_named_by_surname_is_the_whole_name_the_article_gave_cited_there() -> None:
    article = build_article(
        "k.txt",
        "The secretary general of the National Assembly, Kim Min-ki, condemned the military.\n\n"
        "Troops smashed windows during the night.\n\n"
        "“I strongly condemn the illegal actions of the military,” Mr. Kim said at a news briefing.\n",
    )
    (said,) = ground(article, {"statements": [statement("Kim", "", 3)]}, model="m").statements  # type: ignore[arg-type]
    assert said.speaker == "Kim Min-ki"
    assert [c.quote for c in said.citations] == [
        "The secretary general of the National Assembly, Kim Min-ki, condemned the military.",
        "“I strongly condemn the illegal actions of the military,” Mr. Kim said at a news briefing.",
    ]


def test_he_or_she_after_a_sentence_whose_speakers_are_many_names_nobody() -> None:
    article = build_article(
        "he.txt",
        "But the agency's officials said that the pandemic has not finished.\n\n"
        "“That does not mean COVID-19 is over as a global health threat,” he said.\n",
    )
    extraction = ground(article, {"statements": [statement("officials", "", 2)]}, model="m")  # type: ignore[arg-type]
    assert extraction.statements == []
    assert [d.reason for d in extraction.dropped] == [
        "the speaker 'officials' is not named in the cited sentence"
    ]


def test_a_distance_that_places_a_town_is_no_figure() -> None:
    article = build_article("far.txt", "Police stopped a car in Bryansk, 210 miles southwest of Moscow.\n")
    x = ground(article, {"figures": [figure("210", 1, counts="miles")]}, model="m")
    assert x.figures == []
    assert "where a place is" in x.dropped[0].reason
    # Must not trigger: a distance that is the news.
    article = build_article("off.txt", "The spacecraft hit just 18.5 yards off from the dead center.\n")
    x = ground(article, {"figures": [figure("18.5", 1, counts="yards")]}, model="m")
    assert [f.value for f in x.figures] == [18.5]


@pytest.mark.parametrize(
    ("text", "speaker", "said", "kept"),
    [
        # A sentence with a subject of its own, or a source of its own, is not the previous speaker's.
        (
            "Ukrainian officials denied any role in the attack.\n\n"
            'Zelenskiy issued a video message accusing Putin of "thinking how to bring this to Ukraine."\n',
            "Ukrainian officials",
            "thinking how",
            [],
        ),
        (
            "As of Saturday, Alaska said it had found no issues.\n\n"
            "Several of the jets were flying, according to tracking site FlightRadar24.\n",
            "Alaska",
            "jets were flying",
            [],
        ),
        # Must not trigger: a pronoun opens the quote's sentence; words after an attribution with
        # no source of their own.
        (
            "Maggie Chapman said the news is a hammer blow.\n\n"
            'She said: "This will come as a hammer blow to households and businesses."\n',
            "Maggie Chapman",
            "hammer blow",
            [("Maggie Chapman", 2)],
        ),
        (
            "Alaska said it had found no issues.\n\nSeveral of the jets were flying again, it said.\n",
            "Alaska",
            "jets were flying",
            [("Alaska", 2)],
        ),
    ],
)
def test_a_sentence_with_a_subject_or_source_of_its_own_is_not_the_previous_sentences_speakers(
    text: str, speaker: str, said: str, kept: list[tuple[str, int]]
) -> None:
    x = ground(build_article("own.txt", text), {"statements": [statement(speaker, said, 2)]}, model="m")
    assert [(s.speaker, len(s.citations)) for s in x.statements] == kept


def test_a_name_that_only_says_whose_title_another_holds_is_not_the_speaker() -> None:
    article = build_article(
        "title.txt", "OpenAI co-founder and president Greg Brockman has quit the firm, he said on Friday.\n"
    )
    x = ground(article, {"statements": [statement("OpenAI", "has quit", 1)]}, model="m")
    assert x.statements == []
    assert "title" in x.dropped[0].reason
    # Must not trigger: the sentence names who spoke, title and all.
    article = build_article(
        "ceo.txt", '"We remain committed to our partnership," wrote Microsoft CEO Satya Nadella.\n'
    )
    x = ground(article, {"statements": [statement("Microsoft", "remain committed", 1)]}, model="m")
    assert [s.speaker for s in x.statements] == ["Microsoft CEO Satya Nadella"]


def test_a_statement_is_hedged_by_its_own_words_not_by_another_clause() -> None:
    article = build_article(
        "two.txt",
        "A quarter of Derna was wiped out, the administration said on Tuesday, and the Red Cross "
        "said 10,000 people were feared to be missing.\n",
    )
    x = ground(article, {"statements": [statement("administration", "wiped out", 1)]}, model="m")
    (s,) = x.statements
    assert (s.content, s.status) == ("A quarter of Derna was wiped out", "reported")
