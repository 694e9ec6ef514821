"""III.2: a camera is turned on only in a law-enforcement capacity. The MOU's own sentence is the
refusal; `not_law_enforcement(text)` finds the excluded reasons however people write them."""

from __future__ import annotations

import re

from lib.text import fold

# MOU section III, word for word.
MOU_SENTENCE = (
    "Body-worn recording equipment shall not be turned on by the SRO while acting in the capacity of an SRO "
    "with respect to educational responsibilities or typical interactions with students, staff, or other "
    "members of the public in the school setting."
)
REFUSAL = f"{MOU_SENTENCE} (MOU, section III.) Give the law-enforcement purpose of the activation."

_TYPICAL = r"(?:typical|normal|routine|ordinary|regular|everyday|every day|day to day|usual|casual|general|informal|friendly|daily)"
_INTERACTION = r"(?:interact\w*|conversations?|contacts?|encounters?|chats?|chatting|talks?|talking|check[ -]?ins?|relationship building|rapport)"
_DUTY = r"(?:responsibilit\w*|dut(?:y|ies)|roles?|purposes?|reasons?|activit\w*|tasks?|functions?|capacity|matters?|issues?|work|presentations?|lessons?|sessions?)"
_PATTERNS = [
    # "educational responsibilities", "education purposes", "educ. duties", "for teaching reasons"
    rf"\b(?:educ\w*|teach\w*|instruction\w*|academic)\.?\s+(?:\w+\s+)?{_DUTY}",
    # "typical interactions with students", "normal conversation with staff", "routine contact"
    rf"\b{_TYPICAL}\s+(?:\w+\s+){{0,2}}{_INTERACTION}",
    # "talking with students", "chatting to the public", "greeting staff", "interacting with kids"
    r"\b(?:just|only|simply|merely)?\s*(?:talk\w*|chat\w*|greet\w*|interact\w*|convers\w*|mingl\w*|hanging out|visit\w*)"
    r"\s+(?:with|to)\s+(?:the\s+|some\s+|a\s+few\s+)?(?:students?|staff|teachers?|kids|children|pupils|parents?|public|members of the public|visitors)\b",
    # "classroom presentation", "safety lesson in class", "mentoring", "lunch duty"
    r"\b(?:class(?:room)?|school assembly|assembly)\s+(?:\w+\s+)?(?:presentation|lesson|talk|visit)s?\b",
    r"\b(?:mentor\w*|tutor\w*|lunch duty|hall(?:way)? duty|recess duty|bus duty)\b",
]
_RULE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def not_law_enforcement(text: str) -> str | None:
    """The words of TEXT that give an excluded reason (as written), or None."""
    folded = fold(text)
    # Hyphens and line breaks as spaces: "day-to-day", "typical\ninteractions".
    plain = re.sub(r"[-_/\s]+", " ", folded.text)
    m = _RULE.search(plain)
    if m is None:
        return None
    return m.group(0).strip()
