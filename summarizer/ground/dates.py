"""Days and dates as news articles write them: "Wednesday", "Nov. 27", "27 November 2024".

Two outlets often say when something happened in different words ("on Wednesday", "on
November 27", "27 November 2024"). ``date_mentions`` finds those words and gives each a key
("weekday:wednesday", "date:--11-27", "date:2024-11-27") so that claims can be compared with
``could_be_same_day`` without guessing the week or the year nobody wrote.

Only capitalised names count, so the verbs "may" and "march" are never dates, and a month counts
only next to a day number ("May 5", not "May"). "Sun" is never Sunday (it is far more often a
newspaper), and "Mon" and "Sat" need their full stop. Relative words ("yesterday", "last week")
are not mentions: what they mean depends on when the article was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")  # fmt: skip


def _capitalised(names: tuple[str, ...]) -> str:
    """Each name with a capital first letter and the rest in any case: "Monday", "MONDAY"."""
    return "|".join(f"{name[0].upper()}(?i:{name[1:]})" for name in names)


_WEEKDAY = rf"\b(?:(?:{_capitalised(_WEEKDAYS)})\b|(?:Tues?|Weds?|Thu(?:rs?)?|Fri)\b\.?|(?:Mon|Sat)\.)"
_MONTH = rf"\b(?:(?:{_capitalised(_MONTHS)})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
_DAY_NUMBER = r"[12]\d|3[01]|0?[1-9]"
_ORDINAL = r"(?:st|nd|rd|th)"
_NOT_MORE_DIGITS = r"(?!\w|[,.]\d)"  # "May 5,000 people" and "May 2024" name no day
# A number followed by a noun is a count, not a year: "On March 5, 2000 people fled".
_NOT_A_COUNT = r"(?!\s+(?!(?:a|an|the|in|on|at|by|to|and|as|after|before|when|while|was|were|that|from|with|until)\b)[a-z])"


def _day(form: str) -> str:
    return rf"(?P<day_{form}>{_DAY_NUMBER}){_ORDINAL}?{_NOT_MORE_DIGITS}"


def _year(form: str) -> str:
    return rf"(?:,?\s+(?P<year_{form}>(?:19|20)\d\d){_NOT_MORE_DIGITS}{_NOT_A_COUNT})?"


_MENTION = re.compile(
    rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?"  # "Wednesday, November 27" names one day: the date
    rf"(?:(?P<month_md>{_MONTH})\s+{_day('md')}{_year('md')}"
    rf"|(?<![\w.,]){_day('dm')}\s+(?P<month_dm>{_MONTH}){_year('dm')}"
    rf"|(?<![\w.,])(?P<day_of>{_DAY_NUMBER}){_ORDINAL}\s+of\s+(?P<month_of>{_MONTH}){_year('of')}"
    rf"|(?<![\d-])(?P<year_iso>\d{{4}})-(?P<month_iso>\d\d)-(?P<day_iso>\d\d)(?!\d))"
    rf"|(?P<weekday>{_WEEKDAY})"
)


@dataclass(frozen=True)
class DateMention:
    """The words ``text[start:end]`` that name a day, and the ``key`` that compares it."""

    start: int
    end: int
    key: str


def _number(month: str) -> int:
    if month.isdigit():
        return int(month)
    return [name[:3] for name in _MONTHS].index(month[:3].lower()) + 1


def _key(match: re.Match[str]) -> str | None:
    if weekday := match["weekday"]:
        return next(f"weekday:{name}" for name in _WEEKDAYS if name.startswith(weekday[:3].lower()))
    parts = {name.split("_")[0]: value for name, value in match.groupdict().items() if value}
    year, month, day = parts.get("year"), _number(parts["month"]), int(parts["day"])
    try:
        date(int(year) if year else 2000, month, day)  # 2000 is a leap year: "February 29" may exist
    except ValueError:
        return None
    return f"date:{year or '-'}-{month:02d}-{day:02d}"


def date_mentions(text: str) -> list[DateMention]:
    """Every day or date named in ``text``, in text order; impossible dates are not mentions."""
    return [
        DateMention(match.start(), match.end(), key)
        for match in _MENTION.finditer(text)
        if (key := _key(match)) is not None
    ]


# A day named after these words is another event's: "…ordered the grounding of 171 aircraft
# following a blowout late Friday" does not say the grounding was on Friday.
_ANOTHER_EVENT = re.compile(r"\b(?:following|after|before|ahead of|in the wake of)\b[^,;.]*$", re.IGNORECASE)


def event_day(text: str, when: str | None) -> str | None:
    """The words of the day ``text`` tells its event happened: ``when`` (the model's words for it,
    found in ``text``) unless that is another event's day, else the one day ``text`` names
    outside another event's; None where it names none, or several."""
    days = date_mentions(text)
    others = {d.key for d in days if _ANOTHER_EVENT.search(text, max(0, d.start - 80), d.start)}
    if when and when_key(when) not in others:
        return when
    own = [d for d in days if d.key not in others]
    return text[own[0].start : own[0].end] if len({d.key for d in own}) == 1 else None


def when_key(when: str) -> str | None:
    """The key of the one day a short phrase names ("late on Wed.", "on 27 November"), or None.

    None when the phrase names no day, or names more than one ("Thursday or Friday").
    """
    keys = {mention.key for mention in date_mentions(when)}
    return keys.pop() if len(keys) == 1 else None


def _year_and_month_day(key: str) -> tuple[str, str]:
    value = key.removeprefix("date:")
    return value[:-6].lstrip("-"), value[-5:]


def could_be_same_day(a: str, b: str) -> bool:
    """Whether keys ``a`` and ``b`` may name the same day: False only when they certainly do not.

    Two weekdays must be the same weekday. Two dates must agree on month and day, and on the year
    when both give one ("date:2024-11-27" may be "date:--11-27"). A weekday and a date cannot be
    told apart without knowing the week, so they may always name the same day: they are never a
    disagreement.
    """
    if a == b:
        return True
    if a.startswith("weekday:") != b.startswith("weekday:"):
        return True
    if a.startswith("weekday:"):
        return False
    (year_a, month_day_a), (year_b, month_day_b) = _year_and_month_day(a), _year_and_month_day(b)
    # The keys differ, so the same month and day with both years given means two different years.
    return month_day_a == month_day_b and not (year_a and year_b)


def published_day(published: str | None) -> date | None:
    """The day of an article's ``published`` date (ISO 8601, its first ten characters a date)."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def resolved_day(key: str, published: str | None) -> str:
    """``key`` with a weekday turned into the date it names in an article published on ``published``.

    News writes days of the past week by their names: "on Wednesday" in an article of Friday
    2024-11-29 is 2024-11-27, and in an article of that Wednesday it is the day itself. Without a
    publication date (ISO 8601, its first ten characters a date), or for a key that is already a
    date, the key is returned as it is.
    """
    day = published_day(published)
    if not key.startswith("weekday:") or day is None:
        return key
    back = (day.weekday() - _WEEKDAYS.index(key.removeprefix("weekday:"))) % 7
    return f"date:{(day - timedelta(days=back)).isoformat()}"


# A month named alone as when something happened: "the May attack in Uvalde", "in March".
_MONTH_ALONE = re.compile(
    rf"(?:\bthe|\bin|\blast)\s+(?P<month>{_MONTH})(?!\s+(?:(?:{_DAY_NUMBER})\b|(?:19|20)\d\d))"
)
_SINCE_AFTER = re.compile(r"\bsince\s+then\b|:\s*since\b", re.IGNORECASE)
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|set to|scheduled|due|expected|planned|until|by)\b[^.;]*$", re.IGNORECASE
)
_SINCE_RIGHT_BEFORE = re.compile(r"\b(?:since|from|between)\s+$", re.IGNORECASE)
# "since October 7", "from March 1": the start of a count that runs to now, not a past event's day.
_SINCE_BEFORE = re.compile(
    r"\b(?:since|from|between)\s+(?:the\s+)?(?:(?:start|end|beginning)\s+of\s+)?$", re.IGNORECASE
)


def past_day_named(text: str, published: str | None, older_than: int, until: int) -> str | None:
    """The words of ``text`` before ``until`` (a number's place) naming a day, or a month, more
    than ``older_than`` days before its article's ``published`` date ("On May 24 a mass shooter …
    killed 19" in an article of March 2023: May 2022), unless a count runs from it to now ("since
    October 7, 1,200 were killed"; "declared in January 2020: since then … 6.8 million deaths").
    A day without a year is the last on or before publication, but for one a future is said of
    ("is set to expire on May 11"). None without a publication date."""
    day = published_day(published)
    if day is None:
        return None
    for mention in date_mentions(text[:until]):
        if (
            not mention.key.startswith("date:")
            or _SINCE_BEFORE.search(text, 0, mention.start)
            or _SINCE_AFTER.search(text, mention.end, until)
            or _FUTURE_BEFORE.search(text, max(0, mention.start - 40), mention.start)
        ):
            continue
        year, month_day = _year_and_month_day(mention.key)
        named = _last_on_or_before(day, int(month_day[:2]), int(month_day[3:]), int(year) if year else None)
        if named is not None and (day - named).days > older_than:
            return text[mention.start : mention.end]
    for alone in _MONTH_ALONE.finditer(text, 0, until):
        if _SINCE_RIGHT_BEFORE.search(text, 0, alone.start("month")) or _SINCE_AFTER.search(
            text, alone.end(), until
        ):
            continue  # "since May"; not "the deadliest since the May attack in Uvalde, Texas, left 21 dead"
        named = _last_on_or_before(day, _number(alone["month"]), 1, None)
        if named is not None and (day - named).days > older_than + 31:
            return alone["month"]
    return None


def _last_on_or_before(day: date, month: int, day_of_month: int, year: int | None) -> date | None:
    """The date of that month and day in ``year``, or, without one, the last on or before ``day``."""
    try:
        if year is not None:
            return date(year, month, day_of_month)
        named = date(day.year, month, day_of_month)
        return named if named <= day else date(day.year - 1, month, day_of_month)
    except ValueError:
        return None  # "February 29" of a year that has none
