"""One briefing per story, and the index of the stories: what ``summarize brief FOLDER --out DIR/`` writes.

The articles are extracted once, all together (and cached); then they are sorted into stories
(``clustering.py``, ``continuity.py``) and each story's records are merged on their own, so that
merging, figure comparison and disagreements only ever set records of one story side by side.

A story gets a briefing, ``DIR/<slug>.<format>``, when it has two articles or more in the run, or
when an earlier briefing of it is found (it goes on); its JSON is always written, as the next
run's previous briefing. A single article that starts no story is listed in the index under
"Also reported", with no briefing of its own. The briefing of a story an earlier run saw is
compared with the story's previous one (``merge/changes.py``'s ``find_story_previous``:
``DIR/<slug>.json`` from the last run into ``DIR``, else the latest in a dated folder beside it)
and opens with what is new since; a file of that name that cites none of the story's articles
(another story's, whose slug the story was given after it was forgotten) is not compared with.

``DIR/index.<format>`` lists the stories, most outlets first, each with its headline, outlets,
article count and link, then "Also reported", the quiet stories the registry still keeps, and the
articles that could not be processed. Every file is rendered before any is written, each is
written whole (``storage/atomic_file.py``), the index last, and the registry records the run's
stories only once every file is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from summarizer.errors import NothingToBriefError, PreviousBriefingError
from summarizer.merge.changes import find_story_previous, load_previous
from summarizer.models.briefing import Briefing, Failure
from summarizer.models.records import ArticleExtraction
from summarizer.models.story_index import (
    IndexArticle,
    IndexStory,
    MergedStoryNote,
    NewSincePrevious,
    QuietStory,
    StoryIndex,
)
from summarizer.pipeline import RunReport, brief
from summarizer.render.renderer import Format, render
from summarizer.render.story_index import render_index
from summarizer.storage.atomic_file import write_atomic
from summarizer.storage.story_registry import DEFAULT_QUIET_DAYS, KnownStory, StoryRegistry
from summarizer.stories.clustering import cluster
from summarizer.stories.continuity import Story, sort_stories

INDEX_NAME = "index"
NO_RECORDS = "No briefing: no article of this story gave any record."
_DAY = 86400.0


@dataclass(frozen=True)
class StoryOutputs:
    """Where the briefings by story are written, and how.

    ``directory`` gets each story's briefing and the index in each of ``formats`` and in JSON
    (always). ``template`` is a Jinja template of the user's for the story briefings, when
    ``formats`` names one of md and html. ``compare`` False leaves "New since the last briefing"
    out. A story with no new article is kept in the registry for ``quiet_days`` days.
    """

    directory: Path
    formats: tuple[Format, ...] = ("md",)
    template: Path | None = None
    compare: bool = True
    quiet_days: float = DEFAULT_QUIET_DAYS

    @property
    def written_formats(self) -> tuple[Format, ...]:
        return tuple(dict.fromkeys((*self.formats, "json")))


@dataclass
class StoriesSummary:
    """What a run by story made: the index, the run's report, and the files written."""

    index: StoryIndex
    report: RunReport
    directory: Path
    written: tuple[Path, ...] = ()
    citations: int = 0
    compared: int = 0  # briefings compared with a previous briefing of their story
    warnings: list[str] = field(default_factory=list)

    @property
    def briefed(self) -> int:
        return sum(1 for s in self.index.stories if s.briefing)


def write_story_briefings(
    extractions: Sequence[ArticleExtraction],
    report: RunReport,
    outputs: StoryOutputs,
    registry: StoryRegistry | None = None,
    now: datetime | None = None,
) -> StoriesSummary:
    """Sort ``extractions`` into stories and write a briefing per story and the index into
    ``outputs.directory``. With no ``registry`` every story is new, and compared with no earlier
    briefing. Raises ``NothingToBriefError`` (nothing written) when no article gave any record."""
    if not any(x.events or x.figures or x.statements for x in extractions):
        raise NothingToBriefError(
            f"no article produced any record; nothing written to {outputs.directory}", report
        )
    moment = now or datetime.now(timezone.utc)
    articles = [x.article for x in extractions]
    sorting = sort_stories(articles, cluster(articles), registry, moment.timestamp(), outputs.quiet_days)
    files: dict[Path, str] = {}
    entries: list[IndexStory] = []
    warnings: list[str] = []
    citations = 0
    for story in sorting.stories:
        members = [extractions[i] for i in story.members]
        entry = _entry(story, members, moment)
        briefing = _briefing(story, members, outputs, entry, warnings)
        if briefing is not None:
            citations += briefing.citation_count
            for fmt in outputs.written_formats:
                path = outputs.directory / f"{story.slug}.{fmt}"
                files[path] = render(briefing, fmt, outputs.template if fmt != "json" else None)
                entry.briefing.append(path.name)
        entries.append(entry)
    index = StoryIndex(
        generated_at=moment.isoformat(),
        articles=report.articles,
        stories=sorted((e for e in entries if e.briefing or e.note), key=_most_outlets_first),
        also_reported=[e for e in entries if not (e.briefing or e.note)],
        quiet=[_quiet(s, outputs, moment) for s in sorting.quiet],
        failures=report.failures,
    )
    for fmt in outputs.written_formats:
        files[outputs.directory / f"{INDEX_NAME}.{fmt}"] = render_index(index, fmt)
    for path, text in files.items():  # the index last: it never links to a file not yet written
        write_atomic(path, text)
    if registry is not None:
        update = sorting.registry_update
        registry.record(update.stories, update.articles, update.merged)
    compared = sum(1 for e in entries if e.since_previous)
    return StoriesSummary(index, report, outputs.directory, tuple(files), citations, compared, warnings)


def _briefing(
    story: Story,
    members: Sequence[ArticleExtraction],
    outputs: StoryOutputs,
    entry: IndexStory,
    warnings: list[str],
) -> Briefing | None:
    """The story's briefing, compared with its previous one; None for an article that starts no story.

    Sets the entry's note (no briefing for want of records) and what is new since the previous
    briefing."""
    found, previous = _previous(story, outputs, warnings)
    if len(members) < 2 and previous is None:
        return None
    if not any(x.events or x.figures or x.statements for x in members):
        entry.note = NO_RECORDS
        return None
    failures = [Failure(path=x.article.path, error=x.error) for x in members if x.error]
    # Titled by the story's headline, as the index lists it (chosen over the whole folder).
    briefing = brief(list(members), failures, title=f"Briefing: {story.headline}", previous=previous)
    if previous is not None and found is not None and (changes := briefing.since_previous):
        entry.since_previous = NewSincePrevious(
            previous=str(found),
            developments=len(changes.new_developments),
            figures=len(changes.new_figures) + len(changes.changed_figures),
            statements=len(changes.new_statements),
        )
    return briefing


def _previous(
    story: Story, outputs: StoryOutputs, warnings: list[str]
) -> tuple[Path | None, Briefing | None]:
    """The previous briefing of a story an earlier run saw, and its file: one that cites an
    article the story had (a briefing of another story under the same name is not compared)."""
    if not (outputs.compare and story.continued):
        return None, None
    found = find_story_previous(outputs.directory, story.slug)
    if found is None:
        return None, None
    try:
        previous = load_previous(found)
    except PreviousBriefingError as error:  # found readable a moment ago: changed since
        warnings.append(f"{error}; no 'New since the last briefing' section for {story.slug}")
        return None, None
    if not {s.article_id for s in previous.sources} & story.known_articles:
        warnings.append(f"{found} is not a briefing of this story's articles; not compared with it")
        return None, None
    return found, previous


def _entry(story: Story, members: Sequence[ArticleExtraction], moment: datetime) -> IndexStory:
    outlets = list(dict.fromkeys(x.article.outlet for x in members if x.article.outlet))
    unknown = sum(1 for x in members if not x.article.outlet)
    new = set(story.new_members)
    return IndexStory(
        id=story.id,
        slug=story.slug,
        headline=story.headline,
        outlets=outlets,
        source_count=len(outlets) + unknown,
        article_count=len(members),
        new_article_count=len(new),
        first_seen=datetime.fromtimestamp(story.first_seen, moment.tzinfo).isoformat(),
        continued=story.continued,
        merged=[MergedStoryNote(id=m.id, slug=m.slug, headline=m.headline) for m in story.merged],
        articles=[
            IndexArticle(
                path=x.article.path,
                title=x.article.title,
                outlet=x.article.outlet,
                published=x.article.published,
                url=x.article.url,
                new=i in new,
            )
            for i, x in zip(story.members, members, strict=True)
        ],
    )


def _quiet(story: KnownStory, outputs: StoryOutputs, moment: datetime) -> QuietStory:
    briefing = [
        f"{story.slug}.{fmt}"
        for fmt in outputs.written_formats
        if (outputs.directory / f"{story.slug}.{fmt}").is_file()
    ]
    return QuietStory(
        id=story.id,
        slug=story.slug,
        headline=story.headline,
        last_active=datetime.fromtimestamp(story.last_active, moment.tzinfo).isoformat(),
        kept_until=datetime.fromtimestamp(
            story.last_active + outputs.quiet_days * _DAY, moment.tzinfo
        ).isoformat(),
        briefing=briefing,
    )


def _most_outlets_first(entry: IndexStory) -> tuple[int, int, str]:
    return -entry.source_count, -entry.article_count, entry.headline.casefold()
