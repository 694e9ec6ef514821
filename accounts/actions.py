"""Every change to a person's account goes through here, with its audit entry (S.2, S.3).

No password, TOTP code or recovery code is ever written to an audit entry: entries say what
happened ("wrong password"), never what was typed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts import mfa
from accounts.models import SignInAttempt, User
from audit.log import Actor, record

if TYPE_CHECKING:
    from agreements.models import Agreement


def _agreement_of(user: User | None) -> Agreement | None:
    if user is None:
        return None
    membership = user.memberships.select_related("agreement").first()
    return membership.agreement if membership else None


def unknown_username(typed: str) -> str:
    """A stable, keyed fingerprint of a username that matches no account."""
    return (
        "unknown:" + salted_hmac("sign-in-unknown-username", typed.strip().lower(), algorithm="sha256").hexdigest()[:16]
    )


def unknown_username_failures(typed: str) -> int:
    """Recent failed sign-ins under a username that matches no account (by its fingerprint)."""
    since = timezone.now() - timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)
    return SignInAttempt.objects.filter(
        username=unknown_username(typed), user=None, at__gte=since, outcome=SignInAttempt.Outcome.BAD_PASSWORD
    ).count()


@transaction.atomic
def do_record_sign_in(
    actor: Actor, username: str, user: User | None, outcome: str, user_agent: str = "", *, method: str = ""
) -> SignInAttempt:
    """Log a sign-in attempt; lock the account after too many failures in the window.

    METHOD says how the second step was passed ("totp" or "recovery_code") on success.
    """
    if user is None:
        # What was typed for an unknown account may be a password typed into the wrong box:
        # keep only a keyed fingerprint, since the audit chain can never be scrubbed.
        username = unknown_username(username)
    attempt = SignInAttempt.objects.create(
        username=username[:150],
        user=user,
        source_ip=actor.source or None,
        user_agent=user_agent[:300],
        outcome=outcome,
    )
    ok = outcome == SignInAttempt.Outcome.SUCCESS
    changes = {"outcome": outcome}
    if method:
        changes["method"] = method
    record(
        Actor(user=user, source=actor.source, label=username[:150]),
        "account.sign_in",
        user,
        agreement=_agreement_of(user),
        outcome="ok" if ok else "refused",
        changes=changes,
        object_repr=username[:150],
    )
    if (
        user is not None
        and not ok
        and outcome != SignInAttempt.Outcome.LOCKED
        and user.recent_failures() >= settings.LOCKOUT_FAILURES
    ):
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
        user.save(update_fields=["locked_until"])
        record(
            Actor.system("lockout"),
            "account.locked",
            user,
            agreement=_agreement_of(user),
            changes={"locked_until": user.locked_until, "failures": settings.LOCKOUT_FAILURES},
        )
    return attempt


@transaction.atomic
def do_unlock(actor: Actor, user: User, *, agreement: Agreement | None = None) -> None:
    """Release a locked account before its lock runs out."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_locked():
        raise ValidationError(f"{user.username} is not locked.")
    old = user.locked_until
    # Ending the lock now (rather than clearing it) marks when it ended: the failures that
    # caused it stop counting towards the next lockout (User.recent_failures).
    user.locked_until = timezone.now()
    user.save(update_fields=["locked_until"])
    record(
        actor,
        "account.unlocked",
        user,
        agreement=agreement or _agreement_of(user),
        changes={"locked_until": [old, user.locked_until]},
    )


@transaction.atomic
def do_confirm_mfa(actor: Actor, user: User, secret: str, step: int) -> list[str]:
    """Enroll the person's authenticator; return their new recovery codes, to show once."""
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    codes = mfa.make_recovery_codes(user)
    record(actor, "account.mfa_enrolled", user, agreement=_agreement_of(user), changes={"recovery_codes": len(codes)})
    return codes


def do_accept_totp_step(user: User, step: int) -> bool:
    """Claim the TOTP time step; false if it (or a later one) was already used: a replay.

    The conditional update makes two requests racing with the same code accept only one.
    """
    claimed = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    if claimed:
        user.totp_last_step = step
    return claimed == 1


def do_check_signature(actor: Actor, user: User, typed: str) -> str:
    """Re-authenticate a signed-in person signing a document: "password" or "totp", or "".

    A wrong value counts towards lockout exactly like a failed sign-in, so a signature box
    cannot be used to guess a password from an unattended session.
    """
    if user.check_password(typed):
        return "password"
    if user.has_mfa:
        step = mfa.accept_totp(user, user.totp_secret, typed)
        if step is not None and do_accept_totp_step(user, step):
            return "totp"
    do_record_sign_in(actor, user.username, user, SignInAttempt.Outcome.BAD_PASSWORD)
    return ""


@transaction.atomic
def do_use_recovery_code(actor: Actor, user: User, code: str) -> bool:
    """Spend one unused recovery code; true if it was one. Audited without the code itself."""
    if not mfa.use_recovery_code(user, code):
        return False
    left = user.recovery_codes.filter(used_at__isnull=True).count()
    record(actor, "account.recovery_code_used", user, agreement=_agreement_of(user), changes={"codes_left": left})
    return True


@transaction.atomic
def do_reset_mfa(actor: Actor, user: User, *, agreement: Agreement | None = None) -> None:
    """Clear the authenticator: the person enrolls again at the next sign-in."""
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    user.recovery_codes.all().delete()
    record(actor, "account.mfa_reset", user, agreement=agreement or _agreement_of(user))


@transaction.atomic
def do_change_password(actor: Actor, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(actor, "account.password_changed", user, agreement=_agreement_of(user))
