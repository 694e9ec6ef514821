"""Small helpers shared by the account tests."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.test import Client


def signed_in_as(client: Client) -> str | None:
    """The username the client's session is signed in as, if any (an expired session: none)."""
    from accounts.models import User

    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id).username if user_id else None


def wrong_code() -> str:
    """A six-digit code that the demo authenticator does not show now, nor a step either side."""
    import pyotp
    from django.utils import timezone

    from agreements.demo import demo_totp_secret

    totp = pyotp.TOTP(demo_totp_secret())
    step = totp.timecode(timezone.now())
    valid = {totp.generate_otp(s) for s in (step - 1, step, step + 1)}
    return next(c for c in ("314159", "271828", "161803", "141421") if c not in valid)
