"""The no-names guard (VII.4): find student names and identifiers in Form A's free text.

`scan(agreement, text)` returns findings, each with a severity:

- "block": submission is refused until the words are removed (a full name, a student
  identifier or email, or a generic identifier such as a phone number or a date of birth).
- "confirm": the SRO must replace the word with the student's label or confirm that it is
  not a student's name (a given or family name alone).

The Form A form and `manage.py scan_text` both call `scan`. The text is folded once
(`lib.text.fold`: NFKC, invisible characters removed, look-alike letters made Latin, accents
and letters such as ø and ß spelled in ASCII) and every rule reads the folded text; each
finding's offsets and text are those of the original, for the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lib.text import fold

if TYPE_CHECKING:
    from agreements.models import Agreement, School
    from students.roster_index import RosterIndex

BLOCK = "block"
CONFIRM = "confirm"

# Anyone who can type text and see what the guard says of it could list the roster word by
# word: each person may have new text checked this many times a minute (autosave included).
CHECKS_PER_MINUTE = 30
LIMIT_MESSAGE = (
    "Text was checked for students' names too many times in the last minute, so this change was not "
    "saved yet. Wait a minute, then save again."
)


KIND_LABELS = {
    "full_name": "a student's full name",
    "given_name": "a student's given name",
    "family_name": "a student's family name",
    "middle_name": "a student's middle name",
    "student_id": "a student identifier",
    "email": "an email address",
    "phone": "a phone number",
    "date_of_birth": "a date of birth",
    "address": "a street address",
    "initials": "a student's initials",
}


@dataclass(frozen=True)
class Finding:
    """A stretch of text that may identify a student: text[start:end]."""

    start: int
    end: int
    kind: str
    text: str
    severity: str  # BLOCK or CONFIRM

    @property
    def label(self) -> str:
        """What the words are, for the SRO: "a student's full name"."""
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " "))

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text, "severity": self.severity}


DIGIT = re.compile(r"\d")
# Generic identifiers: anything that points at one person whether or not they are on the roster.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
PHONE = re.compile(r"(?<![\w-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])")
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A date is a date of birth when words like "born" or "DOB" introduce it; incident dates are fine.
DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)\s*[:#-]?\s*"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|" + MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}\s+" + MONTHS + r"\s+\d{4})",
    re.IGNORECASE,
)
STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Boulevard|Blvd|Way|Terrace|Ter|"
    r"Circle|Cir|Highway|Hwy|Parkway|Pkwy|Trail|Path|Ridge|Hill|Turnpike|Tpke)"
)
# "14 Compo Road South", "1200 Post Rd. E": a house number, one to three capitalized words, a suffix.
STREET_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,3}"
    + STREET_SUFFIX
    + r"\b\.?(?:\s+(?:North|South|East|West|[NSEW])\b)?"
)


def scan_generic(text: str) -> list[Finding]:
    """Email addresses, phone numbers, dates of birth and street addresses: all block."""
    # Cheap tests first: most narratives have no "@", and every other pattern needs a digit.
    patterns = []
    if "@" in text:
        patterns.append(("email", EMAIL))
    if DIGIT.search(text):
        patterns += [("phone", PHONE), ("date_of_birth", DOB), ("address", STREET_ADDRESS)]
    found = []
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            found.append(Finding(m.start(), m.end(), kind, m.group(), BLOCK))
    return found


def check_allowed(user_id: int | None) -> bool:
    """Count one check of new text by this person; False once over the limit (atomic)."""
    from django.conf import settings

    from lib import ratelimit

    limit = getattr(settings, "GUARD_CHECKS_PER_MINUTE", CHECKS_PER_MINUTE)
    return ratelimit.allow(f"guard:{user_id}", limit)


def scan(agreement: Agreement, text: str, *, school: School | None = None) -> list[Finding]:
    """Every finding in TEXT against the agreement's roster and generic identifiers, in order.

    Names and identifiers are those of every student of the agreement, whichever school; with
    SCHOOL, initials alone ("N.K.") ask only when a student of that school has them.
    """
    if not text:
        return []
    from students.roster_index import index_for  # the roster index imports models; keep this module light

    return scan_with(index_for(agreement), text, school=school)


def scan_with(index: RosterIndex | None, text: str, *, school: School | None = None) -> list[Finding]:
    """Scan TEXT with a roster index already built (the benchmarks build one without a database)."""
    folded = fold(text)
    findings = scan_generic(folded.text)
    if index is not None:
        findings += index.scan(folded.text, school=school)
    findings = _dedupe(findings)
    if folded.origins is None:
        return findings
    result = []
    for f in findings:
        start, end = folded.span(f.start, f.end)
        result.append(Finding(start, end, f.kind, text[start:end], f.severity))
    return result


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort by position; drop a finding inside a longer or more severe one."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start), f.severity != BLOCK))
    kept: list[Finding] = []
    for f in findings:
        if kept and f.start < kept[-1].end:
            last = kept[-1]
            if f.end <= last.end and (last.severity == BLOCK or f.severity == CONFIRM):
                continue
            if f.severity == BLOCK and last.severity == CONFIRM and f.end <= last.end:
                kept[-1] = Finding(last.start, last.end, f.kind, last.text, BLOCK)
                continue
        kept.append(f)
    return kept
