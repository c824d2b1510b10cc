"""What changed between two briefings of one story: the developments, figures and statements that are new.

A nightly run over a growing folder compares its briefing with the previous one (``compare``):

- a development or statement is already known when one of its citations (article, start, end)
  was cited by the previous briefing for any record (developments, figures, statements,
  unconfirmed reports, disagreements), or when its normalised text (case, accents and
  punctuation ignored; for a statement, with its speaker) is that of one of the previous
  briefing's; otherwise it is new. The text covers previous briefings made with another model
  or prompt, whose citations differ;
- figures are compared by what they count, as the merge compares them (``merge/figures.py``):
  the same measure, subject and unit, and circumstances that do not contradict each other (no
  two different causes, no two different places). The as-of time is left out: a toll "as of
  Tuesday" and one "as of Friday" are the same figure changing. Every figure claim of a briefing
  counts (undisputed figures, the values of figure disagreements, unconfirmed figures); a claim
  joins the first figure of its measure that it does not contradict. A figure the previous
  briefing does not have is new; one whose set of values (number with qualifier) differs is
  changed, with its values before and after.

``load_previous`` reads a previous briefing (JSON, format versions in ``READABLE_FORMAT_VERSIONS``)
and ``find_previous`` finds it next to the output file; ``find_story_previous`` finds a story's in
the folder of briefings by story (``--out DIR/``) or in a dated folder beside it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import PreviousBriefingError, validation_message
from summarizer.ground.actions import action_kind
from summarizer.ground.dates import could_be_same_day, when_key
from summarizer.ground.names import fold, name_key
from summarizer.ground.places import place_keys, places
from summarizer.merge.figures import claimed_value, figure_about
from summarizer.models.briefing import (
    READABLE_FORMAT_VERSIONS,
    Briefing,
    Changes,
    ClaimedValue,
    FigureChange,
)
from summarizer.models.records import Citation, Event, Figure, Qualifier, Record, Statement

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")

CitationKey = tuple[str, int, int]
ValueKey = tuple[Qualifier | None, float | None, float | None]


def compare(previous: Briefing, current: Briefing) -> Changes:
    """What ``current`` reports that ``previous`` did not (see the module's rules)."""
    cited = {_citation_key(c) for c in _record_citations(previous)}
    known_events = {_normalised(e.description) for e in _events(previous)}
    known_events |= {_normalised(d.about) for d in previous.disagreements if d.kind == "date"}
    known_statements = {_statement_text(s) for s in _statements(previous)}

    def is_new(record: Record, text: str, known_texts: set[str]) -> bool:
        return text not in known_texts and not any(_citation_key(c) in cited for c in record.citations)

    told_before = _told_before([*current.developments, *current.also_reported], _events(previous))

    new_figures: list[FigureChange] = []
    changed_figures: list[FigureChange] = []
    before = _FigureIndex(previous)
    for figure in _FigureIndex(current).figures:
        was = before.find(figure)
        if was is None:
            new_figures.append(figure.change(None))
        elif figure.values.keys() != was.values.keys():
            changed_figures.append(figure.change(was))
    return Changes(
        previous_generated_at=previous.generated_at,
        new_developments=[
            e.model_copy(deep=True)
            for e in [*current.developments, *current.also_reported]
            if is_new(e, _normalised(e.description), known_events) and not told_before(e)
        ],
        new_figures=new_figures,
        changed_figures=changed_figures,
        new_statements=[
            s.model_copy(deep=True)
            for s in current.statements
            if is_new(s, _statement_text(s), known_statements)
        ],
    )


def load_previous(path: Path) -> Briefing:
    """The briefing in the JSON file ``path``; raises ``PreviousBriefingError`` if there is none to use."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PreviousBriefingError(f"{path}: cannot read the previous briefing ({_one_line(exc)})") from None
    except json.JSONDecodeError as exc:
        raise PreviousBriefingError(f"{path}: the previous briefing is not JSON ({_one_line(exc)})") from None
    if not isinstance(data, dict):
        raise PreviousBriefingError(f"{path}: not a briefing (a JSON {type(data).__name__}, not an object)")
    version = data.get("format_version")
    if version is not None and version not in READABLE_FORMAT_VERSIONS:
        *earlier, last = READABLE_FORMAT_VERSIONS
        readable = f"{', '.join(earlier)} and {last}" if earlier else last
        raise PreviousBriefingError(
            f"{path}: briefing format version {version!r}; this version of summarize reads {readable}"
        )
    try:
        return Briefing.model_validate(data)
    except ValidationError as exc:
        raise PreviousBriefingError(
            f"{path}: not a briefing ({validation_message(exc, top='top level')})"
        ) from None


def find_previous(out: Path) -> Path | None:
    """The previous briefing of the one about to be written to ``out``, or None.

    The first of these that is a JSON briefing (a ``.json`` file that ``load_previous`` reads):

    1. ``out`` itself, when it is a ``.json`` file that already exists (it is about to be
       replaced);
    2. the ``.json`` file of the same name next to it (``brief.md`` → ``brief.json``);
    3. for a dated series (``out``'s name has digits: ``briefs/syria-2026-11-22.md``), the most
       recently generated (by the briefing's ``generated_at``, not the file's time) of the
       ``.json`` files in the same folder whose name is ``out``'s with the digits removed and
       the suffix ignored: ``syria-2026-11-22.md`` finds ``syria-2026-11-21.json``, never
       ``ukraine-2026-11-21.json``.

    Only files whose name fits are read; files that cannot be read or are not briefings are skipped.
    """
    same_name = out if out.suffix.lower() == ".json" else out.with_suffix(".json")
    if _readable_briefing(same_name):
        return same_name
    series = _DIGITS.sub("", out.stem)
    if series == out.stem:
        return None
    try:
        candidates = [
            p
            for p in out.parent.iterdir()
            if p.suffix.lower() == ".json" and _DIGITS.sub("", p.stem) == series and p != same_name
        ]
    except OSError:
        return None
    dated = [(when, p) for p in candidates if (when := _generated_at(p)) is not None]
    return max(dated)[1] if dated else None


def find_story_previous(directory: Path, slug: str) -> Path | None:
    """The previous briefing of the story ``slug`` about to be written into ``directory``, or None.

    ``directory/<slug>.json`` when it is a JSON briefing (the last run wrote into the same
    folder); else, for a dated series of folders (``directory``'s name has digits:
    ``briefs/2026-11-22/``), the most recently generated ``<slug>.json`` among the folders beside
    it whose name is ``directory``'s with the digits removed (``briefs/2026-11-21/``, never
    ``ukraine-2026-11-21/`` for ``syria-2026-11-22/``).
    """
    same_folder = directory / f"{slug}.json"
    if _readable_briefing(same_folder):
        return same_folder
    series = _DIGITS.sub("", directory.name)
    if series == directory.name:
        return None
    try:
        siblings = [
            d / f"{slug}.json"
            for d in directory.parent.iterdir()
            if d != directory and _DIGITS.sub("", d.name) == series and d.is_dir()
        ]
    except OSError:
        return None
    dated = [(when, p) for p in siblings if p.is_file() and (when := _generated_at(p)) is not None]
    return max(dated)[1] if dated else None


def _readable_briefing(path: Path) -> bool:
    try:
        load_previous(path)
    except PreviousBriefingError:
        return False
    return True


def _generated_at(path: Path) -> datetime | None:
    """When the briefing in ``path`` was made; None if it is no briefing or gives no valid time."""
    try:
        generated = datetime.fromisoformat(load_previous(path).generated_at)
    except (PreviousBriefingError, ValueError):
        return None
    return generated if generated.tzinfo else generated.replace(tzinfo=timezone.utc)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


# --- developments and statements -------------------------------------------------------------------


def _citation_key(citation: Citation) -> CitationKey:
    return (citation.article_id, citation.start, citation.end)


def _record_citations(briefing: Briefing) -> Iterator[Citation]:
    """Every citation of the briefing's records and disputed values (actors' mentions excepted)."""
    records = [
        *briefing.developments,
        *briefing.also_reported,
        *briefing.figures,
        *briefing.statements,
        *briefing.unconfirmed,
    ]
    values = [v for d in briefing.disagreements for v in d.values]
    values += [v for r in briefing.running for v in r.values]
    for cited in [*records, *values]:
        yield from cited.citations


def _told_before(current: list[Event], previous: list[Event]) -> Callable[[Event], bool]:
    """Whether a development of ``current`` tells, in other words, one that ``previous`` told: its
    sentence is as alike to one of the previous briefing's as two sentences that tell the very same
    event (``merge/developments.py``), as when tonight's articles retell yesterday's news."""
    from summarizer.merge.developments import SAME_DAY_EVENT
    from summarizer.merge.similarity import embeddings

    if not current or not previous:
        return lambda event: False
    scores = embeddings([e.description for e in current]) @ embeddings([e.description for e in previous]).T
    alike = {
        id(event)
        for i, event in enumerate(current)
        for j, known in enumerate(previous)
        if float(scores[i, j]) >= SAME_DAY_EVENT and _may_be_one(event, known)
    }
    return lambda event: id(event) in alike


def _may_be_one(a: Event, b: Event) -> bool:
    """Whether two alike sentences may tell one event: one kind of action (``ground/actions.py``:
    a capture is not a town "held for years"), no two days that cannot be one, no two different
    places ("JHR seized Tell Wesulik on Friday" is not "JHR seized Tell Dorimat")."""
    if action_kind(a.description) != action_kind(b.description):
        return False
    days = [when_key(e.when) if e.when else None for e in (a, b)]
    if days[0] and days[1] and not could_be_same_day(days[0], days[1]):
        return False
    places_a, places_b = place_keys(places(a.description)), place_keys(places(b.description))
    return not (places_a and places_b and not places_a & places_b)


def _events(briefing: Briefing) -> list[Event]:
    return [
        *briefing.developments,
        *briefing.also_reported,
        *(r for r in briefing.unconfirmed if isinstance(r, Event)),
    ]


def _statements(briefing: Briefing) -> list[Statement]:
    return [*briefing.statements, *(r for r in briefing.unconfirmed if isinstance(r, Statement))]


def _normalised(text: str) -> str:
    """``text`` with case, accents, apostrophes, punctuation and spacing ignored."""
    return " ".join(_WORD.findall(fold(text)))


def _statement_text(statement: Statement) -> str:
    return f"{name_key(statement.speaker)}: {_normalised(statement.content)}"


# --- figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """One figure claim of a briefing with what it counts; ``cause`` None where not stated or not kept."""

    measure: str
    subject: str | None
    unit: str | None
    cause: str | None
    where: str | None
    value: ClaimedValue

    @property
    def counts(self) -> tuple[str, str | None, str | None]:
        return (self.measure, self.subject, self.unit)


@dataclass
class _Figure:
    """One figure of a briefing: the claims of one measure in circumstances that do not contradict."""

    measure: str
    subject: str | None
    unit: str | None
    where: str | None = None
    causes: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    values: dict[ValueKey, ClaimedValue] = field(default_factory=dict)

    def admits(self, causes: set[str], places: set[str]) -> bool:
        """Whether circumstances with these causes and places do not contradict this figure's."""
        return not (
            (causes and self.causes and not causes & self.causes)
            or (places and self.places and not places & self.places)
        )

    def add(self, claim: _Claim) -> None:
        self.causes |= {claim.cause} if claim.cause else set()
        self.places |= place_keys([claim.where])
        self.where = self.where or claim.where
        key = _value_key(claim.value)
        if key in self.values:  # the same number given in other circumstances (another as-of time)
            same = self.values[key]
            known = {_citation_key(c) for c in same.citations}
            same.citations += [c for c in claim.value.citations if _citation_key(c) not in known]
        else:
            self.values[key] = claim.value.model_copy(deep=True)

    def ordered_values(self) -> list[ClaimedValue]:
        """Highest first."""
        return sorted(self.values.values(), key=lambda v: (v.value or 0.0, v.value_max or 0.0), reverse=True)

    def change(self, previous: _Figure | None) -> FigureChange:
        """This figure as new (``previous`` None) or as changed from ``previous``."""
        after = self.ordered_values()
        return FigureChange(
            about=figure_about(self.measure, self.subject, self.where),
            measure=self.measure,
            subject=self.subject,
            unit=self.unit,
            where=self.where,
            before=previous.ordered_values() if previous else [],
            after=after,
            added=[v for v in after if not previous or _value_key(v) not in previous.values],
        )


class _FigureIndex:
    """A briefing's figures, each found by what it counts; a claim joins the first it does not contradict."""

    def __init__(self, briefing: Briefing) -> None:
        self.figures: list[_Figure] = []
        self._by_counts: dict[tuple[str, str | None, str | None], list[_Figure]] = defaultdict(list)
        for claim in _figure_claims(briefing):
            causes = {claim.cause} if claim.cause else set()
            figure = self._first_admitting(claim.counts, causes, set(place_keys([claim.where])))
            if figure is None:
                figure = _Figure(claim.measure, claim.subject, claim.unit)
                self.figures.append(figure)
                self._by_counts[claim.counts].append(figure)
            figure.add(claim)

    def find(self, figure: _Figure) -> _Figure | None:
        """The first figure of this index that counts what ``figure`` counts, without contradicting it."""
        return self._first_admitting(
            (figure.measure, figure.subject, figure.unit), figure.causes, figure.places
        )

    def _first_admitting(
        self, counts: tuple[str, str | None, str | None], causes: set[str], places: set[str]
    ) -> _Figure | None:
        return next((f for f in self._by_counts.get(counts, []) if f.admits(causes, places)), None)


def _figure_claims(briefing: Briefing) -> Iterator[_Claim]:
    """Every figure claim of the briefing: undisputed, unconfirmed, then disputed and running values.

    A disagreement does not keep its values' causes: they count as not stated.
    """
    figures = [*briefing.figures, *(r for r in briefing.unconfirmed if isinstance(r, Figure))]
    for f in figures:
        yield _Claim(f.measure, f.subject, f.unit, f.cause, f.where, claimed_value(f))
    for d in briefing.disagreements:
        if d.kind == "figure" and d.measure:
            for v in d.values:
                yield _Claim(d.measure, d.subject, v.unit, None, d.where, v)
    for r in briefing.running:
        for v in r.values:
            yield _Claim(r.measure, r.subject, v.unit, None, r.where, v)


def _value_key(value: ClaimedValue) -> ValueKey:
    """The number a value states with its qualifier, however the article writes it ('14,000' = '14000')."""
    return (value.qualifier, value.value, value.value_max)
