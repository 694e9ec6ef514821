"""Read a OneRoster 1.1 or 1.2 CSV bundle and the district's disability extract (VII.6).

Reading changes nothing: it returns the students found, or every problem found, each with
its file, line and column, so that an import can be all-or-nothing (S.4). Only students are
read, and of them only what the roster keeps (see students.models).

Real exports differ from the specification's examples (docs/imports.md, "OneRoster"): column
names in any case and with spaces around them, the older names of 1.0/1.1-era exports, empty
columns a spreadsheet added, demographics for every user or none at all. The reader takes all
of these, and refuses only what it cannot read, naming what it found and what it needs.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

REQUIRED_FILES = ("manifest.csv", "orgs.csv", "users.csv")
OPTIONAL_FILES = ("roles.csv", "enrollments.csv", "demographics.csv", "disability.csv")
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}
SEXES = {"1.1": {"male", "female"}, "1.2": {"male", "female", "other", "unspecified"}}
# What some exports write for OneRoster's sex values.
SEX_WORDS = {"m": "male", "f": "female"}
RACE_COLUMNS = {
    "hispanicOrLatinoEthnicity": "hispanic_latino",
    "white": "white",
    "blackOrAfricanAmerican": "black",
    "nativeHawaiianOrOtherPacificIslander": "pacific_islander",
    "asian": "asian",
    "americanIndianOrAlaskaNative": "american_indian",
}
# The columns this reader uses, by file; any other column is ignored.
COLUMNS = {
    "manifest.csv": ["propertyName", "value"],
    "orgs.csv": ["sourcedId", "name", "type", "identifier"],
    "users.csv": [
        "sourcedId",
        "status",
        "role",
        "orgSourcedIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "username",
        "email",
        "grades",
        "preferredGivenName",
        "preferredFamilyName",
        "preferredFirstName",
        "preferredLastName",
        "primaryOrgSourcedId",
    ],
    "roles.csv": ["userSourcedId", "role", "roleType", "orgSourcedId", "status"],
    "demographics.csv": ["sourcedId", "birthDate", "sex", *RACE_COLUMNS],
    "disability.csv": ["sourcedId", "IDEA", "Section504"],
}
# Older or vendor names of those columns (compared without case): 1.0/1.1-era exports name the
# demographics' user "userSourcedId"; some write "grade" for "grades" or "gender" for "sex".
ALIASES = {
    "demographics.csv": {"usersourcedid": "sourcedId", "gender": "sex", "dateofbirth": "birthDate"},
    "users.csv": {
        "grade": "grades",
        "orgsourcedid": "orgSourcedIds",
        "firstname": "givenName",
        "lastname": "familyName",
    },
    "disability.csv": {"usersourcedid": "sourcedId", "section 504": "Section504", "section_504": "Section504"},
}
# The longest value the roster stores of each (students.models); a longer one is refused, not cut.
MAX_LENGTHS = {"grade": 20, "org_type": 40}
MAX_LENGTH = 255
MAX_PROBLEMS = 500  # enough to fix a file by; a wholly wrong file would otherwise list every line

# A zip is read entry by entry with these caps, so that a small upload cannot expand into
# gigabytes in a web request or the worker (a "zip bomb"). 50,000 students are about 15 MB.
MAX_ZIP_ENTRIES = 200
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# CSV of real people compresses about 4 to 10 times; a far higher ratio is not a roster.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small files may compress well (a header and few rows)
CHUNK = 1024 * 1024

NEEDS = (
    "The importer needs a OneRoster 1.1 or 1.2 CSV export: manifest.csv, orgs.csv and users.csv "
    "(and roles.csv for 1.2; demographics.csv and disability.csv are optional). Ask your student "
    "information system for a OneRoster CSV export."
)
# Other roster formats, by the files that give them away (names compared in lower case).
OTHER_FORMATS = [
    ("a Clever export", {"schools.csv", "students.csv", "teachers.csv", "sections.csv", "enrollments.csv"}),
    (
        "a Microsoft School Data Sync (SDS) export",
        {"school.csv", "student.csv", "teacher.csv", "section.csv", "studentenrollment.csv", "teacherroster.csv"},
    ),
]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


class ImportRefused(Exception):
    """The bundle has problems; nothing was changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))


def refuse(file: str, message: str) -> ImportRefused:
    return ImportRefused([Problem(file, 0, "", message)])


@dataclass
class Org:
    sourced_id: str
    name: str
    identifier: str
    org_type: str


@dataclass
class Bundle:
    """What a bundle says about the district's students."""

    version: str = "1.1"
    bulk: bool = True
    orgs: dict[str, Org] = field(default_factory=dict)
    # sourcedId -> the Student fields, in the order users.csv lists them
    students: dict[str, dict[str, object]] = field(default_factory=dict)
    # sourcedId -> Form A's "known disability" (IDEA or Section 504), when there is an extract
    disability: dict[str, bool] | None = None
    # False when the export carries no demographics (manifest "absent", or no demographics.csv)
    has_demographics: bool = True
    # What the steward should know, though it does not stop the import.
    notes: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    return name.strip().casefold()


def _loose(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


class Reader:
    """Collect problems while reading; refuse at the end if there are any."""

    def __init__(self, files: dict[str, bytes], progress: Callable[[int, int], None] | None = None):
        self.files = files
        self.problems: list[Problem] = []
        # Files that could not be read at all: checks against them would only repeat the problem.
        self.unreadable: set[str] = set()
        self.progress = progress or (lambda done, total: None)
        self.total = sum(data.count(b"\n") for name, data in files.items() if name != "manifest.csv") or 1
        self.done = 0

    def problem(self, file: str, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, line, column, message))

    def header(self, name: str) -> list[str] | None:
        """NAME's header as this reader names the columns, or None when it cannot be read."""
        text = self.text(name)
        if text is None:
            return None
        try:
            raw = next(csv.reader(io.StringIO(text, newline="")), None)
        except csv.Error:
            return None
        return self._names(name, raw) if raw else None

    def _names(self, name: str, raw: list[str]) -> list[str]:
        """RAW's column names as this reader knows them; "" for a column to ignore."""
        columns = {_key(c): c for c in COLUMNS.get(name, [])}
        aliases = ALIASES.get(name, {})
        names = [columns.get(_key(h)) or aliases.get(_key(h)) or h.strip() for h in raw]
        direct = {columns[_key(h)] for h in raw if _key(h) in columns}
        seen: set[str] = set()
        for i, h in enumerate(raw):
            older = _key(h) in aliases and _key(h) not in columns
            # Where an export has both a column and its older name, the column wins; of two
            # columns with one name, the first.
            if (older and names[i] in direct) or names[i] in seen:
                names[i] = ""
            seen.add(names[i])
        return names

    def rows(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each record of NAME, after checking its encoding and header.

        Column names are matched without regard to case or surrounding spaces, older names are
        accepted, and columns this reader does not use (or with no name at all) are ignored.
        """
        text = self.text(name)
        if text is None:
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            raw = next(reader)
        except StopIteration:
            self.problem(name, 1, "", "the file is empty; it needs a header line")
            self.unreadable.add(name)
            return
        except csv.Error as e:
            self.problem(name, 1, "", f"not a CSV file ({e})")
            self.unreadable.add(name)
            return
        header = self._names(name, raw)
        missing = [h for h in required if h not in header]
        for h in missing:
            self.problem(name, 1, h, f"missing column {h!r} in the header line{_closest(h, raw, required)}")
        if missing:
            self.unreadable.add(name)
            return
        used = [(i, h) for i, h in enumerate(header) if h]
        width = len(header)
        # A spreadsheet may end the header with empty columns the rows do not have, or the rows
        # with empty fields the header does not have: neither loses anything.
        least = max(i for i, _ in used) + 1
        line = 1
        try:
            for record in reader:
                line = reader.line_num
                self.done += 1
                if self.done % 2000 == 0:
                    self.progress(self.done, self.total)
                if not record or not any(f.strip() for f in record):
                    continue
                if len(record) < least or (len(record) > width and any(f.strip() for f in record[width:])):
                    self.problem(name, line, "", f"{len(record)} fields where the header has {width}")
                    continue
                yield line, {h: record[i] for i, h in used}
        except csv.Error as e:
            self.problem(name, line + 1, "", f"unreadable CSV ({e})")

    def text(self, name: str) -> str | None:
        data = self.files.get(name)
        if data is None:
            return None
        try:
            # utf-8-sig: exports from Windows tools often start with a byte-order mark.
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            if name in self.unreadable:
                return None
            before = data[: e.start]
            line = before.count(b"\n") + 1
            column = e.start - (before.rfind(b"\n") + 1) + 1
            self.problem(name, line, str(column), "the file is not UTF-8; save it as UTF-8 and upload it again")
            self.unreadable.add(name)
            return None

    def done_reading(self) -> None:
        self.progress(self.total, self.total)
        if self.problems:
            raise ImportRefused(self.problems)


def _closest(wanted: str, raw: list[str], required: tuple[str, ...]) -> str:
    """'; the closest column present is ...', naming the header's nearest spelling of WANTED."""
    present = [h.strip() for h in raw if h.strip() and h.strip() not in required]
    by_loose = {_loose(h): h for h in present}
    match = difflib.get_close_matches(_loose(wanted), list(by_loose), n=1, cutoff=0.6)
    return f"; the closest column present is {by_loose[match[0]]!r}" if match else ""


def looks_like(names: set[str]) -> str:
    """What a set of file names that is not a OneRoster bundle looks like, in words."""
    for what, marks in OTHER_FORMATS:
        if len(names & marks) >= 2:
            return what
    if {"orgs.csv", "users.csv"} <= names:
        return "a OneRoster-like export without manifest.csv (School Data Sync v2 writes these)"
    shown = ", ".join(sorted(names)[:8]) or "no CSV files"
    return f"a set of files that is not OneRoster ({shown})"


def read_bundle(files: dict[str, bytes], progress: Callable[[int, int], None] | None = None) -> Bundle:
    """Read a OneRoster bundle given as {file name: bytes}; raise ImportRefused on any problem."""
    r = Reader(files, progress)
    bundle = Bundle()
    manifest: dict[str, str] = {}
    if "manifest.csv" not in files:
        # OneRoster 1.0 had no manifest: its users.csv says each user's role and orgs itself.
        header = r.header("users.csv") if "orgs.csv" in files else None
        if header is None or not {"role", "orgSourcedIds"} <= set(header):
            raise refuse("upload", f"This looks like {looks_like(set(files))}, not a OneRoster bundle. {NEEDS}")
        bundle.notes.append("The export has no manifest.csv; it was read as OneRoster 1.0/1.1 (users.csv with roles).")
    for name in REQUIRED_FILES[1:]:
        if name not in files:
            r.problem(name, 0, "", "the file is missing from the bundle")
    if r.problems:
        r.done_reading()

    if "manifest.csv" in files:
        manifest = {
            row["propertyName"].strip().casefold(): row["value"].strip()
            for _, row in r.rows("manifest.csv", ("propertyName", "value"))
        }
    version = manifest.get("oneroster.version", "1.1")
    if version in ("1.0", "1.1.0"):
        version = "1.1"
    elif version == "1.2.0":
        version = "1.2"
    if version not in SEXES:
        r.problem("manifest.csv", 0, "value", f"OneRoster version {version!r} is not 1.0, 1.1 or 1.2")
        version = "1.2"
    bundle.version = version
    bundle.bulk = manifest.get("file.users", "bulk").lower() != "delta"

    for line, row in r.rows("orgs.csv", ("sourcedId", "name", "type")):
        sid = row["sourcedId"].strip()
        if not sid:
            r.problem("orgs.csv", line, "sourcedId", "empty sourcedId")
            continue
        org = Org(sid, row["name"].strip(), row.get("identifier", "").strip(), row["type"].strip())
        if max(len(org.sourced_id), len(org.name), len(org.identifier)) > MAX_LENGTH or len(org.org_type) > 40:
            r.problem("orgs.csv", line, "", f"a value is longer than the roster keeps ({MAX_LENGTH} characters)")
            continue
        bundle.orgs[sid] = org

    everyone = _read_users(r, bundle)
    if bundle.bulk and not bundle.students and "users.csv" not in r.unreadable:
        r.problem(
            "users.csv",
            0,
            "",
            "the file lists no students: a bulk import with no students would make every student inactive",
        )
    if manifest.get("file.demographics", "").lower() == "absent" or "demographics.csv" not in files:
        bundle.has_demographics = False
        bundle.notes.append(
            "The district's export carries no demographics (birth date, sex, race/ethnicity): Form A's "
            "age, gender and race/ethnicity will be entered by the SRO."
        )
    else:
        _read_demographics(r, bundle, everyone)
    if "disability.csv" in files and manifest.get("file.disability", "").lower() != "absent":
        known = None if "users.csv" in r.unreadable else set(bundle.students)
        bundle.disability = read_disability(r, "disability.csv", known)
    r.done_reading()
    return bundle


def _read_users(r: Reader, bundle: Bundle) -> set[str]:
    """Read the students into BUNDLE; return the sourcedId of every user, students or not."""
    header = r.header("users.csv") or []
    # A 1.2 bundle keeps roles in roles.csv; some exports labelled 1.2 still put them in users.csv.
    roles_in_users = bundle.version == "1.1" or (
        "roles.csv" not in r.files and {"role", "orgSourcedIds"} <= set(header)
    )
    required: tuple[str, ...] = ("sourcedId", "givenName", "familyName")
    if roles_in_users:
        required += ("role", "orgSourcedIds")
    student_orgs: dict[str, str] = {}
    if not roles_in_users:
        student_orgs = _read_roles(r, bundle)

    everyone: set[str] = set()
    first_line: dict[str, int] = {}
    for line, row in r.rows("users.csv", required):
        sid = row["sourcedId"].strip()
        everyone.add(sid)
        if roles_in_users:
            if row["role"].strip().lower() != "student":
                continue
            orgs = [o.strip() for o in row["orgSourcedIds"].split(",") if o.strip()]
            schools = [o for o in orgs if o in bundle.orgs and bundle.orgs[o].org_type.lower() == "school"] or orgs
            org = schools[0] if schools else ""
            for o in orgs:
                if o not in bundle.orgs:
                    r.problem("users.csv", line, "orgSourcedIds", f"org {o!r} is not in orgs.csv")
        else:
            if sid not in student_orgs:
                continue  # not a student, by roles.csv
            org = row.get("primaryOrgSourcedId", "").strip() or student_orgs[sid]
        if not sid:
            r.problem("users.csv", line, "sourcedId", "empty sourcedId")
            continue
        if sid in first_line:
            r.problem("users.csv", line, "sourcedId", f"duplicate sourcedId {sid!r} (also on line {first_line[sid]})")
            continue
        first_line[sid] = line
        given, family = row["givenName"].strip(), row["familyName"].strip()
        if not given:
            r.problem("users.csv", line, "givenName", "empty givenName")
        if not family:
            r.problem("users.csv", line, "familyName", "empty familyName")
        status = row.get("status", "").strip().lower()
        student = {
            "identifier": row.get("identifier", "").strip(),
            "username": row.get("username", "").strip(),
            "email": row.get("email", "").strip(),
            "given_name": given,
            "family_name": family,
            "middle_name": row.get("middleName", "").strip(),
            "preferred_given_name": (row.get("preferredGivenName") or row.get("preferredFirstName") or "").strip(),
            "preferred_family_name": (row.get("preferredFamilyName") or row.get("preferredLastName") or "").strip(),
            "org_sourced_id": org,
            "grade": row.get("grades", "").split(",")[0].strip(),
            "active": status != "tobedeleted",
        }
        for key, value in student.items():
            limit = MAX_LENGTHS.get(key, MAX_LENGTH)
            if isinstance(value, str) and len(value) > limit:
                r.problem(
                    "users.csv", line, "", f"{key} is {len(value)} characters long; the roster keeps at most {limit}"
                )
        bundle.students[sid] = student
    return everyone


def _read_roles(r: Reader, bundle: Bundle) -> dict[str, str]:
    """OneRoster 1.2 keeps roles apart: each student's primary org, from roles.csv."""
    if "roles.csv" not in r.files:
        r.problem("roles.csv", 0, "", "OneRoster 1.2 bundles need roles.csv to tell students apart")
        return {}
    orgs: dict[str, str] = {}
    for line, row in r.rows("roles.csv", ("userSourcedId", "role", "orgSourcedId")):
        if row["role"].strip().lower() != "student" or row.get("status", "").strip().lower() == "tobedeleted":
            continue
        user, org = row["userSourcedId"].strip(), row["orgSourcedId"].strip()
        if org not in bundle.orgs:
            r.problem("roles.csv", line, "orgSourcedId", f"org {org!r} is not in orgs.csv")
        if user not in orgs or row.get("roleType", "").strip().lower() == "primary":
            orgs[user] = org
    return orgs


def _read_demographics(r: Reader, bundle: Bundle, everyone: set[str]) -> None:
    """Birth date, sex and race/ethnicity of the students; rows of other users are skipped."""
    sexes = SEXES[bundle.version]
    nobody = 0
    for line, row in r.rows("demographics.csv", ("sourcedId",)):
        sid = row["sourcedId"].strip()
        student = bundle.students.get(sid)
        if student is None:
            # demographics.csv covers teachers and staff too; a row naming no user is counted.
            if sid not in everyone and "users.csv" not in r.unreadable:
                nobody += 1
            continue
        raw_date = row.get("birthDate", "").strip()
        if raw_date:
            try:
                # Some exports write a time after the date (2010-03-15T00:00:00Z).
                student["birth_date"] = date.fromisoformat(raw_date[:10] if "T" in raw_date else raw_date)
            except ValueError:
                r.problem("demographics.csv", line, "birthDate", f"{raw_date!r} is not a date (YYYY-MM-DD)")
        sex = row.get("sex", "").strip().lower()
        sex = SEX_WORDS.get(sex, sex)
        if sex and sex not in sexes:
            allowed = ", ".join(sorted(sexes))
            r.problem(
                "demographics.csv",
                line,
                "sex",
                f"unknown sex {row['sex']!r}; OneRoster {bundle.version} allows {allowed}",
            )
        student["sex"] = sex
        # Blank is unknown, not "no": a student whose race/ethnicity columns are all blank has
        # none recorded, and the SRO enters it (VII.6). Where the district marked some, a blank
        # beside them is not marked.
        said = False
        for column, field_name in RACE_COLUMNS.items():
            value = row.get(column, "").strip().lower()
            if value in TRUE_WORDS:
                student[field_name] = True
                said = True
            elif value in FALSE_WORDS:
                student[field_name] = False
                said = True
            elif value == "":
                student[field_name] = False
            else:
                r.problem("demographics.csv", line, column, f"{row[column]!r} is not true or false")
        student["race_known"] = said
    if nobody:
        bundle.notes.append(
            f"{nobody} demographics row{'s' if nobody != 1 else ''} name{'' if nobody != 1 else 's'} "
            "nobody in users.csv; skipped."
        )


def read_disability(r: Reader, name: str, known: set[str] | None) -> dict[str, bool]:
    """The district's extract: sourcedId,IDEA,Section504 with yes/no or true/false.

    Only Form A's answer is kept: whether the student has a known disability (IDEA or 504).
    """
    result: dict[str, bool] = {}
    first_line: dict[str, int] = {}
    for line, row in r.rows(name, ("sourcedId", "IDEA", "Section504")):
        sid = row["sourcedId"].strip()
        if known is not None and sid not in known:
            r.problem(name, line, "sourcedId", f"no student with sourcedId {sid!r}")
            continue
        if sid in first_line:
            r.problem(name, line, "sourcedId", f"duplicate sourcedId {sid!r} (also on line {first_line[sid]})")
            continue
        first_line[sid] = line
        flags = []
        for column in ("IDEA", "Section504"):
            value = row[column].strip().lower()
            if value in TRUE_WORDS:
                flags.append(True)
            elif value in FALSE_WORDS:
                flags.append(False)
            else:
                flags.append(False)
                r.problem(name, line, column, f"{row[column]!r} is not yes, no, true or false")
        result[sid] = flags[0] or flags[1]
    return result


def read_disability_file(data: bytes, known: set[str]) -> dict[str, bool]:
    """A disability extract uploaded on its own."""
    r = Reader({"disability.csv": data})
    result = read_disability(r, "disability.csv", known)
    r.done_reading()
    return result


def files_from(source: str | Path | bytes | BinaryIO, filename: str = "") -> dict[str, bytes]:
    """{file name: bytes} from a folder, a .zip (path, bytes or file), or a single CSV."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        found = [p for p in Path(source).iterdir() if p.suffix.lower() == ".csv" and p.is_file()]
        if sum(p.stat().st_size for p in found) > MAX_UNZIPPED_BYTES:
            raise refuse(str(source), f"the CSV files add up to more than {MAX_UNZIPPED_BYTES // 2**20} MB")
        return {p.name.lower(): p.read_bytes() for p in found}
    if isinstance(source, str | Path):
        filename = filename or Path(source).name
        with open(source, "rb") as f:
            if f.read(4) == b"PK\x03\x04":
                f.seek(0)
                return read_zip(f, filename)
            if Path(source).stat().st_size > MAX_UNZIPPED_BYTES:
                raise refuse(filename, f"the file is larger than {MAX_UNZIPPED_BYTES // 2**20} MB")
            f.seek(0)
            data = f.read()
    elif isinstance(source, bytes):
        data = source
    else:
        if source.read(4) == b"PK\x03\x04":
            source.seek(0)
            return read_zip(source, filename)
        source.seek(0)
        data = source.read(MAX_UNZIPPED_BYTES + 1)
    if data[:4] == b"PK\x03\x04":
        return read_zip(io.BytesIO(data), filename)
    if filename.lower().endswith(".csv"):
        return {Path(filename).name.lower(): data}
    raise refuse(filename or "upload", "upload a .zip of OneRoster CSV files, or disability.csv")


def read_zip(f: BinaryIO, filename: str = "") -> dict[str, bytes]:
    """The CSV files of a zip, read entry by entry within the caps; refuse anything unsafe.

    The sizes a zip declares are checked first (quick), then the bytes actually inflated
    (a zip can lie about its sizes), so reading stops at the cap rather than at the end.
    """
    where = filename or "upload"
    try:
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise refuse(
                    where, f"the zip has {len(infos)} entries; a OneRoster export has at most {MAX_ZIP_ENTRIES}"
                )
            wanted = []
            for info in infos:
                name = info.filename
                if _unsafe(name):
                    raise refuse(
                        where, f"the zip entry {name[:100]!r} points outside the zip's folder; nothing was read"
                    )
                lower = name.lower()
                if info.is_dir() or not lower.endswith(".csv") or "__macosx" in lower:
                    continue
                wanted.append(info)
            declared = sum(i.file_size for i in wanted)
            if declared > MAX_UNZIPPED_BYTES:
                raise refuse(where, _too_big(declared))
            for info in wanted:
                if _bomb(info.file_size, info.compress_size):
                    raise refuse(where, _bomb_message(info.filename))
            files: dict[str, bytes] = {}
            total = 0
            for info in wanted:
                # Exports put the files at the top or in one folder; the folder does not matter.
                key = PurePosixPath(info.filename.replace("\\", "/")).name.lower()
                parts = []
                size = 0
                with z.open(info) as entry:
                    while chunk := entry.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if total > MAX_UNZIPPED_BYTES:
                            raise refuse(where, _too_big(total))
                        if _bomb(size, info.compress_size):
                            raise refuse(where, _bomb_message(key))
                        parts.append(chunk)
                files[key] = b"".join(parts)
            return files
    except zipfile.BadZipFile as e:
        raise refuse(where, f"not a readable .zip file ({e})") from e
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as e:
        raise refuse(where, f"the .zip cannot be read ({e}); zip the CSV files again without a password") from e


def _unsafe(name: str) -> bool:
    """An entry name with .. or an absolute path (a "zip slip"), in either slash."""
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        return True
    return ".." in re.split(r"[\\/]", name)


def _bomb(size: int, compressed: int) -> bool:
    return size > RATIO_FROM_BYTES and size > MAX_RATIO * max(compressed, 1)


def _bomb_message(name: str) -> str:
    return (
        f"{PurePosixPath(name).name[:100]} expands more than {MAX_RATIO} times its compressed size, "
        "which no roster export does; nothing was read"
    )


def _too_big(size: int) -> str:
    return (
        f"the zip expands to more than {MAX_UNZIPPED_BYTES // 2**20} MB ({size // 2**20} MB read so far); "
        "a OneRoster export of 50,000 students is about 15 MB"
    )
