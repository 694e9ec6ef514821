"""TOTP multi-factor sign-in (RFC 6238) and one-time recovery codes."""

from __future__ import annotations

import hashlib
import secrets

import pyotp
import segno
from django.utils import timezone

from accounts.models import RecoveryCode, User

ISSUER = "SRO Program"
RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrollment QR code as inline SVG (no image request, nothing for the CSP to refuse).

    A viewBox instead of a fixed size lets the stylesheet scale it; the white quiet zone keeps
    it scannable on any background.
    """
    return segno.make(uri, error="m").svg_inline(
        scale=5, dark="#1b1f24", light="#fff", omitsize=True, title="QR code for your authenticator app"
    )


def accept_totp(user: User, secret: str, code: str) -> int | None:
    """The time step the code matches (one step of clock drift allowed), unless already used."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    step_now = totp.timecode(now)
    for step in (step_now, step_now - 1, step_now + 1):
        if step > user.totp_last_step and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def make_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes; return the new ones, to show once."""
    codes = [f"{secrets.token_hex(5)}-{secrets.token_hex(5)}" for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_digest(c)) for c in codes)
    return codes


def _digest(code: str) -> str:
    # 80 random bits per code: a plain SHA-256 suffices, unlike for a chosen password.
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code; true if it was one."""
    updated = user.recovery_codes.filter(code_hash=_digest(code), used_at__isnull=True).update(used_at=timezone.now())
    return updated == 1
