"""Small synthetic OneRoster bundles for the tests, and a way to spoil them."""

from __future__ import annotations

from datetime import date

from students import demo_roster
from students.demo_roster import SyntheticStudent

# A few schools' worth, about 60 students, always the same.
SMALL = [(org, grades, 10) for org, grades, _ in demo_roster.WESTPORT_LAYOUT]


def people(seed: int = 7) -> list[SyntheticStudent]:
    return demo_roster.make_students(layout=SMALL, seed=seed)


def person(sourced_id: str, given: str, family: str, *, org: str = "wps-shs", **kw) -> SyntheticStudent:
    """One made-up student with chosen names."""
    races = dict.fromkeys(["white", "asian", "black", "pacific_islander", "american_indian", "hispanic_latino"], False)
    races.update(kw.pop("races", {"white": True}))
    values = {
        "identifier": "9" + sourced_id[-6:].rjust(6, "0"),
        "middle": "",
        "preferred": "",
        "grade": "10",
        "birth_date": date(2010, 3, 15),
        "sex": "female",
        "idea": False,
        "section_504": False,
    } | kw
    return SyntheticStudent(sourced_id=sourced_id, given=given, family=family, org=org, races=races, **values)


def bundle(students: list[SyntheticStudent] | None = None, version: str = "1.2") -> dict[str, bytes]:
    return demo_roster.bundle_files(people() if students is None else students, version)


def replace_line(files: dict[str, bytes], name: str, line: int, new: str) -> dict[str, bytes]:
    """FILES with line LINE (1-based) of NAME replaced by NEW."""
    lines = files[name].decode().split("\r\n")
    lines[line - 1] = new
    return files | {name: "\r\n".join(lines).encode()}
