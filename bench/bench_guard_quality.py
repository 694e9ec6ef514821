"""Measure the no-names guard on a synthetic corpus (VII.4): recall and false blocks.

    .venv/bin/python bench/bench_guard_quality.py [--narratives 2000] [--seed 4]

The roster is the demo's synthetic Westport roster (5,800 made-up students). The corpus is
generated here, in an SRO's register:

- narratives with one roster student's FULL name inserted in a varied form (given family,
  "Family, Given", capitals, lower case, middle name or initial, reversed order, possessive,
  accents dropped, preferred name, initial and family name);
- narratives with a roster student's given or family name ALONE, mid-sentence and at the
  start of a sentence, plain and possessive;
- NAME-FREE narratives full of words that are also names (will, may, hope, grant, young,
  long, bell, mark, rose, ...), months, the district's school names and staff titles.

Full-name recall: the inserted name is covered by a "block" finding. Single-name recall: it
is covered by any finding ("confirm" or "block"). False blocks: name-free narratives with any
"block" finding; false asks: name-free narratives with any "confirm" finding. Figures go in
docs/privacy.md.

Then an ADVERSARIAL corpus, one set of narratives per rule of issue 13 (real text, not clean
text), against the same roster plus students with multi-word, punctuated and non-English
family names, each student at one of the seven schools:

- multi-word and punctuated family names (St. Pierre, van der Berg, d'Amato, O'Neil-Ward ...)
  written every way people write them: must block; the family name alone must ask;
- separators and invisible characters between and inside names (no-break space, line break,
  tab, several spaces, zero-width space, soft hyphen, word joiner, Cyrillic and Greek letters
  that look Latin, fullwidth letters, ø ł æ ß đ written or spelled out): the same finding as
  the clean form (block);
- partial forms ("N. Kowalski", "N Kowalski", "Kowalski, N.", "Nadia K.": block; "N.K.": ask);
- student IDs written in groups ("900-0007", "900 0007", "900.0007"): block;
- scope: a single name of a student of another school, scanned for the report's school: ask;
- name-free narratives put through the same transformations, with abbreviations, labels,
  times, room numbers and "St." streets: false blocks and false asks.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)

OPENERS = [
    "At approximately {time} the SRO was called to the {place} by the assistant principal.",
    "On {day} at {time} the SRO responded to a report of a fight in the {place}.",
    "The SRO was on a scheduled walk-through of the {place} at {time} when staff asked for help.",
    "During lunch on {day}, a teacher radioed the SRO to the {place}.",
]
WITH_NAME = [
    "Staff identified {name} as the student who struck Student B in the face with a closed fist.",
    "The SRO separated Student B from {name} and escorted both to the main office.",
    "A vape pen was found in {name} backpack during a search by the administrator.",
    "Witnesses said {name} pushed a staff member into the lockers near the {place}.",
    "{name} refused to leave the {place} and threw a chair toward another student.",
    "The assistant principal spoke with {name} and the parent was notified by phone.",
    "Student B told the SRO that {name} had threatened to bring a knife to school.",
    "After the altercation, {name} was detained in the office for twenty minutes until a parent arrived.",
]
WITH_NAME_START = [
    "{name} was escorted to the nurse and then to the main office.",
    "{name} said the fight started over a phone.",
]
NAME_FREE = [
    "Will you step outside, the SRO asked, and the student complied after a minute.",
    "I hope the restorative conversation will grant both students a way forward.",
    "The young man in the red hoodie stood by the bell schedule posted near the door.",
    "It was a long day; the bell rang at 2:15 and students left through the east doors.",
    "May 4 was the last day before the break, and in May the hallway cameras were replaced.",
    "Hope is not a plan, the principal told staff at the safety meeting.",
    "Grant funding paid for the new radios used by the School Security Unit.",
    "The incident happened near Long Lots Elementary School, at the bus loop on Hyde Lane.",
    "Staff from Kings Highway Elementary School and Greens Farms Elementary School were present.",
    "Student A will meet with the social worker; Student B may return on Monday.",
    "Officer Whitcomb and Principal Lindqvist reviewed the video with the assistant principal.",
    "The student said he will not fight again and may apologize to the teacher.",
    "A young student was frightened and was walked to class by a staff member.",
    "The SRO kept a long distance from the crowd and waited for the bell.",
    "No weapons were found. The parent said she hopes this will not happen again.",
    "The grant of a pass to the nurse was made at 10:05 by the teacher on duty.",
    "Mark the time: 11:20. The student was released to the assistant principal.",
    "The rose garden behind the gym was damaged with a rock; the frost had not yet come.",
    "The crowd grew as the bell sounded, so the SRO moved the students to the courtyard.",
    "Student B, who is young for grade 9, was upset and will see the counselor.",
    "Staples High School administration will review the incident on Monday.",
    "A pencil was thrown; it may have been an accident, but it hit Student B near the eye.",
    "On June 3 the SRO attended the School Climate Committee; April and August meetings are planned.",
    "Will the assistant principal call the parent? Yes, at 1:30.",
    "The student's hoodie was black and his backpack was white and gray.",
    "Long after the bell, two students were still in the hall near room 214.",
    "Grant the student time to calm down, the counselor said.",
    "Young students from Saugatuck Elementary School were kept inside during the incident.",
    "The student's hoodie was dark and the bell had not yet rung.",
]
# Name words capitalized inside other proper names: without a list of every place and club,
# the guard cannot tell these from names, so it asks. Measured apart.
PROPER_NOUNS = [
    "The student was a member of the Young Leaders club and had applied for the Hope Scholarship.",
    "The parent picked the student up on Grant Street, near the Long Island Sound ferry sign.",
    "The SRO drove to the Bell Tower parking lot to meet the parent.",
    "The student said she was going to the May Fair after school.",
]
CLOSERS = [
    "The matter was referred to administration for possible discipline.",
    "Restorative practices were implemented the next day with the assistant principal.",
    "No arrest was made; the SRO documented the incident on Form A.",
    "The student was apprised of constitutional rights before any questions about the theft.",
]
PLACES = ["cafeteria", "gym", "main hallway", "library", "bus loop", "courtyard", "locker room", "stairwell B"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def fill_template(rng: random.Random, template: str, **kw: str) -> str:
    return template.format(
        time=f"{rng.randrange(7, 15)}:{rng.randrange(0, 60):02d}", place=rng.choice(PLACES), day=rng.choice(DAYS), **kw
    )


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def full_name_forms(s) -> list[tuple[str, str]]:
    """(form, written name) for one student."""
    forms = [
        ("given family", f"{s.given} {s.family}"),
        ("Family, Given", f"{s.family}, {s.given}"),
        ("CAPITALS", f"{s.given} {s.family}".upper()),
        ("lower case", f"{s.given} {s.family}".lower()),
        ("family given", f"{s.family} {s.given}"),
        ("initial and family", f"{s.given[0]}. {s.family}"),
        ("accents dropped", strip_accents(f"{s.given} {s.family}")),
    ]
    if s.middle:
        forms.append(("with middle name", f"{s.given} {s.middle} {s.family}"))
        forms.append(("with middle initial", f"{s.given} {s.middle[0]}. {s.family}"))
    if s.preferred:
        forms.append(("preferred name", f"{s.preferred} {s.family}"))
    return forms


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def narrative(rng: random.Random, sentence: str) -> str:
    parts = [fill_template(rng, rng.choice(OPENERS)), sentence]
    parts += [fill_template(rng, t) for t in rng.sample(NAME_FREE, 2)]
    parts.append(rng.choice(CLOSERS))
    return " ".join(parts)


def covered(findings, start: int, end: int, severities: set[str]) -> bool:
    return any(f.start <= start and end <= f.end and f.severity in severities for f in findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--narratives", type=int, default=2000, help="of each kind")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false findings")
    args = parser.parse_args()
    import django

    django.setup()
    from students import demo_roster
    from students.guard import scan_with
    from students.roster_index import RosterIndex, school_index

    roster = demo_roster.make_students()
    index = RosterIndex(**school_index(list(demo_roster.WESTPORT_NAMES.values())))
    for s in roster:
        index.add_student(
            given=s.given,
            family=s.family,
            middle=s.middle,
            preferred_given=s.preferred,
            identifiers=(s.identifier, s.sourced_id, s.email),
        )
    rng = random.Random(args.seed)

    def insert(template: str, name: str) -> tuple[str, int, int]:
        sentence = fill_template(rng, template, name="\0")
        text = narrative(rng, sentence)
        start = text.index("\0")
        return text.replace("\0", name), start, start + len(name)

    # Full names.
    full_hits: Counter[str] = Counter()
    full_total: Counter[str] = Counter()
    misses = []
    for _ in range(args.narratives):
        s = rng.choice(roster)
        form, name = rng.choice(full_name_forms(s))
        template = rng.choice(WITH_NAME)
        if "{name} backpack" in template:
            name = possessive(name)
        text, start, end = insert(template, name)
        full_total[form] += 1
        if covered(scan_with(index, text), start, end, {"block"}):
            full_hits[form] += 1
        else:
            misses.append((form, text[max(0, start - 30) : end + 30]))

    # Single names.
    single_hits: Counter[str] = Counter()
    single_total: Counter[str] = Counter()
    single_misses = []
    for _ in range(args.narratives):
        s = rng.choice(roster)
        part, name = rng.choice([("given", s.given), ("family", s.family)])
        at_start = rng.random() < 0.2
        template = rng.choice(WITH_NAME_START if at_start else WITH_NAME)
        if "{name} backpack" in template:
            name = possessive(name)
        text, start, end = insert(template, name)
        ordinary = name.lower().rstrip("'s") in {"will", "may", "hope", "grant", "young", "long", "bell"}
        key = f"{part}{' (ordinary word)' if ordinary else ''}{' at sentence start' if at_start else ''}"
        single_total[key] += 1
        if covered(scan_with(index, text), start, end, {"block", "confirm"}):
            single_hits[key] += 1
        else:
            single_misses.append((key, text[max(0, start - 30) : end + 30]))

    # Name-free narratives: ordinary uses of name words, then name words inside proper nouns.
    def name_free(sentences: list[str], count: int) -> tuple[int, int, Counter[str]]:
        blocks = asks = 0
        seen: Counter[str] = Counter()
        for _ in range(args.narratives):
            parts = [fill_template(rng, rng.choice(OPENERS))]
            parts += [fill_template(rng, t) for t in rng.sample(sentences, count)]
            parts.append(rng.choice(CLOSERS))
            found = scan_with(index, " ".join(parts))
            blocks += any(f.severity == "block" for f in found)
            asks += any(f.severity == "confirm" for f in found)
            for f in found:
                seen[f"{f.severity}: {f.text}"] += 1
        return blocks, asks, seen

    false_block, false_ask, false_findings = name_free(NAME_FREE, 4)
    proper_block, proper_ask, proper_findings = name_free(PROPER_NOUNS, 1)

    n = args.narratives
    print(f"Roster: {len(roster)} synthetic students; corpus: {n} narratives of each kind (seed {args.seed})")
    print(f"\nFull-name recall (blocked): {sum(full_hits.values())}/{n} = {100 * sum(full_hits.values()) / n:.1f}%")
    for form in sorted(full_total):
        print(f"  {form:22} {full_hits[form]:4}/{full_total[form]:<4} {100 * full_hits[form] / full_total[form]:5.1f}%")
    print(
        f"\nSingle-name recall (asked or blocked): {sum(single_hits.values())}/{n} = {100 * sum(single_hits.values()) / n:.1f}%"
    )
    for key in sorted(single_total):
        print(
            f"  {key:42} {single_hits[key]:4}/{single_total[key]:<4} {100 * single_hits[key] / single_total[key]:5.1f}%"
        )
    print(
        f"\nName-free narratives (ordinary words): false blocks {false_block}/{n} = {100 * false_block / n:.2f}%, "
        f"false asks {false_ask}/{n} = {100 * false_ask / n:.1f}%"
    )
    for text, count in false_findings.most_common(8):
        print(f"  {count:5}  {text}")
    print(
        f"Name-free narratives (name words in proper nouns): false blocks {proper_block}/{n} = "
        f"{100 * proper_block / n:.2f}%, false asks {proper_ask}/{n} = {100 * proper_ask / n:.1f}%"
    )
    for text, count in proper_findings.most_common(8):
        print(f"  {count:5}  {text}")
    for form, snippet in (misses + single_misses)[: args.show]:
        print(f"MISS {form}: ...{snippet}...")
    adversarial(args, roster)


# -- The adversarial corpus (issue 13) -------------------------------------------------------------

ADVERSARIAL_FAMILIES = [
    "St. Pierre", "Ste. Marie", "Mac Neil", "van der Berg", "De La Cruz", "d'Amato", "O'Neil-Ward",
    "St. John", "Van Buren", "Del Rio", "Da Silva", "Le Blanc", "D'Angelo", "O'Connor", "McNeil",
    "Saint-Laurent", "von Trapp", "Dos Santos",
]  # fmt: skip
UNREDUCED = [("Søren", "Jørgensen"), ("Łucja", "Wałęsa"), ("Ægir", "Strauß"), ("Đorđe", "Đukić"), ("Bjørn", "Ødegård")]
SPELLED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D"})
HOMOGLYPHS = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "i": "і",
    "A": "А",
    "E": "Е",
    "O": "Ο",
}
INVISIBLE = {
    "zero-width space": "\u200b",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "zero-width joiner": "\u200d",
}
SEPARATORS = {
    "no-break space": "\u00a0", "narrow no-break space": "\u202f", "line break": "\n", "CRLF": "\r\n",
    "tab": "\t", "several spaces": "   ", "line break and indent": "\n    ",
}  # fmt: skip
# Name-free sentences that look like the adversarial forms: abbreviations, labels, streets, numbers.
ADVERSARIAL_FREE = [
    "At 10:40 A.M. the SRO was in Hall B; at 1:15 P.M. Student B. was back in room 214.",
    "The parent lives off Main St. near the U.S. post office and the D.C. bus stop.",
    "Bus B Long route was late, so Section C students waited in the gym.",
    "Room 900 had 25 students; the 10 45 bell rang and 12 30 lunch began.",
    "Saint Patrick's Day decorations were torn down in wing C by Student A.",
    "The SRO used radio channel 2-4 and called dispatch at 11.05.",
    "Mac and cheese was thrown in the cafeteria; Student B. K. said nothing.",
    "Team A and Team B met in Lot C; the van was parked by Gate D.",
    "Student A said I will go; A teacher said no. The de facto rule is to wait.",
    "The incident report number 2026-118 was noted by the assistant principal.",
]
ADVERSARIAL_GIVEN = ["Jean", "Claire", "Fiona", "Anke", "Mary Ann", "Luca", "Sean", "Nadia", "Marco", "Ines"]


def _invisible_inside(rng: random.Random, name: str, char: str) -> str:
    letters = [i for i in range(1, len(name)) if name[i - 1].isalpha() and name[i].isalpha()]
    if not letters:
        return name
    i = rng.choice(letters)
    return name[:i] + char + name[i:]


def _homoglyphs(rng: random.Random, name: str) -> str:
    spots = [i for i, c in enumerate(name) if c in HOMOGLYPHS]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        name = name[:i] + HOMOGLYPHS[name[i]] + name[i + 1 :]
    return name


def _fullwidth(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)


def _id_with_separators(rng: random.Random, ident: str) -> str:
    sep = rng.choice(["-", " ", "."])
    cuts = sorted(rng.sample(range(1, len(ident)), rng.randint(1, 2)))
    parts = [ident[a:b] for a, b in zip([0, *cuts], [*cuts, len(ident)], strict=True)]
    return sep.join(parts)


def _family_forms(given: str, family: str) -> list[tuple[str, str]]:
    import re

    forms = [
        ("given family", f"{given} {family}"),
        ("Family, Given", f"{family}, {given}"),
        ("lower case", f"{given} {family}".lower()),
        ("CAPITALS", f"{family}, {given}".upper()),
        ("possessive", possessive(f"{given} {family}")),
        ("curly apostrophe", f"{given} {family}".replace("'", "’")),
        ("no full stop", f"{given} {family}".replace(".", "")),
    ]
    if " " in family or "-" in family:
        forms.append(("run together", f"{given} {re.sub(r'[ .-]', '', family)}"))
    if "-" in family:
        forms.append(("hyphen as space", f"{given} {family.replace('-', ' ')}"))
    if "'" in family:
        forms.append(("apostrophe dropped", f"{given} {family.replace(chr(39), '')}"))
    if family.startswith(("St. ", "Ste. ")):
        forms.append(("Saint spelled out", f"{given} {family.replace('Ste.', 'Sainte').replace('St.', 'Saint')}"))
    last = family.split()[-1]
    if " " in family and family.split()[0].lower().rstrip(".") in {
        "st",
        "ste",
        "van",
        "de",
        "del",
        "da",
        "le",
        "von",
        "dos",
    }:
        forms.append(("particle dropped, Family, Given", f"{last}, {given}"))
    return forms


def adversarial(args, roster) -> None:
    from types import SimpleNamespace

    from students import demo_roster
    from students.guard import scan_with
    from students.roster_index import RosterIndex, school_index

    rng = random.Random(args.seed + 1)
    n = max(200, args.narratives // 4)
    orgs = [org for org, _, _ in demo_roster.WESTPORT_LAYOUT]
    school_of = {org: i + 1 for i, org in enumerate(orgs)}
    index = RosterIndex(**school_index(list(demo_roster.WESTPORT_NAMES.values())))
    students = []
    for s in roster:
        index.add_student(
            given=s.given,
            family=s.family,
            middle=s.middle,
            preferred_given=s.preferred,
            identifiers=(s.identifier, s.sourced_id, s.email),
            school_id=school_of[s.org],
        )
        students.append((s.given, s.family, school_of[s.org], s.identifier))
    extra = [(g, f) for f in ADVERSARIAL_FAMILIES for g in rng.sample(ADVERSARIAL_GIVEN, 2)] + UNREDUCED
    added = []
    for k, (g, f) in enumerate(extra):
        school = rng.randint(1, len(orgs))
        index.add_student(given=g, family=f, identifiers=(f"{9100000 + k}",), school_id=school)
        added.append((g, f, school))

    def insert(name: str) -> tuple[str, int, int]:
        sentence = fill_template(rng, rng.choice(WITH_NAME), name="\0")
        text = narrative(rng, sentence)
        start = text.index("\0")
        return text.replace("\0", name), start, start + len(name)

    rows: list[tuple[str, str, int, int]] = []  # (rule, form, hits, total)
    misses: list[str] = []

    def measure(rule: str, cases, severities: set[str]) -> None:
        hits: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for form, name, school in cases:
            text, start, end = insert(name)
            totals[form] += 1
            found = scan_with(index, text, school=SimpleNamespace(pk=school) if school else None)
            if covered(found, start, end, severities):
                hits[form] += 1
            else:
                misses.append(f"{rule} / {form}: {name!r} -> {[(f.text, f.severity) for f in found]}")
        for form in sorted(totals):
            rows.append((rule, form, hits[form], totals[form]))

    def pick_added(multi_only: bool = False):
        pool = [a for a in added if not multi_only or a[1] in ADVERSARIAL_FAMILIES]
        return rng.choice(pool)

    # 1. Multi-word and punctuated family names: the full name blocks, the family name alone asks.
    cases = []
    for _ in range(n):
        g, f, _school = pick_added(multi_only=True)
        form, name = rng.choice(_family_forms(g, f))
        cases.append((form, name, None))
    measure("multi-word family: full name blocks", cases, {"block"})
    cases = []
    for _ in range(n):
        _g, f, _school = pick_added(multi_only=True)
        form, name = rng.choice([("as written", f), ("lower case", f.lower()), ("possessive", possessive(f))])
        cases.append((form, name, None))
    measure("multi-word family alone: asks", cases, {"block", "confirm"})

    # 2. Separators and invisible characters: the same finding as the clean form (block).
    cases = []
    for _ in range(n):
        g, f, _school, _ident = rng.choice(students)
        kind = rng.choice(["separator", "invisible", "look-alike letters", "fullwidth", "unreduced letters"])
        if kind == "separator":
            label, sep = rng.choice(list(SEPARATORS.items()))
            cases.append((label, f"{g}{sep}{f}", None))
        elif kind == "invisible":
            label, char = rng.choice(list(INVISIBLE.items()))
            name = f"{g} {f}"
            cases.append((f"{label} inside", _invisible_inside(rng, name, char), None))
        elif kind == "look-alike letters":
            cases.append(("Cyrillic/Greek look-alikes", _homoglyphs(rng, f"{g} {f}"), None))
        elif kind == "fullwidth":
            cases.append(("fullwidth letters", _fullwidth(f"{g} {f}"), None))
        else:
            g, f = rng.choice(UNREDUCED)
            written = rng.choice([f"{g} {f}", f"{g} {f}".translate(SPELLED)])
            cases.append(("ø ł æ ß đ, written or spelled", written, None))
    measure("separators and invisible characters: block", cases, {"block"})

    # 3. Partial forms of a student at the report's school.
    cases = []
    for _ in range(n):
        g, f, school, _ident = rng.choice(students)
        form, name = rng.choice(
            [
                ("N. Family", f"{g[0]}. {f}"),
                ("N Family", f"{g[0]} {f}"),
                ("Family, N.", f"{f}, {g[0]}."),
                ("Given F.", f"{g} {f[0]}."),
            ]
        )
        cases.append((form, name, school))
    measure("partial forms: block", cases, {"block"})
    cases = [("N.K.", f"{g[0]}.{f[0]}.", school) for g, f, school, _ in rng.sample(students, n)]
    measure("initials alone: ask", cases, {"block", "confirm"})

    # 4. Student IDs in groups.
    cases = [("ID with separators", _id_with_separators(rng, ident), None) for *_, ident in rng.sample(students, n)]
    measure("student ID with separators: block", cases, {"block"})

    # 5. Scope: a single name of a student of another school than the report's.
    cases = []
    for _ in range(n):
        g, f, school, _ident = rng.choice(students)
        other = rng.choice([k for k in range(1, len(orgs) + 1) if k != school])
        word = rng.choice([g, f])
        if word.lower() in {"will", "may", "hope", "grant", "young", "long", "bell"}:
            word = possessive(word)  # a name use, not the ordinary word
        cases.append(("single name, other school", word, other))
    measure("scope: single name of another school asks", cases, {"block", "confirm"})

    # 6. Name-free narratives through the same transformations.
    blocks = asks = 0
    seen: Counter[str] = Counter()
    for _ in range(n * 4):
        parts = [fill_template(rng, rng.choice(OPENERS))]
        parts += rng.sample(ADVERSARIAL_FREE, 2) + [fill_template(rng, t) for t in rng.sample(NAME_FREE, 2)]
        text = " ".join(parts)
        for _ in range(rng.randint(1, 4)):
            spaces = [i for i, c in enumerate(text) if c == " "]
            i = rng.choice(spaces)
            text = text[:i] + rng.choice(list(SEPARATORS.values())) + text[i + 1 :]
        words = text.split(" ")
        k = rng.randrange(len(words))
        if len(words[k]) > 2:
            words[k] = rng.choice([_homoglyphs(rng, words[k]), _invisible_inside(rng, words[k], "\u200b")])
        found = scan_with(index, " ".join(words), school=SimpleNamespace(pk=rng.randint(1, len(orgs))))
        blocks += any(f.severity == "block" for f in found)
        if any(f.severity == "block" for f in found) and len(misses) < 1000:
            misses.append(f"FALSE BLOCK: {' '.join(words)!r} -> {[(f.text, f.severity) for f in found]}")
        asks += any(f.severity == "confirm" for f in found)
        for f in found:
            seen[f"{f.severity}: {f.text!r}"] += 1

    print(f"\nADVERSARIAL corpus (issue 13): {len(added)} more students with multi-word, punctuated and")
    print(f"non-English family names; {n} narratives per rule (seed {args.seed + 1})")
    current = None
    for rule, form, hits, total in rows:
        if rule != current:
            rule_hits = sum(h for r, _, h, _ in rows if r == rule)
            rule_total = sum(t for r, _, _, t in rows if r == rule)
            print(f"{rule}: {rule_hits}/{rule_total} = {100 * rule_hits / rule_total:.1f}%")
            current = rule
        print(f"  {form:36} {hits:4}/{total:<4} {100 * hits / total:5.1f}%")
    total = n * 4
    print(
        f"Name-free adversarial narratives: false blocks {blocks}/{total} = {100 * blocks / total:.2f}%, "
        f"false asks {asks}/{total} = {100 * asks / total:.1f}%"
    )
    for text, count in seen.most_common(8):
        print(f"  {count:5}  {text}")
    for line in misses[: args.show]:
        print(f"MISS {line}")


if __name__ == "__main__":
    main()
