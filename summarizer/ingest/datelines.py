"""Where a story's opening dateline ends: "MEXICO CITY (AP) — A powerful earthquake…".

A dateline is the writer's, not part of what the sentence tells or quotes: a development is shown
without it, and so are the words an attribution reports ("Colombo (News 1st) - The black boxes
have been found, airport officials said").
"""

from __future__ import annotations

import re

# "MEXICO CITY —", "LONDON (Reuters) -", "UVALDE, Texas (AP) --", "FORT MYERS, Fla. (AP) —",
# "Sept. 29 (UPI) --": a place in capitals, with an optional state or country and agency, or a
# date, then a dash; "Colombo (News 1st) -": a place in mixed case only with its agency, or before
# a colon.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z.,'’ -]{1,40}?(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?"
    rf"(?:,\s+{_MONTH}\s+\d{{1,2}})?"  # "NEAR DERNA, Libya, Sept 12 (Reuters) -"
    rf"|{_MONTH}\s+\d{{1,2}})"  # "Sept. 29 (UPI) --"
    r"(?:\s*\([^)]{1,60}\))?"
    r"|[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,2}\s*\([^)]{1,60}\)"
    r"|\([A-Z][\w.&' -]{1,30}\))"  # "(Bloomberg) --": an agency alone, where the place was left out
    r"\s*(?:--|—|–|-)\s+(?=\S)"
    # "San Francisco: …", "Washington, June 25: …", "AMIZMIZ: …": a place, and perhaps a day,
    # then a colon. "Tripoli [Libya], September 12: …"
    rf"|^(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)?)"
    rf"(?:\s*\[[^\]]{{1,30}}\])?(?:,\s+{_MONTH}\s+\d{{1,2}})?:\s+(?=[A-Z])"
)


def dateline_end(text: str) -> int:
    """Where the dateline that opens ``text`` ends; 0 where it opens with none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0
