"""What kind of thing happened, from the words that describe it.

Outlets describe one event with different verbs ("captured Aleppo", "seized Aleppo", "took
control of Aleppo", "the capture of Aleppo"). Mapping those words to a small set of action kinds
lets the merge compare events across outlets, and lets a death toll say which fighting it counts
("airstrikes resulted in 12 deaths" is not the toll of the offensive).

``ONE_OFF`` kinds happen once in a story (an offensive is launched once, a city captured once):
two outlets giving different days for one are a disagreement. Other kinds repeat (air strikes
every day), so different days mean different events.
"""

from __future__ import annotations

import re

from summarizer.ground.names import fold

# Action kind ← word prefixes (folded) that name it; two-word phrases are tried before words.
_KINDS: dict[str, tuple[str, ...]] = {
    "offensive": ("offensive", "assault", "attack", "surge", "push", "campaign", "fighting",
                  "clash", "skirmish", "battle", "incursion", "advance", "onslaught"),
    "capture": ("captur", "seiz", "took control", "take control", "taken control", "taking control",
                "overran", "overrun", "overtook", "overtake", "stormed", "storm", "breach", "fell to",
                "fall of", "recaptur", "control of", "entered", "enter"),
    "airstrike": ("airstrike", "air strike", "air raid", "strikes", "struck", "bomb", "raid", "shell",
                  "missile", "warplane", "drone"),
    "withdrawal": ("withdr", "retreat", "pull back", "pulled back", "pulled out", "redeploy", "forced out", "fled"),
    "reinforcement": ("reinforc", "deploy", "sent troops", "dispatch"),
    "deaths": ("killed", "kill", "died", "death", "dead"),
    "displacement": ("displac", "flee", "evacuat"),
    "talks": ("talks", "negotiat", "ceasefire", "truce", "meeting", "met with", "summit"),
    "statement": ("said", "announc", "declar", "vowed", "warned", "condemn"),
}  # fmt: skip
ONE_OFF = frozenset({"offensive", "capture", "withdrawal"})
_KIND_OF = {prefix: kind for kind, prefixes in _KINDS.items() for prefix in prefixes}
# Longest prefixes first, so that at each word the longest phrase that names a kind wins.
_MENTION = re.compile(
    r"(?<![^\W\d_])(" + "|".join(map(re.escape, sorted(_KIND_OF, key=len, reverse=True))) + ")"
)


def action_kinds(text: str) -> list[str]:
    """The action kinds ``text`` names, in order of first mention."""
    folded = " ".join(fold(text).replace("-", " ").split())
    return list(dict.fromkeys(_KIND_OF[m.group(1)] for m in _MENTION.finditer(folded)))


def action_kind(text: str) -> str | None:
    """The first action kind ``text`` names: "Rebels seized the airport" → "capture"."""
    kinds = action_kinds(text)
    return kinds[0] if kinds else None


# The steps of a criminal case: sentences that tell none in common tell other events ("Chauvin was
# charged with…" is not "Chauvin was convicted of…", however alike their lists of counts).
_STEPS: dict[str, tuple[str, ...]] = {
    "charge": ("charged with", "charged on", "indicted", "faces charges", "facing charges"),
    "plea": ("pleaded", "pleads", "plea"),
    "conviction": ("convicted", "found guilty", "guilty verdict", "guilty on", "guilty of"),
    "acquittal": ("acquitted", "found not guilty", "cleared of"),
    "sentence": ("sentenced", "was jailed", "were jailed"),
}  # fmt: skip
_STEP_OF = {phrase: step for step, phrases in _STEPS.items() for phrase in phrases}
_STEP_MENTION = re.compile(
    r"(?<![^\W\d_])(" + "|".join(map(re.escape, sorted(_STEP_OF, key=len, reverse=True))) + r")\b"
)


def case_steps(text: str) -> frozenset[str]:
    """The steps of a criminal case ``text`` tells: "pleaded guilty and was sentenced to nine
    years" → plea, sentence."""
    return frozenset(_STEP_OF[m.group(1)] for m in _STEP_MENTION.finditer(" ".join(fold(text).split())))
