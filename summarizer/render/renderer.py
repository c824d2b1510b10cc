"""Render a briefing as Markdown, JSON or a standalone HTML page.

Markdown and HTML go through Jinja2 templates, the shipped ones (``templates/``) or the user's own,
which all receive the same context (see ``_context``):

- ``briefing``: the ``Briefing`` itself;
- ``sources``: ``SourceEntry`` list, numbered from 1, each with the name a reader knows it by
  (outlet, title or file name), its date and its web address; ``source_numbers``: article_id -> number;
- ``developments``, ``figures``, ``statements``, ``unconfirmed``, ``actors``: ``Item`` lists, one per
  record, each with its footnote numbers and how many independent sources support it;
- ``disagreements``: ``DisagreementItem`` list, one per disagreement, each with one ``Item`` per
  value the outlets give, a title and a verdict (whether the values can all be true);
- ``since_previous``: a ``ChangesSection`` (what is new since the previous briefing), or None when
  the briefing was not compared with a previous one;
- ``footnotes``: one ``Footnote`` per distinct citation (article_id, start, end), numbered in order
  of first appearance in the briefing: what is new since the previous briefing, developments,
  disagreements, figures, statements, unconfirmed, actors.

Templates also get the functions ``figure_text``, ``names_source``, ``event_text``, ``claimed_text``,
``figure_change_text``, ``moment_text``, ``date_text``, ``count`` and ``corroboration``, and the filters ``md``
(escape text for inline Markdown) and ``md_cell`` (the same, inside a table cell). Article and model text only ever reach a template as values, never as
template source, so template syntax inside a quote is printed as written.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit

import jinja2

from summarizer.errors import TemplateError
from summarizer.ground.figure_context import AS_OF_WORDS
from summarizer.models.briefing import (
    Briefing,
    Changes,
    ClaimedValue,
    Disagreement,
    FigureChange,
    RunningFigure,
    Source,
)
from summarizer.models.records import Actor, Citation, Event, Figure, Statement

Format = Literal["md", "json", "html"]
FORMATS: tuple[str, ...] = ("md", "json", "html")

# A figure is shown in the words of its part of its sentence: from the last of these before it…
_PART_BEFORE = re.compile(r"(?<!\d),|,(?!\d)|[;“”\"()\[\]]|:(?!\d)|\s[—–-]\s")
# …to the first of these after it (past commas: "At least 25 people, including 21 children, have
# died at the school"), and at most so many words either side of it.
_PART_AFTER = re.compile(r"[;“”\"]|:(?!\d)|\s[—–-]\s|[.!?](?=\s|$)")
# …but not at a word quoted right after the number, nor at a title's abbreviation before a name.
_QUOTE_MARKS = frozenset('“”"')
_QUOTED_WORDS = re.compile(r"[^“”\".;:]{1,30}[“”\"]")  # a few words and their closing mark
_ABBREVIATED_TITLE = re.compile(r"\b[A-Z][a-z]{0,3}\.$")  # "Rep.", "Sen.", "Gov.", "Dr.", "St."
# A part that opens so hangs on the words before it: they are shown with it; so does a part that
# opens with a preposition right before its number ("…estimates FTX's business, of which
# Bankman-Fried owns about 70%, at $1" values the business at $1).
_HANGING = re.compile(
    r"\s*(?:(?:(?:of\s+)?(?:which|whom)|who|whose|including|with)\b|(?:at|to|from|by)\s+(?=[$€£]?\d))"
)
_NAME_LINKS = frozenset({"of", "for", "the"})  # "International Organization for Migration"
_WORD = re.compile(r"\S+")
_A_NUMBER = re.compile(r"[$€£]?\d[\d,.]*")  # a word that is a number alone wants what it counts
_WORDS_BEFORE = 8
# "In brief" ends on the running figure most outlets give (a toll, a count of the missing), where
# articles at least so many give it: its latest or highest value, the others under "Figures reported".
LEAD_FIGURE_ARTICLES = 2
_WORDS_HELD = 3  # words of the part a hanging part is said of, shown at least ("estimates FTX's business")
_WORDS_AFTER = 10
_FEW_LEFT = 3  # so few words left to a part's end are shown rather than cut
# How an amount may already write its unit (``ground/numbers.py`` reads these units from them).
_UNIT_WRITINGS = {"%": ("percent", "per cent", "pc"), "USD": ("$",), "EUR": ("€",), "GBP": ("£",)}

_SUFFIX_FORMATS: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_SHIPPED_TEMPLATES: dict[str, str] = {"md": "brief.md.j2", "html": "brief.html.j2"}


TEMPLATES = Path(__file__).resolve().parent / "templates"

_AS_OF_LEAD = re.compile(rf"(?:{AS_OF_WORDS})\b", re.IGNORECASE)
# Month names for dates, whatever the locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class SourceEntry:
    """A source and its number in the briefing, with what a reader is shown of it."""

    number: int
    source: Source

    @property
    def name(self) -> str:
        """How a reader knows the source: its outlet, else its title, else its file's name."""
        for given in (self.source.outlet, self.source.title):
            if given and given.strip():
                return given.strip()
        return PurePosixPath(self.source.path).name or self.source.path

    @property
    def named_by_file(self) -> bool:
        """Whether ``name`` is the file's name, for want of an outlet or a title."""
        return not any(given and given.strip() for given in (self.source.outlet, self.source.title))

    @property
    def date(self) -> str | None:
        """When it was published, as a reader reads it (``date_text``), where the file says."""
        published = (self.source.published or "").strip()
        return date_text(published) if published else None

    @property
    def link(self) -> str | None:
        """The article's web address, where the file gives one that a link may point to."""
        return web_url(self.source.url)


@dataclass(frozen=True)
class Item:
    """One record, actor or disputed value, with the footnote numbers of its citations, ascending.

    ``source_count`` counts independent sources: distinct outlets, or articles where the outlet is
    unknown.
    """

    record: Event | Figure | Statement | Actor | ClaimedValue
    refs: tuple[int, ...]
    source_count: int
    sources: tuple[SourceEntry, ...] = ()  # the sources its citations come from, in order


@dataclass(frozen=True)
class DisagreementItem:
    """A disagreement with one ``Item`` per value, in the order the merge gives them."""

    disagreement: Disagreement
    values: tuple[Item, ...]

    @property
    def title(self) -> str:
        """'Deaths of civilians in Aleppo'; for a date, 'When: <the event>'."""
        about = self.disagreement.about
        if self.disagreement.kind == "date":
            return f"When: {about}"
        return about[:1].upper() + about[1:]

    @property
    def verdict(self) -> str:
        """Whether the values contradict each other or could all be true, in one sentence."""
        if self.disagreement.mutually_exclusive and self.disagreement.kind == "date":
            return "If this is one event, these days cannot all be right."
        if self.disagreement.mutually_exclusive:
            return "If these count the same thing, they cannot all be true."
        what = "day" if self.disagreement.kind == "date" else "number"
        return f"These differ but could all be true: a single {what} fits every value."

    @property
    def attributed(self) -> bool:
        """Whether any value says who reported it."""
        return any(v.attribution for v in self.disagreement.values)


@dataclass(frozen=True)
class _OfRunning:
    """What is shown of a running figure, headed by what it counts."""

    running: RunningFigure

    @property
    def title(self) -> str:
        about = self.running.about
        return about[:1].upper() + about[1:]


@dataclass(frozen=True)
class RunningItem(_OfRunning):
    """A running figure with one ``Item`` per value, the latest first."""

    values: tuple[Item, ...]

    @property
    def dated(self) -> tuple[Item, ...]:
        """The values in the progression (all of them where it is not by time)."""
        return self.values[: len(self.values) - self.running.undated]

    @property
    def undated(self) -> tuple[Item, ...]:
        """The values of no known day, shown after the progression."""
        return self.values[len(self.values) - self.running.undated :]


@dataclass(frozen=True)
class LeadFigure(_OfRunning):
    """The latest (or highest) value of the running figure most outlets give, for "In brief"."""

    value: Item


@dataclass(frozen=True)
class FigureChangeItem:
    """A new or changed figure, with the footnote numbers of its new values' citations, ascending."""

    change: FigureChange
    refs: tuple[int, ...]


@dataclass(frozen=True)
class ChangesSection:
    """What is new since the previous briefing: records as ``Item``, figures as ``FigureChangeItem``."""

    changes: Changes
    developments: tuple[Item, ...]
    new_figures: tuple[FigureChangeItem, ...]
    changed_figures: tuple[FigureChangeItem, ...]
    statements: tuple[Item, ...]

    @property
    def since(self) -> str:
        """When the previous briefing was made, for a heading: '2024-12-08 12:30 UTC'."""
        return moment_text(self.changes.previous_generated_at)


@dataclass(frozen=True)
class Footnote:
    number: int
    citation: Citation
    source: int | None  # the number of the citation's source; None if the briefing does not list it


def render(briefing: Briefing, fmt: Format = "md", template: Path | None = None) -> str:
    """The briefing as text in ``fmt``, through ``template`` instead of the shipped one where given."""
    if fmt == "json":
        if template is not None:
            raise TemplateError(f"{template}: templates apply to the md and html formats, not json")
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt not in _SHIPPED_TEMPLATES:
        raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    context = _context(briefing)
    if template is None:
        env = _environment(fmt, TEMPLATES)
        return env.get_template(_SHIPPED_TEMPLATES[fmt]).render(context)
    return _render_user_template(template, fmt, context)


def format_for_path(path: Path) -> Format | None:
    """The format an output file's extension asks for, or None if it names none."""
    return _SUFFIX_FORMATS.get(path.suffix.lower())


def figure_text(figure: Figure) -> str:
    """A figure in its sentence's own words: the number and the words of its part of the sentence
    around it, at most ``_WORDS_BEFORE`` before and ``_WORDS_AFTER`` after ("…7% of United Airlines
    flights…", "…the damage is estimated to be more than $5.5 billion"), then its as-of time and
    condition where those words leave them out.

    What a figure counts, of whom and where are read from its sentence to compare figures; shown,
    they are the sentence's words, never a reading of them: "nearly 8.5 million Microsoft devices"
    cannot become "8.5 million devices (CrowdStrike)".
    """
    text = next(
        (
            _words_around(c.quote, found)
            for c in figure.citations
            if (found := _number_in(c.quote, figure.value_text))
        ),
        figure.value_text,
    )
    if figure.as_of and figure.as_of.casefold() not in text.casefold():
        text += f", {as_of_text(figure.as_of)}"
    if figure.condition and figure.condition.casefold() not in text.casefold():
        text += f" (conditional: '{figure.condition}')"
    return text


def _figures_to_show(figures: list[Figure]) -> list[Figure]:
    """``figures``, less those an earlier line already shows: a line citing every sentence this
    figure cites, whose words hold its number ("The counts stemmed from 11 invoices, 12 vouchers
    and 11 checks…" shows all three)."""
    shown: list[tuple[set[tuple[str, int, int]], str]] = []
    kept = []
    for figure in figures:
        cited = {(c.article_id, c.start, c.end) for c in figure.citations}
        if any(cited <= line_cites and _number_in(text, figure.value_text) for line_cites, text in shown):
            continue
        shown.append((cited, figure_text(figure)))
        kept.append(figure)
    return kept


def names_source(text: str, attribution: str) -> bool:
    """Whether ``text`` already names who reported it: the whole attribution, or its last word
    ("…Enemy Parties, which claimed the strikes killed…" names the Russian Centre for the
    Reconciliation of Enemy Parties)."""
    last = attribution.split()[-1]
    return attribution in text or re.search(rf"(?<!\w){re.escape(last)}(?!\w)", text) is not None


def _number_in(quote: str, number: str) -> tuple[int, int] | None:
    """Where ``number`` is written in ``quote`` as a whole number ("2,100", not the "2" of "2,200")."""
    # "US$54.20" writes "$54.20"; "$US1 million" and "$A1.53m" write "1 million" and "1.53m".
    before = r"(?:(?<![\w,.])|(?<=[$€£][A-Z])|(?<=[$€£][A-Z]{2}))" if number[:1].isalnum() else r"(?<![\d,.])"
    match = re.search(rf"{before}{re.escape(number)}(?![\d]|[,.]\d)", quote)  # "12,500ft" as written
    return (match.start(), match.end()) if match else None


def _words_around(quote: str, number: tuple[int, int]) -> str:
    """The words of the number's part of ``quote`` around it, as written, with "…" where more is
    left out."""
    start, end = number
    marks = [0, *(m.end() for m in _PART_BEFORE.finditer(quote, 0, start))]
    part_start = hanging = marks.pop()
    while marks and _HANGING.match(quote, part_start):
        hanging, part_start = (
            part_start,
            marks.pop(),
        )  # "…that of Chandrayaan-2, which had a budget of $96.5 million"
    before = [m.start() for m in _WORD.finditer(quote, part_start, start)]
    shown_from = before[-_WORDS_BEFORE] if len(before) >= _WORDS_BEFORE else part_start
    held = [m.start() for m in _WORD.finditer(quote, part_start, hanging)]  # what the hanging part is said of
    if len(held) >= _WORDS_HELD:
        shown_from = min(shown_from, held[-_WORDS_HELD])
    part_end = _part_end(quote, end)
    after = list(_WORD.finditer(quote, end, part_end))
    shown = min(len(after), _WORDS_AFTER)
    while shown < len(after) and (
        quote.count("(", end, after[shown - 1].end()) > quote.count(")", end, after[shown - 1].end())
        or _in_a_name(after[shown - 1].group(0), after[shown].group(0))
        or _A_NUMBER.fullmatch(after[shown - 1].group(0))
    ):
        shown += 1  # "48 meters (157 feet) wide", "…Organization for Migration", "after 9.5 hours"
    if len(after) - shown <= _FEW_LEFT:
        shown = len(after)  # not "…to eight, according…, according to police"
    shown_to = after[shown - 1].end() if shown else end
    text = quote[shown_from:shown_to].strip().rstrip(" .,;:")
    opened = shown_from > 0
    closed = part_end >= len(quote.rstrip(' .!?"”’')) and shown == len(after)
    return f"{'…' if opened else ''}{text}{'' if closed else '…'}"


def _part_end(quote: str, start: int) -> int:
    """Where the part of ``quote`` that holds ``start`` ends: at the first ``_PART_AFTER``, but not
    at the stop of a title's abbreviation before a name ("to unseat Rep. Kevin McCarthy"), nor at
    a word quoted right after the number, which says what it counts ("$3.5 billion "ignition"
    facility")."""
    skip_to = start
    for stop in _PART_AFTER.finditer(quote, start):
        if stop.start() < skip_to:
            continue
        if (
            stop.group(0) in _QUOTE_MARKS
            and not quote[start : stop.start()].strip()
            and (closing := _QUOTED_WORDS.match(quote, stop.end()))
        ):
            skip_to = closing.end()
            continue
        if not (
            _ABBREVIATED_TITLE.search(quote, 0, stop.end()) and quote[stop.end() :].lstrip()[:1].isupper()
        ):
            return stop.start()
    return len(quote)


def _in_a_name(last: str, following: str) -> bool:
    """Whether a cut between ``last`` and ``following`` would fall inside a name."""
    if not last[-1:].isalnum():
        return False  # "…from Derna, displaced": the name ended
    if last[:1].isupper():
        return following[:1].isupper() or following in _NAME_LINKS
    return last in _NAME_LINKS and following[:1].isupper()


def claimed_text(value: ClaimedValue, measure: str | None = None) -> str:
    """A disputed value as a phrase: 'over 327', 'about 12 km', 'at least 311, as of Monday'."""
    text = _with_unit(value.text, value.unit, measure)
    return f"{text}, {as_of_text(value.as_of)}" if value.as_of else text


def as_of_text(as_of: str) -> str:
    """The time a figure is given as of, in its own leading words: 'as of Monday', 'by Tuesday'."""
    if _AS_OF_LEAD.match(as_of):
        return as_of[:1].lower() + as_of[1:]
    return f"as of {as_of}"


def _shows_unit(unit: str | None, measure: str | None) -> bool:
    """Whether a unit says more than the measure ('km' of road, not 'people' of people)."""
    unit = (unit or "").strip()
    return bool(unit) and not (measure and unit.casefold() == measure.casefold())


def _with_unit(amount: str, unit: str | None, measure: str | None) -> str:
    """``amount`` followed by its unit, unless the unit is already written there, as itself or as
    its sign or word ("$54.20" is in USD, "9.2 percent" in %), or says nothing more."""
    unit = (unit or "").strip()
    if not _shows_unit(unit, measure):
        return amount
    for written in (unit, *_UNIT_WRITINGS.get(unit, ())):
        alone = (
            rf"(?<![^\W\d_]){re.escape(written)}(?![^\W\d_])" if written[0].isalnum() else re.escape(written)
        )
        if re.search(alone, amount, re.IGNORECASE):
            return amount
    return amount + (f" {unit}" if unit[0].isalnum() else unit)


def figure_change_text(change: FigureChange) -> str:
    """A new or changed figure: 'deaths: more than 400 as of Friday (was: more than 327, at least 311)'.

    A changed figure shows its new values, or its remaining ones where values only went away.
    """
    shown = change.added or change.after
    text = f"{change.about}: {', '.join(_value_phrase(v, change.measure) for v in shown)}"
    if change.before:
        text += f" (was: {', '.join(_value_phrase(v, change.measure) for v in change.before)})"
    return text


def _value_phrase(value: ClaimedValue, measure: str) -> str:
    """A value inside a list of values: 'more than 400 as of Friday', '12 km (unconfirmed)'."""
    text = _with_unit(value.text, value.unit, measure)
    if value.as_of:
        text += f" {as_of_text(value.as_of)}"
    return f"{text} (unconfirmed)" if value.status == "unconfirmed" else text


def moment_text(timestamp: str) -> str:
    """An ISO 8601 time to the minute, in UTC where it has a time zone: '2024-12-08 12:30 UTC'.

    A text that is not an ISO time is returned as written.
    """
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def date_text(published: str) -> str:
    """A publication date as a reader reads it: '1 Dec 2024' from an ISO 8601 date (``ingest``
    writes every date it can read so); any other text as written."""
    text = published.strip()
    try:
        day = datetime.strptime(text[:10], "%Y-%m-%d") if re.match(r"\d{4}-\d\d-\d\d(?!\d)", text) else None
    except ValueError:  # 2024-11-31
        day = None
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else published


def web_url(url: str | None) -> str | None:
    """``url`` where it is a web address (http or https, with a host) that a link may point to;
    None for anything else (``javascript:``, ``file:``, a relative path, text with spaces)."""
    if not url or any(c.isspace() or ord(c) < 32 for c in url.strip()):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def event_text(event: Event) -> str:
    """An event's description, followed by where and when it happened where known and not said in it."""
    details = ", ".join(d for d in (event.where, event.when) if d and d not in event.description)
    return f"{event.description} ({details})" if details else event.description


def count(n: int, noun: str) -> str:
    """'1 source', '3 sources'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def corroboration(n: int) -> str:
    """How many independent sources support an item: 'single source', '3 sources'."""
    return "single source" if n == 1 else count(n, "source")


_MD_SPECIAL = re.compile(
    r"""[\\`*\[\]<~]        # always markup-capable
    |(?<![^\W_])_|_(?![^\W_])  # '_' except inside a word, where it cannot mark emphasis
    |&(?=\#?\w+;)           # '&' only where it would start an entity
    |^\#|\#$                # '#' where it could open or close a heading
    """,
    re.VERBOSE,
)


def escape_markdown(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly these characters, on one line.

    Line breaks become spaces; characters that could start markup get a backslash.
    """
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), re.sub(r"\r\n?|\n", " ", text))


def escape_markdown_cell(text: str) -> str:
    """``text`` as inline Markdown inside a table cell, where '|' would end the cell."""
    return escape_markdown(text).replace("|", "\\|")


def _context(briefing: Briefing) -> dict[str, Any]:
    source_numbers: dict[str, int] = {}
    for number, source in enumerate(briefing.sources, 1):
        source_numbers.setdefault(source.article_id, number)
    entries = [SourceEntry(n, s) for n, s in enumerate(briefing.sources, 1)]
    footnote_numbers: dict[tuple[str, int, int], int] = {}
    footnotes: list[Footnote] = []

    def refs(citations: Iterable[Citation]) -> tuple[int, ...]:
        """The footnote numbers of ``citations``, numbering those not seen yet."""
        numbers: set[int] = set()
        for citation in citations:
            key = (citation.article_id, citation.start, citation.end)
            if key not in footnote_numbers:
                footnote_numbers[key] = len(footnote_numbers) + 1
                footnotes.append(
                    Footnote(footnote_numbers[key], citation, source_numbers.get(citation.article_id))
                )
            numbers.add(footnote_numbers[key])
        return tuple(sorted(numbers))

    def item(record: Event | Figure | Statement | Actor | ClaimedValue) -> Item:
        cited = dict.fromkeys(
            source_numbers[c.article_id] for c in record.citations if c.article_id in source_numbers
        )
        return Item(
            record=record,
            refs=refs(record.citations),
            source_count=record.source_count,
            sources=tuple(entries[n - 1] for n in cited),
        )

    def figure_change(change: FigureChange) -> FigureChangeItem:
        return FigureChangeItem(change, refs(c for v in change.added for c in v.citations))

    # Footnotes are numbered in the order the shipped templates show the sections.
    lead = [item(r) for r in briefing.lead]
    leading = briefing.running[0] if briefing.running else None
    lead_figure = (
        LeadFigure(leading, item(leading.values[0]))
        if lead
        and leading
        and len({c.article_id for v in leading.values for c in v.citations}) >= LEAD_FIGURE_ARTICLES
        else None
    )
    since_previous = None
    if changes := briefing.since_previous:
        since_previous = ChangesSection(
            changes=changes,
            developments=tuple(item(r) for r in changes.new_developments),
            new_figures=tuple(figure_change(f) for f in changes.new_figures),
            changed_figures=tuple(figure_change(f) for f in changes.changed_figures),
            statements=tuple(item(r) for r in changes.new_statements),
        )
    developments = [item(r) for r in briefing.developments if r not in briefing.lead]
    also_reported = [item(r) for r in briefing.also_reported]
    disagreements = [DisagreementItem(d, tuple(item(v) for v in d.values)) for d in briefing.disagreements]
    figures = [item(r) for r in _figures_to_show(briefing.figures)]
    running = [RunningItem(r, tuple(item(v) for v in r.values)) for r in briefing.running]
    sections = ("statements", "unconfirmed", "actors")
    items = {name: [item(r) for r in getattr(briefing, name)] for name in sections}
    return {
        "briefing": briefing,
        "sources": entries,
        "source_numbers": source_numbers,
        "since_previous": since_previous,
        "lead": lead,
        "lead_figure": lead_figure,
        "developments": developments,
        "also_reported": also_reported,
        "disagreements": disagreements,
        "figures": figures,
        "running": running,
        **items,
        "footnotes": footnotes,
    }


def page_environment(fmt: Format, directory: Path) -> jinja2.Environment:
    """The Jinja environment of the pages the tool writes: HTML autoescaped, an undefined name an
    error, the ``md`` and ``md_cell`` filters, and the phrases every page shows (``moment_text``,
    ``date_text``, ``count``, ``corroboration``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=fmt == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["md_cell"] = escape_markdown_cell
    env.globals.update(moment_text=moment_text, date_text=date_text, count=count, corroboration=corroboration)
    return env


def _environment(fmt: Format, directory: Path) -> jinja2.Environment:
    env = page_environment(fmt, directory)
    env.globals.update(
        figure_text=figure_text,
        names_source=names_source,
        event_text=event_text,
        claimed_text=claimed_text,
        figure_change_text=figure_change_text,
    )
    return env


def _render_user_template(template: Path, fmt: Format, context: dict[str, Any]) -> str:
    env = _environment(fmt, template.parent)
    try:
        compiled = env.get_template(template.name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"{template}: template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename) if exc.filename else template
        raise TemplateError(f"{where}:{exc.lineno}: {_one_line(exc.message or str(exc))}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{template}: cannot read template: {_one_line(str(exc))}") from None
    try:
        return compiled.render(context)
    except Exception as exc:  # anything a user template raises is that template's failure
        line = _template_line(exc, compiled.filename)
        location = f"{template}:{line}" if line is not None else str(template)
        raise TemplateError(f"{location}: {_describe_error(exc)}") from None


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The line of the template the error was raised from (Jinja maps its frames to template lines)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else None


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateError):
        return _one_line(exc.message or str(exc))
    return _one_line(f"{type(exc).__name__}: {exc}")


def _one_line(message: str) -> str:
    return " ".join(message.split())
