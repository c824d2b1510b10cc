"""Developments (summarizer/merge/developments.py): sentences of several outlets, one per event.

Extractions are made the way the pipeline makes them: ``build_article`` then ``ground`` over
hand-written draft items; the sentences are grouped by the shipped embedding model.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from summarizer.ground.grounding import ground
from summarizer.ingest.files import build_article
from summarizer.merge.briefing import merge
from summarizer.merge.developments import MAIN_DEVELOPMENTS
from summarizer.models.briefing import Briefing
from summarizer.models.records import ArticleExtraction

GENERATED_AT = datetime(2024, 12, 8, 12, 30, 15, tzinfo=timezone.utc)


def extract(
    path: str, text: str, published: str | None = None, **drafts: list[dict[str, Any]]
) -> ArticleExtraction:
    article = build_article(path, text, published=published)
    return ground(article, drafts, model="m")  # type: ignore[arg-type]


def event(what: str, sentence: int = 1, when: str | None = None) -> dict[str, Any]:
    return {"who": [], "when": when, "sentence": sentence}


def merged(*extractions: ArticleExtraction) -> Briefing:
    return merge(list(extractions), failures=[], generated_at=GENERATED_AT)


def test_a_development_is_told_in_the_words_it_cites() -> None:
    a = extract(
        "a.txt", "MEXICO CITY (AP) — A powerful earthquake toppled dozens of buildings in the capital.\n"
    )
    (e,) = merged(a).developments
    assert e.description == "A powerful earthquake toppled dozens of buildings in the capital."  # no dateline
    (c,) = e.citations
    assert c.quote == e.description == a.article.text[c.start : c.end]


def test_one_event_told_in_other_words_by_two_outlets_is_one_development_with_both() -> None:
    a = extract("a.txt", "Rebels captured Aleppo, residents said.\n\nThe weather was mild all week long.\n")
    b = extract("b.txt", "Insurgents seized Aleppo after a week of fighting.\n")
    shared, single = merged(a, b).developments
    assert shared.article_ids == [a.article.id, b.article.id]
    assert shared.source_count == 2
    assert shared.description == "Rebels captured Aleppo, residents said."
    assert [c.quote for c in shared.citations] == [
        "Rebels captured Aleppo, residents said.",
        "Insurgents seized Aleppo after a week of fighting.",
    ]
    assert single.description == "The weather was mild all week long."


def test_tellings_less_alike_that_give_the_same_two_figures_are_one_development() -> None:
    a = extract("a.txt", "The vote was 216-210, to topple the California Republican.\n")
    b = extract("b.txt", "The final tally was 216 supporting the ouster and 210 members voting against it.\n")
    (shared,) = merged(a, b).developments
    assert shared.source_count == 2
    # Must not trigger: one figure in common, a number that is part of a name, or a year.
    c = extract("c.txt", "Some 216 members voted to topple the speaker on Tuesday.\n")
    d = extract("d.txt", "An ATR 72 aircraft with 68 passengers crashed in Pokhara in 2023.\n")
    e = extract("e.txt", "Rescuers found 68 bodies near the ATR 72 wreck by 2023 standards.\n")
    assert [x.source_count for x in merged(a, c).developments] == [1, 1]
    assert [x.source_count for x in merged(d, e).developments] == [1, 1]


def test_tellings_of_no_common_step_of_a_criminal_case_stay_apart() -> None:
    charged = extract(
        "a.txt",
        "Chauvin was charged on second-degree unintentional murder, third-degree murder, and second-degree manslaughter.\n",
    )
    convicted = extract(
        "b.txt",
        "Chauvin was convicted of second-degree murder, third-degree murder and second-degree manslaughter.\n",
    )
    assert [x.source_count for x in merged(charged, convicted).developments] == [1, 1]
    # Must not trigger: a telling of two steps and one of either ("pleaded … and was sentenced").
    both = extract(
        "c.txt", "Griner was convicted of drug possession and sentenced to nine years in prison.\n"
    )
    one = extract("d.txt", "She was sentenced to nine years in Russian prison for smuggling drugs.\n")
    (shared,) = merged(both, one).developments
    assert shared.source_count == 2


def test_different_events_stay_apart() -> None:
    a = extract("a.txt", "Rebels captured Aleppo on Friday.\n")
    b = extract("b.txt", "The president fled to Moscow on Sunday.\n")
    assert [e.description for e in merged(a, b).developments] == [
        "Rebels captured Aleppo on Friday.",
        "The president fled to Moscow on Sunday.",
    ]


def test_speech_headings_and_fragments_are_no_developments() -> None:
    text = (
        "The jury found in favour of the actor on Wednesday.\n\n"
        "“We will appeal this verdict,” her lawyer said.\n\n"
        "I think the trial was a spectacle.\n\n"
        "Breaking down the damages\n\n"
        "Too short.\n\n"
        "Sheriff Bobby F. Kimbrough, Jr.\n\n"
        "Biden said in an emotional speech from the White House.\n\n"
        "Following are offers of aid and other reactions from foreign governments to the verdict.\n"
    )
    (e,) = merged(extract("a.txt", text)).developments
    assert e.description == "The jury found in favour of the actor on Wednesday."
    # Must not trigger: a sentence that opens with "Following" as an event.
    text = "Following the verdict, the actor thanked his fans on Wednesday.\n"
    (e,) = merged(extract("a.txt", text)).developments
    assert e.description.startswith("Following the verdict")


def test_an_announcement_is_a_development_as_well_as_words_said() -> None:
    text = (
        "Meta has announced it is laying off more than 11,000 employees, about 13 percent of its workforce.\n\n"
        "Zuckerberg said the company had grown too fast during the pandemic.\n"
    )
    speakers = [{"speaker": "Meta", "sentence": 1}, {"speaker": "Zuckerberg", "sentence": 2}]
    briefing = merged(extract("a.txt", text, statements=speakers))
    assert len(briefing.statements) == 2
    # Must not trigger: what is only said is in "Who said what" alone.
    (e,) = briefing.developments
    assert e.description.startswith("Meta has announced it is laying off")


def test_a_paragraph_that_ends_without_a_stop_is_a_sentence_when_long_and_whole() -> None:
    text = (
        "Mpox spreads in Africa\n\n"
        "Kenya confirms first case of Mpox\n\n"  # a heading: too short
        "The disease has resulted in at least 450 deaths during an initial outbreak in Congo\n\n"
        "Officials said the outbreak had spread to four neighbouring countries in the past month, and\n\n"
        "Health workers in Goma said vaccines had not yet reached the camps around the city\n"
    )
    (e,) = merged(extract("a.txt", text)).developments
    assert (
        e.description == "The disease has resulted in at least 450 deaths during an initial outbreak in Congo"
    )
    # Must not trigger: a paragraph cut off on a word that leads on ("…, and"), and the article's
    # last words, which an excerpt may have cut ("…around the city" may be "…around the city's port").
    assert e.citations[0].quote == e.description


def test_a_summary_point_is_told_without_its_list_mark() -> None:
    a = extract(
        "a.txt",
        "Ship hits bridge\n\n"
        "• A cargo ship lost power early Tuesday and rammed into the bridge, sending it into the river\n\n"
        "Divers searched the water all night.\n",
    )
    e, _ = merged(a).developments
    assert (
        e.description
        == "A cargo ship lost power early Tuesday and rammed into the bridge, sending it into the river"
    )
    (c,) = e.citations
    assert c.quote == a.article.text[c.start : c.end] == e.description
    # Must not trigger: a dash inside the sentence.
    b = extract("b.txt", "Rebels - who had massed for weeks - entered the city on Friday.\n")
    (e,) = merged(b).developments
    assert e.description.startswith("Rebels - who")


def test_a_dateline_with_a_state_and_an_agency_is_not_told() -> None:
    a = extract("a.txt", "UVALDE, Texas (AP) -- The gunman barricaded himself inside a single classroom.\n")
    (e,) = merged(a).developments
    assert e.description == "The gunman barricaded himself inside a single classroom."
    c = extract("c.txt", "Sept. 29 (UPI) -- At least 13 people in Florida have been reported dead.\n")
    (e,) = merged(c).developments
    assert e.description == "At least 13 people in Florida have been reported dead."
    # Must not trigger: a dash after a name that opens the sentence.
    b = extract("b.txt", "Rebels - who had massed for weeks - entered the city on Friday.\n")
    (e,) = merged(b).developments
    assert e.description == "Rebels - who had massed for weeks - entered the city on Friday."


def test_a_telling_with_other_numbers_is_no_source_of_the_development() -> None:
    a = extract(
        "a.txt", "The death toll from the school shooting has risen to 18 children and three adults.\n"
    )
    b = extract("b.txt", "The death toll from the school shooting has risen to 21, officials said.\n")
    c = extract("c.txt", "The toll of the school shooting has now risen to 18 children and three adults.\n")
    first, second = merged(a, b, c).developments
    assert (first.source_count, second.description) == (2, b.article.text.strip())
    # Where a figure shows every number of that telling, the figure tells it.
    b = extract(
        b.article.path,
        b.article.text,
        figures=[{"number": "21", "counts": "deaths", "of_whom": None, "sentence": 1}],
    )
    (only,) = merged(a, b, c).developments
    assert only.source_count == 2
    # Unless the figure is not shown: one whose sentence does not say what it counts tells nothing.
    b = extract(
        b.article.path,
        "The school shooting has now risen to 21, officials said.\n",
        figures=[{"number": "21", "counts": "count", "of_whom": None, "sentence": 1}],
    )
    assert len(merged(a, b, c).developments) == 2
    # Must not trigger: a telling with one of the numbers, or with none.
    d = extract("d.txt", "Officials said 18 children were among the dead of the school shooting.\n")
    e = extract("e.txt", "The death toll from the school shooting has risen again, officials said.\n")
    (told,) = merged(a, d, e).developments
    assert told.source_count == 3


def test_a_number_within_a_bound_of_the_same_thing_is_no_other_number() -> None:
    a = extract("a.txt", "The founder was sentenced to more than 11 years in federal prison on Friday.\n")
    b = extract("b.txt", "The founder has been sentenced to 11 years and 3 months in prison on Friday.\n")
    (told,) = merged(a, b).developments
    assert told.source_count == 2
    # Must not trigger: a bound of another thing, or a number far past the bound (a later toll).
    c = extract("c.txt", "The gunmen killed at least 133 people at the concert hall on Friday.\n")
    d = extract(
        "d.txt", "The gunmen killed 145 people at the concert hall on Friday, and 133 were injured.\n"
    )
    e = extract("e.txt", "The gunmen killed more than 60 people at the concert hall on Friday.\n")
    assert merged(c, e).developments[0].source_count == 1
    f = extract("f.txt", "At the concert hall on Friday, at least 133 people were killed by the gunmen.\n")
    g = extract("g.txt", "At the concert hall on Friday, 145 were injured by the gunmen.\n")
    assert merged(f, g).developments[0].source_count == 1
    assert merged(c, d).developments[0].source_count == 2  # 133 in both


def test_developments_rank_by_outlets_then_news_then_position() -> None:
    a = extract(
        "a.txt",
        "The mayor opened a new bridge over the river.\n\nFloods closed the northern highway on Monday.\n",
        events=[event("Floods closed the highway", 2)],
    )
    b = extract("b.txt", "Heavy flooding shut the northern highway.\n")
    developments = merged(a, b).developments
    assert [(e.source_count, e.description) for e in developments] == [
        (2, "Heavy flooding shut the northern highway."),  # as typical as the other: told earlier
        (1, "The mayor opened a new bridge over the river."),
    ]


def test_what_outlets_lead_with_outranks_background_more_of_them_mention_in_passing() -> None:
    background = "The last hurricane this strong to hit Florida was Michael in 2018."
    a = extract("a.txt", f"Hurricane Ian made landfall in southwest Florida on Wednesday.\n\n{background}\n")
    b = extract("b.txt", f"Hurricane Ian slammed into southwest Florida on Wednesday.\n\n{background}\n")
    c = extract("c.txt", f"Rescuers searched flooded homes in Fort Myers overnight.\n\n{background}\n")
    developments = merged(a, b, c).developments
    assert [(e.source_count, e.description) for e in developments[:2]] == [
        (2, "Hurricane Ian made landfall in southwest Florida on Wednesday."),  # two outlets lead with it
        (3, background),  # three mention it after their lede
    ]


def test_a_lede_of_one_outlet_does_not_outrank_what_three_others_report() -> None:
    told = "The central bank raised interest rates by half a point on Thursday."
    a = extract("a.txt", f"Shares in the city's banks rose sharply on the news.\n\n{told}\n")
    b = extract("b.txt", f"Mortgage lenders began repricing their loans within hours.\n\n{told}\n")
    c = extract("c.txt", f"Savers welcomed the decision, a consumer group said.\n\n{told}\n")
    (first, *_) = merged(a, b, c).developments
    assert (first.source_count, first.description) == (3, told)


SENTENCES = [
    "The central bank raised interest rates by half a point.",
    "Floods closed the northern highway for three days.",
    "The football club sacked its manager after a heavy defeat.",
    "A new vaccine trial enrolled two thousand volunteers.",
    "Wildfires forced the evacuation of several mountain villages.",
    "The parliament approved the annual budget late at night.",
    "Striking rail workers halted trains across the country.",
    "Astronomers spotted a comet approaching the inner solar system.",
    "The museum returned looted statues to their country of origin.",
    "A cyberattack disrupted payments at hundreds of supermarkets.",
    "The orchestra cancelled its winter tour over funding cuts.",
    "Farmers blocked the border crossing with their tractors.",
    "The court jailed a former minister for bribery.",
    "Engineers finished the tunnel under the harbour a year early.",
]


def test_main_developments_are_capped_and_only_news_is_also_reported() -> None:
    text = "\n\n".join(SENTENCES) + "\n"
    news = [event(sentence, i) for i, sentence in enumerate(SENTENCES, 1) if i != MAIN_DEVELOPMENTS + 1]
    briefing = merged(extract("a.txt", text, events=news))
    assert [e.description for e in briefing.developments] == SENTENCES[:MAIN_DEVELOPMENTS]
    assert [e.description for e in briefing.also_reported] == SENTENCES[MAIN_DEVELOPMENTS + 1 :]


def test_in_brief_opens_with_what_several_outlets_report() -> None:
    a = extract("a.txt", "Rebels captured Aleppo, residents said.\n\nThe weather was mild all week long.\n")
    b = extract("b.txt", "Insurgents seized Aleppo after a week of fighting.\n")
    briefing = merged(a, b)
    assert [e.description for e in briefing.lead] == [
        "Rebels captured Aleppo, residents said.",
        "The weather was mild all week long.",
    ]  # fewer than three several outlets report: the first developments


HEDGED = "Abu Mohammed al-Jolani is believed to have been killed in an airstrike.\n"
CONFIRMED = "Abu Mohammed al-Jolani was killed in an airstrike, the group confirmed.\n"


def test_a_development_a_hedging_sentence_tells_is_unconfirmed() -> None:
    briefing = merged(extract("a.txt", HEDGED, events=[event("Jolani killed")]))
    assert briefing.developments == []
    (claim,) = briefing.unconfirmed
    assert (claim.kind, claim.status, claim.hedge) == ("event", "unconfirmed", "is believed to")


def test_hedged_and_confirmed_tellings_are_one_development_told_by_the_confirmed_one() -> None:
    for order in ((HEDGED, CONFIRMED), (CONFIRMED, HEDGED)):
        briefing = merged(*(extract(f"{i}.txt", text) for i, text in enumerate(order)))
        (e,) = briefing.developments
        assert e.description == CONFIRMED.strip() and e.status == "reported" and e.source_count == 2
        assert briefing.unconfirmed == []


def test_days_that_cannot_be_one_for_one_event_are_a_date_disagreement() -> None:
    a = extract("a.txt", "Rebels launched a surprise offensive in Idlib province on Thursday.\n")
    b = extract("b.txt", "Rebels launched a surprise offensive in Idlib province on Wednesday.\n")
    briefing = merged(a, b)
    (e,) = briefing.developments
    assert e.source_count == 2 and e.when is None  # not silently resolved
    (d,) = briefing.disagreements
    assert (d.kind, d.mutually_exclusive) == ("date", True)
    assert sorted(v.text for v in d.values) == ["Thursday", "Wednesday"]


def test_a_weekday_and_the_date_it_names_agree() -> None:
    a = extract(
        "a.txt",
        "Rebels launched a surprise offensive in Idlib province on Wednesday.\n",
        published="2024-11-29",
    )
    b = extract("b.txt", "Rebels launched a surprise offensive in Idlib province on November 27.\n")
    briefing = merged(a, b)
    assert briefing.disagreements == []
    (e,) = briefing.developments
    assert e.source_count == 2


def test_a_repeated_action_on_two_days_is_two_events() -> None:
    a = extract("a.txt", "Russian warplanes struck Idlib on Tuesday.\n")
    b = extract("b.txt", "Russian warplanes struck Idlib on Friday.\n")
    briefing = merged(a, b)
    assert len(briefing.developments) == 2
    assert briefing.disagreements == []


def test_one_article_never_disagrees_with_itself_about_days() -> None:
    text = "Rebels launched an offensive on Hama on Monday.\n\nRebels launched an offensive on Hama again on Friday.\n"
    assert merged(extract("a.txt", text)).disagreements == []


def test_articles_of_one_outlet_are_one_source() -> None:
    a = ground(
        build_article("a.txt", "Rebels captured Aleppo, residents said.\n", outlet="Wire"), {}, model="m"
    )
    b = ground(build_article("b.txt", "Rebels captured Aleppo on Friday.\n", outlet="Wire"), {}, model="m")
    (e,) = merged(a, b).developments
    assert (len(e.article_ids), e.source_count) == (2, 1)


def test_a_sentence_that_only_says_what_something_is_does_not_tell_a_development() -> None:
    a = extract("a.txt", "CrowdStrike is a global cybersecurity firm.\n")
    b = extract(
        "b.txt", "A faulty software update from the cybersecurity firm CrowdStrike caused global outages.\n"
    )
    (e,) = merged(a, b).developments
    assert e.source_count == 2
    assert e.description.startswith("A faulty software update")
