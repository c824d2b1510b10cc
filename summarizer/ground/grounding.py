"""Grounding: turn the model's sentence numbers into verified citations, and check key fields.

A citation is built only from a sentence the article really has, so ``quote`` is by construction
``article.text[start:end]``. Then each record's key field must be in its cited text, or the
record is dropped (and kept, with the reason, in ``ArticleExtraction.dropped``):

- a figure's number must be written in the cited sentence; value, range, unit and qualifier
  ("at least", "over") are read from the sentence, and so is what it counts (``ground/figure_context.py``). A
  small model often cites a sentence near the right one: when the number is not in the cited
  sentence and exactly one other sentence of the article writes it and names what the model says
  it counts, the figure cites that sentence instead, and the move is kept in
  ``ArticleExtraction.recited`` (a number written in two such sentences is dropped: which one
  the model meant cannot be told);
- a statement is shown in the article's words (``ground/speech.py``: a direct quote or the clause
  a verb of saying reports), so a cited sentence with neither states no statement; its speaker is
  who the sentence says said it where it names one (``ground/attribution.py``), else the model's,
  which must be named in the cited sentence or the one before it;
- an event is its cited sentence, in the article's words; its actors and time are kept only
  where the sentence names them, and a sentence that names exactly one day gives the event its
  time when the model gave none.

An item without the fields and types of its record kind (``drafts.item_types``) is dropped with
the reason, before any of this: drafts come validated from the model, but also from the cache and
batch results, and grounding must not fail on whatever those hold.

Records whose cited text hedges ("is believed to", "unconfirmed", "claimed") are marked
unconfirmed, with the hedging words; who the sentence says reported or claimed it is kept as
``attribution``. A statement is a claim by its speaker, so only the other hedges ("reportedly
said", "is said to have told") make it unconfirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from summarizer.errors import validation_message
from summarizer.extract.responses import RecordKind, item_types
from summarizer.ground.attribution import (
    attribution,
    is_listener,
    only_after_prepositions,
    relays_a_pronoun,
    reporting_speaker,
)
from summarizer.ground.attribution import speaker as speaker_of
from summarizer.ground.dates import event_day, past_day_named
from summarizer.ground.figure_context import (
    COUNTS_READ,
    clause_of,
    figure_context,
    is_a_conversion,
    is_a_location,
)
from summarizer.ground.names import (
    PERSON_TITLES,
    TITLE_QUALIFIERS,
    actor_name,
    fold,
    titled_name,
    whole_name,
)
from summarizer.ground.numbers import NumberMention, clock_time, in_a_name, in_a_score, locate
from summarizer.ground.speech import names_a_speaking, spoken_words
from summarizer.ground.written_figures import written_figures
from summarizer.models.article import Article, Sentence
from summarizer.models.records import (
    Actor,
    ArticleExtraction,
    Citation,
    Dropped,
    Event,
    Figure,
    Recited,
    Statement,
    Status,
)

_HEDGES = re.compile(
    r"\b(?:(?:is|are|was|were) (?:believed|thought|said|reported|understood) to|believed to have|"
    r"(?:is|are|was|were) feared (?:dead|killed|missing|to)|"
    # "New Zealand officials believe three people have been killed"; not "believe in", nor the
    # belief a speaker warns against ("should not lead people to believe the pandemic is over")
    r"(?<!\bpeople to )(?<!\bpublic to )(?<!\banyone to )(?<!\bthem to )(?<!\bus to )believes?(?!\s+in\b)|"
    r"unconfirmed|unverified|rumou?r(?:s|ed)?|reportedly|allegedly|"
    # "these numbers are not yet confirmed", "could not be independently verified"
    r"(?:not|cannot|unable\s+to)\s+(?:yet\s+)?(?:be\s+|been\s+)?(?:independently\s+)?(?:confirm|verif)\w*|"
    # "an alleged attack" hedges; "the alleged shooter", a suspect not yet convicted, does not.
    r"alleged(?!\s+(?:shooter|gunman|gunmen|attacker|attackers|killer|perpetrator|suspect|bomber|murderer)\b)|"
    # "the fire claimed the lives of 99" ("…at least 27 lives") hedges nothing, nor does "the attack … was claimed by IS"
    # the toll: a claim of responsibility says who did it ("IS claimed responsibility" hedges that).
    r"claim(?:s|ed)?(?!\s+(?:(?:the\s+|(?:at least|more than|over|nearly|about|some)\s+)?(?:[\d,]+\s+|\w+\s+)?li(?:ves|fe)|by)\b)"
    # …nor does winning a prize: "to claim his first world championship" ("claimed victory" may
    # be a candidate's word against the count's, and still hedges)
    r"(?!\s+(?:(?:his|her|their|its|the|a|an)\s+)?(?:[\w-]+\s+){0,3}?(?:title|championship|crown|gold|medal"
    r"|trophy|prize|pole|record)\b)"
    # …nor a claim on a place or a throne, which is a noun: "a symbol of Moscow's claims on Crimea".
    r"(?!\s+(?:on|over|to)\s+(?:the\s+)?(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)(?-i:[A-Z]))|"
    r"purportedly|speculation (?:that|about)|speculated|(?:could|may|might) have been|reports suggest(?:ed)?)\b",
    re.IGNORECASE,
)
# "…confirmed what had been rumoured", "confirmed the rumours": confirmed, not hedged ("has not
# confirmed the rumours" still hedges).
_CONFIRMED_BEFORE = re.compile(
    r"(?<!\bnot\s)(?<!\bnever\s)(?<!n['’]t\s)\bconfirm(?:ed|s)?\s+(?:what\s+(?:had\s+been|has\s+been|was|were)\s+|the\s+)?$",
    re.IGNORECASE,
)
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*")
_TITLES = "|".join(PERSON_TITLES)
_TITLE_WORDS = frozenset([*PERSON_TITLES, *TITLE_QUALIFIERS])
_QUOTE_MARKS = re.compile(r"[\"“”«»]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMERALS = re.compile(r"\d+")
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "over",
        "after",
        "before",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "said",
        "says",
        "will",
        "would",
        "could",
        "may",
        "might",
        "also",
        "than",
        "then",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "about",
        "against",
        "between",
        "during",
    ]
)


def _words(text: str, shortest: int = 3) -> list[str]:
    return [w for w in (fold(m) for m in _WORD.findall(text)) if w not in _STOPWORDS and len(w) >= shortest]


def _name_words(name: str) -> list[str]:
    """The words that identify a name; two-letter ones only as abbreviations ("UN", "EU")."""
    return _words(name) + [fold(w) for w in _WORD.findall(name) if len(w) == 2 and w.isupper()]


def _same_person(a: str, b: str) -> bool:
    """Whether two names share a word, and one that is no title where both have such words ("Vice
    President Kamala Harris" is not "President Biden"; "The governor" is "governor Smith")."""
    words_a, words_b = set(_name_words(a)), set(_name_words(b))
    named_a, named_b = words_a - _TITLE_WORDS, words_b - _TITLE_WORDS
    return bool(named_a & named_b) if named_a and named_b else bool(words_a & words_b)


def _names_in(name: str, text: str) -> bool:
    """Whether a significant word of ``name`` is written in ``text``; every one, where ``name`` is
    a description in lower case ("residents living within a mile of the site" is not named by
    "up to a mile")."""
    present = set(_words(text, shortest=2))
    words = _name_words(name)
    if name.islower():
        return bool(words) and all(word in present for word in words)
    return any(word in present for word in words)


def _shares_a_word(description: str, text: str) -> bool:
    """Whether ``description`` shares a word (by its first five letters) with ``text``."""
    stems = {w[:5] for w in _words(text) if len(w) >= 4}
    return any(w[:5] in stems for w in _words(description) if len(w) >= 4)


def _all_named_in(phrase: str, text: str) -> bool:
    """Whether every significant word and every number of ``phrase`` is written in ``text``."""
    present = set(_words(text)) | set(_NUMERALS.findall(text))
    words = _words(phrase) + _NUMERALS.findall(phrase)
    return bool(words) and all(w in present for w in words)


def as_written(name: str, text: str) -> str:
    """``name`` as ``text`` writes it: itself where written, else the longest run of capitalised
    words of ``text`` that ends in its last word ("Amber Heard" in "…, Heard said" is "Heard"),
    else in another of its words, the last first (the model's "Lula Inácio Lula da Silva" in
    "As Lula voted, he had said" is "Lula"); with a title written right after it ("the Labour
    leader promised" is the leader's, not the party's)."""
    written = name if fold(name) in fold(text) else _written_run(name, text)
    titled = re.search(rf"\b{re.escape(written)}\s+(?:{_TITLES})\b", text, re.IGNORECASE)
    if titled:
        return titled.group(0)
    # A name the model cut short goes on to its end: "…appointed by the House" of Representatives.
    going_on = re.search(
        rf"\b{re.escape(written)}(\s+(?:of|for)(?:\s+the)?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", text
    )
    return written + going_on.group(1) if going_on and written.split()[-1][:1].isupper() else written


def _written_run(name: str, text: str) -> str:
    runs = [_without_leading_stopwords(m.group(0)) for m in _CAPITALISED_RUN.finditer(text)]
    for word in reversed(_name_words(name)):
        ending = [run for run in runs if fold(run.split()[-1]) == word]
        if ending:
            return max(ending, key=len)
    return name


def _without_leading_stopwords(run: str) -> str:
    """ "As Lula" → "Lula": a capitalised function word opens a sentence, not a name."""
    words = run.split()
    while len(words) > 1 and fold(words[0]) in _STOPWORDS:
        words.pop(0)
    return " ".join(words)


def citation(article: Article, sentence: Sentence) -> Citation:
    return Citation(
        article_id=article.id,
        path=article.path,
        start=sentence.start,
        end=sentence.end,
        quote=article.span_text(sentence),
        sentence_id=sentence.id,
    )


# A name and its verb: who a sentence says did something ("Zelenskiy issued a video message").
_SUBJECTS = re.compile(
    r"(?<![\w'’-])(?!(?:He|She|They|It|We|I|You|This|That|These|Those|There)\b)"  # "She said:" names nobody
    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s+(?:[a-z]+ed|issued|said|told|made|gave|took|wrote|spoke"
    r"|met|went|came|held|left|sent|says|tells|adds)\b"
)
_TITLE_AFTER = re.compile(
    r"['’]?s?\s+(?:co-?founder|founder|president|chief|ceo|chairman|chairwoman|chair|spokes\w+|executive"
    r"|head|director|minister|secretary|official|leader|board|administrator)\b",
    re.IGNORECASE,
)
_ANOTHER_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s")
# "an alleged affair" late in a sentence hedges the affair, not what the sentence states; "An
# alleged attack on the convoy killed four" hedges its subject, and so the sentence.
_ATTRIBUTIVE = re.compile(r"(?:\b(?:an?|the|this|that|his|her|their|its)|\w['’]s)\s+$", re.IGNORECASE)
_SUBJECT_WORDS = 6
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\b[^,]*(?:,|[.!?]?$)")
# "…was indicted on July 14, 2022, more than a year after he called 911 and claimed to have
# discovered the bodies": a clause of time the sentence ends with tells of another moment.
_TRAILING_TIME_CLAUSE = re.compile(
    r",\s+(?:(?:more|less)\s+than\s+|about\s+|nearly\s+|just\s+)?(?:(?:(?:an?|one|two|three|four|five|six|several|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?)\s+)?(?:after|before|since|when)\s+(?:[^,;]|,(?=\d))*$",
    re.IGNORECASE,
)


# "At least 59 people have died and dozens are feared missing": after "and", a clause with a
# subject of its own (a count, a plural) and its verb; not "…and later was released", nor "…and
# these numbers are not yet confirmed", whose subject is the first clause's.
_AND_ANOTHER_SUBJECT = re.compile(
    r"\s+and\s+(?=(?!(?:later|then|also|still|now|again|soon|[a-z]+ly|these|those|this|that|it|they|such)\b)"
    r"(?:[\w'’-]+\s+){1,3}"
    r"(?:are|were|is|was|have|has|had|remain|remained)\b)"
)


def claim_words(text: str, at: int | None = None) -> str:
    """The words of ``text`` whose hedge is its claim's: its first clause, and the later clause
    that holds position ``at``, where one after "and" with a subject of its own holds it. "At least
    59 people have died and dozens are feared missing" states the 59 deaths; it fears for the
    dozens."""
    cuts = [0, *(m.start() for m in _AND_ANOTHER_SUBJECT.finditer(text)), len(text)]
    first = text[: cuts[1]]
    if at is None or at < cuts[1]:
        return first
    own = max(k for k in range(len(cuts) - 1) if cuts[k] <= at)
    return first + text[cuts[own] : cuts[own + 1]]


def _relative_clause_holding(text: str, at: int) -> str | None:
    """The words of the relative clause of ``text`` that holds position ``at``, less its opening
    comma, where one does: its hedge is the number's ("…, which claimed the strikes killed 300")."""
    return next(
        (m.group(0).lstrip(", ") for m in _RELATIVE_CLAUSE.finditer(text) if m.start() <= at < m.end()),
        None,
    )


def hedge(texts: Iterable[str]) -> tuple[Status, str | None]:
    """``("unconfirmed", words)`` where any text hedges its claim, else ``("reported", None)``."""
    for text in texts:
        # "Bolsonaro, who has made unsubstantiated claims that …, remained silent": what a
        # relative clause says of someone hedges nothing the sentence states.
        plain = _TRAILING_TIME_CLAUSE.sub("", _RELATIVE_CLAUSE.sub(",", text))
        for match in _HEDGES.finditer(plain):
            if _CONFIRMED_BEFORE.search(plain, 0, match.start()):
                continue
            if not _ATTRIBUTIVE.search(plain, max(0, match.start() - 8), match.start()) or (
                len(plain[: match.start()].split()) <= _SUBJECT_WORDS
            ):
                return "unconfirmed", match.group(0)
    return "reported", None


class _Grounder:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.dropped: list[Dropped] = []
        self.recited: list[Recited] = []

    def drop(self, kind: str, reason: str, item: Mapping[str, Any]) -> None:
        self.dropped.append(Dropped(kind=kind, reason=reason, record=dict(item)))

    def items(self, kind: RecordKind, drafts: Mapping[RecordKind, Any]) -> list[Mapping[str, Any]]:
        """The items of ``kind`` that have its fields and types; the others are dropped."""
        listed = drafts.get(kind, [])
        if not isinstance(listed, list):
            self.drop(kind[:-1], f"not a list of {kind}", {kind: listed})
            return []
        valid: list[Mapping[str, Any]] = []
        for item in listed:
            if not isinstance(item, dict):
                self.drop(kind[:-1], f"not a valid {kind[:-1]} record (not an object)", {"record": item})
                continue
            try:
                item_types(kind).model_validate(item)
            except ValidationError as invalid:
                self.drop(kind[:-1], f"not a valid {kind[:-1]} record ({validation_message(invalid)})", item)
            else:
                valid.append(item)
        return valid

    def sentence(self, kind: str, item: Mapping[str, Any]) -> Sentence | None:
        found = self.article.sentence(item["sentence"])
        if found is None:
            self.drop(kind, f"cites [S{item['sentence']}], which the article does not have", item)
        return found

    def event(self, item: Mapping[str, Any]) -> Event | None:
        sentence = self.sentence("event", item)
        if sentence is None:
            return None
        text = self.article.span_text(sentence)
        status, hedge_words = hedge([claim_words(text)])
        when = event_day(
            text, item.get("when") if item.get("when") and _all_named_in(item["when"], text) else None
        )
        return Event(
            description=text,
            actors=[
                name
                for given in item.get("who") or []
                # Who was told ("…, told Sky News the debris is from Titan") did nothing.
                if (name := actor_name(given)) and _names_in(name, text) and not is_listener(text, name)
            ],
            when=when,
            citations=[citation(self.article, sentence)],
            status=status,
            hedge=hedge_words,
            attribution=attribution(text),
        )

    def _only_mention(
        self, cited: Sentence, item: Mapping[str, Any]
    ) -> tuple[Sentence, NumberMention] | None:
        """The one other sentence of the article that writes the number and names what it counts."""
        counted = f"{item.get('counts') or ''} {item.get('of_whom') or ''}"
        found = []
        for sentence in self.article.sentences:
            text = self.article.span_text(sentence)
            mention = None if sentence.id == cited.id else locate(text, str(item["number"]))
            if mention and not mention.looks_like_year(text) and _shares_a_word(counted, text):
                found.append((sentence, mention))
        return found[0] if len(found) == 1 else None

    def figure(self, item: Mapping[str, Any]) -> Figure | None:
        sentence = self.sentence("figure", item)
        if sentence is None:
            return None
        text = self.article.span_text(sentence)
        mention = locate(text, str(item["number"]))
        if mention is None:
            nearby = self._only_mention(sentence, item)
            if nearby is None:
                self.drop(
                    "figure", f"the number {item['number']!r} is not written in the cited sentence", item
                )
                return None
            self.recited.append(
                Recited(kind="figure", cited=sentence.id, found=nearby[0].id, record=dict(item))
            )
            sentence, mention = nearby
            text = self.article.span_text(sentence)
        if mention.looks_like_year(text):
            self.drop("figure", f"{item['number']!r} is a year, not a figure", item)
            return None
        if in_a_name(text, mention, self.article.text):
            self.drop("figure", f"{item['number']!r} is part of a name, not a figure", item)
            return None
        mention = clock_time(text, mention) or mention  # "6:30 pm" whole, not its 6 nor its 30
        if in_a_score(text, mention):
            self.drop("figure", f"{item['number']!r} is one side of a score or a vote, not a count", item)
            return None
        if is_a_conversion(text, mention):
            self.drop("figure", "its number converts another of its sentence into other units", item)
            return None
        if is_a_location(text, mention):
            self.drop("figure", "its distance says where a place is, not a figure of the story", item)
            return None
        if _RESPECTIVELY.search(text):
            # "…had canceled Thursday 3%, 4% and 1% of flights, respectively": whose each one is,
            # another sentence says.
            self.drop("figure", "its sentence pairs its numbers with things it does not name", item)
            return None
        context = figure_context(text, mention, str(item.get("counts") or ""))
        if context.measure in COUNTS_READ and (
            past := past_day_named(text, self.article.published, _PAST_EVENT_DAYS, mention.start)
        ):
            # "On May 24 a mass shooter … killed 19" in an article of March: another event's toll.
            self.drop("figure", f"it counts what happened on or in {past}, long before the article", item)
            return None
        status, hedge_words = hedge([claim_words(text, mention.start)])
        if status == "reported" and (relative := _relative_clause_holding(text, mention.start)):
            status, hedge_words = hedge([relative])  # "…, which claimed the strikes killed 300 rebels"
        said_by = attribution(clause_of(text, mention)) or _quoted_by(text, mention)
        cited = [sentence]
        if said_by is None and (quoted_by := self._speaker_before_a_quote(sentence, text)):
            said_by, previous = quoted_by
            cited.append(previous)  # after the number's sentence: the figure's words are its
        return Figure(
            measure=context.measure,
            subject=context.subject,
            value=mention.value,
            value_max=mention.value_max,
            value_text=text[mention.start : mention.end],
            unit=mention.unit,
            qualifier=mention.qualifier,
            cause=context.cause,
            where=context.where,
            as_of=context.as_of,
            condition=context.condition,
            citations=[citation(self.article, s) for s in cited],
            status=status,
            hedge=hedge_words,
            attribution=said_by,
        )

    def _speaker_before_a_quote(self, sentence: Sentence, text: str) -> tuple[str, Sentence] | None:
        """Who the sentence before says spoke, and that sentence, where ``text`` is nothing but a
        quotation that goes on from it ("“I don't think … is chaos,” Gaetz said." / "“I think $33
        trillion in debt is chaos.”")."""
        spoken = spoken_words(text)
        if (
            spoken is None
            or not spoken.quoted
            or _LOWER_WORD.search(text[: spoken.start] + text[spoken.end :])
        ):
            return None
        previous = self.article.sentence(sentence.id - 1)
        before = self.article.span_text(previous) if previous else ""
        quote = spoken_words(before)
        if previous is None or quote is None or not quote.quoted:
            return None
        said_by = speaker_of(before)
        return (
            (said_by, previous)
            if said_by and names_a_speaking(before[: quote.start] + before[quote.end :])
            else None
        )

    def statement(self, item: Mapping[str, Any]) -> Statement | None:
        sentence = self.sentence("statement", item)
        if sentence is None:
            return None
        text = self.article.span_text(sentence)
        spoken = spoken_words(text)
        if spoken is None:
            self.drop("statement", "the cited sentence quotes nobody and has no verb of saying", item)
            return None
        speaker = str(item["speaker"]).strip()
        said_by = (None if spoken.quoted else reporting_speaker(text, spoken.start)) or speaker_of(text)
        if said_by and (
            not _same_person(speaker, said_by)
            or fold(speaker) not in fold(text)
            or fold(speaker) in fold(said_by)  # "Microsoft" of "Microsoft CEO Satya Nadella"
        ):
            speaker = said_by  # the sentence names who said it: that one, not the model's guess
        if said_by is None and _only_before_a_title(speaker, text):
            # "OpenAI co-founder and president Greg Brockman has quit the firm, he said": OpenAI is
            # whose president he is.
            self.drop("statement", f"{speaker!r} is named only as whose title another holds", item)
            return None
        # Who said it is named around the words said, not inside them ("giving Mr Starmer a win").
        around = f"{text[: spoken.start]} {text[spoken.end :]}"
        cited = [sentence]
        # "…," it warned, issuing a warning for the South East, including London': not London's.
        # '"…," he said, according to the ministry's channel': the channel relays; he is named before.
        relayed = said_by is None and relays_a_pronoun(around)
        in_passing = _PRONOUN_SAID.search(around) is not None and only_after_prepositions(around, speaker)
        if not _names_in(speaker, around) or (said_by is None and in_passing) or relayed:
            previous = self.article.sentence(sentence.id - 1)
            before = self.article.span_text(previous) if previous else ""
            said_before = speaker_of(before)
            if (
                previous is None
                or not _names_in(speaker, before)
                or is_listener(before, speaker)
                or (said_before is None and only_after_prepositions(before, as_written(speaker, before)))
                or any(not _names_in(actor, speaker) for actor in _SUBJECTS.findall(around))
                or (_OWN_SOURCE.search(around) and not relayed)
            ):
                # "“It's a tragedy,” he told Blitzer." / "“We never expected this…”": not Blitzer's;
                # "…, it warned, issuing a warning for the South East, including London": not London's.
                # "…, Zelenskiy issued a video message accusing Putin of … “thinking how to …”": the
                # sentence's own subject, not the officials of the sentence before. "…, according to
                # tracking site FlightRadar24": its own source, named or not.
                self.drop("statement", f"the speaker {speaker!r} is not named in the cited sentence", item)
                return None
            # Words said after an attribution are the words of who it says spoke ("Yellen said
            # during a House Ways and Means Committee hearing …" / "“…,” she remarked.").
            # "…, they said" after "Yamagami has denied…, according to the police": the police.
            plural = _THEY_SAID.search(around) is not None
            if said_before and _HE_OR_SHE_SAID.search(around) and _PLURAL_SPEAKER.search(said_before):
                # "…, U.N. health agency's officials said…" then "“…,” he said": not the officials'.
                self.drop("statement", f"the speaker {speaker!r} is not named in the cited sentence", item)
                return None
            speaker = (attribution(before) if plural else None) or said_before or speaker
            cited.insert(0, previous)
        if spoken.quoted and not names_a_speaking(
            " ".join([*(self.article.span_text(s) for s in cited[:-1]), around])
        ):
            self.drop("statement", "the sentence does not say that anybody said the quoted words", item)
            return None
        # A name read from the sentence is as written ("Abigail Werner" of "… of the chapter").
        if speaker != said_by:
            speaker = as_written(speaker, " ".join(self.article.span_text(s) for s in cited))
        if naming := self._whole_name(speaker, cited[0]):
            speaker, named_in = naming  # "Mr. Kim said" after "…, Kim Min-ki, condemned…": cited too
            cited.insert(0, named_in)
        # Hedged are the words said and their attribution, not a clause of another's after them
        # ("…, the administration said, and the Red Cross said 10,000 were feared to be missing").
        # A speaker's own hedge inside a quotation ("it is unlikely that these topics could have
        # been discussed") is what they said, not the outlet's doubt that they said it.
        after = _ANOTHER_CLAUSE.split(text[spoken.end :], maxsplit=1)[0]
        status, hedge_words = hedge([text[: spoken.start if spoken.quoted else spoken.end] + after])
        if hedge_words and hedge_words.casefold().startswith("claim"):
            status, hedge_words = "reported", None  # what a speaker claims is their statement
        return Statement(
            speaker=speaker,
            content=text[spoken.start : spoken.end],
            quoted=spoken.quoted,
            citations=[citation(self.article, s) for s in cited],
            status=status,
            hedge=hedge_words,
        )

    def _whole_name(self, speaker: str, first_cited: Sentence) -> tuple[str, Sentence] | None:
        """The whole name the article gave before ``first_cited`` to a speaker it names by one
        word or by a title (``ground/names.whole_name``, ``titled_name``), with the first sentence
        that gives it."""
        earlier = [s for s in self.article.sentences if s.id < first_cited.id]
        texts = [self.article.span_text(s) for s in earlier]
        whole = whole_name(speaker, texts) or titled_name(speaker, texts)
        if whole is None:
            return None
        named_in = next(s for s, text in zip(earlier, texts, strict=True) if fold(whole) in fold(text))
        return whole, named_in


def _quoted_by(text: str, mention: NumberMention) -> str | None:
    """Who the sentence says spoke the quotation that holds the number: "“Three months ago, we
    started building a … steel plate …,” Musk said"."""
    spoken = spoken_words(text)
    if spoken is None or not spoken.quoted or not spoken.start <= mention.start < spoken.end:
        return None
    return speaker_of(text)


_PAST_EVENT_DAYS = 60  # a count on a day longer ago than this before its article is another event's
_OWN_SOURCE = re.compile(r"\baccording to\b", re.IGNORECASE)
_PRONOUN_SAID = re.compile(
    r"\b(?:he|she|it|they)\s+(?:said|says|warned|added|told|wrote|tweeted)\b", re.IGNORECASE
)
_THEY_SAID = re.compile(r"\bthey\s+(?:said|say|told|added|reported)\b")
_HE_OR_SHE_SAID = re.compile(r"\b(?:he|she)\s+(?:said|says|told|added|warned|wrote)\b")
_PLURAL_SPEAKER = re.compile(r"\b(?:[a-z]+s|police|people)$")  # "officials", "authorities": no "he"
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")  # words of the writer's around a quotation


def _only_before_a_title(name: str, text: str) -> bool:
    """Whether ``name`` stands in ``text`` only right before a title ("OpenAI co-founder …")."""
    found = [m.end() for m in re.finditer(re.escape(name), text)]
    return bool(found) and all(_TITLE_AFTER.match(text, end) for end in found)


def _actors(events: list[Event], statements: list[Statement]) -> list[Actor]:
    actors: dict[str, Actor] = {}
    named = [(name, e.citations) for e in events for name in e.actors]
    named += [(s.speaker, s.citations) for s in statements]
    for name, citations in named:
        key = fold(name)
        actor = actors.setdefault(key, Actor(name=name, citations=list(citations)))
        actor.citations.extend(c for c in citations if c not in actor.citations)
    return list(actors.values())


def ground(
    article: Article,
    drafts: Mapping[RecordKind, list[Mapping[str, Any]]],
    model: str,
    error: str | None = None,
    figures_answered: bool = True,
) -> ArticleExtraction:
    """The grounded extraction of ``article`` from the model's raw records of each kind; the
    figures its own words give (``ground/written_figures.py``) join the model's where it answered."""
    grounder = _Grounder(article)
    events = [e for e in map(grounder.event, grounder.items("events", drafts)) if e is not None]
    figures = [f for f in map(grounder.figure, grounder.items("figures", drafts)) if f is not None]
    if figures_answered:  # beside the model's answer, not in place of a call that failed
        listed = [(c.sentence_id, f.value) for f in figures for c in f.citations if c.sentence_id is not None]
        model_dropped = len(grounder.dropped)
        figures += [f for f in map(grounder.figure, written_figures(article, listed)) if f is not None]
        del grounder.dropped[model_dropped:]  # a number of the text's that fails a check is no claim dropped
    statements = [s for s in map(grounder.statement, grounder.items("statements", drafts)) if s is not None]
    return ArticleExtraction(
        article=article,
        model=model,
        events=_dedupe(events),
        figures=_dedupe(figures),
        statements=_dedupe(statements),
        actors=_actors(events, statements),
        dropped=grounder.dropped,
        recited=grounder.recited,
        error=error,
    )


def _dedupe(records: list[Any]) -> list[Any]:
    """Drop exact repeats (same content, same citations) the model listed twice."""
    seen: set[str] = set()
    unique = []
    for record in records:
        key = record.model_dump_json()
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique
