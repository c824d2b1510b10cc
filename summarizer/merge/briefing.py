"""Merge: the records of many articles become one briefing, each fact once with all its sources.

One module each: developments, sentences of every article grouped by meaning
(``merge/developments.py``); actors (``merge/actors.py``) and statements (``merge/statements.py``)
by names and wording; figures compared claim by claim (``merge/figures.py``: the same claim merged,
a running toll as it ran, different claims a ``Disagreement``). Each merged record counts its
independent sources (distinct outlets; articles where the outlet is unknown), and records are
ordered by that count. "In brief" opens with the developments several outlets report; records
reported as unconfirmed go apart; every item is checked once more against what it cites
(``merge/support.py``). Every comparison goes through an index, so merging is close to linear in
the number of records (``bench/merge_scale.py``).
"""

from __future__ import annotations

from datetime import datetime

from summarizer.ground.names import abbreviations_in
from summarizer.merge.actors import merge_actors, name_index
from summarizer.merge.clusters import Sources
from summarizer.merge.developments import merge_developments
from summarizer.merge.figures import compare_figures
from summarizer.merge.statements import merge_statements
from summarizer.merge.support import Item, supported
from summarizer.models.briefing import Briefing, Failure, Source
from summarizer.models.records import ArticleExtraction, Dropped, Event, Figure, Statement
from summarizer.stories.headlines import headline
from summarizer.stories.terms import article_terms
from summarizer.stories.vectors import weigh

LEAD_LEAST, LEAD_MOST = 3, 5  # developments in "In brief"


def _derived_title(extractions: list[ArticleExtraction]) -> str:
    """The title: the headline of the most central article, as a story's index names it
    (``stories/headlines.py``), so that a briefing and its line in the index read alike."""
    articles = [x.article for x in extractions]
    if not articles:
        return "Briefing"
    vectors = weigh([article_terms(a) for a in articles])
    return f"Briefing: {headline(articles, vectors, range(len(articles)))}"


def _lead(developments: list[Event]) -> list[Event]:
    """The "In brief" developments: those several outlets report (``LEAD_MOST`` at most), else the first few."""
    shared = [e for e in developments if e.source_count > 1][:LEAD_MOST]
    return shared if len(shared) >= LEAD_LEAST else developments[:LEAD_LEAST]


def merge(
    extractions: list[ArticleExtraction],
    *,
    failures: list[Failure],
    generated_at: datetime,
    title: str | None = None,
) -> Briefing:
    sources = Sources(extractions)
    # The "Full Name (ABBR)" pairs the articles introduce, read once for the whole run.
    introduced = [pair for x in extractions for pair in abbreviations_in(x.article.text)]
    names = name_index(extractions, introduced)

    developments = merge_developments(extractions, names, sources)

    compared = compare_figures([f for x in extractions for f in x.figures], sources.key, sources.published)
    figures = compared.agreed
    statements = merge_statements([s for x in extractions for s in x.statements], names)
    for statement in statements:
        statement.source_count = sources.count(statement.citations)
    actors = merge_actors(extractions, names, sources, introduced)

    reported_figures = sorted((f for f in figures if f.status == "reported"), key=sources.sort_key)
    # An unconfirmed figure whose sentence tells an unconfirmed development is that development.
    told = {(c.article_id, c.sentence_id) for e in developments.unconfirmed for c in e.citations}
    unconfirmed_figures = [
        f for f in figures if not {(c.article_id, c.sentence_id) for c in f.citations} <= told
    ]
    records: list[Event | Figure | Statement] = [*developments.unconfirmed, *unconfirmed_figures, *statements]
    unconfirmed = sorted((r for r in records if r.status == "unconfirmed"), key=sources.sort_key)
    disagreements = sorted(
        [*compared.disagreements, *developments.disagreements],
        key=lambda d: (-sum(v.source_count for v in d.values), d.kind, d.about),
    )
    models = sorted({x.model for x in extractions})
    texts = {x.article.id: x.article.text for x in extractions}
    dropped: list[Dropped] = []

    def checked(items: list[Item]) -> list[Item]:
        return supported(items, texts.__getitem__, dropped)

    dropped.extend(
        Dropped(
            kind="figure",
            reason="a part of a higher count its article gives",
            record=f.model_dump(mode="json"),
        )
        for f in compared.parts
    )
    main = checked(developments.main)
    return Briefing(
        title=title or _derived_title(extractions),
        generated_at=generated_at.isoformat(timespec="seconds"),
        model=", ".join(models) or None,
        sources=[
            Source(
                article_id=x.article.id,
                path=x.article.path,
                title=x.article.title,
                outlet=x.article.outlet,
                published=x.article.published,
                url=x.article.url,
            )
            for x in extractions
        ],
        lead=_lead(main),
        developments=main,
        also_reported=checked(developments.also_reported),
        disagreements=disagreements,
        figures=checked(reported_figures),
        running=sorted(
            compared.running,
            key=lambda r: -len({sources.key(c.article_id) for v in r.values for c in v.citations}),
        ),
        statements=checked(sorted((s for s in statements if s.status == "reported"), key=sources.sort_key)),
        unconfirmed=supported(unconfirmed, texts.__getitem__, dropped),
        actors=actors,
        failures=failures,
        dropped=dropped,
    )
