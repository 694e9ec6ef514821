"""The demo: the Westport reference agreement and a second, fictional town. Synthetic people only."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pyotp
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import User
from agreements import setup
from agreements.models import Agreement
from audit.log import Actor

DEFAULT_PASSWORD = "westport-demo-2023"
DEFAULT_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_FOLDER = Path(__file__).resolve().parent.parent / "demo"
# The demo's towns, each a file that `manage.py setup_agreement` reads like any real town's.
FILES = ["westport.toml", "harborfalls.toml"]
OPERATOR = {"username": "operator", "email": "operator@example.org", "name": "Morgan Reyes"}


def _schools(file: str) -> list[tuple[str, str, str]]:
    with open(DEMO_FOLDER / file, "rb") as f:
        return [(s["name"], s["level"], s.get("sourced_id", "")) for s in tomllib.load(f)["schools"]]


# (name, level, sourcedId) of Westport's seven schools, for benchmarks that build their own agreement.
WESTPORT_SCHOOLS = _schools("westport.toml")


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def demo_totp_secret() -> str:
    secret = (os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_TOTP_SECRET).replace(" ", "").upper()
    pyotp.TOTP(secret).now()  # fails loudly on a secret that is not base32
    return secret


def load(stdout=None) -> Agreement | None:
    """Load the demo agreements and people; do nothing if the Westport agreement exists.

    The towns go through `agreements.setup` exactly as a real town's file does; then each
    invited person uses their one-time link with the demo password and authenticator key, so
    the demo sign-ins work at once. The installation's operator is made the same way.
    """
    if Agreement.objects.filter(slug="westport").exists():
        return None
    actor = Actor.system("load_demo")
    password = demo_password()
    secret = demo_totp_secret()
    agreements = []
    for file in FILES:
        result = setup.apply_file(DEMO_FOLDER / file, actor, send_links=False)
        for invitation in result.invitations:
            account_actions.do_accept_invitation(actor, invitation, password=password, secret=secret, step=0)
        agreements.append(result.agreement)
    if not User.objects.filter(username=OPERATOR["username"]).exists():
        operator = account_actions.do_create_operator(actor, **OPERATOR, send_link=False)
        account_actions.do_accept_invitation(actor, operator.invitation, password=password, secret=secret, step=0)
    return agreements[0]


def demo_code(when=None) -> str:
    """The current TOTP code for the demo accounts."""
    return pyotp.TOTP(demo_totp_secret()).at(when or timezone.now())
