"""What a figure counts, read from its sentence so that outlets' figures can be compared.

A figure is normalised to (measure, subject, cause, place, as-of time); its value, range, unit
and qualifier come from ``ground/numbers.py``. The words around the number decide; the model's own
words ("counts") only name the measure where the sentence names none the rules know, neither
after the number nor before it ("327 deaths, including 44 civilians": 44 deaths; "311
casualties: 183 rebels, 100 soldiers": 100 deaths):

- measure: the canonical name of what is counted ("327 deaths", "12 killed", "over 350
  fatalities" are all ``deaths``); "casualties" count as deaths when the sentence speaks of a
  death toll or of people killed and of no one injured;
- subject: the group written between the number and its measure ("44 civilians", "four
  civilians were killed"), or None for a total ("327 deaths", "311 casualties"); for counts that do
  not run up with a story, else whose number it is (its holder, below);
- cause: the kind of action the sentence says produced it ("airstrikes resulted in 12 deaths"
  is not the toll of the offensive), see ``ground/actions.py``;
- place: the places the number's clause names (``ground/places.py``);
- as-of time: "as of Monday", "by Tuesday", "as of 27 November";
- holder: whose number it is, for counts that do not run up with a story (and for a toll, the name
  that caused it: "Hurricane Michael caused 16 deaths"): the last name written
  before the number in its part of the sentence ("Labour win 410 seats, the Conservatives drop to
  119": Labour, Conservatives), never the one who says it nor a place; in a part that opens with
  a participle, the name that opens the clause it hangs on ("Mahomes finished strong, completing
  34 of 46 passes for 333 yards");
- condition: the words that make the number a condition or a scenario rather than a count ("would
  have prevented Musk from buying more than 14.9 percent", "if anyone buys 15%").

The measure before a number is read only within its clause: ", and some 380,000 have taken refuge"
does not count what the clause before it counts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from summarizer.ground.actions import action_kinds
from summarizer.ground.attribution import SAYING_VERBS, attribution, last_name_before
from summarizer.ground.dates import date_mentions
from summarizer.ground.names import fold
from summarizer.ground.numbers import (
    MULTIPLIER_WORDS,
    WORD_NUMBER,
    NumberMention,
    clock_time,
    mentions,
    parse_value,
)
from summarizer.ground.places import places
from summarizer.ground.speech import spoken_words

# Canonical measure ← word prefixes (folded) that name it; two-word phrases are tried first.
_MEASURES: dict[str, tuple[str, ...]] = {
    "deaths": (
        "death",
        "dead",
        "died",
        "killed",
        "fatalit",
        "lives",
        "bodies",
        "body count",
        "toll",
        "slaughter",
        "massacre",
    ),
    "injuries": ("injur", "wounded", "wounds", "hurt"),  # "30 were being treated for bullet wounds"
    "casualties": ("casualt",),
    "people displaced": ("displace", "fled", "flee", "refuge", "evacuat", "evacuee", "homeless"),
    "people detained": ("arrest", "detain", "detention", "prisoner"),
    "people missing": ("missing",),
    # "rescued", not "rescue": "13,740 search and rescue personnel" are no people rescued.
    "people rescued": ("rescued", "pulled from", "pulled alive", "pulled out alive"),
    "air strikes": ("airstrike", "air strike", "air raid", "strikes", "raids", "bombing", "sortie"),
    "resignations": ("resign", "quit", "stepped down", "step down"),
    # A crowd: "80,000 people marched", "1.28 million demonstrators"; not "250 protests planned".
    "protesters": (
        "protester",
        "protestor",
        "demonstrator",
        "demonstrated",
        "marcher",
        "marched",
        "to protest",
    ),
}
# Counts that run up while a story goes on: outlets that give different values of one of these
# are read at different moments, not as a disagreement.
RUNNING_MEASURES = frozenset(
    {
        "deaths",
        "injuries",
        "casualties",
        "people displaced",
        "people detained",
        "people missing",
        "people rescued",
        "air strikes",
    }
)
# Counts a story's sources give and an article states without the model's choice: a running count,
# or a crowd, whose organisers and police count it each their own way.
COUNTS_READ = RUNNING_MEASURES | {"protesters"}
# Canonical subject ← word prefixes that name the group; "" is a total ("people").
_SUBJECTS: dict[str, tuple[str, ...]] = {
    "civilians": ("civilian",),
    "children": ("child", "minor", "schoolchild"),
    "students": ("student", "pupil"),
    "adults": ("adult",),
    "teachers": ("teacher",),
    "women": ("women", "woman"),
    "rebels": ("rebel", "insurgent", "militant", "jihadist", "fighter", "opposition fighter", "gunmen"),
    "soldiers": (
        "soldier",
        "troop",
        "government forces",
        "pro-government forces",
        "servicem",
        "security forces",
    ),
    "journalists": ("journalist", "reporter"),
    "aid workers": ("aid worker", "humanitarian worker"),
    "medics": ("medics", "doctor", "nurse", "paramedic"),
    "protesters": ("protester", "protestor", "demonstrator"),
    "": ("people", "person", "individual", "resident"),
}
GROUPS = frozenset(name for name in _SUBJECTS if name)  # subjects that are groups, not holders
_NOT_CAUSES = frozenset({"deaths", "displacement", "statement", "talks"})
AS_OF_WORDS = "as of|as at|by|up to|through|until"  # what an as-of time starts with: "as of Monday"
_AS_OF = re.compile(rf"\b(?:{AS_OF_WORDS})\s+(?:late\s+|early\s+|the end of\s+)?$", re.IGNORECASE)
_DEATH_CONTEXT = re.compile(r"\b(?:death toll|killed|dead|died|deaths|fatalities)\b", re.IGNORECASE)
_INJURY_CONTEXT = re.compile(r"\b(?:injur\w*|wounded)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
# Where a clause ends and the next begins: a measure or a holder is never read across one.
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas|with)\b|\s[–—]\s")
_NEW_SUBJECT = re.compile(r";|,\s+(?:and|but|while|whereas)\b")  # not ", with": "X reported …, with 311 dead"
_INCLUDING = re.compile(r"[\s,;:(]*(?:including|among them|of whom|among whom)\b", re.IGNORECASE)
# "…$10.4 million, a sum that Heard's attorneys say she cannot afford": what they say is not the number.
_NEW_SUBJECT_OR_RELATIVE = re.compile(
    rf"{_NEW_SUBJECT.pattern}|,\s+(?:an?|the)\s+[a-z]+\s+(?:that|which|who)\b"
)
# A bracketed abbreviation is part of the name before it ("The Democratic Party (DPK) has 175 seats"),
# not a break: its brackets open and close no part.
_ABBREVIATION_CLOSE = "".join(rf"(?<!\([A-Z]{{{n}}})" for n in range(2, 7)) + r"\)"
_PART_BREAK = re.compile(rf"[,;:]|\((?![A-Z]{{2,6}}\))|{_ABBREVIATION_CLOSE}|\s[–—]\s")
_CONDITION = re.compile(
    r"\b(?:if|unless|(?:would|could|might|should)(?:\s+have|['’]ve)|would(?:n['’]t)?\s+(?:be\s+)?allowed)\b",
    re.IGNORECASE,
)
# How long something is expected to take is a forecast, not a span to set against one that passed:
# "The backlog will likely take four to five days to clear" is not "stuck for six days".
_FORECAST_SPAN = re.compile(
    r"\b(?:will|would|could|may|might|should|(?:is|are)\s+(?:expected|likely|set)\s+to)\s+(?:\w+ly\s+)?"
    r"(?:take|last|need|require)(?=\s+(?:(?:another|up\s+to|at\s+least|about|around|some)\s+)*$)",
    re.IGNORECASE,
)
# What a number of things may come to is no count of them: "about 80 villages may be inundated".
_AMOUNT_IN = re.compile(r"\s+in\s+(?P<nouns>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\b")
# Nouns that say when, or only that there is an amount ("in the amount of $350,000").
_NOT_WHAT = frozenset({"day", "week", "month", "year", "time", "today", "moment", "point", "amount", "sum", "total", "value", "figure"})  # fmt: skip
_AMOUNT_OF = re.compile(
    r"\b(?P<noun>[a-z][a-z-]+)\s+(?:of|at)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|more than\s+|over\s+)?$"
)
# "The cost to rebuild Lahaina was estimated at $5.5 billion", "the damage is estimated to be more
# than $5.5 billion": the subject of an estimate is what the amount is.
_ESTIMATE_OF = re.compile(
    r"\b(?P<noun>[a-z][a-z-]+(?:\s+to\s+[a-z]+)?)(?:\s+[A-Z][\w'’-]*)?\s+(?:is|was|are|were|has been|had been|will be)"
    r"\s+(?:estimated|put|valued|pegged|projected|expected)\s+(?:at|to be|to reach|to top)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|more than\s+|over\s+|at least\s+)?$"
)
# A building or site a count is confined to, named with "the": "died at the school".
# A part of a total and where it was: "…, including one person killed in Kakamega", "killed at
# least 1,037 people, the vast majority in Al-Haouz".
_INCLUDING_PART = re.compile(
    r",\s+(?:including|among them"
    r"|(?:the\s+)?(?:vast\s+|great\s+|overwhelming\s+)?(?:majority|most|many|some|half)(?:\s+of\s+(?:them|whom))?"
    r"\s+(?:in|at|from|near)\b)[^,;]*(?:,|$)"
)
# Near where a disaster struck is the whole toll's place, not a part's: "The death toll in a
# powerful earthquake around Marrakesh has risen to 820" counts no one in Marrakesh alone (but "the
# toll from the floods in Derna" is Derna's).
_DISASTER_AT = re.compile(
    r"\b(?P<disaster>(?:earth)?quake|tremor|temblor|hurricane|storm|typhoon|cyclone|tsunami|eruption|floods?"
    r"|flooding|landslides?|mudslides?|wildfires?|fire|blaze|crash|collapse|explosion|blast)"
    r"\s+(?:that\s+(?:struck|hit)\s+)?(?:near|around|off|outside)\s",
    re.IGNORECASE,
)
_SITE = re.compile(
    r"\b(?:at|in|inside)\s+(?P<site>the\s+(?:[a-z]+\s+)?(?:school|building|hospital|factory|plant|church|mosque"
    r"|synagogue|temple|mall|market|station|stadium|arena|hotel|club|theater|theatre|hall|prison|jail|mine"
    r"|office|store|supermarket|warehouse|restaurant|bar|nightclub|venue|tower|bridge|ship|vessel))\b"
)
_RELATIVE_OPENING = re.compile(r"\s*(?:which|who)\s")
# What an amount may be of somebody's: whose it is, the sentence must say.
_POSSESSED = frozenset(
    {"budget", "cost", "price", "value", "valuation", "worth", "salary", "pay", "fee", "revenue", "profit", "loss", "sales"}
)  # fmt: skip
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+")
_SENTENCE_WORDS = frozenset({"The", "A", "An", "It", "This", "That", "One", "In", "On", "At", "But", "And"})
_CONVERSION_BEFORE = re.compile(
    r"(?:\(\s*|\b(?:works?|working|worked)\s+out\s+(?:at|to)\s+|\bequivalent\s+(?:of|to)\s+|\bequal\s+to\s+"
    r"|\bconverts?\s+to\s+|\btranslates?\s+(?:in)?to\s+)"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|approximately\s+)?$",
    re.IGNORECASE,
)
_LOCATION = re.compile(
    r"\s*(?:miles?|mi|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|yards)\b(?:\s*\([^)]{0,40}\))?\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern|ward)?(?:\s+of)?|from|outside|away\s+from)\b",
    re.IGNORECASE,
)
# An act done to what a number counts: "the identification of 35 bodies", "the removal of 20".
_ACT_OF = re.compile(
    r"\b(?P<act>[a-z]+(?:tion|sion|ment|al|ery))\s+of\s+(?:about\s+|some\s+|at least\s+|more than\s+)?$"
)
# What was done to the bodies counted, other than finding them: burying or identifying them.
_BURIED_OR_NAMED_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:(?:have|has|had)\s+)?(?:(?:so far|already|now)\s+)?(?:been|were|was)\s+(?P<done>buried|identified)\b"
)
_BURIED_OR_NAMED_BEFORE = re.compile(
    r"\b(?P<done>buried|identified)\s+(?:about\s+|some\s+|around\s+|at least\s+|more than\s+|nearly\s+)?$"
)
# A count over years: "At least 309 people have died since 2000 in plane crashes".
_SINCE_YEAR = re.compile(r"\bsince\s+(?:the\s+)?(?:1[89]|20)\d\ds?\b")
# A clause of a past year holds that year's counts: "the worst aviation disaster since 1997, when 228
# people died in a crash in Guam".
_WHEN_IN_A_YEAR = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d),?\s+when\s+(?:[^\s,]+\s+){0,4}$")
_DURATIONS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds"})
_PASSIVE = re.compile(r"\b(?:(?:had|has|have) been|were|was)\s+(?P<done>[a-z]+ed)\b")
_RELATIVE = re.compile(r"\b(?:that|which|who|whose)\b")
# What things are expected to do is no count of what they did: "At least 113 … vessels … are expected
# to cross the canal by this morning" is not "Nearly 113 vessels had transited the canal". A number
# expected to change is still a count ("the toll of 50 is expected to rise").
_EXPECTED = re.compile(
    r"\b(?:is|are|was|were)\s+(?:expected|scheduled|set|due|forecast|projected|slated)\s+to\s+"
    r"(?!(?:rise|climb|increase|grow|go\s+up|fall|drop|decline|decrease|worsen|change|be\s+revised)\b)\w+",
    re.IGNORECASE,
)
# A verb of a relative clause's own: "vessels that had waited … are expected to cross".
_FINITE = re.compile(r"\b(?:had|has|have|was|were|is|are|did|[a-z]+ed)\b")
# A condition that opens the sentence holds for all of it: "If the premarket gain holds, Nvidia's value
# would rise by $181 billion to an all-time high of $936 billion."
_OPENING_CONDITION = re.compile(r"(?:If|Unless|Should)\s[^,]+,")
# What a number might come to is no count: "speculating its market cap could soon kiss $3 trillion",
# "the toll could rise to 50".
_MIGHT_COME_TO = re.compile(
    r"\b(?:could|might|may)\s+(?:soon\s+|still\s+|eventually\s+|yet\s+)?(?!have\b|be\b)[a-z]+\s+(?:to\s+|as\s+(?:high|much|many)\s+as\s+)?"
    r"(?:(?:more\s+than|over|about|around|nearly|some)\s+)?$"
)
# What would be, after it; not "If approved, the deal values Activision at $68.7 billion".
_MODAL = re.compile(r"\b(?:would|could|might)\b")
_POSSIBLE = re.compile(r"\b(?:may|might|could)\s+(?:be|have|still|soon|yet|eventually)\b", re.IGNORECASE)
# A toll belongs to a name (of two words at least) only where the name did it: "Hurricane Michael
# caused 16 deaths" is not the toll of Hurricane Ian; "Rebels killed 12 people" names no one.
_CAUSED = re.compile(
    r"\b[A-Z][\w'’-]*\s+[A-Z][\w'’-]*\s+(?:has\s+|have\s+|had\s+)?(?:caused|killed|kills|left)\s+(?:[^\s,]+\s+){0,3}$"
)
# "91 assisted living facilities evacuated 3,012 residents": what a number of things did is theirs,
# a part of any total; a count of casualties is not ("Two gunmen killed 12 people" is the toll).
_COUNTED_DOERS = re.compile(
    rf"(?<![\w,.])(?P<doers>(?:\d[\d,]*|(?i:{WORD_NUMBER})|dozens of|hundreds of)"
    r"\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s)\s+(?:have\s+|had\s+)?[a-z]+ed\s+(?:[a-z]+\s+)?$"
)
_COORDINATED_COUNT = re.compile(
    rf"(?<=[a-z])\s+and\s+(?:\d[\d,]*|{WORD_NUMBER})\s+(?:[a-z][\w-]*\s+)??[a-z][\w-]*s\b"
)
_CASUALTIES = frozenset({"deaths", "injuries", "casualties", "people missing"})
# What a name did to others holds none of them: "CrowdStrike had affected nearly 8.5 million devices".
_NOT_HOLDING = re.compile(
    r"\s+(?:with|after|before|since|compared"
    r"|(?:(?:has|have|had|was|were)\s+)?(?:affected|hit|struck|killed|injured|wounded|displaced|destroyed"
    r"|damaged|evacuated|rescued|cancel+ed|grounded|delayed|disrupted|impacted|left|forced))\b"
    r"|\s+[a-z]+s\s+and\s"  # "8% of American Airlines flights and 12% of Delta flights": not 12%'s
)
# Whose share a number is, named after "of": "7% of United Airlines flights".
_OF_A_NAME = re.compile(r"\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3})\s+[a-z]")
_SHOUTED_OPENING = re.compile(r"^\s*[A-Z]{2,}\s+[a-z]")  # a tabloid's first word in capitals
_HOLDER_BEFORE_SAYING = re.compile(rf"\s*(?:{SAYING_VERBS})\b")
# First words of the qualifiers before a number ("More than 8,000"): no holder's name.
_QUALIFYING = frozenset(
    {"more", "over", "about", "around", "nearly", "almost", "some", "up", "at", "approximately", "roughly",
     "less", "fewer", "under", "below", "above", "close", "an", "estimated", "as", "just", "only"}
)  # fmt: skip
# Units of measurement: a number right before one measures in it ("18.5 yards off from the dead
# center" is a distance, not a toll), per hour where the sentence says so ("14,500 miles (23,500
# kilometers) per hour").
_MEASUREMENT = re.compile(
    r"\s?(?P<unit>mph|kph|km/h|miles?|kilomet(?:er|re)s?|km|(?:centi|milli)?met(?:er|re)s?|cm|mm|feet|foot|ft|yards?|inches"
    r"|pounds|lbs?|kilograms?|kg|tonnes|tons|degrees|acres|hectares|lit(?:er|re)s|gallons|barrels)\b"
    r"(?P<rate>(?:\s*\([^)]{0,40}\))?\s+(?:per|an|a)\s+hour\b)?",
    re.IGNORECASE,
)
# A participle or a dimension right after a unit, past a conversion in brackets: "2,100 acres (850
# hectares) burned", "48 meters (157 feet) wide".
_DONE_AFTER_UNIT = re.compile(
    r"(?:\s*\([^)]{0,40}\))?\s+(?P<done>[a-z]+ed|burnt|wide|long|high|tall|deep|thick|across|away)\b"
)
_DIMENSION = re.compile(r"\s+(?:wide|long|high|tall|deep|thick|across|away)$")
_VERBS = frozenset(
    {"represents", "marks", "makes", "means", "comes", "remains", "includes", "values", "puts", "takes",
     "gives", "shows", "brings", "leaves", "is", "was", "are", "were", "will", "would", "being",
     "may", "might", "could", "can", "should", "must", "have", "has", "had"}
)  # fmt: skip
NEAR_WORDS = 4  # words either side of an amount that may say what it counts
_LIST_ITEM_WORDS = 7  # "Twenty-nine deaths were reported in Wajima City"
HOLDER_GAP = 4  # words between a holder's name and its number: "Labour is expected to win 410"
UNNAMED_MEASURE = "count"  # what a number counts where its sentence does not say
TIME_OF_DAY = "time of day"  # "touched down at 6:04 pm": a time, never a count
# What describes a thing rather than counts: an age, a size ("a 72-year-old man", "a 30-foot-wide canal").
_AGE_BEFORE = re.compile(r"\b(?:at\s+)?(?:the\s+)?(?:age\s+of|aged|at\s+age)\s+$", re.IGNORECASE)
# "two-thirds of its 2.3 million people", "60% of the 10,000 residents": the whole a share is of.
_SHARE_OF = re.compile(
    r"\b(?:half|(?:one|two|a)[- ](?:third|quarter|fifth)s?|thirds|quarters|most|much|many"
    r"|\d+(?:\.\d+)?\s?(?:%|percent|per\s+cent))\s+of\s+(?:(?:the|its|their|his|her|our)\s+)?"
    r"(?:(?:about|around|roughly|nearly|some|an\s+estimated|estimated|approximately|almost|over|more\s+than)\s+)?$",
    re.IGNORECASE,
)
# "Floyd, 46, died that day": a number set off after a name is the age of whom it names.
_WHO_AFTER_AGE = re.compile(r",\s+who\b")
_OLDEST = 120  # years: a larger number set off after a name is no age ("Texas, 1,500, …")
_AGE_SET_OFF = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+,\s+$")
_DESCRIPTION = re.compile(r"[-\s][a-z]+[-\s](?:old|wide|long|tall|high|deep)\b", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "of", "in", "on", "at", "by", "for", "to", "from", "with", "as",
     "was", "were", "is", "are", "had", "have", "has", "been", "be", "who", "that", "which", "this",
     "these", "those", "its", "their", "his", "her", "it", "he", "she", "they", "we", "there", "while",
     "whereas", "but", "because", "although", "though", "so", "yet", "if", "when", "where", "following", "after", "before", "since", "during", "than", "more"}
)  # fmt: skip


@dataclass(frozen=True)
class FigureContext:
    measure: str
    subject: str | None
    cause: str | None
    where: str | None
    as_of: str | None
    condition: str | None = None


def _words(text: str) -> list[str]:
    """Folded words, less a possessive's "'s" ("One sheriff's office" has no "sheriffs")."""
    return [fold(_POSSESSIVE.sub("", w)) for w in _WORD.findall(text)]


def _named_at(table: dict[str, tuple[str, ...]], words: list[str], i: int) -> str | None:
    """The canonical name ``words[i]`` (alone or with the next word) has in ``table``."""
    if words[i] in _NAMING_NOTHING:
        return None
    phrases = ([f"{words[i]} {words[i + 1]}"] if i + 1 < len(words) else []) + [words[i]]
    for phrase in phrases:
        for canonical, prefixes in table.items():
            if any(phrase.startswith(prefix) for prefix in prefixes):
                return canonical
    return None


def _first(table: dict[str, tuple[str, ...]], words: list[str]) -> tuple[int, str | None]:
    for i in range(len(words)):
        if (name := _named_at(table, words, i)) is not None:
            return i, name
    return -1, None


def _measure(
    sentence: str, after: list[str], before: list[str], counts: str, part_start: int
) -> tuple[str, int]:
    """The canonical measure, and at which word after the number it is written (-1: not after it)."""
    at, measure = _first(_MEASURES, after)
    if measure == "protesters" and (later := _first(_MEASURES, after[at + 1 :]))[1] in RUNNING_MEASURES:
        at, measure = at + 1 + later[0], later[1]  # "13 protesters were killed": deaths, of protesters
    own = _own_words(after)
    governing = _governing_verb(before)
    if governing is not None and governing != measure:
        return governing, -1  # "killed 12 people and injured 30": 12 were killed
    if measure is None:
        nearest_before = next(
            (name for i in range(len(before) - 1, -1, -1) if (name := _named_at(_MEASURES, before, i))), None
        )
        if nearest_before and _names_things(own):
            # "the death toll is expected to rise … in the more than 5,600 buildings": buildings
            return " ".join(own), -1
        measure = nearest_before or _said_measure(sentence, counts, after, part_start)
    if measure == "casualties" and _DEATH_CONTEXT.search(sentence) and not _INJURY_CONTEXT.search(sentence):
        measure = "deaths"
    if measure and measure.startswith("people ") and at > 0 and own and _first(_SUBJECTS, own)[1] is None:
        return " ".join([*own, after[at]]), -1  # "150 medical facilities were evacuated": no people displaced
    if (
        measure
        and at == 0
        and len(own) > 1
        and _first(_MEASURES, own[-1:])[1] is None
        and _first(_SUBJECTS, own)[1] is None
    ):
        return " ".join(own), -1  # "21 evacuation flights", "300 death row inmates": what the noun counts
    return measure, at


def _governing_verb(before: list[str]) -> str | None:
    """The measure a verb right before the number names, past its qualifiers ("killed at least 12",
    "killing at least 133 and injuring more than 100")."""
    words = list(before)
    while words and words[-1] in _QUALIFYING | {"least", "than", "many", "to"}:
        words.pop()
    if not words or not words[-1].endswith(("ed", "ing")):
        return None
    if words[-1].endswith("ing"):
        words[-1] = words[-1][: -len("ing")] + "ed"  # "killing", "injuring": as "killed", "injured"
    return _named_at(_MEASURES, words, len(words) - 1)


def _said_measure(sentence: str, counts: str, after: list[str], part_start: int) -> str:
    """What the model says a number counts, where the sentence says so too (from ``part_start``
    on); else the sentence's own words after the number ("two people rescued" is "people
    rescued", whatever the model says)."""
    written = set(_words(sentence))
    canonical = _first(_MEASURES, _words(counts))[1]
    after = [w for w in after if w not in MULTIPLIER_WORDS]  # "$10m (£8m)": "m" belongs to a number
    # Own words are nouns: not "it takes", nor "carefully orchestrated".
    own = _own_words(after)
    # Where the number has a noun of its own (and is no item of a list), the model's measure must
    # be written from its part of the sentence on: "4,000 people had been evacuated…, a fraction of the roughly 41,000
    # residents who were at risk" counts no evacuees in 41,000 ("5,000 killed in Turkey, and
    # 1,200 in Syria": 1,200 has no noun of its own, and shares the measure).
    scope = set(_words(sentence[part_start:]))
    if canonical and _names_things(own):
        return " ".join(own)  # "…in the more than 5,600 buildings officials said were destroyed"
    if canonical and any(w.startswith(p) for w in scope for p in _MEASURES[canonical]):
        return canonical
    said = [w for w in _words(counts) if w in written]
    # A measure holds no number ("young students and three adults" is two counts, not one), and
    # the noun a number has of its own is what it counts: in "40 nursing homes relocated 3,508
    # residents", 40 counts no residents.
    if (
        said
        and len(said) == len(_words(counts))
        and not any(parse_value(w) is not None for w in said)
        and (not own or own[0] in said)
    ):
        return " ".join(said)
    return " ".join(own) or UNNAMED_MEASURE


def _what_an_amount_is(sentence: str, mention: NumberMention) -> str | None:
    """The noun an amount of money is written with on either side: "$804 million in restitution",
    "a total loss at $121 million", "restitution of $804 million"; not a verb ("raised $945 million")."""
    if after := _AMOUNT_IN.match(sentence, mention.end):
        nouns = list(itertools.takewhile(_a_noun_word, after.group("nouns").split()))
        if nouns:
            return None if nouns[0] in _NOT_WHAT else " ".join(nouns)  # "$10 million in compensatory damages"
    before = _AMOUNT_OF.search(sentence, max(0, mention.start - 60), mention.start)
    # A plural or a participle before "at" holds or does it ("10 investors at $384 million",
    # "trading at $51.88"), and a day is when: neither is what the amount is.
    if (
        before
        and _a_noun_word(noun := before.group("noun"))
        and not _plural(noun)
        and not noun.endswith("ing")
    ):
        if noun in _NOT_WHAT:
            return None
        # with the words that qualify it: "a negative cash position of $958 million"
        written = _WORD.findall(sentence[: before.start("noun")])[-2:]  # lower case: no name
        qualifiers = itertools.takewhile(lambda w: w.islower() and _a_noun_word(w), reversed(written))
        return " ".join([*reversed(list(qualifiers)), noun])
    estimated = _ESTIMATE_OF.search(sentence, max(0, mention.start - 80), mention.start)
    if estimated and _a_noun_word(noun := estimated.group("noun").split()[0]) and noun not in _NOT_WHAT:
        return estimated.group("noun")
    return None


def _list_item(sentence: str, part: tuple[int, int], mention: NumberMention, after: list[str]) -> bool:
    """Whether the number's part of the sentence holds only it and its noun ("and 28 civilians")."""
    part_start, part_end = part
    rest = _words(sentence[part_start : mention.start] + " " + sentence[mention.end : part_end])
    return set(rest) <= set(after[:3]) | _QUALIFYING | {"and", "or", "the", "least", "than"}


def _own_words(after: list[str]) -> list[str]:
    """The noun a number is written with: two words at most, ending at the first plural ("5,600
    buildings", not "buildings Turkish" of "5,600 buildings Turkish officials said")."""
    own = list(itertools.takewhile(_a_noun_word, after))[:2]
    plural = next((i for i, word in enumerate(own) if _plural(word)), None)
    return own if plural is None else own[: plural + 1]


def _names_things(own: list[str]) -> bool:
    """Whether a number's own words name things, not a group of people nor a measure ("5,600
    buildings", not "44 civilians" nor "230 bodies"): then they, not a measure written elsewhere
    in the sentence, say what it counts."""
    return bool(own) and _first(_SUBJECTS, own)[1] is None and _first(_MEASURES, own)[1] is None


def _a_noun_word(word: str) -> bool:
    """Whether an own word after a number can name what it counts: not a function word, an adverb,
    a participle or a common verb ("$44 billion bid represents", "$5 million award being")."""
    return word not in _FUNCTION_WORDS and word not in _VERBS and not word.endswith(("ly", "ed"))


def _belongs_to_another(sentence: str, mention: NumberMention, counts: str) -> bool:
    """Whether the model's words for what an amount counts are not its own: written right after
    another number ("by 0.75 percentage points from 2.25% to 3%": 2.25% and 3% count no
    percentage points), or not near it ("rates have risen to 3% as the Bank announced the biggest
    hike": 3% is no hike). A number without a unit may leave them unwritten ("Labour won 410 seats,
    with the Conservatives on 144")."""
    first = (_words(counts) or [""])[0]
    if not first or mention.unit is None:
        return False

    def next_word(end: int) -> str:
        return (_words(sentence[end : end + 40]) or [""])[0]

    near = (
        _words(sentence[mention.end : mention.end + 60])[:NEAR_WORDS]
        + _words(sentence[: mention.start])[-NEAR_WORDS:]
    )
    return first not in near or (
        next_word(mention.end) != first
        and any(
            other.start != mention.start and next_word(other.end) == first for other in mentions(sentence)
        )
    )


def _counts_something(measure: str, sentence: str, mention: NumberMention, written: set[str]) -> bool:
    """Whether a measure in the sentence's own words is something counted or measured: an amount
    ("$43 billion proposal", "9.2 percent stake"), a rate ("$54.20 per share"), things in the
    plural ("410 seats", "226,000 outages") or a number joined to its unit ("a 170-seat
    majority"). A number before a singular noun ("One sheriff's office"), an age or a size ("a
    72-year-old man", "a 30-foot-wide canal") count nothing. ``written``: the number's own words."""
    if (
        measure in _MEASURES
        or measure == UNNAMED_MEASURE
        or mention.unit is not None
        or written & MULTIPLIER_WORDS
        or measurement_unit(sentence, mention)
    ):
        return True  # a canonical count, an amount ("45bn tax bonfire"), a measurement ("160 m")
    following = sentence[mention.end :]
    if _DESCRIPTION.match(following):
        return False
    words = measure.split()
    # "150 medical facilities evacuated", "5,000 structures damaged or destroyed": things in the
    # plural, and what was done to them.
    things = list(words)
    while len(things) > 1 and (
        things[-1].endswith("ed") or things[-1] in _JOINING_DONE or _SAYING.fullmatch(things[-1])
    ):
        things.pop()  # and not "one passenger tells KGW": a verb of saying is nothing counted
    return "per" in words or _plural(things[-1]) or re.match(r"-[A-Za-z]", following) is not None


_SAYING = re.compile(rf"(?:{SAYING_VERBS}|tells)")
_JOINING_DONE = frozenset({"or", "and", "being", "been"})  # "damaged or destroyed", "being evacuated"


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _as_of(sentence: str) -> str | None:
    for mention in date_mentions(sentence):
        if lead := _AS_OF.search(sentence[max(0, mention.start - 24) : mention.start]):
            return sentence[mention.start - len(lead.group(0)) : mention.end]
    return None


def _start_of(pattern: re.Pattern[str], sentence: str, end: int) -> int:
    """Where the stretch of ``sentence`` that ends at ``end`` begins, after the last ``pattern``."""
    return max((m.end() for m in pattern.finditer(sentence, 0, end)), default=0)


def _end_of(pattern: re.Pattern[str], sentence: str, start: int) -> int:
    """Where the stretch of ``sentence`` that begins at ``start`` ends, at the next ``pattern``."""
    return next((m.start() for m in pattern.finditer(sentence, start)), len(sentence))


# A title set off after a name is the name's: "Mahomes -- the Super Bowl MVP -- completed …".
_APPOSITIVE_OF = re.compile(
    r"(?P<name>\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*(?:,|-{1,2}|[—–])\s*the\s+$"
)


# A name with others written before a number holds it with them: "The Democratic Party and other
# small opposition parties together have 192 seats" (not the Democratic Party's 175).
_COALITION = re.compile(
    r"(?P<others>\s+(?:and|with|plus|along\s+with)\s+(?:other|its|their|allied|smaller|several)\b[^,;]{0,60}?)"
    r"(?=\s+(?:together|combined|jointly|have|has|hold|holds|had|held|won|win|took|secured|control|controls)\b)"
)
_WHOLE_BEFORE = re.compile(r"\b(?:out\s+of|of\s+the|of\s+all)\s+$", re.IGNORECASE)  # "175 out of 300"


def _holder(sentence: str, part_start: int, start: int, where: list[str]) -> str | None:
    """The name right before ``start`` in its part of the sentence, which begins at ``part_start``
    (at most ``HOLDER_GAP`` words between them), unless it is who says it or a place."""
    name = last_name_before(sentence[part_start:start])
    if name is not None and (coalition := _COALITION.match(sentence, part_start + name.end)):
        return name.text + coalition["others"]  # whose number it is: not the name's alone
    if (
        name is None
        or _WHOLE_BEFORE.search(sentence, part_start, start)  # "175 seats out of 300": the whole's
        or part_start + name.end == start  # "US$10 billion", "NZ$16.3 billion": the currency's letters
        or fold(name.text.split()[0]) in _QUALIFYING
        or _SHOUTED_OPENING.match(sentence[part_start:])  # "INTEREST rates have risen to 3%"
        or len([w for w in _words(sentence[part_start + name.end : start]) if w not in _QUALIFYING])
        > HOLDER_GAP
        or _HOLDER_BEFORE_SAYING.match(sentence, part_start + name.end)
        or _NOT_HOLDING.match(sentence, part_start + name.end)  # "for Bolsonaro with 99.1% of machines"
    ):
        return None
    written = re.sub(r"['’]s?$", "", name.text)
    if appositive := _APPOSITIVE_OF.search(sentence, 0, part_start + name.end - len(name.text)):
        written = appositive["name"]  # "Mahomes -- the Super Bowl MVP -- completed 34 of 46"
    said_by = attribution(sentence) or ""
    if written in said_by or any(written in place or place in written for place in where):
        return None
    return written


# A part that opens with a participle hangs on the clause before it: "Mahomes finished strong,
# completing 34 of 46 passes for 333 yards".
_PARTICIPLE_OPENING = re.compile(r"\s*[a-z]+ing\s")
_CLAUSE_SUBJECT = re.compile(r"\s*(?P<subject>(?:[A-Z][\w'’.-]*\s+){1,4})[a-z]")


def _participle_subject(sentence: str, part_start: int) -> str | None:
    """The name that is the subject of the clause a participle part hangs on, where that clause
    opens with it: "Mahomes finished strong, completing 34 of 46 passes" → "Mahomes"."""
    if not _PARTICIPLE_OPENING.match(sentence, part_start):
        return None
    before = sentence[:part_start].rstrip().rstrip(",")
    opening = _CLAUSE_SUBJECT.match(before, _start_of(_PART_BREAK, before, len(before)))
    name = last_name_before(opening["subject"]) if opening else None
    return name.text if name else None


def _antecedent(sentence: str, part_start: int) -> str | None:
    """The name a relative clause holding the number is said of: "Chandrayaan-2, which had a
    budget of $96.5 million"."""
    if not _RELATIVE_OPENING.match(sentence, part_start):
        return None
    before = sentence[:part_start].rstrip().rstrip(",").rstrip()
    name = last_name_before(before)
    return name.text if name and name.end == len(before) else None


def _whose_unsaid(sentence: str, measure: str) -> bool:
    """Whether an amount that is somebody's ("budget", "cost", "salary") stands in a sentence that
    names several candidates and says of none that it is theirs."""
    if not measure.split() or measure.split()[-1] not in _POSSESSED:
        return False
    names = {word for word in _CAPITALISED.findall(sentence[1:]) if word not in _SENTENCE_WORDS}
    return len(names) >= 2


def _a_whole_of_a_share(sentence: str, mention: NumberMention) -> bool:
    """Whether a number is the whole that a share of it is taken from, so that what befell the
    share did not befall it: "left about two-thirds of its 2.3 million people homeless" counts no
    one left homeless (not "all of the 300 passengers", nor "18 of the 19 children")."""
    return _SHARE_OF.search(sentence, max(0, mention.start - 60), mention.start) is not None


def _an_age(sentence: str, mention: NumberMention) -> bool:
    """Whether a number is somebody's age: "died at the age of 96", "Floyd, 46, died"."""
    if _AGE_BEFORE.search(sentence, max(0, mention.start - 20), mention.start):
        return True
    return (
        mention.unit is None
        and mention.value_max is None
        and mention.value <= _OLDEST
        and sentence.startswith(",", mention.end)
        and (
            _AGE_SET_OFF.search(sentence, max(0, mention.start - 40), mention.start) is not None
            # "a protester, 26, who was taken to hospital": a person described, then their age
            or (
                sentence.endswith(", ", 0, mention.start)
                and _WHO_AFTER_AGE.match(sentence, mention.end) is not None
            )
        )
    )


def count_beside(sentence: str, mention: NumberMention) -> str | None:
    """The measure of ``COUNTS_READ`` written right beside a number: in its next words,
    past a group and a form of "be" ("64 deaths", "27 people were dead", "four were missing"), or as
    the verb it follows, past "at least" and its kind ("killing at least 179 people", "evacuated
    3,012 residents"); None where the words beside it count something else or nothing ("91 assisted
    living facilities evacuated", "on May 25", "died at 96": an age)."""
    after = _words(sentence[mention.end : mention.end + 80])[:5]
    at = 1 if after and _named_at(_SUBJECTS, after, 0) is not None else 0
    while at < len(after) and after[at] in _BEING:
        at += 1
    beside = _named_at(_MEASURES, after, at) if at < len(after) else None
    if beside in COUNTS_READ:
        return beside
    before = _words(sentence[max(0, mention.start - 60) : mention.start])
    for qualifier in _BEFORE_A_COUNT:
        if before[-len(qualifier) :] == qualifier:
            before = before[: -len(qualifier)]
            break
    if (
        not before
        or not before[-1].endswith(("ed", "ing"))
        or (after and _named_at(_SUBJECTS, after, 0) is None)
    ):
        return None
    verb = before[-1][: -len("ing")] + "ed" if before[-1].endswith("ing") else before[-1]
    done = _named_at(_MEASURES, [verb], 0)
    return done if done in COUNTS_READ else None


# Words a measure's prefix starts that count nothing: "the September 14 deadline", "the deadliest".
_NAMING_NOTHING = frozenset(
    {"deadline", "deadlines", "deadlock", "deadlocked", "deadly", "deadlier", "deadliest"}
)
_BEING = frozenset(
    {"were", "was", "are", "is", "have", "has", "had", "been", "being", "reported", "confirmed"}
)
_BEFORE_A_COUNT = [
    ["at", "least"], ["more", "than"], ["up", "to"], ["as", "many", "as"], ["nearly"], ["about"], ["some"],
    ["over"], ["around"], ["almost"], ["roughly"], ["approximately"], ["another"], ["an", "estimated"],
]  # fmt: skip


def measurement_unit(sentence: str, mention: NumberMention) -> str | None:
    """The unit of measurement written right after the number ("miles per hour"), if any."""
    match = _MEASUREMENT.match(sentence, mention.end)
    if match is None:
        return None
    return f"{match['unit']} per hour" if match["rate"] else match["unit"]


def is_a_conversion(sentence: str, mention: NumberMention) -> bool:
    """Whether a number converts another the sentence gives ("530 feet (160 meters)", "6.15bn
    rupees, which works out at around $75 million"): the same quantity again, in other units."""
    return _CONVERSION_BEFORE.search(sentence, max(0, mention.start - 40), mention.start) is not None


def is_a_location(sentence: str, mention: NumberMention) -> bool:
    """Whether a distance only says where a place is ("Bryansk, 210 miles southwest of Moscow",
    "50 km from the border"): a location, not a figure of the story."""
    return _LOCATION.match(sentence, mention.end) is not None


def _measured(sentence: str, mention: NumberMention, unit: str) -> str:
    """A unit and what befell what it measures, or which of its sizes, where a participle or a
    dimension follows it ("2,100 acres (850 hectares) burned", "48 meters wide"); else the unit."""
    match = _MEASUREMENT.match(sentence, mention.end)
    done = _DONE_AFTER_UNIT.match(sentence, match.end()) if match else None
    return f"{unit} {done['done']}" if done else unit


def is_measurement(measure: str) -> bool:
    """Whether a measure is only a unit ("meters", "miles per hour"), or a unit and a dimension
    ("meters wide"): it says in what a number is measured, not what is measured, so two such
    figures may measure different things. So does a time of day: when, not of what."""
    if measure == TIME_OF_DAY:
        return True
    unit = _DIMENSION.sub("", measure)  # "48 meters wide": of what, still unknown
    match = _MEASUREMENT.fullmatch(unit)
    return match is not None and not match.group(0).startswith(" ")


def is_duration(measure: str) -> bool:
    """Whether a measure is a span of time alone ("135 months"): like a unit, it does not say of what."""
    return measure in _DURATIONS


# A clause of time or cause that opens a sentence is the writer's, where the words said come after
# it: "After six members of the group were arrested…, Graham Smith said officers…" is no report of
# Graham Smith's ("As per an investor prospectus the bank needed … $1.8 billion…, Bloomberg
# reported" is Bloomberg's).
_OPENING_CLAUSE = re.compile(
    r"(?:After|Before|When|While|As(?!\s+(?:per|of|a)\b)|Since|Although|Though|Because|Once)\s[^,]+,"
)


def clause_of(sentence: str, mention: NumberMention) -> str:
    """The clause of ``sentence`` that holds the number: who reports it is named there ("At least
    13 people have been reported dead, and President Biden said…" is no report of Biden's)."""
    opening = _OPENING_CLAUSE.match(sentence)
    if opening and mention.end <= opening.end():
        said = spoken_words(sentence)
        if said is not None and said.start >= opening.end():
            return opening.group(0)
    start = _start_of(_NEW_SUBJECT, sentence, mention.start)
    return sentence[start : _end_of(_NEW_SUBJECT_OR_RELATIVE, sentence, mention.end)]


def _hypothetical(sentence: str, start: int) -> re.Match[str] | None:
    """The condition that opens ``sentence`` where the clause after it says what would be, before
    the number at ``start``."""
    opening = _OPENING_CONDITION.match(sentence)
    if opening and opening.end() <= start and _MODAL.search(sentence, opening.end(), start):
        return opening
    return None


def _expected(sentence: str, start: int, end: int, relative: re.Match[str] | None) -> re.Match[str] | None:
    """The words after a number, up to ``end``, that say what its things are expected to do, unless
    a relative clause says it of others ("50 people who were expected to attend were killed")."""
    expected = _EXPECTED.search(sentence, start, end)
    if (
        expected
        and relative
        and relative.start() < expected.start()
        and not _FINITE.search(sentence, relative.end(), expected.start())
    ):
        return None
    return expected


def figure_context(sentence: str, mention: NumberMention, counts: str = "") -> FigureContext:
    """What the number at ``mention`` in ``sentence`` counts, of whom, from what, where and as of when."""
    if clock_time(sentence, mention):
        return FigureContext(TIME_OF_DAY, None, None, None, None)  # "until 6:30 pm": when, not how many
    clause_start = _start_of(_CLAUSE_BREAK, sentence, mention.start)
    part_start = _start_of(_PART_BREAK, sentence, mention.start)
    part_end = _end_of(_PART_BREAK, sentence, mention.end)
    # What a number counts is written in its part of the sentence: "2.75 percent, while Silvana…".
    # "18 students and three adults were killed": the second count shares the first's measure.
    after_text = _COORDINATED_COUNT.sub(
        "", _PART_BREAK.split(sentence[mention.end : mention.end + 80], maxsplit=1)[0], count=1
    )
    after = _words(after_text)[:6]
    # A number with a noun of its own takes no measure from before its part of the sentence
    # ("4,000 people had been evacuated…, a fraction of the roughly 41,000 residents").
    # ("…327 deaths, including 44 civilians": a part shares its total's measure).
    # ("…311 casualties—183 rebels, 100 pro-government forces, and 28 civilians": neither does an
    # item of a list, a part holding only a number and its noun).
    own_noun = (
        bool(after)
        and _a_noun_word(after[0])
        and after[0] not in MULTIPLIER_WORDS
        and not _INCLUDING.match(sentence, part_start)
        and not _list_item(sentence, (part_start, part_end), mention, after)
    )
    before = _words(sentence[part_start if own_noun else clause_start : mention.start])
    # The model's "counts" may repeat the number's own words ("percent" of "34 percent").
    written = set(_words(sentence[mention.start : mention.end]))
    counts = " ".join(w for w in _words(counts) if w not in written)
    if _belongs_to_another(sentence, mention, counts):
        counts = ""
    measure, measure_at = _measure(sentence, after, before, counts, part_start if own_noun else 0)
    if unit := measurement_unit(sentence, mention):
        measure, measure_at = _measured(sentence, mention, unit.casefold()), 0
    elif measure == UNNAMED_MEASURE and mention.unit not in (None, "%"):
        measure = _what_an_amount_is(sentence, mention) or measure
    if measure not in _MEASURES and measure != UNNAMED_MEASURE and mention.unit is None:
        # "24 locations had been flooded": what befell the things counted, where a passive says.
        befell = _PASSIVE.search(sentence, mention.end, min(part_end, mention.end + 100))
        if befell and befell.group("done").casefold() not in measure:
            measure = f"{measure} {befell.group('done').casefold()}"
    if measure_at < 0 and measure not in _MEASURES and "years" in written:
        measure = "years"  # "11 years and 3 months": the duration's own unit
    if (
        not _counts_something(measure, sentence, mention, written)
        or _an_age(sentence, mention)
        or (measure in _MEASURES and _a_whole_of_a_share(sentence, mention))
    ):
        measure, measure_at = UNNAMED_MEASURE, -1  # "died at the age of 96": how old, not how many died
    clause_end = _end_of(_CLAUSE_BREAK, sentence, mention.end)
    if measure == "deaths" and (
        laid := _BURIED_OR_NAMED_AFTER.match(sentence, mention.end)
        or _BURIED_OR_NAMED_BEFORE.search(sentence, max(0, mention.start - 30), mention.start)
    ):
        measure = (
            f"bodies {laid.group('done').casefold()}"  # "1,300 bodies have so far been buried": not the toll
        )
    if measure in RUNNING_MEASURES:
        if (act := _ACT_OF.search(sentence, max(0, mention.start - 40), mention.start)) and (
            _named_at(_MEASURES, [act["act"]], 0) is None
        ):
            measure = UNNAMED_MEASURE  # "the identification of 35 bodies" counts no deaths
        elif since := _SINCE_YEAR.search(sentence, mention.end, clause_end):
            measure = f"{measure} {since.group(0)}"  # "309 people have died since 2000": not this toll
        elif then := _WHEN_IN_A_YEAR.search(sentence, max(0, mention.start - 60), mention.start):
            measure = f"{measure} in {then['year']}"  # "…since 1997, when 228 people died": that year's toll
    # Not "…, and the slowdown in China", nor the place of a part: "eight, including one person
    # killed in Kakamega" is no count of Kakamega's.
    own_words = _DISASTER_AT.sub(
        r"\g<disaster> ", _INCLUDING_PART.sub(" ", sentence[clause_start:clause_end])
    )
    # An item of a list of places is the number's and its place alone ("Of the 72 deaths, 39 were in
    # Wajima, 22 in Suzu, five in Nanao": 39 in Wajima, not in all three).
    part_words = sentence[part_start:part_end]
    item = len(part_words.split()) <= _LIST_ITEM_WORDS and places(
        _DISASTER_AT.sub(r"\g<disaster> ", part_words)
    )
    where = item or places(own_words)
    if not where and (site := _SITE.search(own_words)):
        where = [site.group("site")]  # "25 people … have died at the school": not the whole toll
    subject = _first(_SUBJECTS, after[:measure_at] if measure_at >= 0 else after[:3])[1] or None
    if subject is None and (whose := _OF_A_NAME.match(sentence, mention.end)):
        subject = None if any(whose["name"] in place for place in where) else whose["name"]
    # A crowd's counter is no holder: "the Ministry of the Interior lists 1.28 million demonstrators".
    if subject is None and (measure not in COUNTS_READ or _CAUSED.search(sentence, 0, mention.start)):
        subject = (
            _holder(sentence, part_start, mention.start, where)
            or _antecedent(sentence, part_start)
            or _participle_subject(sentence, part_start)
        )
    if subject is None and measure not in _CASUALTIES:
        doers = _COUNTED_DOERS.search(sentence, part_start, mention.start)
        subject = doers.group("doers") if doers else None
    if subject is None and mention.unit not in (None, "%") and _whose_unsaid(sentence, measure):
        measure = (
            UNNAMED_MEASURE  # "…Interstellar…, cost more than double the mission, with a budget of $165m"
        )
    cause = next((k for k in action_kinds(sentence) if k not in _NOT_CAUSES), None)
    relative = _RELATIVE.search(
        sentence, mention.end, part_end
    )  # "…a plume that could be seen": not the number's
    condition = (
        # "…conceded defeat in a referendum that would have created…": not the number's condition
        _CONDITION.search(sentence, part_start, relative.start() if relative else part_end)
        or _hypothetical(sentence, mention.start)
        or _MIGHT_COME_TO.search(sentence, max(part_start, mention.start - 40), mention.start)
        or _POSSIBLE.search(sentence, mention.end, relative.start() if relative else part_end)
        or (_FORECAST_SPAN.search(sentence, part_start, mention.start) if is_duration(measure) else None)
        or _expected(sentence, mention.end, part_end, relative)
    )
    return FigureContext(
        measure,
        subject,
        cause,
        ", ".join(where) or None,
        _as_of(sentence),
        condition=condition.group(0) if condition else None,
    )
