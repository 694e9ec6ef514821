"""Read a OneRoster 1.1 or 1.2 CSV bundle and the district's disability extract (VII.6).

Reading changes nothing: it returns the students found, or every problem found, each with
its file, line and column, so that an import can be all-or-nothing (S.4). Only students are
read, and of them only what the roster keeps (see students.models).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REQUIRED_FILES = ("manifest.csv", "orgs.csv", "users.csv", "demographics.csv")
OPTIONAL_FILES = ("roles.csv", "enrollments.csv", "disability.csv")
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}
SEXES = {"1.1": {"male", "female"}, "1.2": {"male", "female", "other", "unspecified"}}
RACE_COLUMNS = {
    "hispanicOrLatinoEthnicity": "hispanic_latino",
    "white": "white",
    "blackOrAfricanAmerican": "black",
    "nativeHawaiianOrOtherPacificIslander": "pacific_islander",
    "asian": "asian",
    "americanIndianOrAlaskaNative": "american_indian",
}
MAX_PROBLEMS = 500  # enough to fix a file by; a wholly wrong file would otherwise list every line


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
    # sourcedId -> (IDEA, Section 504), when the bundle or upload has a disability extract
    disability: dict[str, tuple[bool, bool]] | None = None


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

    def rows(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each record of NAME, after checking its encoding and header."""
        text = self.text(name)
        if text is None:
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            self.problem(name, 1, "", "the file is empty; it needs a header line")
            return
        except csv.Error as e:
            self.problem(name, 1, "", f"not a CSV file ({e})")
            return
        missing = [h for h in required if h not in header]
        for h in missing:
            self.problem(name, 1, h, f"missing column {h!r} in the header line")
        if missing:
            self.unreadable.add(name)
            return
        width = len(header)
        line = 1
        try:
            for record in reader:
                line = reader.line_num
                self.done += 1
                if self.done % 2000 == 0:
                    self.progress(self.done, self.total)
                if not record or record == [""]:
                    continue
                if len(record) != width:
                    self.problem(name, line, "", f"{len(record)} fields where the header has {width}")
                    continue
                yield line, dict(zip(header, record, strict=True))
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


def read_bundle(files: dict[str, bytes], progress: Callable[[int, int], None] | None = None) -> Bundle:
    """Read a OneRoster bundle given as {file name: bytes}; raise ImportRefused on any problem."""
    r = Reader(files, progress)
    bundle = Bundle()
    for name in REQUIRED_FILES:
        if name not in files:
            r.problem(name, 0, "", "the file is missing from the bundle")
    if r.problems:
        r.done_reading()

    manifest = {
        row["propertyName"].strip(): row["value"].strip()
        for _, row in r.rows("manifest.csv", ("propertyName", "value"))
    }
    version = manifest.get("oneroster.version", "1.1")
    if version not in SEXES:
        r.problem("manifest.csv", 0, "value", f"OneRoster version {version!r} is not 1.1 or 1.2")
        version = "1.2"
    bundle.version = version
    bundle.bulk = manifest.get("file.users", "bulk").lower() != "delta"

    for line, row in r.rows("orgs.csv", ("sourcedId", "name", "type")):
        sid = row["sourcedId"].strip()
        if not sid:
            r.problem("orgs.csv", line, "sourcedId", "empty sourcedId")
            continue
        bundle.orgs[sid] = Org(sid, row["name"].strip(), row.get("identifier", "").strip(), row["type"].strip())

    _read_users(r, bundle)
    _read_demographics(r, bundle)
    if "disability.csv" in files:
        known = None if "users.csv" in r.unreadable else set(bundle.students)
        bundle.disability = read_disability(r, "disability.csv", known)
    r.done_reading()
    return bundle


def _read_users(r: Reader, bundle: Bundle) -> None:
    required: tuple[str, ...] = ("sourcedId", "givenName", "familyName")
    if bundle.version == "1.1":
        required += ("role", "orgSourcedIds")
    student_orgs: dict[str, str] = {}
    if bundle.version == "1.2":
        student_orgs = _read_roles(r, bundle)

    first_line: dict[str, int] = {}
    for line, row in r.rows("users.csv", required):
        sid = row["sourcedId"].strip()
        if bundle.version == "1.1":
            if row["role"].strip().lower() != "student":
                continue
            orgs = [o.strip() for o in row["orgSourcedIds"].split(",") if o.strip()]
            schools = [o for o in orgs if o in bundle.orgs and bundle.orgs[o].org_type == "school"] or orgs
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
        bundle.students[sid] = {
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


def _read_demographics(r: Reader, bundle: Bundle) -> None:
    sexes = SEXES[bundle.version]
    for line, row in r.rows("demographics.csv", ("sourcedId", "birthDate", "sex", *RACE_COLUMNS)):
        sid = row["sourcedId"].strip()
        student = bundle.students.get(sid)
        if student is None:
            if "users.csv" in r.unreadable:
                continue
            r.problem("demographics.csv", line, "sourcedId", f"no student with sourcedId {sid!r} in users.csv")
            continue
        raw_date = row["birthDate"].strip()
        if raw_date:
            try:
                student["birth_date"] = date.fromisoformat(raw_date)
            except ValueError:
                r.problem("demographics.csv", line, "birthDate", f"{raw_date!r} is not a date (YYYY-MM-DD)")
        sex = row["sex"].strip().lower()
        if sex and sex not in sexes:
            allowed = ", ".join(sorted(sexes))
            r.problem(
                "demographics.csv",
                line,
                "sex",
                f"unknown sex {row['sex']!r}; OneRoster {bundle.version} allows {allowed}",
            )
        student["sex"] = sex
        for column, field_name in RACE_COLUMNS.items():
            value = row[column].strip().lower()
            if value in TRUE_WORDS:
                student[field_name] = True
            elif value in FALSE_WORDS or value == "":
                student[field_name] = False
            else:
                r.problem("demographics.csv", line, column, f"{row[column]!r} is not true or false")


def read_disability(r: Reader, name: str, known: set[str] | None) -> dict[str, tuple[bool, bool]]:
    """The district's extract: sourcedId,IDEA,Section504 with yes/no or true/false."""
    result: dict[str, tuple[bool, bool]] = {}
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
        result[sid] = (flags[0], flags[1])
    return result


def read_disability_file(data: bytes, known: set[str]) -> dict[str, tuple[bool, bool]]:
    """A disability extract uploaded on its own."""
    r = Reader({"disability.csv": data})
    result = read_disability(r, "disability.csv", known)
    r.done_reading()
    return result


def files_from(source: str | Path | bytes | io.IOBase, filename: str = "") -> dict[str, bytes]:
    """{file name: bytes} from a folder, a .zip (path, bytes or file), or a single CSV."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        return {p.name.lower(): p.read_bytes() for p in Path(source).iterdir() if p.suffix.lower() == ".csv"}
    if isinstance(source, str | Path):
        filename = filename or Path(source).name
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                # Exports put the files at the top or in one folder; the folder does not matter.
                return {
                    Path(info.filename).name.lower(): z.read(info)
                    for info in z.infolist()
                    if not info.is_dir()
                    and info.filename.lower().endswith(".csv")
                    and "__macosx" not in info.filename.lower()
                }
        except zipfile.BadZipFile as e:
            raise ImportRefused([Problem(filename or "upload", 0, "", f"not a readable .zip file ({e})")]) from e
    if filename.lower().endswith(".csv"):
        return {Path(filename).name.lower(): data}
    raise ImportRefused(
        [Problem(filename or "upload", 0, "", "upload a .zip of OneRoster CSV files, or disability.csv")]
    )
