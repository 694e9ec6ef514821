"""Every change to a person's account goes through here, with its audit entry."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import mfa
from accounts.models import SignInAttempt, User
from audit.log import Actor, record


def _agreement_of(user: User | None):
    if user is None:
        return None
    membership = user.memberships.select_related("agreement").first()
    return membership.agreement if membership else None


@transaction.atomic
def do_record_sign_in(
    actor: Actor, username: str, user: User | None, outcome: str, user_agent: str = ""
) -> SignInAttempt:
    """Log a sign-in attempt; lock the account after too many failures in the window."""
    attempt = SignInAttempt.objects.create(
        username=username[:150],
        user=user,
        source_ip=actor.source or None,
        user_agent=user_agent[:300],
        outcome=outcome,
    )
    ok = outcome == SignInAttempt.Outcome.SUCCESS
    record(
        Actor(user=user, source=actor.source, label=username[:150]),
        "account.sign_in",
        user,
        agreement=_agreement_of(user),
        outcome="ok" if ok else "refused",
        changes={"outcome": outcome},
        object_repr=username[:150],
    )
    if (
        user is not None
        and not ok
        and outcome != SignInAttempt.Outcome.LOCKED
        and SignInAttempt.recent_failures(username) >= settings.LOCKOUT_FAILURES
    ):
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
        user.save(update_fields=["locked_until"])
        record(
            Actor.system("lockout"),
            "account.locked",
            user,
            agreement=_agreement_of(user),
            changes={"locked_until": user.locked_until},
        )
    return attempt


@transaction.atomic
def do_unlock(actor: Actor, user: User) -> None:
    old = user.locked_until
    user.locked_until = None
    user.save(update_fields=["locked_until"])
    # Failures before the release no longer count towards the next lockout.
    SignInAttempt.objects.filter(
        username__iexact=user.username, outcome__in=[SignInAttempt.Outcome.BAD_PASSWORD, SignInAttempt.Outcome.BAD_CODE]
    ).update(outcome=SignInAttempt.Outcome.LOCKED)
    record(actor, "account.unlocked", user, agreement=_agreement_of(user), changes={"locked_until": [old, None]})


@transaction.atomic
def do_confirm_mfa(actor: Actor, user: User, secret: str, step: int) -> list[str]:
    """Enroll the person's authenticator; return their new recovery codes."""
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    codes = mfa.make_recovery_codes(user)
    record(actor, "account.mfa_enrolled", user, agreement=_agreement_of(user))
    return codes


@transaction.atomic
def do_accept_totp_step(user: User, step: int) -> None:
    user.totp_last_step = step
    user.save(update_fields=["totp_last_step"])


@transaction.atomic
def do_reset_mfa(actor: Actor, user: User) -> None:
    """Clear the authenticator: the person enrolls again at the next sign-in."""
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    user.recovery_codes.all().delete()
    record(actor, "account.mfa_reset", user, agreement=_agreement_of(user))


@transaction.atomic
def do_change_password(actor: Actor, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(actor, "account.password_changed", user, agreement=_agreement_of(user))
