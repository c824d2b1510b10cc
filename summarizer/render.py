"""Render a briefing as Markdown, JSON or a standalone HTML page.

Markdown and HTML go through Jinja2 templates, the shipped ones (``templates/``) or the user's own,
which all receive the same context (see ``_context``):

- ``briefing``: the ``Briefing`` itself;
- ``sources``: ``SourceEntry`` list, numbered from 1; ``source_numbers``: article_id -> number;
- ``developments``, ``figures``, ``statements``, ``unconfirmed``, ``actors``: ``Item`` lists, one per
  record, each with its footnote numbers and how many sources support it;
- ``footnotes``: one ``Footnote`` per distinct citation (article_id, start, end), numbered in order
  of first appearance across the sections above.

Templates also get the functions ``figure_text``, ``event_text`` and ``count``, and the filter ``md``
(escape text for inline Markdown). Article and model text only ever reach a template as values,
never as template source, so template syntax inside a quote is printed as written.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2

from summarizer.briefing import Briefing, Source
from summarizer.records import Actor, Citation, Event, Figure, Qualifier, Statement
from summarizer.resources import templates_dir

Format = Literal["md", "json", "html"]
FORMATS: tuple[str, ...] = ("md", "json", "html")

_SUFFIX_FORMATS: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_SHIPPED_TEMPLATES: dict[str, str] = {"md": "brief.md.j2", "html": "brief.html.j2"}

QUALIFIER_WORDS: dict[Qualifier, str] = {
    "exact": "",
    "at_least": "at least",
    "more_than": "more than",
    "about": "about",
    "at_most": "at most",
    "less_than": "less than",
}


class TemplateError(Exception):
    """A user template that could not be loaded or rendered; the message is one line."""


@dataclass(frozen=True)
class SourceEntry:
    number: int
    source: Source


@dataclass(frozen=True)
class Item:
    """One record (or actor) of a section, with the footnote numbers of its citations, ascending."""

    record: Event | Figure | Statement | Actor
    refs: tuple[int, ...]
    source_count: int


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
        env = _environment(fmt, templates_dir())
        return env.get_template(_SHIPPED_TEMPLATES[fmt]).render(context)
    return _render_user_template(template, fmt, context)


def format_for_path(path: Path) -> Format | None:
    """The format an output file's extension asks for, or None if it names none."""
    return _SUFFIX_FORMATS.get(path.suffix.lower())


def figure_text(figure: Figure) -> str:
    """A figure as a phrase, e.g. 'more than 327 deaths (civilians)', 'about 12 km of road'."""
    amount = figure.value_text
    unit = (figure.unit or "").strip()
    if unit and unit.casefold() != figure.measure.casefold():
        written = re.search(rf"(?<![^\W\d_]){re.escape(unit)}(?![^\W\d_])", amount, re.IGNORECASE)
        if not written:
            amount += f" {unit}" if unit[0].isalnum() else unit
        if figure.measure:
            amount += " of"
    words = [QUALIFIER_WORDS[figure.qualifier], amount, figure.measure]
    text = " ".join(w for w in words if w)
    return f"{text} ({figure.subject})" if figure.subject else text


def event_text(event: Event) -> str:
    """An event's description, followed by where and when it happened where known."""
    details = ", ".join(d for d in (event.where, event.when) if d)
    return f"{event.description} ({details})" if details else event.description


def count(n: int, noun: str) -> str:
    """'1 source', '3 sources'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


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


def _context(briefing: Briefing) -> dict[str, Any]:
    source_numbers: dict[str, int] = {}
    for number, source in enumerate(briefing.sources, 1):
        source_numbers.setdefault(source.article_id, number)
    footnote_numbers: dict[tuple[str, int, int], int] = {}
    footnotes: list[Footnote] = []

    def item(record: Event | Figure | Statement | Actor) -> Item:
        refs: set[int] = set()
        for citation in record.citations:
            key = (citation.article_id, citation.start, citation.end)
            if key not in footnote_numbers:
                footnote_numbers[key] = len(footnote_numbers) + 1
                footnotes.append(
                    Footnote(footnote_numbers[key], citation, source_numbers.get(citation.article_id))
                )
            refs.add(footnote_numbers[key])
        articles = {c.article_id for c in record.citations}
        return Item(record=record, refs=tuple(sorted(refs)), source_count=len(articles))

    sections = ("developments", "figures", "statements", "unconfirmed", "actors")
    items = {name: [item(r) for r in getattr(briefing, name)] for name in sections}
    return {
        "briefing": briefing,
        "sources": [SourceEntry(n, s) for n, s in enumerate(briefing.sources, 1)],
        "source_numbers": source_numbers,
        **items,
        "footnotes": footnotes,
    }


def _environment(fmt: Format, directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=fmt == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.globals.update(figure_text=figure_text, event_text=event_text, count=count)
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
        where = f"{template}:{line}" if line is not None else str(template)
        raise TemplateError(f"{where}: {_describe_error(exc)}") from None


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
