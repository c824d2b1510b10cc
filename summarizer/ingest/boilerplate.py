"""Lines of an article that are not part of the story: boilerplate, datelines, headlines and headings.

Boilerplate is recognised by ``RULES``, a list of named rules. Each rule is a set of regular
expressions matched, case-insensitively, against a whole line with surrounding whitespace removed;
the first rule that matches gives the ``Excluded.reason``. A rule never matches part of a line, so a
sentence of the story that merely mentions "share" or "comment" is left alone. To recognise a new
kind of boilerplate, add a ``Rule`` to ``RULES``.

After the rules, the remaining lines are checked for a headline (the first line, when it reads like
one) and for headings (short title-case lines without sentence punctuation, or Markdown ``#`` lines).
The headline, or failing that the first heading, is the article's title.

Every excluded span covers one line's text without its surrounding whitespace and newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.models.article import Excluded

HEADLINE = "headline"
HEADING = "heading"
MAX_HEADLINE_CHARS = 200
MAX_HEADING_CHARS = 120


@dataclass(frozen=True)
class Rule:
    """A kind of boilerplate line; ``name`` is the reason recorded on the excluded span."""

    name: str
    pattern: re.Pattern[str]
    covers_next_paragraph: bool = False

    def matches(self, line: str) -> bool:
        return self.pattern.fullmatch(line.strip()) is not None


def _rule(name: str, *alternatives: str, covers_next_paragraph: bool = False) -> Rule:
    """A rule matching any of ``alternatives`` as the whole line, allowing trailing punctuation."""
    body = "|".join(f"(?:{alternative})" for alternative in alternatives)
    pattern = re.compile(rf"(?:{body})[\s.!:…|>»\u203a-]*", re.IGNORECASE)
    return Rule(name, pattern, covers_next_paragraph)


_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"\d{4}"
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_YEAR}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:utc|gmt|[a-z]{2,4}t))?"
_DATELINE = (
    r"(?:(?:published|updated|posted|last\s+updated)(?:\s+on)?:?\s+)?"
    rf"(?:{_WEEKDAY}(?:,?\s+{_DATE})?|{_DATE})"
    rf"(?:(?:,\s*|\s+)(?:at\s+)?{_TIME})?"
)
_SOCIAL = r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|copy\s+link)"

_DATELINE_RULE = _rule("dateline", _DATELINE)

RULES: tuple[Rule, ...] = (
    _DATELINE_RULE,
    _rule(
        "share",
        r"share(?:\s+(?:this|on|via)\b.{0,60})?",
        r"tweet(?:\s+this)?",
        rf"{_SOCIAL}(?:[\s|,•·/]+(?:{_SOCIAL}|share|tweet))*",
    ),
    _rule(
        "comments",
        r"leave\s+a\s+(?:reply|comment)",
        r"(?:please\s+)?(?:leave|post|add)\s+a\s+comment",
        r"we\s+appreciate\s+your\s+thoughts\.?\s*(?:please\s+leave\s+a\s+comment)?",
        r"cancel\s+reply",
        r"\d+\s+comments?",
        r"(?:view|show|load|no)\s+comments(?:\s+yet)?",
        r"comments?(?:\s*\(\d+\))?",
        r"join\s+the\s+(?:conversation|discussion)",
        r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment",
    ),
    _rule(
        "navigation",
        r"exit\s+mobile\s+version",
        r"skip\s+to\s+(?:main\s+)?content",
        r"(?:back\s+to|scroll\s+to)\s+top",
        r"(?:main\s+)?menu",
        r"home",
    ),
    _rule(
        "advertisement",
        r"advertisements?",
        r"sponsored(?:\s+content)?",
        r"story\s+continues\s+(?:below|after)\s+(?:this\s+)?(?:advertisement|ad)",
    ),
    _rule(
        "read more",
        r"read\s+(?:more|also|next)(?:\s*[:|-]\s*.{0,200})?",
        r"(?:related|recommended)(?:\s+(?:articles?|stories|posts|content|news))?(?:\s*:\s*.{0,200})?",
        r"see\s+also(?:\s*:\s*.{0,200})?",
        r"continue\s+reading",
    ),
    _rule(
        "newsletter",
        r"subscribe(?:\s+(?:now|today|here))?",
        r"(?:subscribe|sign\s+up)\b.{0,80}\bnewsletters?\b.{0,80}",
        r"newsletter(?:\s+sign[\s-]?up)?",
    ),
    _rule(
        "follow",
        r"follow\s+us(?:\s+on\s+.{1,60})?",
        r"follow\s+@\w+(?:\s+on\s+\w+)?",
    ),
    _rule(
        "copyright",
        r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)).{0,150}",
        r".{0,150}\ball\s+rights\s+reserved\b.{0,60}",
    ),
    _rule("counter", r"[\W_]*\d[\W\d_]*"),
    _rule("separator", r"[\W_]+"),
    _rule(
        "author bio",
        r"author\s+profile",
        r"about\s+the\s+(?:author|writer|reporter)s?",
        covers_next_paragraph=True,
    ),
    _rule(
        "byline",
        r"by\s+[^\W\d_][\w.'\u2019-]*(?:\s+(?:and\s+)?[^\W\d_][\w.'\u2019-]*){0,4}",
    ),
)

_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+(?P<title>\S.*?)(?:\s+#+)?")
_CLOSING = "\"'\u201d\u2019»)]}*_"
_SENTENCE_END = ".!?…"
_CLAUSE_END = ":;,"
_MINOR_WORDS = frozenset(
    {
        "a", "after", "amid", "an", "and", "as", "at", "before", "but", "by", "for", "from", "in", "into",
        "is", "of", "off", "on", "onto", "or", "over", "per", "than", "the", "to", "up", "upon", "via", "vs",
        "with",
    }
)  # fmt: skip


def matching_rule(line: str) -> Rule | None:
    """The first rule that matches the whole line, or None."""
    return next((rule for rule in RULES if rule.matches(line)), None)


def ends_like_sentence(line: str) -> bool:
    """True when the line, ignoring closing quotes and brackets, ends with ``.``, ``!``, ``?`` or ``…``."""
    return _ends_with(line, _SENTENCE_END)


def _ends_with(line: str, marks: str) -> bool:
    """True when the line, ignoring closing quotes and brackets, ends with one of ``marks``."""
    return line.rstrip().rstrip(_CLOSING).endswith(tuple(marks))


def looks_like_headline(line: str) -> bool:
    """Short, has letters, does not end like a sentence or clause, and is not a bare date."""
    stripped = heading_title(line)
    return (
        0 < len(stripped) <= MAX_HEADLINE_CHARS
        and any(char.isalpha() for char in stripped)
        and not _ends_with(stripped, _SENTENCE_END + _CLAUSE_END)
        and not _DATELINE_RULE.matches(stripped)
    )


def looks_like_heading(line: str) -> bool:
    """A Markdown ``#`` heading, or a short headline-like line in title case (or capitals)."""
    stripped = line.strip()
    if _MARKDOWN_HEADING.fullmatch(stripped):
        return True
    if len(stripped) > MAX_HEADING_CHARS or not looks_like_headline(stripped):
        return False
    words = [word.strip(_CLOSING + "\"'\u201c\u2018(:-\u2013\u2014") for word in stripped.split()]
    words = [word for word in words if any(char.isalpha() for char in word)]
    if len(words) < 2 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(word.lower() in _MINOR_WORDS or any(char.isupper() for char in word) for word in words)


def heading_title(line: str) -> str:
    """The title a headline or heading line gives: the line without Markdown ``#`` marks."""
    stripped = line.strip()
    markdown = _MARKDOWN_HEADING.fullmatch(stripped)
    return markdown.group("title") if markdown else stripped


@dataclass(frozen=True)
class Exclusions:
    """What ``find_exclusions`` found: the excluded spans in text order, and the title if any."""

    excluded: list[Excluded]
    title: str | None


def find_exclusions(text: str) -> Exclusions:
    """Exclude boilerplate lines, the headline and headings of ``text``; find its title."""
    reasons: dict[tuple[int, int], str] = {}
    pending_paragraph: Rule | None = None
    for start, end in _line_spans(text):
        line = text[start:end]
        rule = matching_rule(line)
        reason = rule.name if rule else pending_paragraph.name if pending_paragraph else None
        if reason is not None:
            reasons[(start, end)] = reason
        pending_paragraph = rule if rule is not None and rule.covers_next_paragraph else None

    story = [span for span in _line_spans(text) if span not in reasons]
    title = _mark_headings(text, story, reasons)
    excluded = [
        Excluded(start=start, end=end, reason=reason) for (start, end), reason in sorted(reasons.items())
    ]
    return Exclusions(excluded=excluded, title=title)


def _mark_headings(
    text: str, story: list[tuple[int, int]], reasons: dict[tuple[int, int], str]
) -> str | None:
    """Record the headline and headings among the story lines; return the title.

    Nothing is marked when it would leave no story line at all.
    """
    if not story:
        return None
    marks: dict[tuple[int, int], str] = {}
    first_line = text[story[0][0] : story[0][1]]
    if looks_like_headline(first_line) or looks_like_heading(first_line):
        marks[story[0]] = HEADLINE
    for span in story[1:]:
        if looks_like_heading(text[span[0] : span[1]]):
            marks[span] = HEADING if marks else HEADLINE
    if len(marks) == len(story):
        return None
    reasons.update(marks)
    title_span = next((span for span, reason in marks.items() if reason == HEADLINE), None)
    return heading_title(text[title_span[0] : title_span[1]]) if title_span else None


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """The non-blank lines of ``text`` as ``(start, end)`` without surrounding whitespace."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            yield start, start + len(stripped)
        offset += len(line) + 1
