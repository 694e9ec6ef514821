"""The demo: the Westport reference agreement and a second, fictional town. Synthetic people only."""

from __future__ import annotations

import os
from datetime import date

import pyotp
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Membership, Role, User
from agreements import actions
from agreements.models import Agreement, PoliceDepartment, SchoolDistrict
from audit.log import Actor

DEFAULT_PASSWORD = "westport-demo-2023"
DEFAULT_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

WESTPORT_SCHOOLS = [
    ("Staples High School", "high", "wps-shs"),
    ("Bedford Middle School", "middle", "wps-bms"),
    ("Coleytown Middle School", "middle", "wps-cms"),
    ("Greens Farms Elementary School", "elementary", "wps-gfs"),
    ("Kings Highway Elementary School", "elementary", "wps-khs"),
    ("Long Lots Elementary School", "elementary", "wps-lls"),
    ("Saugatuck Elementary School", "elementary", "wps-ses"),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def demo_totp_secret() -> str:
    secret = (os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_TOTP_SECRET).replace(" ", "").upper()
    pyotp.TOTP(secret).now()  # fails loudly on a secret that is not base32
    return secret


# username, first, last, role, title, badge, primary school index, other school indexes
WESTPORT_PEOPLE = [
    ("sro", "Dana", "Whitcomb", Role.SRO, "Officer", "1147", 0, [1]),
    ("sro2", "Marcus", "Trevino", Role.SRO, "Officer", "1203", 2, [0]),
    ("chief", "Alan", "Mercer", Role.CHIEF, "Chief", "", None, []),
    ("ssu", "Kim", "Halvorsen", Role.SSU, "Officer", "1318", None, []),
    ("superintendent", "Ruth", "Okafor", Role.SUPERINTENDENT, "Dr.", "", None, []),
    ("principal", "Janet", "Lindqvist", Role.PRINCIPAL, "", "", 0, []),
    ("steward", "Priya", "Natarajan", Role.DATA_STEWARD, "", "", None, []),
    ("admin", "Sam", "Ortiz", Role.SYSADMIN, "", "", None, []),
]
OTHER_PEOPLE = [
    ("othersro", "Jordan", "Ellery", Role.SRO, "Officer", "207", 0, []),
    ("otherchief", "Teresa", "Vance", Role.CHIEF, "Chief", "", None, []),
]


def load(stdout=None) -> Agreement | None:
    """Load the demo agreements and people; do nothing if the Westport agreement exists."""
    if Agreement.objects.filter(slug="westport").exists():
        return None
    actor = Actor.system("load_demo")
    password = demo_password()
    secret = demo_totp_secret()

    police = actions.do_create_party(actor, PoliceDepartment, name="Westport Police Department", town="Westport")
    district = actions.do_create_party(actor, SchoolDistrict, name="Westport Public Schools", town="Westport")
    schools = [
        actions.do_add_school(actor, district, name=n, level=lvl, sourced_id=sid) for n, lvl, sid in WESTPORT_SCHOOLS
    ]
    westport = actions.do_create_agreement(
        actor,
        slug="westport",
        title="Westport Police Department / Westport Board of Education SRO Agreement",
        police_department=police,
        district=district,
        schools=schools,
        signed_on=date(2023, 11, 28),
        effective_date=date(2023, 11, 28),
        version=1,
        signatories=[
            # Synthetic names stand in for the real signatories.
            {
                "name": "Alan Mercer",
                "title": "Chief of Police",
                "organization": "Westport Police Department",
                "signed_on": date(2023, 11, 29),
            },
            {
                "name": "Helen Brandt",
                "title": "Board of Education Chair",
                "organization": "Westport Board of Education",
                "signed_on": date(2023, 11, 28),
            },
            {
                "name": "Ruth Okafor",
                "title": "Superintendent of Schools",
                "organization": "Westport Public Schools",
                "signed_on": date(2023, 11, 28),
            },
        ],
    )
    _add_people(actor, westport, schools, WESTPORT_PEOPLE, password, secret, "westport.example.org")

    other_police = actions.do_create_party(
        actor, PoliceDepartment, name="Harbor Falls Police Department", town="Harbor Falls"
    )
    other_district = actions.do_create_party(
        actor, SchoolDistrict, name="Harbor Falls Public Schools", town="Harbor Falls"
    )
    other_school = actions.do_add_school(
        actor, other_district, name="Harbor Falls High School", level="high", sourced_id="hf-hs"
    )
    other = actions.do_create_agreement(
        actor,
        slug="harborfalls",
        title="Harbor Falls Police Department / Harbor Falls Board of Education SRO Agreement",
        police_department=other_police,
        district=other_district,
        schools=[other_school],
        signed_on=date(2024, 6, 3),
        effective_date=date(2024, 7, 1),
        version=1,
        signatories=[],
    )
    _add_people(actor, other, [other_school], OTHER_PEOPLE, password, secret, "harborfalls.example.org")
    return westport


def _add_people(actor, agreement, schools, people, password, secret, domain) -> list[Membership]:
    added = []
    for username, first, last, role, title, badge, primary, others in people:
        primary_school = schools[primary] if primary is not None else None
        membership = actions.do_add_person(
            actor,
            agreement,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}",
            password=password,
            role=role,
            title=title,
            badge_number=badge,
            primary_school=primary_school,
            schools=[primary_school, *(schools[i] for i in others)] if primary_school else [],
            starts_on=agreement.effective_date,
        )
        user: User = membership.user
        account_actions.do_confirm_mfa(actor, user, secret, step=0)
        added.append(membership)
    return added


def demo_code(when=None) -> str:
    """The current TOTP code for the demo accounts."""
    return pyotp.TOTP(demo_totp_secret()).at(when or timezone.now())
