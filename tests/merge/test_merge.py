"""Merging the extractions of several articles into one briefing (summarizer/merge.py).

Extractions are made the way the pipeline makes them: ``build_article`` then ``ground`` over
hand-written draft items.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from summarizer.ground.grounding import ground
from summarizer.ingest.files import build_article
from summarizer.merge.briefing import merge
from summarizer.models.briefing import Briefing, Failure
from summarizer.models.records import ArticleExtraction

GENERATED_AT = datetime(2024, 12, 8, 12, 30, 15, tzinfo=timezone.utc)


def extract(path: str, text: str, model: str = "m", **drafts: list[dict[str, Any]]) -> ArticleExtraction:
    return ground(build_article(path, text), drafts, model=model)  # type: ignore[arg-type]


def event(
    what: str, sentence: int = 1, who: list[str] | None = None, where: str | None = None
) -> dict[str, Any]:
    return {"who": who or [], "when": None, "sentence": sentence}


def figure(number: str, sentence: int = 1, counts: str = "deaths") -> dict[str, Any]:
    return {"number": number, "counts": counts, "of_whom": None, "sentence": sentence}


def statement(speaker: str, says: str, sentence: int = 1) -> dict[str, Any]:
    return {"speaker": speaker, "sentence": sentence}


def merged(*extractions: ArticleExtraction, title: str | None = None) -> Briefing:
    """``merge`` of the extractions, as the pipeline calls it."""
    return merge(
        extractions,
        failures=[],
        generated_at=GENERATED_AT,
        title=title,
    )


# --- events --------------------------------------------------------------------------------------


def test_citations_are_deduplicated() -> None:
    # The same sentence cited for two wordings of one event, in one article.
    a = extract(
        "a.txt",
        "Rebels captured the city of Aleppo on Friday.\n",
        events=[event("Rebels captured Aleppo"), event("Rebels captured the city of Aleppo")],
    )
    b = extract(
        "b.txt", "Rebels captured Aleppo, residents said.\n", events=[event("Rebels captured Aleppo")]
    )
    assert len(a.events) == 1  # two events of one sentence are that sentence
    briefing = merged(a, b)
    (e,) = briefing.developments
    assert [(c.article_id, c.start, c.end) for c in e.citations] == [
        (a.article.id, 0, len("Rebels captured the city of Aleppo on Friday.")),
        (b.article.id, 0, len("Rebels captured Aleppo, residents said.")),
    ]
    assert briefing.citation_count == 2


# --- figures -------------------------------------------------------------------------------------


def test_same_figure_from_two_articles_merges() -> None:
    a = extract("a.txt", "In all 311 people were killed, monitors said.\n", figures=[figure("311")])
    b = extract("b.txt", "Officials said 311 people were killed.\n", figures=[figure("311")])
    (f,) = merged(a, b).figures
    assert f.article_ids == [a.article.id, b.article.id]
    assert (f.value, f.qualifier) == (311.0, "exact")


def test_figures_of_different_measures_do_not_merge() -> None:
    a = extract("a.txt", "In all 311 people were killed, monitors said.\n", figures=[figure("311")])
    b = extract("b.txt", "Officials counted 311 airstrikes.\n", figures=[figure("311", counts="airstrikes")])
    assert [f.measure for f in merged(a, b).figures] == ["deaths", "air strikes"]


# --- statements ----------------------------------------------------------------------------------


def hassan_on_beds() -> ArticleExtraction:
    return extract(
        "a.txt",
        "Ahmed Hassan said the hospital had run out of beds.\n",
        statements=[statement("Ahmed Hassan", "The hospital has run out of beds")],
    )


def test_same_speaker_saying_nearly_the_same_merges() -> None:
    a = hassan_on_beds()
    b = extract(
        "b.txt",
        "Ahmed Hassan told reporters the hospital has run out of beds.\n",
        statements=[statement("ahmed hassan", "the hospital has run out of beds.")],
    )
    (s,) = merged(a, b).statements
    assert s.article_ids == [a.article.id, b.article.id]
    assert s.speaker == "Ahmed Hassan"


def test_different_speakers_do_not_merge() -> None:
    a = hassan_on_beds()
    b = extract(
        "b.txt",
        "Maria Lopez said the hospital had run out of beds.\n",
        statements=[statement("Maria Lopez", "The hospital has run out of beds")],
    )
    assert [s.speaker for s in merged(a, b).statements] == ["Ahmed Hassan", "Maria Lopez"]


def test_same_speaker_saying_different_things_does_not_merge() -> None:
    a = hassan_on_beds()
    b = extract(
        "b.txt",
        "Ahmed Hassan said the road to Idlib was closed.\n",
        statements=[statement("Ahmed Hassan", "The road to Idlib is closed")],
    )
    assert len(merged(a, b).statements) == 2


# --- unconfirmed ---------------------------------------------------------------------------------

HEDGED = "Abu Mohammed al-Jolani is believed to have been killed in an airstrike.\n"


def test_unconfirmed_records_go_apart() -> None:
    a = extract(
        "a.txt",
        HEDGED
        + "\nUp to 50 fighters were reportedly killed near Hama.\n\nRebels captured Aleppo on Friday.\n",
        events=[event("Jolani killed in an airstrike", 1), event("Rebels captured Aleppo", 3)],
        figures=[figure("50", 2)],
    )
    briefing = merged(a)
    assert [e.description for e in briefing.developments] == ["Rebels captured Aleppo on Friday."]
    assert briefing.figures == []
    # The hedged figure's sentence is shown once, as the unconfirmed development it tells.
    assert [(r.kind, r.status) for r in briefing.unconfirmed] == [("event", "unconfirmed")] * 2
    assert [r.hedge for r in briefing.unconfirmed] == ["is believed to", "reportedly"]


def test_merge_with_actors_does_not_raise() -> None:
    a = extract(
        "a.txt",
        "Rebels captured Aleppo on Friday.\n",
        events=[event("Rebels captured Aleppo", who=["Rebels"])],
    )
    b = extract(
        "b.txt", "The rebels captured Aleppo.\n", events=[event("Rebels captured Aleppo", who=["rebels"])]
    )
    briefing = merge([a, b], failures=[], generated_at=GENERATED_AT)
    (actor,) = briefing.actors
    assert actor.name == "Rebels"
    assert actor.aliases == []
    assert [c.article_id for c in actor.citations] == [a.article.id, b.article.id]


def test_full_name_and_abbreviation_written_in_an_article_are_one_actor() -> None:
    a = extract(
        "a.txt",
        "Fighters of the Free Syrian Army (FSA) entered Aleppo on Friday.\n",
        events=[event("Fighters entered Aleppo", who=["Free Syrian Army"], where="Aleppo")],
    )
    b = extract(
        "b.txt",
        "FSA fighters entered Aleppo on Friday, residents said.\n",
        events=[event("Fighters entered Aleppo", who=["FSA"], where="Aleppo")],
    )
    (actor,) = merge([a, b], failures=[], generated_at=GENERATED_AT).actors
    assert (actor.name, actor.aliases) == ("Free Syrian Army", ["FSA"])
    assert [c.article_id for c in actor.citations] == [a.article.id, b.article.id]


def test_hts_and_hayat_tahrir_al_sham_are_one_actor() -> None:
    a = extract(
        "a.txt",
        "Rebels of Hayat Tahrir al-Sham (HTS) entered Aleppo on Friday.\n",
        events=[event("Rebels entered Aleppo", who=["Hayat Tahrir al-Sham"])],
    )
    b = extract(
        "b.txt", "HTS fighters entered Aleppo on Friday.\n", events=[event("HTS entered Aleppo", who=["HTS"])]
    )
    (actor,) = merge([a, b], failures=[], generated_at=GENERATED_AT).actors
    assert {actor.name, *actor.aliases} == {"Hayat Tahrir al-Sham", "HTS"}


def test_apostrophe_variants_of_a_name_are_one_actor() -> None:
    a = extract(
        "a.txt",
        "Hayat Tahrir al-Sham fighters entered Aleppo.\n",
        events=[event("Fighters entered Aleppo", who=["Hayat Tahrir al-Sham"])],
    )
    b = extract(
        "b.txt",
        "Hay'at Tahrir al-Sham fighters entered Aleppo.\n",
        events=[event("Fighters entered Aleppo", who=["Hay'at Tahrir al-Sham"])],
    )
    (actor,) = merge([a, b], failures=[], generated_at=GENERATED_AT).actors
    assert len(actor.citations) == 2


# --- title, sources and the rest of the briefing -------------------------------------------------


def test_derived_title_is_the_headline_of_the_most_central_article() -> None:
    a = ground(
        build_article("a.md", "Rebels captured Aleppo on Friday.\n", title="Rebels capture Aleppo"),
        {"events": [{"who": ["Rebels"], "when": "Friday", "sentence": 1}]},
        model="m",
    )
    b = ground(
        build_article("b.md", "It rained in London.\n", title="Weather"),
        {"events": [{"who": [], "when": None, "sentence": 1}]},
        model="m",
    )
    c = extract(
        "c.txt", "Rebels held Aleppo on Saturday after its capture.\n", events=[event("Rebels held Aleppo")]
    )
    assert merged(a, b, c).title == "Briefing: Rebels capture Aleppo"
    assert merged(a, b, c, title="Syria: the fall of Aleppo").title == "Syria: the fall of Aleppo"


def test_derived_title_without_headlines_is_the_first_line() -> None:
    a = extract("a.txt", "Rebels captured the city on Friday.\n", events=[event("Rebels captured the city")])
    assert merged(a).title == "Briefing: Rebels captured the city on Friday."


def test_sources_follow_the_input_order_with_their_metadata() -> None:
    first = ground(
        build_article(
            "z-first.md",
            "Rebels captured Aleppo on Friday.\n",
            title="Aleppo falls",
            outlet="The Daily",
            published="December 8, 2024",
            url="https://example.org/aleppo",
        ),
        {},
        model="model-b",
    )
    second = extract("a-second.txt", "Officials said 311 people were killed.\n", model="model-a")
    briefing = merged(first, second)
    assert [s.path for s in briefing.sources] == ["z-first.md", "a-second.txt"]
    assert [s.article_id for s in briefing.sources] == [first.article.id, second.article.id]
    source = briefing.sources[0]
    assert (source.title, source.outlet, source.published, source.url) == (
        "Aleppo falls",
        "The Daily",
        "2024-12-08",
        "https://example.org/aleppo",
    )
    assert briefing.model == "model-a, model-b"
    assert briefing.generated_at == "2024-12-08T12:30:15+00:00"


def test_failures_are_kept() -> None:
    a = extract("a.txt", "Rebels captured Aleppo on Friday.\n", events=[event("Rebels captured Aleppo")])
    failure = Failure(path="broken.html", error="no article text")
    briefing = merge([a], failures=[failure], generated_at=GENERATED_AT)
    assert briefing.failures == [failure]


# --- the rules of issue-level merging: synonyms, aliases, days, sources ----------------------------


def test_two_sentences_of_one_article_are_two_developments() -> None:
    a = extract(
        "a.txt",
        "Rebels captured Aleppo on Friday.\n\nThe capture of Aleppo stunned Damascus.\n",
        events=[event("Rebels captured Aleppo", 1), event("Capture of Aleppo", 2)],
    )
    # An article tells an event once: its next sentence on the subject tells something more.
    assert [e.description for e in merged(a).developments] == [
        "Rebels captured Aleppo on Friday.",
        "The capture of Aleppo stunned Damascus.",
    ]


def test_the_same_speaker_under_an_abbreviation_is_one_statement() -> None:
    a = extract(
        "a.txt",
        "The Syrian Observatory for Human Rights (SOHR) said 311 people had been killed.\n",
        statements=[statement("Syrian Observatory for Human Rights", "311 people had been killed")],
    )
    b = extract("b.txt", "SOHR said 311 people had been killed.\n", statements=[statement("SOHR", "311 people have been killed")])  # fmt: skip
    (s,) = merged(a, b).statements
    assert s.source_count == 2


def test_the_same_words_under_a_longer_name_are_one_statement() -> None:
    words = "The most important thing the government can do right now is to restore stability"
    a = extract(
        "a.txt", f'"{words}," Chancellor Jeremy Hunt said.\n', statements=[statement("Jeremy Hunt", words)]
    )
    b = extract("b.txt", f'Jeremy Hunt said: "{words}."\n', statements=[statement("Jeremy Hunt", words)])
    (s,) = merged(a, b).statements
    assert s.source_count == 2
    # Must not trigger: other words by a speaker of the same last name.
    c = extract(
        "c.txt",
        'Jane Hunt said: "The storm will pass before the weekend."\n',
        statements=[statement("Jane Hunt", "")],
    )
    assert len(merged(a, c).statements) == 2


def test_a_sentence_whose_lesser_part_is_said_is_also_a_development() -> None:
    a = extract(
        "a.txt",
        "This means that in total, Depp will receive $10.4 million dollars, a sum that Heard's attorneys say she cannot afford to pay.\n",
        statements=[statement("Heard's attorneys", "She cannot afford to pay")],
    )
    briefing = merged(a)
    assert [s.content for s in briefing.statements] == ["she cannot afford to pay"]
    assert [e.description for e in briefing.developments] == [a.article.text.strip()]


def test_the_syrian_army_and_government_forces_are_one_actor_with_aliases() -> None:
    a = extract(
        "a.txt",
        "The Syrian army said it had repelled the attack.\n",
        statements=[statement("the Syrian army", "It repelled the attack")],
    )
    b = extract(
        "b.txt",
        "Syrian government forces withdrew from Aleppo, officials said.\n",
        events=[
            event("Government forces withdrew from Aleppo", who=["Syrian government forces"], where="Aleppo")
        ],
    )
    (actor,) = merged(a, b).actors
    assert {actor.name, *actor.aliases} == {"the Syrian army", "Syrian government forces"}


def test_unconfirmed_claims_keep_who_made_them() -> None:
    a = extract(
        "a.txt",
        "HTS claimed it had shot down a regime helicopter near Hama.\n",
        events=[event("HTS shot down a helicopter near Hama", who=["HTS"])],
    )
    (claim,) = merged(a).unconfirmed
    assert (claim.status, claim.hedge, claim.attribution) == ("unconfirmed", "claimed", "HTS")


def test_figure_disagreement_and_agreed_figures_in_the_briefing() -> None:
    a = extract("a.txt", "The offensive has resulted in over 327 deaths.\n\nWarplanes conducted 125 airstrikes.\n", figures=[figure("327", 1), figure("125", 2, counts="airstrikes")])  # fmt: skip
    b = extract("b.txt", "At least 311 people were killed in the offensive.\n\nThere were 125 airstrikes.\n", figures=[figure("311", 1), figure("125", 2, counts="airstrikes")])  # fmt: skip
    briefing = merged(a, b)
    (agreed,) = briefing.figures
    assert (agreed.measure, agreed.value, agreed.source_count) == ("air strikes", 125.0, 2)
    assert briefing.disagreements == []  # a toll given at different moments is no disagreement
    (running,) = briefing.running
    assert [v.text for v in running.values] == ["more than 327", "at least 311"]  # highest first
    assert briefing.citation_count == 4 + sum(len(e.citations) for e in briefing.developments)


def test_unconfirmed_statements_go_apart_with_their_speaker() -> None:
    a = extract(
        "a.txt",
        "The governor reportedly said the city would hold.\n\nAhmed Hassan said the hospital had run out of beds.\n",
        statements=[statement("The governor", "The city will hold", 1), statement("Ahmed Hassan", "The hospital has run out of beds", 2)],
    )  # fmt: skip
    briefing = merged(a)
    assert [s.speaker for s in briefing.statements] == ["Ahmed Hassan"]
    (claim,) = briefing.unconfirmed
    assert (claim.kind, claim.speaker, claim.hedge) == ("statement", "The governor", "reportedly")  # type: ignore[union-attr]
