"""Who a sentence says reported or claimed what it states: "…, according to the SOHR" → "SOHR".

A figure should say who reported it, and an unconfirmed claim who made it. ``attribution`` reads
the name from the sentence itself, as written, from the common ways news text attributes:
"according to X", "X (has) reported/said/claimed…", "…," said X", and "X did…, claiming…".
Hedges without a source ("reportedly", "reports suggest", "is believed to") and pronouns ("they
claimed", "he said") name nobody, so they give None rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.ground.numbers import COUNT_WORDS, only_count_words
from summarizer.ingest.datelines import dateline_end

# Words that never belong to a name, in any case: function words, pronouns, days and months
# (so "On Thursday the SOHR said" names "SOHR", not "On Thursday the SOHR").
# Adverbs that may stand between a speaker and the verb ("Truss further confirmed").
_ADVERBS = (
    "now|then|already|also|later|earlier|further|again|first|previously|recently|repeatedly|still|yet|never|"
    "immediately|quickly|swiftly|promptly|publicly|privately|officially|formally|initially|separately|"
    "jointly|subsequently|briefly|openly|firmly|strongly|flatly|bluntly|quietly|finally|eventually|"
    "ultimately|personally|directly|explicitly|specifically|similarly"
)
_STOP = (
    "a|an|the|and|or|but|nor|of|for|to|in|on|at|by|with|as|from|into|about|after|before|since|"
    "during|while|when|where|that|which|who|whom|whose|also|has|have|had|is|are|was|were|be|been|"
    "not|it|its|he|him|his|she|her|they|them|their|we|us|our|i|you|your|this|these|those|there|one|"
    "can|could|will|would|shall|should|might|must|do|does|did|"
    "meanwhile|however|although|though|because|if|unless|whether|just|today|yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    "march|april|may|june|july|august|september|october|november|december"
)
# Adverbs only in lower case: "First Republic Bank" is a name, "Truss first confirmed" is not; an
# adverb of time in any case ("Earlier Tareq al Kharaz … told Anadolu").
_TIME_ADVERBS = "earlier|later|previously|recently|then|now|yesterday|today"
# A word of two capitals is an abbreviation, not a function word: "The US Geological Survey".
_NOT_STOP = rf"(?!(?![A-Z]{{2}}\b)(?i:{_STOP})\b)(?!(?:{_ADVERBS})\b)(?!(?i:{_TIME_ADVERBS})\b)"
# A title's abbreviation goes on to the name after it: "Rear Adm. John Mauger", "Lt. Gov. Jane Doe".
_TITLE_ABBREVIATION = (
    r"(?:Adm|Gen|Lt|Col|Maj|Capt|Cmdr|Sgt|Rep|Sen|Gov|Dr|Prof|Rev|Supt|Det|Insp)\.(?=\s+[A-Z])"
)
_CAPITAL_WORD = (
    rf"{_NOT_STOP}(?:{_TITLE_ABBREVIATION}|(?:[A-Z]\.){{2,}}|[A-ZÀ-Þ][\w'’&-]*|(?:al|el)-[A-ZÀ-Þ][\w'’-]*)"
)
_ABBREVIATION = r"\([A-Z][\w.&-]*\)"  # "(SOHR)" right after a name belongs to it
_CONNECTORS = r"(?:(?:of|for|the|and|al|bin|ibn|de|van|von)\s+){0,2}"
_CAPITAL_RUN = (
    rf"{_CAPITAL_WORD}(?:\s+{_ABBREVIATION})?(?:\s+{_CONNECTORS}{_CAPITAL_WORD}(?:\s+{_ABBREVIATION})?)*"
)
# "conflicting claims" is no speaker, nor is "cited" of "local officials cited by TASS".
_LOWER_WORD = rf"{_NOT_STOP}(?![a-z'’-]*ing\b)(?![a-z'’-]*ed\s+by\b)[a-z][a-z'’-]*"
# "Egyptian state TV": lower-case words of a name may end on an abbreviation.
_ABBREVIATED = r"(?:\s+[A-Z]{2,5}\b)?"
_NAME = rf"(?P<name>{_CAPITAL_RUN}(?:\s+{_LOWER_WORD}){{0,3}}{_ABBREVIATED}|{_LOWER_WORD}(?:\s+{_LOWER_WORD}){{0,2}}{_ABBREVIATED})"
_DETERMINER = r"(?:(?:[Tt]he|[Aa]n?)\s+)?"
SAYING_VERBS = (
    "said|says|say|reported|reports|report|claimed|claims|claim|stated|announced|confirmed|told|"
    "estimated|estimate|acknowledged|noted|added(?!\\s+(?:to\\b|[\\d$€£]))|warned|explained|insisted|argued|wrote|tweeted|urged|"
    "denied|declared|indicated|revealed|suggested|"
    # A source that gives a number as its own: "police put the number at 20,000", "Vaishnaw
    # maintained the official figure of 238 deaths"; not "maintained control of 30 towns".
    "(?:put|puts|maintained|maintains|gave|gives|placed|places)(?=\\s+(?:the|its|his|her|their)\\s+"
    "(?:own\\s+|official\\s+|latest\\s+)?(?:death\\s+toll|toll|figure|number|count|tally|estimate)\\b)"
)

# A verb in the past, which no name holds: "The two leaders, Biden and Xi, said the talks went well"
# (not "left", "led" or "held": "said the left-wing deputy", "the Saudi-led coalition").
PAST_VERB = (
    r"(?:won|lost|took|made|fell|rose|gave|came|went|saw|found|became|began|ran|brought|kept|thought"
    r"|felt|stood|fought|got)(?=[\s.!?\"”’]|$)"
)
_HOLDS_A_PAST_VERB = re.compile(rf"(?<![\w'’-]){PAST_VERB}")
_NAME_RUN = re.compile(rf"(?<![\w'’-]){_CAPITAL_RUN}")
# Unnamed sources are named by what they know: "persons with knowledge of the situation".
# …or by whom they are close to: "Sources close to Bazoum", "another source close to the deposed leader".
_UNNAMED_SOURCE = (
    r"(?:(?:people|persons|sources|officials|a person|a source|source)\s+(?:familiar with|with knowledge of|close to"
    r"|briefed on|aware of)\s+(?:the\s+)?(?:(?:[a-z]+\s+){0,2}[a-z]+|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
    # …or by where they work: "hospital sources told Reuters", "two government sources said".
    r"|(?:(?:senior|western|local|foreign)\s+)?(?:government|hospital|security|intelligence|diplomatic|military"
    r"|police|party|industry|medical|official|palace|company|court|judicial|defen[cs]e|rescue|humanitarian"
    r"|airport|airline|aviation|banking|legal|western|local)\s+sources?)"
)
_UNNAMED_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<unnamed>(?:(?:one|two|three|four|several|some|many|the|another)\s+(?:of\s+the\s+)?)?"
    rf"{_UNNAMED_SOURCE})\s*$",
    re.IGNORECASE,
)
# "According to the former Chairman of ISRO, K Sivan, …": the name set off after the title.
_ACCORDING_TO_NAME_SET_OFF = re.compile(rf"\b[Aa]ccording to [^,]{{1,60}},\s+(?P<name>{_CAPITAL_RUN}),")
# "According to state epidemiologist Magnus Gisslen": the name after its title.
_ACCORDING_TO_TITLED = re.compile(
    rf"\b[Aa]ccording to\s+{_DETERMINER}(?:{_LOWER_WORD}\s+){{1,3}}(?<!\bof\s)(?<!\bin\s)(?<!\bfrom\s)(?<!\bat\s)"
    rf"(?P<name>{_CAPITAL_RUN})"
)
_ACCORDING_TO = re.compile(rf"\b[Aa]ccording to\s+(?:(?P<unnamed>{_UNNAMED_SOURCE})|{_DETERMINER}{_NAME})")
# "according to Cornell University economist Eswar Prasad": the person, not where they work.
_ACCORDING_TO_WHOSE_TITLED = re.compile(
    rf"\b[Aa]ccording to\s+{_DETERMINER}{_CAPITAL_RUN}\s+(?:{_LOWER_WORD}\s+){{1,2}}(?P<name>{_CAPITAL_RUN})"
)
# "According to video posted by family attorney Ben Crump", "according to a news release from
# Norfolk Southern": who made it known, not the video or the release.
_ACCORDING_TO_MADE_BY = re.compile(
    rf"\b[Aa]ccording to\s+(?:[\w'’-]+\s+){{1,4}}?(?:(?:posted|released|published|shared|obtained|filed|compiled)\s+by|from)\s+"
    rf"{_DETERMINER}(?:(?:{_LOWER_WORD}\s+){{0,3}}(?P<name>{_CAPITAL_RUN}(?:\s+{_LOWER_WORD}){{0,3}}{_ABBREVIATED})"
    # "according to preliminary information from the regional authorities": a body named by its kind.
    rf"|(?P<unnamed>(?:[a-z]+\s+){{0,2}}(?:authorities|officials|police|government|ministry|military|prosecutors)\b))"
)
# '"…," said Argentina goalkeeper Emiliano Martinez and some of his teammates', '"…," said SpaceX
# livestream commentator and engineer John Insprucker': the name right after, with its title.
_TITLE_WORDS = r"(?:\s+(?!(?:in|on|at|to|of|for|from|with|by|about|after|before|during|as)\b)[a-z]+){1,4}"
# Verbs that say how the words before them were said: '"…," fumed spokeswoman Mao Ning'.
QUOTE_VERBS = (
    "fumed|stressed|emphasi[sz]ed|remarked|responded|replied|countered|asserted|lamented|conceded|"
    "admitted|quipped|joked|snapped|retorted|reiterated|recalled"
)
# Not after "told": '"…," he told Blitzer' names who listened.
_SAID_AFTER_QUOTE = re.compile(
    rf"[\"”],?\s+(?!told\b|tells\b)(?P<verb>{SAYING_VERBS}|{QUOTE_VERBS})\s+{_DETERMINER}(?P<name>{_CAPITAL_RUN}(?:{_TITLE_WORDS}\s+{_CAPITAL_RUN})?)"
)
# 'Locals are calling the congestion a "manmade disaster" in which "no one was looking after
# pedestrian safety," reported the AP': the AP reports what the locals call it.
_SUBJECT_CALLING = re.compile(
    rf"^\s*{_DETERMINER}(?P<name>{_CAPITAL_RUN})\s+(?:(?:are|is|were|was|have|has)\s+(?:been\s+)?)?"
    r"(?:calling|calls|call|called|describing|describes|describe|described|dubbing|dubbed|branding|branded)\b"
    r"[^\"“”]*[\"“]"
)
# '"…," he said, according to the Foreign Ministry's Telegram channel': who reports that he said
# it, not who said it (he is named in the sentence before).
_PRONOUN_SAID_ACCORDING_TO = re.compile(
    rf"\b(?:he|she|they)\s+(?:{SAYING_VERBS})\b[^\"“”]{{0,60}}?\baccording to\b"
)
# '"…," Hidetada Fukushima, professor of emergency medicine, Nara Medical University hospital,
# said': the name right after the quotation, set off before its titles.
_QUOTE_THEN_NAME_SET_OFF = re.compile(
    rf"[\"”],?\s+(?P<name>{_CAPITAL_RUN}),[^\"“”]{{1,120}}?,\s+(?:{SAYING_VERBS})\b"
)
# "…, prompting a response from the Chinese Foreign Ministry, which denounced Biden's remarks as an
# "irresponsible political maneuver"": the words quoted are the ministry's.
_DESCRIBED_AS_QUOTED = re.compile(
    rf"(?<![\w'’-])(?P<name>{_CAPITAL_RUN})(?:,[^,\"“”]{{1,60}},|,\s+(?:which|who))?\s+"
    r"(?:described|called|termed|dubbed|branded|denounced|condemned|slammed|decried|dismissed|hailed)"
    r"(?:\s+(?:it|them|this|that|the\s+\w+|(?:[\w'’-]+\s+){0,2}(?:remarks|comments|statement|move|decision|words)))?"
    r"\s+(?:as\s+)?(?:(?:an?|the)\s+)?[\"“]"
)
# Not a verb of saying: "Natives and tourists warned to stay away", "Residents urged to leave": they
# were told.
TOLD_TO_ACT = r"(?:warned|urged|told|asked)\s+to\b"
_VERB = re.compile(
    rf"\b(?:(?:has|have|had)\s+(?:(?:now|also|already|just|since)\s+)?)?(?!{TOLD_TO_ACT})(?:{SAYING_VERBS})\b"
)
# "the three claims she raised", "his reports", "of statements": a determiner, a possessive or a
# count before the word makes it a noun, not a verb of saying.
_BEFORE_A_NOUN = re.compile(
    rf"\b(?:the|a|an|his|her|its|their|our|my|your|these|those|such|any|no|many|several|of|new|"
    rf"{COUNT_WORDS})\s+$"
    r"|['’]s\s+(?:[a-z]+ly\s+)?$"  # "the canal's previously announced plans": an adjective
    rf"|\b(?:{SAYING_VERBS})\s+$",  # "said reports of fires…": what was said of, not a second verb
    re.IGNORECASE,
)
# Verbs of saying that are nouns too: after a possessive and an adjective or two, a noun.
_NOUN_FORM = re.compile(r"(?:reports?|claims?|estimates?|statements?)\b")
_POSSESSED = re.compile(r"['’]s\s+(?:[a-z]+\s+){1,2}$")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-]){_DETERMINER}{_NAME}\s*$")
_NAME_AFTER = re.compile(rf"\s+{_DETERMINER}{_NAME}(?=\s*(?:[.,;:!?\"”]|$))")
_AFTER_QUOTE_OR_COMMA = re.compile(r"(?:,[\"”’]?|[\"”])\s*$")
_ADVERB_BEFORE_VERB = re.compile(rf"\s+(?:{_ADVERBS})\s*$")
_COUNTED = re.compile(r"\d[\d,.]*\s*(?:more than\s+|over\s+)?$")
# "the Moscow-installed mayor of Nova Kakhovka said": the speaker is the mayor, not the town.
_TITLE_OF = re.compile(
    rf"(?<![\w'’-])(?P<title>(?:{_NOT_STOP}[\w'’-]+\s+)?{_NOT_STOP}[a-z][\w'’-]*)\s+of\s+$"
)
# A person named before where they work: "Abigail Werner of the Alabama chapter of…".
_PERSON_OF = re.compile(
    rf"(?<![\w'’-])(?P<name>{_CAPITAL_WORD}\s+{_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD})?)\s+(?:of|from|at)\s+(?:the\s+)?$"
)
# "The Suez Canal Authority and operator Evergreen have confirmed", "Police and fire officials
# said": a subject of two, where the first opens the clause.
_FIRST_CONJUNCT = re.compile(
    rf"(?:^|[,;:]\s*|\bthat\s+)(?:[Tt]he\s+)?(?P<first>(?:{_CAPITAL_RUN}|[a-z]+s)\s+and\s+"
    rf"(?:(?:his|her|their|its|the)\s+)?(?:[a-z]+\s+){{0,2}})$"
)
# …and the items of a list before it: "Saudi Arabia, Iraq and the UAE said".
_ITEMS_BEFORE = re.compile(
    rf"(?:^|[;:]\s*|\bthat\s+)(?P<items>(?:(?:[Tt]he\s+)?{_CAPITAL_RUN},\s+){{1,4}})(?:the\s+)?$"
)
# A person set off before the title that names where they work: "Geoff Blaber, the chief executive of ".
_NAME_THEN_TITLE_OF = re.compile(
    rf"(?<![\w'’-])(?P<name>{_CAPITAL_RUN}),\s+(?:the\s+)?(?:[a-z]+\s+){{1,3}}(?:of|at)\s+$"
)
_REFLEXIVE = re.compile(r"\s+(?:himself|herself|itself|themselves)$")
_DESTINATION = re.compile(r"\s+(?:to|towards?|into)\s+$")
_IN_PLACE = re.compile(
    r"\s+(?:in|at|near|from|inside|outside)\s+$"
)  # "a journalist inside Jenin hospital told"
# A name in a phrase of time between a subject and its verb is no subject.
_ANONYMITY = re.compile(
    r",?\s+(?:(?:who|which)\s+(?:[^,]{0,60}?\s)?|)(?:(?:speaking|spoke|speak|talking)\s+(?:[^,]{0,40}?\s)?"
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity|(?:asked|declined|requested)\s+not\s+to\s+be\s+(?:named|identified)"
    r"|(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\s+[^,]{0,40}?)\s*,?\s*$"
)
_CIRCUMSTANCE_BEFORE = re.compile(r"\s+(?:after|before|while|since|upon|following)\s+(?:[a-z]+\s+){1,3}$")
_AND_BEFORE_VERB = re.compile(r",?\s+and\s+(?:(?:has|have|had)\s+)?$")
# A clause of time or cause whose subject is named right after its conjunction, bar a noun or two
# before the name ("after chipmaker Nvidia forecast"; not "after meeting Zelensky").
_SUBORDINATE_SUBJECT = re.compile(
    rf"\b(?:after|when|as|because|while|before|since)\s+(?:(?![a-z]+ing\b)[a-z]+\s+){{0,2}}(?P<name>{_CAPITAL_RUN})\s+[a-z]"
)
_OPENING_WORDS = 12  # characters: the first name of a sentence is its subject ("Also, Rishi Sunak")
_PARTICIPLE_BY = re.compile(r"\s+[a-z]+ed\s+by\s+$")
_WHOLE_NAME = re.compile(rf"^{_CAPITAL_RUN}$")
_APPOSITIVE = re.compile(r",\s*[^,]+,\s*$")  # "the Syrian Civil Defense, operating in Idlib, reported"
_SUBJECT_THEN_PARTICIPLE = re.compile(
    rf"^\s*{_DETERMINER}(?P<name>{_CAPITAL_RUN})\s+[a-z].*?,\s*(?:claiming|saying|reporting|stating|announcing)\b"
)

# What is written down, not who says it: "according to the constitution", "according to the plan".
_NOT_A_SOURCE = {"constitution", "law", "laws", "rules", "rule", "protocol", "plan", "plans", "schedule", "tradition", "custom", "regulations", "agreement", "terms", "contract", "procedure", "procedures", "guidelines", "policy", "timetable", "bible", "charter"}  # fmt: skip
_GENERIC = {"figures", "figure", "reports", "report", "sources", "source", "data", "estimates", "statement", "statistics", "numbers", "tally", "accounts", "projections", "projection", "forecasts", "forecast", "polls", "poll", "results"}  # fmt: skip
_MAX_WORDS = 8
_MAX_APPOSITIVE_WORDS = 8
# …longer where it opens with a participle or a relative pronoun: "Biden, speaking after former police
# officer Derek Chauvin was found guilty Tuesday of murder in Floyd's death last May, says…".
_MAX_CLAUSE_APPOSITIVE_WORDS = 20
_PERSON_BEFORE = re.compile(
    r"(?:^|[.,;:]\s+)[A-Z][\w'’-]+\s+[A-Z][\w'’-]+$"
)  # a two-word name opening a clause
# The end of a list set off by commas: ", Kazakhstan and Algeria," after ", Gabon".
_LAST_OF_A_LIST = re.compile(r"^,\s*[A-Z][^,]*\s+and\s+[A-Z][^,]*,\s*$")
_ITEM_BEFORE = re.compile(r",\s*(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")
_CLAUSE_OPENING = re.compile(r",\s*(?:[a-z]+(?:ing|ed)|who|which|whose)\b")
_WINDOW = 300  # characters before a verb that can hold its subject


@dataclass(frozen=True)
class WrittenName:
    text: str
    end: int  # where it ends in the text it was read from


def last_name_before(text: str) -> WrittenName | None:
    """The last capitalised name in ``text`` (function words, days and months are no names)."""
    last = next(iter(reversed(list(_NAME_RUN.finditer(text)))), None)
    return WrittenName(last.group(0), last.end()) if last else None


def _named(match: re.Match[str] | None) -> str | None:
    """The name a pattern matched, unless it is too long to be one or only a generic noun."""
    if match is None:
        return None
    if "unnamed" in match.groupdict() and match["unnamed"]:
        return match["unnamed"]
    name = match["name"]
    name = _REFLEXIVE.sub("", name)  # "Prigozhin himself claimed"
    words = [word for word in name.split() if not word.startswith("(")]
    # "Projections say …" opens a sentence with a capital: one generic word is no name either.
    generic = words[-1].casefold() in _GENERIC and (name.islower() or len(words) == 1)
    generic = generic or words[-1].casefold() in _NOT_A_SOURCE
    if len(words) > _MAX_WORDS or generic or only_count_words(name):
        return None
    return name


def _subject_before(before: str) -> str | None:
    """The name that ends ``before``, or the one before a short clause set off by commas, or that
    clause where it is a name and the one before it is a title ("The service's director, Ken Graham,
    said": Ken Graham; "Bret Taylor, Twitter's Board Chair, noted": Bret Taylor). A noun
    after a number is what is counted, not who speaks ("99,000 outages reported"); a clause that
    says why a source goes unnamed is not the source ("Officials who spoke to Reuters on condition
    of anonymity said": Officials)."""
    if anonymous := _ANONYMITY.search(before):
        return _subject_before(before[: anonymous.start()])
    if unnamed := _UNNAMED_BEFORE.search(before):
        return unnamed.group("unnamed")  # "…, two people with knowledge of the matter said"
    if match := _NAME_BEFORE.search(before):
        if _COUNTED.search(before[: match.start("name")]):
            return None
        if _DESTINATION.search(before, 0, match.start()):
            return None  # "authorities in the regions northwards to Moscow said": not Moscow
        if (place := _IN_PLACE.search(before, 0, match.start())) and (
            head := _subject_before(before[: place.start()])
        ):
            return head  # "The administration of the Kherson region in Ukraine reported": not Ukraine
        if (circumstance := _CIRCUMSTANCE_BEFORE.search(before, 0, match.start())) and (
            head := _subject_before(before[: circumstance.start()])
        ):
            return head  # "Pat Cummins after winning the World Cup said": not the World Cup
        if by := _PARTICIPLE_BY.search(before, 0, match.start()):
            # "state senators briefed by law enforcement said": the senators said it.
            return _named(_NAME_BEFORE.search(before, 0, by.start())) or _named(match)
        if (title := _TITLE_OF.search(before, 0, match.start())) and _named(match):
            if person := _PERSON_OF.search(before, 0, title.start("title")):
                return person["name"]  # "Abigail Werner of the Alabama chapter of the Association"
            return before[title.start("title") : match.end("name")]  # "the mayor of Nova Kakhovka"
        named = _named(match)
        subject, start = named, match.start("name")
        if named and (first := _FIRST_CONJUNCT.search(before, 0, start)):
            subject, start = first.group("first") + named, first.start("first")
        if subject and " and " in subject and (items := _ITEMS_BEFORE.search(before, 0, start)):
            subject = items.group("items") + subject
        return subject if subject and len(subject.split()) <= _MAX_WORDS else named
    appositive = _APPOSITIVE.search(before)
    longest = (
        _MAX_CLAUSE_APPOSITIVE_WORDS
        if appositive
        and (
            _CLAUSE_OPENING.match(appositive.group())
            or _PERSON_BEFORE.search(before, 0, appositive.start())  # "Ed Miliband, shadow secretary of…,"
        )
        else _MAX_APPOSITIVE_WORDS
    )
    if appositive and len(appositive.group().split()) <= longest:
        if _LAST_OF_A_LIST.search(appositive.group()) and _ITEM_BEFORE.search(before[: appositive.start()]):
            return None  # "nine members of the coalition, Saudi Arabia, …, Gabon, Kazakhstan and Algeria, announced"
        preceding = _NAME_BEFORE.search(before[: appositive.start()])
        named = _named(preceding)
        set_off = appositive.group().strip(" ,")
        titled = preceding is not None and _TITLE_OF.search(before, 0, preceding.start()) is not None
        # "Geoff Blaber, the chief executive of CCS Insight, a tech consultancy, said": Geoff Blaber.
        if preceding is not None and (holder := _NAME_THEN_TITLE_OF.search(before, 0, preceding.start())):
            return holder["name"]
        if _WHOLE_NAME.match(set_off) and (titled or not (named and _WHOLE_NAME.match(named))):
            # "The service's director, Ken Graham, said", "Leader of the Labour party, Keir Starmer,
            # said", "head of the Danish Energy Agency, Kristoffer Bottzauw, told"; not "Bret
            # Taylor, Twitter's Independent Board Chair, noted".
            return set_off
        return named
    return None


def _speaker(sentence: str, verb: re.Match[str]) -> str | None:
    if (heads := _PLURAL_HEAD_OF_A_NAMED.match(sentence)) and heads.end() <= verb.start():
        return heads["head"]  # "The parents of the shooter, Audrey Hale, spoke to police and said"
    before = sentence[max(0, verb.start() - _WINDOW) : verb.start()]
    if (
        _AFTER_QUOTE_OR_COMMA.search(before)
        and not verb.group(0).endswith(("told", "tells"))  # "…, he told Blitzer": who listened
        and (name := _named(_NAME_AFTER.match(sentence, verb.end())))
        and not _HOLDS_A_PAST_VERB.search(name)
    ):
        return name
    if coordinated := _AND_BEFORE_VERB.search(before):
        # "…surged after chipmaker Nvidia forecast strong growth and said …": the subject of the
        # clause the verb goes on; "Rishi Sunak has accepted defeat, and said …": the sentence's.
        clauses = list(_SUBORDINATE_SUBJECT.finditer(before, 0, coordinated.start()))
        if clauses:
            return clauses[-1]["name"]
        first = _NAME_RUN.search(before, 0, coordinated.start())
        return first.group(0) if first and first.start() < _OPENING_WORDS else None
    return _subject_before(_ADVERB_BEFORE_VERB.sub("", before))  # "Truss further confirmed"


# A sentence's subject of many people, of one named person: the name set off after it is the
# person's ("The parents of the shooter, Audrey Hale, said"), the speakers are the many.
_PLURAL_HEAD_OF_A_NAMED = re.compile(
    r"(?P<head>(?:The|His|Her|Their)\s+(?:[a-z]+\s+)?[a-z]+[^\Ws]s\s+of\s+(?:the\s+|a\s+|an\s+)?[a-z]+(?:\s+[a-z]+)?),"
    r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3},"
)
_TOLD = re.compile(r"\b(?:told|tells|asked|asks)\s+(?:the\s+)?$")


def is_listener(sentence: str, name: str) -> bool:
    """Whether ``name`` stands in ``sentence`` only as who was told or asked ("…," he told Blitzer)."""
    at = [m.start() for m in re.finditer(re.escape(name), sentence)]
    return bool(at) and all(_TOLD.search(sentence, 0, start) for start in at)


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|for|to|from|at|on|into|near|across|including|towards?)\s+(?:the\s+)?$", re.IGNORECASE
)


def only_after_prepositions(sentence: str, name: str) -> bool:
    """Whether ``name`` stands in ``sentence`` only where a preposition puts it (a place, an object:
    "a yellow warning for the South East, including London and Oxford"), never as a subject."""
    at = [m.start() for m in re.finditer(re.escape(name), sentence)]
    return bool(at) and all(_PREPOSITION_BEFORE.search(sentence, 0, start) for start in at)


def relays_a_pronoun(sentence: str) -> bool:
    """Whether ``sentence`` reports what a pronoun said through a source ('"…," he said,
    according to the ministry's channel'): the speaker is named in the sentence before."""
    return _PRONOUN_SAID_ACCORDING_TO.search(sentence) is not None


def is_noun_use(text: str, start: int) -> bool:
    """Whether the verb-like word at ``start`` of ``text`` is a noun ("the three claims she raised",
    "on the back of Nvidia's strong report")."""
    return _BEFORE_A_NOUN.search(text, max(0, start - 20), start) is not None or (
        _NOUN_FORM.match(text, start) is not None
        and _POSSESSED.search(text, max(0, start - 40), start) is not None
    )


def _subject_of_saying(sentence: str) -> str | None:
    """The name a verb of saying of ``sentence`` has for its subject, or right after it."""
    verbs = (verb for verb in _VERB.finditer(sentence) if not is_noun_use(sentence, verb.start()))
    return next((name for verb in verbs if (name := _speaker(sentence, verb))), None)


# What may stand between a verb of saying and the clause it reports: "announced that", "said on
# Wednesday that", "told reporters".
_BEFORE_CLAUSE = re.compile(r"^[\s,]*(?:(?:on|in|at|late|early)\s+\w+\s+|[a-z]+\s+)?(?:that\s*)?$")


def reporting_speaker(sentence: str, clause_start: int) -> str | None:
    """Who says the reported clause of ``sentence`` that begins at ``clause_start``: the subject of
    the verb of saying right before it ("…the day before Messi confirmed his decision…, Apple
    immediately announced it would air a docu-series": Apple, not Messi)."""
    sentence = sentence[:clause_start]
    verbs = [v for v in _VERB.finditer(sentence) if not is_noun_use(sentence, v.start())]
    if not verbs or not _BEFORE_CLAUSE.match(sentence[verbs[-1].end() :]):
        return None
    return _speaker(sentence, verbs[-1])


def speaker(sentence: str) -> str | None:
    """Who ``sentence`` says spoke: the subject of its verb of saying before an "according to"
    ("X said that …, according to CNN": X said it, CNN reported that X did), or who described
    something in the words quoted ("Bloomberg reported an outflow, which Ryne Miller, legal adviser
    to the company, described as "abnormalities…"": Ryne Miller). An outlet that reports the words
    after them does not say them where the sentence names who calls something so ("Locals are
    calling it a "manmade disaster," reported the AP"), nor does a source that reports what a
    pronoun said ("…," he said, according to the ministry's channel": nobody named here)."""
    sentence = sentence[dateline_end(sentence) :]
    after_quote = _SAID_AFTER_QUOTE.search(sentence)
    if (
        after_quote
        and after_quote["verb"].startswith("report")
        and (caller := _SUBJECT_CALLING.match(sentence))
    ):
        return _named(caller)
    named = (
        _named(after_quote)
        or _named(_QUOTE_THEN_NAME_SET_OFF.search(sentence))
        or _named(_DESCRIBED_AS_QUOTED.search(sentence))
        or _subject_of_saying(sentence)
    )
    if named or relays_a_pronoun(sentence):
        return named
    return (
        _named(_ACCORDING_TO_MADE_BY.search(sentence))
        or _named(_ACCORDING_TO_NAME_SET_OFF.search(sentence))
        or _named(_ACCORDING_TO_TITLED.search(sentence))
        or _named(_ACCORDING_TO_WHOSE_TITLED.search(sentence))
        or _named(_ACCORDING_TO.search(sentence))
        or _named(_SUBJECT_THEN_PARTICIPLE.search(sentence))
    )


def attribution(sentence: str) -> str | None:
    """The name, as written in ``sentence``, of who it says reported or claimed what it states."""
    sentence = sentence[dateline_end(sentence) :]  # "OAKLAND, California - …" names where, not who
    return (
        _named(_ACCORDING_TO_MADE_BY.search(sentence))
        or _named(_ACCORDING_TO_NAME_SET_OFF.search(sentence))
        or _named(_ACCORDING_TO_TITLED.search(sentence))
        or _named(_ACCORDING_TO_WHOSE_TITLED.search(sentence))
        or _named(_ACCORDING_TO.search(sentence))
        or _named(_SAID_AFTER_QUOTE.search(sentence))
        or _named(_QUOTE_THEN_NAME_SET_OFF.search(sentence))
        or _subject_of_saying(sentence)
        or _named(_SUBJECT_THEN_PARTICIPLE.search(sentence))
    )
