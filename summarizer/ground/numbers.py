"""Numbers as news articles write them: "327", "14,000", "£7.9m", "four", "over 125".

``locate`` finds a number the model reported inside the sentence it cited, and reads from the
sentence itself (never from the model) the exact words, the value or range ("between 300 and
350", "300-350"), the unit and the qualifier ("at least", "over", "approximately"): the words on
the page decide what a figure claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from summarizer.models.records import Qualifier

_WORD_VALUES = {
    word: value
    for value, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
     "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "thousand": 1000, "a thousand": 1000}  # fmt: skip

# Numbers written as words, for patterns that look for a count ("Fifteen hospitals evacuated…").
WORD_NUMBER = "|".join(sorted((w for w in _WORD_VALUES if " " not in w), key=len, reverse=True))
# Words that say how many and nothing else ("three", "thousands"): a noun after them is counted.
COUNT_WORDS = r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|millions"
_ONLY_COUNT_WORDS = re.compile(rf"(?:(?:{COUNT_WORDS})\s*)+", re.IGNORECASE)


def only_count_words(text: str) -> bool:
    """Whether ``text`` is nothing but a count ("three", "Thousands"): no name, no actor."""
    return _ONLY_COUNT_WORDS.fullmatch(text.strip()) is not None


_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
MULTIPLIER_WORDS = frozenset(_MULTIPLIERS)  # "m" of "$10m" is part of the number, not a word of its own
_CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR"}

# "1,5 kilometers", "2,5 percent": a decimal comma, where one or two digits follow it and a word does.
_DECIMAL_COMMA = r"\d{1,3},\d{1,2}(?=\s?(?:%|[A-Za-z]))(?!\s?(?:and|or|to)\b)"
_DECIMAL_COMMA_DIGITS = re.compile(r"\d{1,3},\d{1,2}")
_DIGITS = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_DECIMAL_COMMA}|\d+(?:\.\d+)?"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = re.compile(
    rf"(?P<currency>[£$€])?(?P<digits>{_DIGITS})(?:\s?(?P<mult>bn|mn|m|k|million|billion|thousand)\b)?"
    rf"(?P<percent>\s?%|\s+per\s?cent\b|pc\b)?"
    rf"|\b(?P<tens>{_TENS})[-\s](?P<units>{_UNITS})\b"
    rf"|\b(?P<word>{'|'.join(sorted(map(re.escape, _WORD_VALUES), key=len, reverse=True))})\b",
    re.IGNORECASE,
)

# Qualifier words that may stand right before a number. Order matters: "no more than" must be
# read as at_most before "more than" is tried, "no fewer than" as at_least before "fewer than".
_QUALIFIERS: tuple[tuple[Qualifier, str], ...] = (
    ("at_least", r"at least|no fewer than|no less than|a minimum of"),
    ("at_most", r"up to|at most|as many as|a maximum of|no more than"),
    ("more_than", r"more than|over|above|upwards of|in excess of|exceeding"),
    ("less_than", r"less than|fewer than|under|below"),
    ("about", r"about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|close to|circa"),
)
_QUALIFIER_BEFORE = [(q, re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE)) for q, words in _QUALIFIERS]
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*|\s+and\s+")
_BETWEEN = re.compile(r"\b(?:between|from)\s*$", re.IGNORECASE)
# "one-third of global output", "two-thirds": a share, not a count ("two quarters" of a year is one).
_FRACTION_AFTER = re.compile(r"-(?:halfs?|halves|thirds?|quarters?|fifths?|tenths?)\b", re.IGNORECASE)
_SCALES = frozenset({"hundred", "thousand"})
_SPELLED = re.compile(r"[A-Za-z]+(?:[-\s][A-Za-z]+)?")  # "two", "twenty-five": a number in words
_YEARS_AND = re.compile(r"\s+years?\s+and\s+", re.IGNORECASE)
_MONTHS = re.compile(r"\s+months?\b", re.IGNORECASE)
# Letters written right against a number: a unit ("12,500ft", "10am", "1990s", "21st") or else
# part of a word.
_GLUED = re.compile(r"[A-Za-z]+")
_GLUED_UNITS = frozenset(
    {"ft", "km", "kg", "mm", "cm", "m", "mi", "mph", "kph", "kmh", "am", "pm", "lb", "lbs", "t", "g", "mw", "gw",
     "kw", "kwh", "h", "hrs", "min", "s", "st", "nd", "rd", "th", "bn", "mn", "k", "pc", "yr", "yrs", "sq", "x", "tn"}
)  # fmt: skip
_FOUR_DIGITS = re.compile(r"\d{4}(?![\d,.])")
YEAR_SPAN = (1900, 2100)  # the years a number may be
# A time of day is no number of the story: "6:30 pm", "6.30pm", "4 p.m.", "1730 GMT".
_CLOCK_TIME = re.compile(
    r"(?<![\d.,])\d{1,2}(?::\d{2}(?:\s*[ap]\.?m\b\.?)?|[.]\d{2}\s*[ap]\.?m\b\.?|\s*[ap]\.m\.|\s*[ap]m\b)"
    r"|(?<![\d.,])\d{4}\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT)\b",
    re.IGNORECASE,
)
_MERIDIEM = re.compile(r"([ap])\.?m", re.IGNORECASE)
# A name right before a number, inside a sentence ("Microsoft 365 apps", "the Falcon 9 rocket"):
# not a day, a month, or a word that only bounds a number.
_PRONOUN_ONE = re.compile(r"\b(?:loved|no|every|any)\s+one$", re.IGNORECASE)
# "one of the largest in modern British history", "one of Iceland's most popular": a rank, whoever's
# it is, not a count.
_ONE_OF_THE_MOST = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|[A-Z][\w-]*['’]s)\s+(?:most\s+\w+|\w+est)\b", re.IGNORECASE
)
_NAME_BEFORE_NUMBER = re.compile(
    r"(?<=[a-z,;] )(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|About|Over|Some|Nearly|Around)\b)"
    r"(?P<name>[A-Z][\w-]*)(?P<possessive>['’]s)?\s+$"
)
_SCORE = re.compile(r"(?<![\d,.\w-])(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\d,.%])")
_EMERGENCY_NUMBERS = frozenset({"911", "999", "112"})
_WORD_AFTER = re.compile(r"\s+(?P<word>[a-z]+)\b")
# Words after a number that make it a quantity, not a name's: "Turkey 24 hours earlier".
_QUANTITY_WORDS = frozenset(
    {"percent", "per", "hours", "days", "weeks", "months", "years", "minutes", "people", "points", "times"}
)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|of|from|until|by|before|after)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: float
    unit: str | None
    qualifier: Qualifier
    value_max: float | None = None  # the upper end of a range

    def looks_like_year(self, text: str) -> bool:
        return (
            bool(_FOUR_DIGITS.match(text, self.start, self.end))
            and YEAR_SPAN[0] <= self.value <= YEAR_SPAN[1]
            and bool(_YEAR_CONTEXT.search(text[max(0, self.start - 12) : self.start]))
        )


def in_a_name(text: str, mention: NumberMention, article: str = "") -> bool:
    """Whether the number at ``mention`` is part of a name ("Microsoft 365 apps", "the Falcon 9
    rocket", "911 services"): an emergency number before a word, or plain digits after a capitalised word inside the sentence, before a lowercase word
    that is no unit. After a possessive ("Microsoft's 365 apps") only where ``article`` also writes
    the name and the number together; "Ukraine's 24 regions" counts regions."""
    digits = text[mention.start : mention.end]
    name = _NAME_BEFORE_NUMBER.search(text, 0, mention.start)
    after = _WORD_AFTER.match(text, mention.end)
    if digits in _EMERGENCY_NUMBERS and after and mention.qualifier == "exact":
        return True  # "impacted 911 services": the number people call
    if (
        not (digits.isdigit() and name and after and mention.qualifier == "exact")
        or after["word"] in _QUANTITY_WORDS | MULTIPLIER_WORDS
        # "Labour won 410 seats and the Conservatives 121 seats": a count, as the one before it
        or re.search(rf"\d\s+{after['word']}\b", text[: name.start()])
    ):
        return False
    if name["possessive"]:
        return re.search(rf"\b{re.escape(name['name'])}\s+{digits}\b", article) is not None
    return True


def in_a_score(text: str, mention: NumberMention) -> bool:
    """Whether the number at ``mention`` is one side of a score or a vote ("the 6-3 ruling", "won
    4-2 on penalties", "a 2-2 draw"): two small numbers joined by a dash, the second no greater
    (else it is a range, "18-24")."""
    return any(
        score.start() <= mention.start < score.end() and int(score[2]) <= int(score[1])
        for score in _SCORE.finditer(text)
    )


def _value(match: re.Match[str]) -> float:
    if match.group("tens"):
        return float(_WORD_VALUES[match.group("tens").lower()] + _WORD_VALUES[match.group("units").lower()])
    if match.group("word"):
        return float(_WORD_VALUES[match.group("word").lower()])
    digits = match.group("digits")
    if _DECIMAL_COMMA_DIGITS.fullmatch(digits):
        digits = digits.replace(",", ".")  # "1,5": one and a half
    value = float(digits.replace(",", ""))
    if mult := match.group("mult"):
        value *= _MULTIPLIERS[mult.lower()]
    return value


def _qualifier(text: str, start: int) -> Qualifier:
    before = text[max(0, start - 24) : start]
    return next((q for q, pattern in _QUALIFIER_BEFORE if pattern.search(before)), "exact")


def _is_range(text: str, low: NumberMention, high: NumberMention) -> bool:
    """ "300-350", "300 to 350", "between 300 and 350": two numbers that bound one figure."""
    join = _RANGE_JOIN.fullmatch(text[low.end : high.start])
    if join is None or high.value <= low.value or (low.unit != high.unit and low.unit is not None):
        return False
    return "and" not in join.group(0) or bool(_BETWEEN.search(text[max(0, low.start - 10) : low.start]))


def clock_time(text: str, mention: NumberMention) -> NumberMention | None:
    """The time of day the number at ``mention`` is part of ("until 6:30 pm", "at 6.30pm", "4
    p.m.", "1730 GMT"), as one mention whose value is in hours (18.5 for "6:30 pm"); None where it
    is part of none."""
    match = next((m for m in _CLOCK_TIME.finditer(text) if m.start() <= mention.start < m.end()), None)
    if match is None:
        return None
    digits = re.findall(r"\d+", match.group(0))
    if len(digits) == 1 and len(digits[0]) == 4:  # "1730 GMT"
        digits = [digits[0][:2], digits[0][2:]]
    hours = int(digits[0])
    if meridiem := _MERIDIEM.search(match.group(0)):  # "12 am" is 0, "6:30 pm" is 18.5
        hours = hours % 12 + (12 if meridiem.group(1).casefold() == "p" else 0)
    minutes = int(digits[1]) if len(digits) > 1 else 0
    end = match.start() + len(match.group(0).rstrip(". "))
    return replace(
        mention,
        start=match.start(),
        end=end,
        value=hours + minutes / 60,
        value_max=None,
        unit=None,
        qualifier="exact",
    )


def mentions(text: str) -> list[NumberMention]:
    """Every number written in ``text``, with its value or range, unit and the qualifier before it."""
    found: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        if match.group("word") and _FRACTION_AFTER.match(text, match.end()):
            continue
        if match.group("word") and _PRONOUN_ONE.search(text, max(0, match.start() - 8), match.end()):
            continue  # "the death of their loved one", "no one": a person, not a count
        if match.group(0).casefold() == "one" and _ONE_OF_THE_MOST.match(text, match.end()):
            continue  # "one of the largest": a rank, not a count
        if (glued := _GLUED.match(text, match.end())) and glued.group(0).casefold() not in _GLUED_UNITS:
            continue  # "the San Francisco 49ers", "5G": part of a word, not a number
        unit = _CURRENCIES.get(match.group("currency") or "") or ("%" if match.group("percent") else None)
        mention = NumberMention(
            match.start(), match.end(), _value(match), unit, _qualifier(text, match.start())
        )
        previous = found[-1] if found else None
        months = _MONTHS.match(text, mention.end)
        if (
            previous
            and (match.group("word") or "").lower() in _SCALES
            and _SPELLED.fullmatch(text, previous.start, previous.end)
            and text[previous.end : mention.start].isspace()
        ):
            # "One hundred people", "two thousand": one number written in two words.
            found[-1] = replace(previous, end=mention.end, value=previous.value * mention.value)
        elif previous and months and _YEARS_AND.fullmatch(text, previous.end, mention.start):
            # "11 years and 3 months" is one duration: 11.25 years.
            found[-1] = replace(previous, end=months.end(), value=previous.value + mention.value / 12)
        elif previous and previous.value_max is None and _is_range(text, previous, mention):
            lead = _BETWEEN.search(text, max(0, previous.start - 10), previous.start)
            found[-1] = replace(
                previous,
                start=lead.start() if lead else previous.start,
                end=mention.end,
                value_max=mention.value,
                unit=previous.unit or unit,
            )
        else:
            found.append(mention)
    return found


def parse_value(written: str) -> float | None:
    """The value of a number as the model wrote it ("14,000", "7.9m", "four", "over 125", "1,5")."""
    if _DECIMAL_COMMA_DIGITS.fullmatch(written.strip()):
        return float(written.strip().replace(",", "."))  # as the sentence reads it
    match = _NUMBER.search(written)
    return _value(match) if match else None


def locate(sentence: str, written: str) -> NumberMention | None:
    """The mention in ``sentence`` with the value of ``written`` (or a range with it as an end):
    the first written as ``written`` is ("six missing people", not "6 a.m."), else the first."""
    wanted = parse_value(written)
    if wanted is None:
        return None

    def equal(value: float | None) -> bool:
        return value is not None and abs(value - wanted) <= 1e-9 * max(1.0, wanted)

    found = [m for m in mentions(sentence) if equal(m.value) or equal(m.value_max)]
    as_written = [m for m in found if sentence[m.start : m.end].casefold() == written.strip().casefold()]
    return next(iter(as_written or found), None)
