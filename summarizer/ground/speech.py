"""What a sentence says somebody said, in the article's own words: a direct quote or a reported clause.

A statement is shown as words of its article, never as the model's paraphrase:

- a direct quote: the longest run of words between quotation marks (“…”, "…"), at least
  ``SHORTEST_QUOTE`` words; a quote shorter than ``SHORTEST_WHOLE_QUOTE`` words inside a reported
  clause is shown in that clause ("there will be a leadership election "in the next week""); a
  quotation opened after a colon and closed only in the next sentence runs to the sentence's end
  ("Tim Henman said afterwards, reported by BBC Sport: “Incredible tennis.");
- otherwise the clause a verb of saying reports: "Officials said (that) CLAUSE" gives CLAUSE,
  and "CLAUSE, officials said." gives CLAUSE, as does "CLAUSE, the company confirmed the news in
  a press release on Monday." (after the verb, only an object and phrases of time, place or means).
  The clause ends where the writer's own words begin (``_WRITERS_CLAUSE``), and where an aside it
  opens in closes ("- something he said Putin had given his word on - and for …").

A sentence with neither a quote nor a verb of saying states no statement ("Messi scored twice"
is an action, whoever the model says said it), and ``spoken_words`` returns None for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.ground.attribution import PAST_VERB, QUOTE_VERBS, TOLD_TO_ACT, is_noun_use
from summarizer.ingest.datelines import dateline_end

SHORTEST_QUOTE = 3  # words
SHORTEST_WHOLE_QUOTE = 6  # words: a shorter quote is read in the clause that holds it, where one does
SHORTEST_CLAUSE = 4  # words

_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_OPENED_AFTER_COLON = re.compile(r":\s*[“\"]([^”\"]+)$")
# "adds to" and "added 5,000 jobs" say nothing.
_ADDS = r"add(?:ed|s)(?!\s+(?:to\b|[\d$€£]))"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)"
_SAYING = (
    rf"said|says|say|{_ADDS}|stated|states|announced|announces|declared|declares|"
    r"warned|warns|insisted|insists|claimed|claims|argued|argues|wrote|writes|tweeted|"
    r"explained|noted|acknowledged|confirmed|denied|urged"
)
# "…, Sunak said." / "…, said Sunak." at the end of a sentence: the clause is what comes before.
_NAME_WORDS = r"(?:[^\s,]+\s+){0,7}[^\s,]+"  # who said it: eight words at most
# Auxiliaries: where one stands, there is a verb.
_AUXILIARIES = "is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must"
# After the verb ("…, said the president."), six: "…, said the civilians of X would not be harmed"
# is a clause, not a name. Names hold no verb: "…, said the country had voted for change" is a
# clause, not who said it; in "said the inquiry should be run in a way that …", "that" opens a
# clause inside the words said.
_NOT_A_VERB = rf"(?!(?:{_AUXILIARIES})\b)"
_NAME_WORD = rf"{_NOT_A_VERB}(?!{PAST_VERB})[^\s,]+"  # "…, said the talks went well": no name
_SHORT_NAME_WORDS = rf"(?:{_NAME_WORD}\s+){{0,5}}{_NAME_WORD}"
# A participle may follow: "…, officials said Saturday, making it the deadliest wildfire in a century."
_AFTER_ATTRIBUTION = (
    r"(?:,\s+(?:[a-z]+ing|(?:hours|days|minutes|weeks|months|moments|shortly|soon|just)\s+(?:after|before|later)"
    r"|and|but|while|as|after|before|when|until|once|with\s+[^,\"“”]*?[a-z]+(?:ing|ed)|an?\s+[a-z]+\s+(?:that|which))"
    r"\b[^\"“”]*)?"
)  # or a time: "…has quit the firm, he said Friday, hours after the giant fired its chief", "…, the
# city-state said, after the leader arrived from the Maldives"; or a
# clause of the writer's: "…was wiped out, the administration said on Tuesday, and the Red Cross said…",
# "…, officials said on Thursday, a revelation that means…", "…, authorities said Saturday, as
# troops scrambled to reach remote villages", "…, the United Nations said on Tuesday, with downed
# communications … hampering rescue efforts" (but "…, his office said, with the approval of Putin"
# may be what the office said)
_CIRCUMSTANCE = r"(?:in|on|at|during|via|through|to|with|by|from|after|before|late|early|earlier|later|last)"
# "…, Ohio Gov. Mike DeWine said at a news conference Monday, and it's not clear when…": phrases
# of time, place or means after the verb, then the writer's clause.
_SAID_WHEN_OR_WHERE = rf"(?:(?:\s+{_CIRCUMSTANCE}(?:\s+[^\s,]+){{1,4}})+|(?:\s+[^\s,]+){{0,3}})"
# An outlet's report of what somebody said, after it: "…, AP reported." (alone, the outlet's news).
_REPORTED_BY = re.compile(rf",\s+{_NAME_WORDS}\s+(?:reported|reports)\s*[.!?]?[\"”’]?$")
# A name of capitalised words after the verb, titles and all, then where or when it was said: "…, said
# WHO Director General Dr Tedros Adhanom Ghebreyessus at a press conference on Friday."
_TITLED_NAME = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,7}"
_TRAILING = re.compile(
    rf",[\"”’]?\s+(?:{_NAME_WORDS}\s+(?:{_SAYING}|told|tells){_SAID_WHEN_OR_WHERE}{_AFTER_ATTRIBUTION}"
    rf"|(?:{_SAYING}|told|tells)\s+(?=[A-Z]|the\s|an?\s){_SHORT_NAME_WORDS}(?:,\s+(?:which|who)\s[^\"”]*)?"
    rf"|(?:{_SAYING}|told|tells)\s+{_TITLED_NAME}(?:\s+{_CIRCUMSTANCE}(?:\s+[^\s,]+){{1,4}})*)"
    r"\s*[.!?]?[\"”’]?$"
)
# "…, the company confirmed the news in a press release on Monday.": after the verb, an object
# and phrases of time, place or means still end an attribution; a clause would not ("…, officials
# said the toll was 300", "…, a sum her attorneys say she cannot afford").
_SAID_OBJECT = rf"{_NAME_WORDS}\s+(?:{_SAYING}|told|tells)(?:\s+(?:it|this|that|the\s+[a-z]+))?"  # "X confirmed the news"
_TRAILING_LONG = re.compile(
    rf",[\"”’]?\s+{_SAID_OBJECT}(?:\s+{_CIRCUMSTANCE}(?:\s+[^\s,]+){{1,4}})+\s*[.!?]?[\"”’]?$"
)
# "Biden said in an emotional speech from the White House.": who said, how and where, but no words
# said (they stand in the sentences around it).
_ATTRIBUTION_ONLY = re.compile(
    rf"^\s*{_SAID_OBJECT}(?:\s+{_CIRCUMSTANCE}(?:\s+[^\s,]+){{1,5}})*\s*[.!?]?[\"”’]?$"
)
# "Sunak said (on Friday) (that) …", "told reporters (that) …": the clause is what comes after.
# Without "that", a verb that also takes an object reports a clause only where a pronoun opens it
# ("claimed it had taken the airport"): "confirmed the two deaths", "announced the deal" and
# "claimed responsibility" are objects, not words said.
_CLAUSE_SAYING = (
    rf"said|says|say|{_ADDS}|stated|states|insisted|insists|argued|argues|wrote|writes|tweeted|explained"
)
_PRONOUN = r"(?=(?:it|he|she|they|we|I|there)\b)"
# What a listener named is: "told AFP news agency", "told France24 television".
_MEDIUM = r"(?:\s+(?:(?:news|state|public)\s+)?(?:agency|television|TV|radio|newspaper|channel|network|broadcaster|website))?"
_LEADING = re.compile(
    rf"\b(?:{_SAYING}|told|tells)\b(?:\s+{_NOT_A_VERB}[^\s,]+){{0,12}}?\s+that\s+"
    rf"|\b(?:told|tells)\s+(?:reporters|journalists|(?:the\s+|an?\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}}{_MEDIUM})"
    # …and when: "told reporters Friday they intend to file an appeal"
    rf"(?:\s+(?:on\s+)?{_DAY}(?:\s+(?:night|morning|afternoon|evening))?(?=\s+(?:he|she|it|they|we|there|the|a|an|its|his|her|their|this|these)\b))?\s+"
    rf"|\b(?:{_CLAUSE_SAYING})\b(?:\s+(?:on|late|early)\s+\w+|\s+{_DAY}(?:\s+(?:night|morning|afternoon|evening))?(?=,|\s+(?:[A-Z]|(?:he|she|it|they|we|there|the|a|an|its|his|her|their|this|these)\b)))?\s*,?\s*"
    rf"|\b(?:{_SAYING})\s+{_PRONOUN}"
)
# A clause that opens with a verb has lost its subject to the attribution ("officials said 5,600
# buildings were destroyed" read from the wrong verb): it is no statement.
_NO_SUBJECT = re.compile(
    r"(?:was|were|is|are|has|have|had|will|would|can|could|should|may|might|must|been|being|[a-z]+ed)\b"
)
# Words said open as a clause does: not with a time set off by a comma ("Saturday, making it the
# deadliest…"), a conjunction ("and the Red Cross said…"), "to" ("to the day's uncertainties") or a
# participle ("making it…"), unless that is a gerund subject with a verb of its own ("fighting
# around the town has to stop").
_NO_CLAUSE_OPENING = re.compile(
    rf"(?:{_DAY}\s*[,.]"
    r"|(?:and|but|or|nor|to)\s"
    # nor with "as" opening a clause of time: "Wolff said as race director Michael Masi made…"
    r"|as\s+(?!(?:many|much|few|little|well|soon|long|far|of|part)\b))"
)
_PARTICIPLE_OPENING = re.compile(r"[a-z]+ing\s")
_GERUND_SUBJECT = re.compile(
    r"[a-z]+ing\s+(?!(?:the|a|an|it|its|his|her|their|them|him|he|she|they|we|that|this|these|those"
    r"|to|what|how|why)\b)[^,;]*?\b(?:is|are|was|were|has|have|had|will|would|must|can|could|should)\b"
)
# What opens with an article, a possessive or a preposition after a verb of saying is a clause only
# where a verb follows: "tweeted a single word: "Democracy", alongside a picture of the flag" and
# "writes its name on history book pages" report an object.
_OBJECT_OPENING = re.compile(
    r"(?:a|an|in|on|at|with|via|through|its|his|her|their|our|my|your)\s", re.IGNORECASE
)
_A_VERB = re.compile(
    rf"\b(?:{_AUXILIARIES}|do|does|did"
    r"|won|lost|took|made|fell|rose|hit|left|gave|came|went|saw|found|held|became|began|ran|brought"
    r"|kept|met|paid|sent|spent|struck|thought|felt|stood|sold|bought|led|fought|got|[a-z]+ed)\b"
)
_PRESENT_VERB = re.compile(r"\b[a-z]+s\b")  # "the mission's success belongs to all": not a name alone
# A reported clause ends where a clause of the writer's own begins: "but", "while" or "whereas"
# followed by a new subject ("… but the recovery so far has been modest"; not "… but that they were
# not accidents", what was said too), or a semicolon; where
# somebody named says something else ("…, while Green told CNN he had authorized a review"); and
# where its speaker does something more ("…, and asked those with missing loved ones to …", "…before
# it sank and denied reports citing survivors…"); and
# where the writer dates it ("…, a day after protesters stormed parliament"), or describes whom
# it names ("…for Griner, 32, a two-time Olympic gold medalist").
_WRITERS_CLAUSE = re.compile(
    r",?\s+(?:but|while|whereas)\s+(?=(?:the|a|an|its|their|this|these)\s|that\s+(?!"
    r"(?:they|it|he|she|we|there|the|a|an|its|his|her|their|this|these|those)\b))|;"
    rf"|,?\s+(?:and|but|while|whereas)\s+(?=[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}}\s+(?:{_SAYING}|told|tells)\b)"
    r"|,?\s+and\s+(?=(?:asked|urged|called on|called for|appealed|pleaded|promised|vowed|pledged|thanked|praised"
    r"|denied|rejected|dismissed|defended|blamed|accused)\b)"
    r"|,\s+(?:(?:a|an|one|two|three|several|\d+)\s+)?(?:days?|hours?|weeks?|minutes?|moments?)\s+(?:after|before)\b"
    # …and what the writer says the news makes of its subject: "…, becoming the latest tech giant to…"
    r"|,\s+becoming\s+(?:the|a|an|its|their)\s"
    # and where the writer describes whom it names: "…months of "hell" for Griner, 32, a two-time
    # Olympic gold medalist"
    r"|(?<=[A-Za-z])\s*,\s+\d{1,3},\s+(?:a|an|the)\s"
)
_ASIDE_DASH = re.compile(r"\s[-–—]\s")  # a dash that opens or closes an aside: " - ", " — "
_DESCRIPTION_OPENING = re.compile(r"(?:the|a|an)\s")
# Where the words were said, written after them: "… she is quitting in a speech outside Downing
# Street this afternoon".
_WHERE_SAID = re.compile(
    r",?\s+(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}"
    r"(?:speech|statement|interview|address|press conference|news conference|briefing|memo|letter|tweet)\b"
    r"[^,;]*$"  # to the end of the words said: not "the merger, announced in a statement, will close"
)


# "According to Leontyev, a local official, …": the official set off after the name is no word said
# (but "According to police, the gunman, who was 18, fled": the subject of the words said).
# So is a role set off without an article: "According to Tek Bahadur KC, Chief District Officer of
# the Kaski district, …".
def _role(chars_after: int) -> str:
    """A role, with up to ``chars_after`` characters of what it is of ("head of Civil Protection")."""
    return (
        r"(?i:[^,]{0,40}\b(?:officer|official|spokes\w+|chief|director|head|minister|secretary|president"
        r"|governor|mayor|commissioner|administrator|manager|leader|chair\w*|representative)\b"
        rf"[^,]{{0,{chars_after}}})"
    )


_ROLE = _role(50)
# …and so is a name set off after a title: "According to the former Chairman of ISRO, K Sivan, …".
_SET_OFF_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}"
# A verb that makes "a series of aftershocks occurred in the area," a clause, not a description set
# off after who reports it ("According to Leontyev, a local official, …").
_A_CLAUSE_VERB = r"(?:is|are|was|were|has|have|had|occurred|happened|struck|hit|began|took)"
# …and a role set off before the verb that says them, however long the body it names.
_ROLE_THEN_SAYING = re.compile(rf"\s*{_role(80)},\s+(?:{_SAYING})\b(?:\s+that\b)?")
_WHOM_TO_ACT = re.compile(r"\s*(?:[\w'’-]+\s+){1,3}to\s+[a-z]+\b")
_ACCORDING = re.compile(
    rf"^(?:[Aa]ccording to [^,]{{1,80}},(?:(?:\s*(?:an?|the)\s(?![^,]*\b{_A_CLAUSE_VERB}\b)[^,]{{1,60}},|\s*{_ROLE},|\s*{_SET_OFF_NAME},)"
    r"(?!\s*(?:who|which|whose|\d)))?\s*)"
    r"|,?\s*according to [^,.]{1,80}[.!?]?$"
)


@dataclass(frozen=True)
class Spoken:
    """Words of a sentence, as offsets into it, and whether they are a direct quote."""

    start: int
    end: int
    quoted: bool


def _trimmed(sentence: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inside surrounding spaces, stray quotation marks, and trailing commas
    or full stops."""
    while start < end and sentence[start] in ' ,:;"“”':
        start += 1
    while end > start and sentence[end - 1] in ' ,;:."“”':
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(text.split())


# A refusal to say says nothing: "Mester … declined to say if she favoured going bigger".
_REFUSED = re.compile(
    r"\b(?:declined|refused|declining|refusing)\s+to\s+$|\b(?:would|did|could|will|does)(?:\s+not|n['’]t)\s+$",
    re.IGNORECASE,
)


def _leading(sentence: str, end: int) -> re.Match[str] | None:
    """The first verb of saying before ``end`` that reports a clause after it, other than a noun
    ("among the three claims she raised" reports nothing), one in a clause set off about the
    speaker ("Keller-Sutter, who said she held a Credit Suisse bank account, said…") or one
    refused ("declined to say if…")."""
    found = _LEADING.finditer(sentence, 0, end)
    return next(
        (
            m
            for m in found
            if not is_noun_use(sentence, m.start())
            and not _in_a_relative_clause(sentence, m.start())
            and not _REFUSED.search(sentence, 0, m.start())
        ),
        None,
    )


_RELATIVE_OPENING_BEFORE = re.compile(r",\s+(?:who|which)\s+(?:\w+\s+)?$")


def _in_a_relative_clause(sentence: str, verb_start: int) -> bool:
    """Whether a verb stands in a clause set off by commas after a name, with another verb of saying
    after its closing comma: ", who said she held an account, said…"."""
    if not _RELATIVE_OPENING_BEFORE.search(sentence, 0, verb_start):
        return False
    closing = sentence.find(",", verb_start)
    return closing != -1 and _LEADING.search(sentence, closing) is not None


def spoken_words(sentence: str) -> Spoken | None:
    """The words ``sentence`` says were said (see the module's rules), or None where it says none."""
    quoted = _quoted(sentence)
    if quoted and _words(sentence[quoted.start : quoted.end]) >= SHORTEST_WHOLE_QUOTE:
        return quoted
    reported = _reported(sentence)
    if (
        quoted
        and reported
        and 0 < reported.start <= quoted.start
        and quoted.end <= reported.end
        and _words(sentence[reported.start : quoted.start].strip(' "“')) >= 2
        and len(_QUOTE.findall(sentence[reported.start : reported.end + 1])) == 1  # no other quote
    ):
        # "the PM confirmed there will be a leadership election "in the next week"": the quoted
        # fragment is read in the clause that holds it, closing quotation mark included.
        end = reported.end + (sentence[reported.end : reported.end + 1] in '"”')
        return Spoken(reported.start, end, quoted=False)
    return quoted or reported


def _quoted(sentence: str) -> Spoken | None:
    """The longest direct quote of at least ``SHORTEST_QUOTE`` words, or a quotation opened after a
    colon that the sentence does not close (it goes on in the next one) where the words before the
    colon say that somebody spoke: "Tim Henman said afterwards, reported by BBC Sport: “Incredible
    tennis." (not "Barack Obama: "Michelle and I were luck", an excerpt's cut)."""
    quotes = [m for m in _QUOTE.finditer(sentence) if _words(m.group(1) or m.group(2)) >= SHORTEST_QUOTE]
    if not quotes:
        if (opened := _OPENED_AFTER_COLON.search(sentence)) and names_a_speaking(sentence[: opened.start()]):
            start, end = _trimmed(sentence, opened.start(1), opened.end(1))
            return Spoken(start, end, quoted=True)
        return None
    best = max(quotes, key=lambda m: len(m.group(0)))
    group = 1 if best.group(1) is not None else 2
    start, end = _trimmed(sentence, best.start(group), best.end(group))
    return Spoken(start, end, quoted=True)


def _reported(sentence: str) -> Spoken | None:
    """The clause a verb of saying reports, without quotation marks of its own."""
    according = _ACCORDING.search(sentence)
    reported = _leading(sentence, according.start()) if according and according.start() else None
    if according and reported and reported.group(0).rstrip().endswith("that"):
        # "X said that CLAUSE, according to CNN": the words X said, less who reports them.
        start, end = reported.end(), according.start()
    elif according:
        start, end = (according.end(), len(sentence)) if according.start() == 0 else (0, according.start())
        if according.start() == 0 and (role := _ROLE_THEN_SAYING.match(sentence, start)):
            # "According to Euro News, Vidir Reynisson, head of Civil Protection, warned people to
            # be careful": the role is no word said; what its verb reports is.
            start = role.end()
            if _WHOM_TO_ACT.match(sentence, start):
                return None  # "warned people to be careful": whom, and what to do; no words said
    elif (
        (reported := _REPORTED_BY.search(sentence))
        and (inner := _leading(sentence, reported.start()))
        and not inner.group(0).rstrip().endswith(",")  # "…, Khusnullin said, with …": said before
    ):
        # "Officials said that …, AP reported": the words said are the officials', AP's the report.
        start, end = inner.end(), reported.start()
    elif trailing := _TRAILING.search(sentence):
        start, end = 0, trailing.start()
    elif long_trailing := _TRAILING_LONG.search(sentence):
        start, end = 0, long_trailing.start()
    elif leading := _leading(sentence, len(sentence)):
        start, end = leading.end(), len(sentence)
    else:
        return None
    if own := _WRITERS_CLAUSE.search(sentence, start, end):
        end = own.start()  # "… she was stepping down but the recovery has been modest": the writer's
    if where := _WHERE_SAID.search(sentence, start, end):
        end = where.start()  # "she is quitting in a speech outside Downing Street": where, not what
    # Words said that open inside an aside end with it: "… - something he said Putin had given his
    # word on - and for the safety of Prigozhin's men".
    # Words said that run to the sentence's end end at a dash that opens the writer's description of
    # them: "…announced he would not seek reelection — the largest campaign haul over such a period
    # in history" (but not "…said the talks had stalled - for now").
    inside_an_aside = len(_ASIDE_DASH.findall(sentence, 0, start)) % 2 == 1
    dashes = list(_ASIDE_DASH.finditer(sentence, start, end))
    if dashes and (
        inside_an_aside
        or (
            len(dashes) == 1
            and end == len(sentence)
            and _DESCRIPTION_OPENING.match(sentence, dashes[0].end())
        )
    ):
        end = dashes[0].start()
    start, end = _trimmed(sentence, max(start, dateline_end(sentence)), end)
    clause = sentence[start:end]
    if (
        _words(clause) < SHORTEST_CLAUSE
        or _NO_SUBJECT.match(sentence, start)
        or _NO_CLAUSE_OPENING.match(clause)
        or (_PARTICIPLE_OPENING.match(clause) and not _GERUND_SUBJECT.match(clause))
    ):
        return None
    if _OBJECT_OPENING.match(clause) and not _A_VERB.search(clause):
        return None  # "tweeted a single word: …", "said in a written statement:"
    if clause.startswith("the ") and not (_A_VERB.search(clause) or _PRESENT_VERB.search(clause)):
        return None  # "…of votes says the Government's website Resultados 2023": who, not what
    return Spoken(start, end, quoted=False)


def only_attribution(sentence: str) -> bool:
    """Whether ``sentence`` says only who spoke, and how ("Biden said in a speech on Tuesday.")."""
    return _ATTRIBUTION_ONLY.match(sentence) is not None


# Verbs that put quoted words in someone's mouth, beyond the verbs of saying; not as a headline
# says who was told ("…": Natives and tourists warned to stay away").
_QUOTING = re.compile(
    rf"\b(?!{TOLD_TO_ACT})(?:{_SAYING}|told|tells|according to|called|calls|calling|described|describes|describing|"
    rf"dubbed|vowed|vows|pledged|promised|asked|asks|replies|posted|cried|{QUOTE_VERBS}|"
    r"chant\w*|shout\w*|yell\w*|scream\w*|"
    r"statement|tweet|interview)\b",
    re.IGNORECASE,
)


def names_a_speaking(text: str) -> bool:
    """Whether ``text`` (a sentence less its quote) says that somebody said something: "…, he
    said", "called it", "in a statement". "Allegations that its culture fostered “…”" quote nobody."""
    return _QUOTING.search(text) is not None
