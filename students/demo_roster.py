"""Write a synthetic OneRoster export: the demo's Westport-sized district, or any size for tests.

Every person is made up: names are drawn at random from lists of common given and family
names of many origins, including names that are also ordinary words (Will, May, Hope, Grant,
Young, Long, Bell), so that the no-names guard meets them.

    python -m students.demo_roster demo/oneroster/westport.zip        # the demo (about 5,800)
    python -m students.demo_roster /tmp/big --students 50000        # a benchmark bundle
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

GIVEN_NAMES = """
Aaliyah Aaron Abigail Adam Adrian Aisha Alejandro Alexander Alexis Ali Alice Amara Amelia Ana Andre
Andrew Angel Anna Anthony Aria Arjun Asher Ava Ayesha Benjamin Bianca Brandon Brianna Caleb Camila
Carlos Caroline Charlotte Chloé Christopher Claire Daniel David Declan Diego Dmitri Elena Eli Elijah
Elizabeth Ella Emily Emma Ethan Eva Ezra Fatima Felix Finn Gabriel Gianna Grace Hannah Harper Hassan
Henry Hiroshi Ian Imani Isaac Isabella Ivan Jack Jacob James Jasmine Javier Jayden Jin John Jordan
José Joseph Joshua Julia Julian Kai Kayla Kenji Khalil Layla Leah Leo Liam Lily Lucas Lucía Luis
Maya Mei Mia Michael Miguel Mila Mohammed Naomi Nathan Nia Noah Nora Olivia Omar Oscar Owen Priya
Rafael Ravi Rebecca Renée Riley Rohan Ryan Samuel Santiago Sara Sebastian Sofia Sophie Tariq Thomas
Valentina Victoria William Wyatt Xavier Yara Yusuf Zara Zoë
Will May Hope Grant Will May Hope Grant
"""
FAMILY_NAMES = """
Adams Ahmed Alvarez Anderson Bailey Baker Bennett Brooks Campbell Castillo Chen Clark Collins Cooper
Cruz Davis Diaz Edwards Evans Fischer Flores Garcia Gómez Gonzalez Gupta Hall Harris Hernandez Hill
Ito Jackson Jensen Johnson Jones Kaur Kelly Khan Kim Kowalski Lee Lewis Li Lopez Martin Martinez
Mendoza Miller Mitchell Moore Morales Morgan Murphy Nakamura Nguyen Novak Okafor O'Brien Olsen Ortiz
Patel Perez Peterson Phillips Price Ramirez Reyes Richardson Rivera Roberts Robinson Rodriguez Rossi
Russo Sanchez Santos Schmidt Shah Silva Singh Smith Sullivan Tanaka Taylor Thomas Thompson Torres
Tran Turner Walker Wang Ward Watson White Williams Wilson Wright Wu Yamamoto Zhang Müller Novák
D'Angelo Smith-Jones García-López
Young Long Bell Grant Young Long Bell
"""
MULTI_WORD_FAMILY = ["De La Cruz", "Van Buren", "Del Rio"]
MIDDLE_INITIAL_NAMES = ["Marie", "Lee", "James", "Rose", "Ann", "Michael", "Grace", "Alexander", "Lynn", "Jude"]

# (name, level, sourcedId, grades, students) for the seven Westport schools of agreements.demo.
WESTPORT_LAYOUT = [
    ("wps-shs", ["09", "10", "11", "12"], 1850),
    ("wps-bms", ["06", "07", "08"], 860),
    ("wps-cms", ["06", "07", "08"], 610),
    ("wps-gfs", ["KG", "01", "02", "03", "04", "05"], 620),
    ("wps-khs", ["KG", "01", "02", "03", "04", "05"], 640),
    ("wps-lls", ["KG", "01", "02", "03", "04", "05"], 600),
    ("wps-ses", ["KG", "01", "02", "03", "04", "05"], 620),
]
WESTPORT_NAMES = {
    "wps-shs": "Staples High School",
    "wps-bms": "Bedford Middle School",
    "wps-cms": "Coleytown Middle School",
    "wps-gfs": "Greens Farms Elementary School",
    "wps-khs": "Kings Highway Elementary School",
    "wps-lls": "Long Lots Elementary School",
    "wps-ses": "Saugatuck Elementary School",
}
SCHOOL_YEAR_START = date(2025, 9, 1)


@dataclass
class SyntheticStudent:
    sourced_id: str
    identifier: str
    given: str
    middle: str
    family: str
    preferred: str
    org: str
    grade: str
    birth_date: date
    sex: str
    races: dict[str, bool]
    idea: bool
    section_504: bool

    @property
    def email(self) -> str:
        local = f"{self.given}.{self.family}".lower().replace(" ", "").replace("'", "")
        return f"{local.encode('ascii', 'ignore').decode()}{self.identifier[-3:]}@students.westport.example.org"


def make_students(layout=WESTPORT_LAYOUT, seed: int = 2023, scale: float = 1.0) -> list[SyntheticStudent]:
    rng = random.Random(seed)
    given_names = GIVEN_NAMES.split()
    family_names = FAMILY_NAMES.split() + MULTI_WORD_FAMILY
    students = []
    n = 0
    for org, grades, count in layout:
        for _ in range(round(count * scale)):
            n += 1
            grade = rng.choice(grades)
            grade_num = 0 if grade == "KG" else int(grade)
            # Age on September 1 is the grade plus five, a few a year older.
            age = grade_num + 5 + (1 if rng.random() < 0.06 else 0)
            born = SCHOOL_YEAR_START - timedelta(days=int(365.25 * age) + rng.randrange(365))
            hispanic = rng.random() < 0.08
            race = rng.choices(
                ["white", "asian", "black", "two", "pacific_islander", "american_indian"], [78, 10, 4, 7, 0.5, 0.5]
            )[0]
            races = dict.fromkeys(["white", "asian", "black", "pacific_islander", "american_indian"], False)
            if race == "two":
                for r in rng.sample(["white", "asian", "black"], 2):
                    races[r] = True
            else:
                races[race] = True
            races["hispanic_latino"] = hispanic
            sex = rng.choices(["male", "female", "other", "unspecified"], [49.5, 49.5, 0.5, 0.5])[0]
            idea = rng.random() < 0.13
            given = rng.choice(given_names)
            students.append(
                SyntheticStudent(
                    sourced_id=f"stu-{n:06d}",
                    identifier=f"{2000000 + n * 7 % 999983:07d}",
                    given=given,
                    middle=rng.choice(MIDDLE_INITIAL_NAMES) if rng.random() < 0.5 else "",
                    family=rng.choice(family_names),
                    preferred=rng.choice(["Alex", "Sam", "Kit", "Jo", "Bea"]) if rng.random() < 0.03 else "",
                    org=org,
                    grade=grade,
                    birth_date=born,
                    sex=sex,
                    races=races,
                    idea=idea,
                    section_504=not idea and rng.random() < 0.06,
                )
            )
    return students


def bundle_files(
    students: list[SyntheticStudent], version: str = "1.2", names: dict[str, str] | None = None
) -> dict[str, bytes]:
    """The OneRoster CSV files for STUDENTS, as {file name: UTF-8 bytes}."""
    names = names or WESTPORT_NAMES
    orgs = sorted({s.org for s in students} | set(names))
    files: dict[str, bytes] = {}

    def write(name: str, header: list[str], rows) -> None:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
        files[name] = buf.getvalue().encode()

    manifest = [("manifest.version", "1.0"), ("oneroster.version", version)]
    manifest += [(f"file.{f}", "bulk") for f in ("orgs", "users", "demographics")]
    if version == "1.2":
        manifest.append(("file.roles", "bulk"))
    write("manifest.csv", ["propertyName", "value"], manifest)
    write(
        "orgs.csv",
        ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        [("wps", "active", "", "Westport Public Schools", "district", "WPS", "")]
        + [(o, "active", "", names.get(o, o), "school", o.upper(), "wps") for o in orgs],
    )
    if version == "1.1":
        write(
            "users.csv",
            [
                "sourcedId",
                "status",
                "dateLastModified",
                "enabledUser",
                "orgSourcedIds",
                "role",
                "username",
                "userIds",
                "givenName",
                "familyName",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password",
            ],
            [
                (
                    s.sourced_id,
                    "active",
                    "",
                    "true",
                    s.org,
                    "student",
                    s.email.split("@")[0],
                    "",
                    s.given,
                    s.family,
                    s.middle,
                    s.identifier,
                    s.email,
                    "",
                    "",
                    "",
                    s.grade,
                    "",
                )
                for s in students
            ],
        )
    else:
        write(
            "users.csv",
            [
                "sourcedId",
                "status",
                "dateLastModified",
                "enabledUser",
                "username",
                "userIds",
                "givenName",
                "familyName",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password",
                "userMasterIdentifier",
                "resourceSourcedIds",
                "preferredGivenName",
                "preferredMiddleName",
                "preferredFamilyName",
                "primaryOrgSourcedId",
                "pronouns",
            ],
            [
                (
                    s.sourced_id,
                    "active",
                    "",
                    "true",
                    s.email.split("@")[0],
                    "",
                    s.given,
                    s.family,
                    s.middle,
                    s.identifier,
                    s.email,
                    "",
                    "",
                    "",
                    s.grade,
                    "",
                    "",
                    "",
                    s.preferred,
                    "",
                    "",
                    s.org,
                    "",
                )
                for s in students
            ],
        )
        write(
            "roles.csv",
            [
                "sourcedId",
                "status",
                "dateLastModified",
                "userSourcedId",
                "roleType",
                "role",
                "beginDate",
                "endDate",
                "orgSourcedId",
                "userProfileSourcedId",
            ],
            [
                (f"role-{s.sourced_id}", "active", "", s.sourced_id, "primary", "student", "", "", s.org, "")
                for s in students
            ],
        )
    tf = {True: "true", False: "false"}
    write(
        "demographics.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "birthDate",
            "sex",
            "americanIndianOrAlaskaNative",
            "asian",
            "blackOrAfricanAmerican",
            "nativeHawaiianOrOtherPacificIslander",
            "white",
            "demographicRaceTwoOrMoreRaces",
            "hispanicOrLatinoEthnicity",
            "countryOfBirthCode",
            "stateOfBirthAbbreviation",
            "cityOfBirth",
            "publicSchoolResidenceStatus",
        ],
        [
            (
                s.sourced_id,
                "active",
                "",
                s.birth_date.isoformat(),
                s.sex if version == "1.2" or s.sex in ("male", "female") else "male",
                tf[s.races["american_indian"]],
                tf[s.races["asian"]],
                tf[s.races["black"]],
                tf[s.races["pacific_islander"]],
                tf[s.races["white"]],
                tf[sum(s.races.values()) - s.races["hispanic_latino"] > 1],
                tf[s.races["hispanic_latino"]],
                "",
                "",
                "",
                "",
            )
            for s in students
        ],
    )
    write(
        "disability.csv",
        ["sourcedId", "IDEA", "Section504"],
        [(s.sourced_id, "yes" if s.idea else "no", "yes" if s.section_504 else "no") for s in students],
    )
    return files


def write_bundle(target: Path, files: dict[str, bytes]) -> None:
    """Write FILES into a folder, or into a .zip when TARGET ends in .zip (same bytes each run)."""
    if target.suffix == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(zipfile.ZipInfo(name, date_time=(2025, 9, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (target / name).write_bytes(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="a folder, or a file ending in .zip")
    parser.add_argument("--students", type=int, default=0, help="about this many students (default: Westport's size)")
    parser.add_argument("--version", choices=["1.1", "1.2"], default="1.2")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    total = sum(c for _, _, c in WESTPORT_LAYOUT)
    scale = args.students / total if args.students else 1.0
    students = make_students(seed=args.seed, scale=scale)
    write_bundle(args.target, bundle_files(students, args.version))
    print(f"Wrote {len(students)} synthetic students to {args.target}")


if __name__ == "__main__":
    main()
