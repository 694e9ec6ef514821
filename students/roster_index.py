"""The roster's names and identifiers, indexed for the no-names guard (VII.4).

The text, already folded (lib.text.fold: invisible characters, look-alike letters and accents
dealt with), is split into words once; each word is case-folded, its possessive removed, and
looked up in hash tables built from the roster. Names are whole words, so a table of words
does what an Aho-Corasick automaton would, in one pass and without a compiled dependency;
multi-word name parts ("Mary Ann", "De La Cruz", "St. Pierre") are found by their first word.
Each name part is indexed in every way it is written (`name_forms`: "StPierre", "Saint Pierre",
"O'Neil Ward", "MacNeil" and "Mac Neil"), so the scan itself stays one lookup per word. One index per agreement is cached in the process and rebuilt when an
import renews the roster's generation.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from lib.text import fold
from students.guard import BLOCK, CONFIRM, Finding
from students.ordinary_words import MONTH_NAMES, ORDINARY_WORDS, PERSON_VERBS

if TYPE_CHECKING:
    from agreements.models import Agreement, School

GIVEN, FAMILY, MIDDLE = 1, 2, 4
KIND_NAMES = {GIVEN: "given_name", FAMILY: "family_name", MIDDLE: "middle_name"}

# A word: letters and digits, joined by apostrophes or hyphens ("O'Brien", "Smith-Jones"),
# with an optional possessive ("Smith's", "Jones'").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*(?:['’](?![^\W_]))?")
# What may separate the parts of one full name: spaces, or a comma in "Family, Given".
# Any run of spaces, tabs or one line break counts as a space: pasted text breaks lines anywhere.
NAME_GAP = re.compile(r"\s+|\s*,\s*|\.\s*")
SPACE_GAP = re.compile(r"\s+")
COMMA_GAP = re.compile(r"\s*,\s*")
ABBREVIATION_GAP = re.compile(r"\.\s*")
ABBREVIATIONS = frozenset({"st", "ste", "mt", "ft"})
DATE_PREPOSITIONS = frozenset(
    {"in", "on", "of", "since", "until", "till", "by", "during", "before", "after", "early", "late"}
    | {"mid", "last", "next", "this", "from", "to"}
)
# "Student B. Grant funding...": a capital letter after these is a label, not an initial.
LABEL_WORDS = frozenset(
    {"student", "stairwell", "room", "building", "wing", "hall", "hallway", "door", "gate", "lot", "bus", "section"}
    | {"lunch", "period", "team", "group", "plan", "part", "exhibit", "level", "floor", "unit", "zone", "grade"}
    | {"exit", "entrance", "pod", "area", "stairs", "stair", "court", "field", "lab", "office", "bay", "corridor"}
    | {"quad", "annex", "side", "block", "locker", "classroom", "line", "type", "channel", "car", "van", "cell"}
)
# Family names written with a particle run together or apart: "MacNeil" and "Mac Neil".
PARTICLES = ("mac", "mc", "van", "von", "de", "del", "della", "di", "da", "du", "la", "le", "st", "ste")
PARTICLES += ("fitz", "der", "den", "dos", "das")
SAINTS = {"saint": "st", "sainte": "ste"}
ABBREVIATED = {"st": "saint", "ste": "sainte"}
MIN_IDENTIFIER = 4  # shorter identifiers would match times, room numbers and badge numbers
DIGIT = re.compile(r"\d")
SEPARATORS = re.compile(r"[ .\-]")
# Digits in groups joined by one space, hyphen or full stop, not inside a longer word.
DIGIT_GROUPS = re.compile(r"(?<![\w.-])\d+(?:[ .-]\d+)+(?![\w-]|\.\d)")
GROUP = re.compile(r"\d+")
# Pairs of capitals with full stops that are abbreviations, not a person's initials.
NOT_INITIALS = frozenset({"am", "pm", "us", "uk", "dc", "ok", "tv", "pe", "id", "ma", "ba", "md", "ny"})


def normalize(word: str) -> str:
    """Case-fold, drop accents and a possessive: "Zoë's" -> "zoe" (lib.text.fold spells the letters)."""
    if not word.isascii():
        word = fold(word).text
    word = word.lower()
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("'"):
        return word[:-1]
    return word


def words_of(name: str) -> tuple[str, ...]:
    return tuple(normalize(m.group()) for m in WORD.finditer(fold(name).text))


def name_forms(words: tuple[str, ...], *, particles: bool = False) -> set[tuple[str, ...]]:
    """The ways one name part is written: "St. Pierre" is also "Saint Pierre" and "StPierre",
    "O'Neil-Ward" also "O'Neil Ward", "ONeil-Ward" and "O Neil-Ward", "MacNeil" also "Mac Neil"."""
    forms = {words}
    for w in words:
        if "-" in w:  # the hyphen written as a space
            forms.add(tuple(p for x in words for p in (x.split("-") if x == w else [x])))
    for form in list(forms):
        if any("'" in w for w in form):
            forms.add(tuple(w.replace("'", "") for w in form))
            forms.add(tuple(p for w in form for p in w.split("'") if p))
    for form in list(forms):
        forms.add(tuple(SAINTS.get(w, w) for w in form))
        forms.add(tuple(ABBREVIATED.get(w, w) for w in form))
    if particles and len(words) > 1 and all(w in PARTICLES or w in SAINTS for w in words[:-1]):
        forms.add(words[-1:])  # "Pierre, Jean" for Jean St. Pierre; "Cruz" for De La Cruz
    for form in list(forms):
        if len(form) > 1 or "-" in form[0]:
            joined = "".join(form).replace("-", "")
            forms |= {(joined,), (joined.replace("'", ""),)}
        elif particles:
            word = form[0]
            for particle in PARTICLES:
                if word.startswith(particle) and len(word) - len(particle) >= 3 and word.isalpha():
                    forms.add((particle, word[len(particle) :]))
    return {f for f in forms if f and all(f)}


@lru_cache(maxsize=65536)
def _forms_of(name: str, particles: bool) -> frozenset[tuple[str, ...]]:
    """`name_forms` of a name as the roster writes it; names repeat, so each is worked out once."""
    words = words_of(name)
    return frozenset(name_forms(words, particles=particles)) if words else frozenset()


@dataclass
class NamePart:
    kinds: int = 0
    schools: set[int | None] = field(default_factory=set)


@dataclass
class RosterIndex:
    parts: dict[str, NamePart] = field(default_factory=dict)
    # first word -> lengths (in words, longest first) of the multi-word parts starting with it
    multi: dict[str, list[int]] = field(default_factory=dict)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (given, family), both normalized
    initials: set[tuple[str, str]] = field(default_factory=set)  # (given initial, family)
    family_initials: set[tuple[str, str]] = field(default_factory=set)  # (given, family initial)
    # "nk" -> the schools with a student whose initials are N. K.
    initials_only: dict[str, set[int | None]] = field(default_factory=dict)
    identifiers: set[str] = field(default_factory=set)
    digit_identifiers: set[str] = field(default_factory=set)  # identifiers of digits alone, without separators
    school_names: re.Pattern[str] | None = None
    school_words: frozenset[str] = frozenset()  # the words of the school names, to skip masking
    size: int = 0
    # Every word that starts a name part or is an identifier: the one set each word is tested against.
    keys: set[str] = field(default_factory=set)

    def add_student(
        self,
        *,
        given: str,
        family: str,
        middle: str = "",
        preferred_given: str = "",
        preferred_family: str = "",
        identifiers: tuple[str, ...] = (),
        school_id: int | None = None,
    ) -> None:
        givens = {f for name in (given, preferred_given) if name for f in _forms_of(name, False)}
        families = {f for name in (family, preferred_family) if name for f in _forms_of(name, True)}
        middles = _forms_of(middle, False) if middle else frozenset()
        for kind, parts in ((GIVEN, givens), (FAMILY, families), (MIDDLE, middles)):
            for words in parts:
                self._add_part(words, kind, school_id)
                # "Smith" alone names the student called "Smith-Jones"; so does "Jones"; not "Saint".
                for w in words:
                    if "-" in w:
                        for piece in w.split("-"):
                            if piece not in PARTICLES and piece not in SAINTS:
                                self._add_part((piece,), kind, school_id)
        # "José García" names the student called "José García-López" as surely as the whole name.
        family_keys = {" ".join(f) for f in families}
        family_keys |= {
            piece
            for f in families
            for w in f
            if "-" in w
            for piece in w.split("-")
            if piece not in PARTICLES and piece not in SAINTS
        }
        given_keys = {" ".join(g) for g in givens}
        for g in given_keys:
            for f in family_keys:
                self.pairs.add((g, f))
        given_initials = {g[0] for g in given_keys}
        family_initials = {f[0] for f in family_keys}
        self.initials.update((i, f) for i in given_initials for f in family_keys)
        self.family_initials.update((g, i) for g in given_keys for i in family_initials)
        for i in given_initials:
            for j in family_initials:
                self.initials_only.setdefault(i + j, set()).add(school_id)
        for ident in identifiers:
            ident = ident.strip().lower()
            if len(ident) >= MIN_IDENTIFIER:
                self.identifiers.add(ident)
                self.keys.add(ident)
                digits = SEPARATORS.sub("", ident)
                if digits.isdigit() and len(digits) >= MIN_IDENTIFIER:
                    self.digit_identifiers.add(digits)
                    self.identifiers.add(digits)
                    self.keys.add(digits)
        self.size += 1

    def _add_part(self, words: tuple[str, ...], kind: int, school_id: int | None) -> None:
        if not words:
            return
        key = " ".join(words)
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = NamePart()
        part.kinds |= kind
        part.schools.add(school_id)
        self.keys.add(words[0])
        if len(words) > 1:
            lengths = self.multi.setdefault(words[0], [])
            if len(words) not in lengths:
                lengths.append(len(words))
                lengths.sort(reverse=True)

    def scan(self, text: str, *, school: School | None = None) -> list[Finding]:
        """Findings for roster names and identifiers in TEXT, already folded (lib.text.fold)."""
        spans = [m.span() for m in WORD.finditer(text)]
        if not spans:
            return []
        if text.isascii():
            # The common case: lower-casing keeps offsets, so one call does every word.
            low = text.lower()
            norms = [low[a:b] for a, b in spans]
            if "'" in low:
                norms = [normalize(w) if "'" in w else w for w in norms]
        else:
            norms = [normalize(text[a:b]) for a, b in spans]
        n = len(spans)
        keys = self.keys
        findings: list[Finding] = []
        if self.digit_identifiers and DIGIT.search(text):
            findings += self._separated_identifiers(text)
        # Most words are nobody's name: find the few that may be, in one pass.
        hits = [i for i, w in enumerate(norms) if w in keys or len(w) == 1 or "-" in w]
        if not hits:
            return findings
        masked = self._masked(text) if self.school_words.intersection(norms) else []

        # Name parts found at each word position: (first word, word after the last, key).
        found: list[tuple[int, int, str]] = []
        for i in hits:
            word = norms[i]
            if masked and _inside(spans[i], masked):
                continue
            if word in self.identifiers:
                findings.append(Finding(spans[i][0], spans[i][1], "student_id", text[spans[i][0] : spans[i][1]], BLOCK))
                continue
            for length in self.multi.get(word, ()):
                j = i + length
                if j <= n and self._joined(text, spans, norms, i, j):
                    key = " ".join(norms[i:j])
                    if key in self.parts:
                        found.append((i, j, key))
                        break
            if len(word) == 1 and self._initial(text, spans, norms, i):
                found.append((i, i + 1, ""))  # an initial, perhaps of a full name
            elif word in self.parts:
                found.append((i, i + 1, word))
            elif "-" in word:
                for piece in word.split("-"):
                    if piece in self.parts:
                        found.append((i, i + 1, piece))
                        break

        starts: dict[int, list[tuple[int, int, str]]] = {}
        for f in found:
            starts.setdefault(f[0], []).append(f)
        covered_until = -1
        for i, j, key in found:
            if i < covered_until:
                continue
            end_word = self._full_name_at(text, spans, norms, starts, i, j, key)
            if end_word is not None:
                start, end = spans[i][0], spans[end_word - 1][1]
                if end_word < n and text[end : end + 1] == "." and len(norms[end_word - 1]) == 1:
                    end += 1  # "Kowalski, N." ends with the initial's full stop
                findings.append(Finding(start, end, "full_name", text[start:end], BLOCK))
                covered_until = end_word
                continue
            if not key:
                if (initials := self._initials_only(text, spans, norms, i, school)) is not None:
                    start, end = initials
                    findings.append(Finding(start, end, "initials", text[start:end], CONFIRM))
                    covered_until = i + 2
                continue
            if self._is_name_use(text, spans, norms, i, j, key):
                part = self.parts[key]
                kind = next(KIND_NAMES[k] for k in (GIVEN, FAMILY, MIDDLE) if part.kinds & k)
                start, end = spans[i][0], spans[j - 1][1]
                findings.append(Finding(start, end, kind, text[start:end], CONFIRM))
        return findings

    def _separated_identifiers(self, text: str) -> list[Finding]:
        """A student ID written in groups: "900-0007", "900 0007", "900.0007"."""
        findings = []
        for m in DIGIT_GROUPS.finditer(text):
            groups = list(GROUP.finditer(m.group()))
            best = None
            for a in range(len(groups)):
                for b in range(len(groups) - 1, a, -1):
                    digits = "".join(g.group() for g in groups[a : b + 1])
                    if digits in self.digit_identifiers:
                        best = (groups[a].start(), groups[b].end())
                        break
                if best:
                    start, end = m.start() + best[0], m.start() + best[1]
                    findings.append(Finding(start, end, "student_id", text[start:end], BLOCK))
                    break
        return findings

    def _initial(self, text, spans, norms, i) -> bool:
        """Whether the single letter at word i may be a person's initial: "N." or a capital "N"."""
        if self._label_letter(text, spans, norms, i):
            return False
        letter = text[spans[i][0] : spans[i][1]]
        if text[spans[i][1] : spans[i][1] + 1] == ".":
            return True
        # Without a full stop, a capital only; "A" only where it cannot be the article opening a sentence.
        return letter.isupper() and (letter != "A" or not _sentence_start(text, spans[i][0]))

    def _initials_only(self, text, spans, norms, i, school) -> tuple[int, int] | None:
        """ "N.K." or "N. K." for a student (of SCHOOL, if given) with those initials: asks."""
        if i + 1 >= len(spans) or len(norms[i + 1]) != 1:
            return None
        first, second = text[spans[i][0]], text[spans[i + 1][0]]
        gap = text[spans[i][1] : spans[i + 1][0]]
        if not (first.isupper() and second.isupper() and gap in (".", ". ")):
            return None
        end = spans[i + 1][1]
        after = text[end : end + 1]
        if after == ".":
            end += 1
        elif after.isalnum():
            return None
        pair = norms[i] + norms[i + 1]
        schools = self.initials_only.get(pair)
        if not schools or pair in NOT_INITIALS or (school is not None and school.pk not in schools):
            return None
        return spans[i][0], end

    def _full_name_at(self, text, spans, norms, starts, i, j, key) -> int | None:
        """If a full name of one student starts at word i, the word after its end."""
        n = len(spans)
        # "J. Smith", "J Smith": an initial, then a family name written with a capital.
        if not key:
            gap_ok = j < n and NAME_GAP.fullmatch(text[spans[i][1] : spans[j][0]])
            dotted = text[spans[i][1] : spans[i][1] + 1] == "."
            for _, j2, key2 in starts.get(j, ()) if gap_ok else ():
                # "B Young" could be a label and a word; "B. Young" is a name.
                ordinary = all(w in ORDINARY_WORDS for w in norms[j:j2])
                if (
                    key2
                    and (norms[i], key2) in self.initials
                    and text[spans[j][0]].isupper()
                    and (dotted or not ordinary)
                ):
                    return j2
            return None
        # Given [middle names or initials] Family, Family Given, or "Family, Given": the longest.
        best: int | None = None
        for skip in range(3):
            k = j + skip
            if k >= n:
                break
            if skip and not self._middle(norms[k - 1], spans[k - 1]):
                break
            gap = text[spans[k - 1][1] : spans[k][0]]
            if not NAME_GAP.fullmatch(gap):
                break
            if "." in gap and len(norms[k - 1]) != 1:
                break  # a full stop ends a sentence unless it follows an initial
            if "," in gap and skip:
                break
            for _, k2, key2 in starts.get(k, ()):
                if key2 and ((key, key2) in self.pairs or ((key2, key) in self.pairs and skip == 0)):
                    best = max(best or 0, k2)
        if best is None and j < n and len(norms[j]) == 1:
            best = self._name_and_initial(text, spans, norms, i, j, key)
        if best is None:
            return None
        # "we will grant them time": a pair of ordinary words in lower case is prose, not a name.
        if text[spans[i][0] : spans[best - 1][1]].islower() and all(w in ORDINARY_WORDS for w in norms[i:best]):
            return None
        return best

    def _name_and_initial(self, text, spans, norms, i, j, key) -> int | None:
        """ "Kowalski, N." or "Nadia K.": one name of a student and the initial of the other."""
        if not (text[spans[j][0]].isupper() and self._initial(text, spans, norms, j)):
            return None
        if all(w in ORDINARY_WORDS for w in norms[i:j]) and not text[spans[i][0]].isupper():
            return None
        gap = text[spans[j - 1][1] : spans[j][0]]
        dotted = text[spans[j][1] : spans[j][1] + 1] == "."
        letter = norms[j]
        family_first = COMMA_GAP.fullmatch(gap) or (dotted and SPACE_GAP.fullmatch(gap))
        if family_first and (letter, key) in self.initials:
            return j + 1
        if SPACE_GAP.fullmatch(gap) and (key, letter) in self.family_initials:
            return j + 1
        return None

    def _label_letter(self, text, spans, norms, i) -> bool:
        """Whether the letter at word i belongs to the word before it: "Student B", "stairwell B"."""
        return i > 0 and norms[i - 1] in LABEL_WORDS and text[spans[i - 1][1] : spans[i][0]].strip() == ""

    def _middle(self, word: str, span) -> bool:
        return len(word) == 1 or word in self.parts

    def _joined(self, text, spans, norms, i, j) -> bool:
        """Whether words i..j are written as one name: "De La Cruz", "St. Pierre", "Smith-Jones"."""
        for k in range(i, j - 1):
            gap = text[spans[k][1] : spans[k + 1][0]]
            if not (
                SPACE_GAP.fullmatch(gap)
                or gap == "-"
                or (norms[k] in ABBREVIATIONS and ABBREVIATION_GAP.fullmatch(gap))
            ):
                return False
        return True

    def _is_name_use(self, text, spans, norms, i, j, key) -> bool:
        """Whether a single name part at words i..j is used as a name, not as an ordinary word.

        Any student of the agreement counts, whatever the report's school: a student from
        another school in the district is still a student.
        """
        if not all(w in ORDINARY_WORDS for w in norms[i:j]):
            return True
        raw = text[spans[i][0] : spans[i][1]]
        if not raw[:1].isupper():
            return False
        if _sentence_start(text, spans[i][0]):
            return j < len(spans) and norms[j] in PERSON_VERBS
        if key in MONTH_NAMES and not raw.endswith(("'s", "’s")):
            after = text[spans[j][0] : spans[j][1]] if j < len(spans) else ""
            before = norms[i - 1] if i else ""
            if after[:1].isdigit() or before in DATE_PREPOSITIONS:
                return False
        return True

    def _masked(self, text: str) -> list[tuple[int, int]]:
        if self.school_names is None:
            return []
        return [m.span() for m in self.school_names.finditer(text)]


def _inside(span, masked) -> bool:
    start, end = span[0], span[1]
    return any(a <= start and end <= b for a, b in masked)


def _sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"'“‘([":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n\r-•*"


def school_name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """The agreement's school names and their short forms ("Long Lots"), to leave alone."""
    forms = school_name_forms(names)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def school_name_forms(names: list[str]) -> set[str]:
    forms: set[str] = set()
    for name in names:
        forms.add(name)
        short = re.sub(r"\s+(Elementary|Middle|High)?\s*School$", "", name).strip()
        if short and short != name:
            forms.add(short)
    return forms


def school_index(names: list[str]) -> dict[str, object]:
    """RosterIndex keyword arguments for the agreement's school names."""
    words = {w for form in school_name_forms(names) for w in words_of(form)}
    return {"school_names": school_name_pattern(names), "school_words": frozenset(words)}


def build(agreement: Agreement) -> RosterIndex:
    """Read the agreement's whole roster, active or not, into an index."""
    from students.models import Student

    index = RosterIndex(**school_index(list(agreement.schools.values_list("name", flat=True))))
    rows = Student.objects.filter(agreement=agreement).values_list(
        "given_name",
        "family_name",
        "middle_name",
        "preferred_given_name",
        "preferred_family_name",
        "identifier",
        "sourced_id",
        "username",
        "email",
        "school_id",
    )
    for given, family, middle, pgiven, pfamily, ident, sid, username, email, school_id in rows.iterator(2000):
        index.add_student(
            given=given,
            family=family,
            middle=middle,
            preferred_given=pgiven,
            preferred_family=pfamily,
            identifiers=(ident, sid, username, email),
            school_id=school_id,
        )
    return index


GENERATION_SQL = "SELECT generation FROM {table} WHERE agreement_id = %s"
_cache: dict[int, tuple[str, RosterIndex]] = {}
_lock = threading.Lock()


def index_for(agreement: Agreement) -> RosterIndex:
    """The agreement's index, rebuilt when its roster's generation has changed."""
    from django.db import connection

    from students.models import Roster

    # One plain query per scan: the ORM's own overhead would be most of the guard's time.
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_SQL.format(table=connection.ops.quote_name(Roster._meta.db_table)), [agreement.pk])
        row = cursor.fetchone()
    generation = str(row[0]) if row else ""
    cached = _cache.get(agreement.pk)
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _lock:
        index = build(agreement)
        _cache[agreement.pk] = (generation, index)
    return index


def forget(agreement_id: int) -> None:
    _cache.pop(agreement_id, None)
