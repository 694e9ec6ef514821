"""Every change to a person's account goes through here, with its audit entry (S.2, S.3).

No password, TOTP code or recovery code is ever written to an audit entry: entries say what
happened ("wrong password"), never what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts import mfa
from accounts.models import Membership, SignInAttempt, User
from audit.log import Actor, record

if TYPE_CHECKING:
    from agreements.models import Agreement


def open_agreements(user: User | None) -> list[Agreement]:
    """The agreements where USER holds an open role today, by title."""
    from agreements.models import Agreement

    if user is None:
        return []
    held = Membership.objects.active().filter(user=user).values("agreement_id")
    return list(Agreement.objects.filter(id__in=held).order_by("title"))


def record_account_event(
    actor: Actor, action: str, user: User | None, *, agreement: Agreement | None = None, **kwargs: Any
) -> None:
    """File an account event under AGREEMENT when it happened there (an administrator acting in
    it); otherwise under every agreement where the person holds an open role, so each agreement's
    trail shows it. A person with no open role gets one entry under no agreement."""
    targets = [agreement] if agreement is not None else (open_agreements(user) or [None])
    for target in targets:
        record(actor, action, user, agreement=target, **kwargs)


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


FAILURES = (SignInAttempt.Outcome.BAD_PASSWORD, SignInAttempt.Outcome.BAD_CODE)


def _lock_row(user: User) -> User:
    """Lock the person's row for the rest of the transaction and read its lock state afresh.

    Every check and count of an account's failures happens under this lock, so concurrent
    tries are counted one after another (on SQLite every transaction is already serialised).
    """
    locked = User.objects.select_for_update().only("id", "locked_until").get(pk=user.pk)
    user.locked_until = locked.locked_until
    return user


def _lock_if_over_limit(user: User, *, agreement: Agreement | None = None) -> None:
    if user.recent_failures() >= settings.LOCKOUT_FAILURES:
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=user.locked_until)
        record_account_event(
            Actor.system("lockout"),
            "account.locked",
            user,
            agreement=agreement,
            changes={"locked_until": user.locked_until, "failures": settings.LOCKOUT_FAILURES},
        )


def _audit_attempt(
    actor: Actor, username: str, user: User | None, outcome: str, *, method: str = "", action: str = "account.sign_in"
) -> None:
    changes = {"outcome": outcome}
    if method:
        changes["method"] = method
    record_account_event(
        Actor(user=user, source=actor.source, label=username[:150]),
        action,
        user,
        outcome="ok" if outcome == SignInAttempt.Outcome.SUCCESS else "refused",
        changes=changes,
        object_repr=username[:150],
    )


@transaction.atomic
def do_record_sign_in(
    actor: Actor,
    username: str,
    user: User | None,
    outcome: str,
    user_agent: str = "",
    *,
    method: str = "",
    action: str = "account.sign_in",
) -> SignInAttempt:
    """Log a sign-in attempt; lock the account after too many failures in the window.

    METHOD says how the second step was passed ("totp" or "recovery_code") on success. ACTION
    names the audit entry: a wrong current password on the account page counts towards the
    same lockout as a sign-in, but is audited as what it was.
    """
    if user is None:
        # What was typed for an unknown account may be a password typed into the wrong box:
        # keep only a keyed fingerprint, since the audit chain can never be scrubbed.
        username = unknown_username(username)
    else:
        _lock_row(user)
    attempt = SignInAttempt.objects.create(
        username=username[:150],
        user=user,
        source_ip=actor.source or None,
        user_agent=user_agent[:300],
        outcome=outcome,
    )
    _audit_attempt(actor, username, user, outcome, method=method, action=action)
    if user is not None and outcome in FAILURES:
        _lock_if_over_limit(user)
    return attempt


class Try(StrEnum):
    """The result of one counted try of a password or code."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@transaction.atomic
def _claim_try(actor: Actor, user: User, user_agent: str, action: str) -> SignInAttempt | None:
    """Reserve one of the account's tries before the (slow) password check, or refuse.

    A reserved try counts as a failure until it is settled, so however many requests arrive
    at once, at most LOCKOUT_FAILURES are checked before the account locks: the atomic
    counter that makes the lockout race-free. A request that dies leaves its try counted,
    which errs on the safe side and expires with the window.
    """
    _lock_row(user)
    if user.is_locked() or user.recent_failures() >= settings.LOCKOUT_FAILURES:
        do_record_sign_in(actor, user.username, user, SignInAttempt.Outcome.LOCKED, user_agent, action=action)
        return None
    return SignInAttempt.objects.create(
        username=user.username,
        user=user,
        source_ip=actor.source or None,
        user_agent=user_agent[:300],
        outcome=SignInAttempt.Outcome.PENDING,
    )


@transaction.atomic
def _settle_try(actor: Actor, user: User, attempt: SignInAttempt, outcome: str | None, action: str) -> None:
    """Settle a reserved try: OUTCOME is a failure to count and audit, or None when it passed."""
    _lock_row(user)
    if outcome is None:
        # The password was right: the reservation was only a reservation. The sign-in itself is
        # logged when the second step passes.
        SignInAttempt.objects.filter(pk=attempt.pk).delete()
        return
    SignInAttempt.objects.filter(pk=attempt.pk).update(outcome=outcome)
    _audit_attempt(actor, user.username, user, outcome, action=action)
    _lock_if_over_limit(user)


def counted_password_try(
    actor: Actor,
    user: User,
    check: Callable[[], bool],
    *,
    user_agent: str = "",
    action: str = "account.sign_in",
) -> Try:
    """Check a password (CHECK does, e.g. `authenticate`) as one try towards the lockout.

    Three steps, so that no database lock is held during the deliberately slow hash: reserve a
    try under the account's row lock (refused when locked or out of tries), check, then settle.
    Sign-in, signatures and the account page's current-password boxes all come through here.
    """
    attempt = _claim_try(actor, user, user_agent, action)
    if attempt is None:
        return Try.LOCKED
    ok = False
    try:
        ok = check()
    finally:
        _settle_try(actor, user, attempt, None if ok else SignInAttempt.Outcome.BAD_PASSWORD, action)
    return Try.OK if ok else Try.WRONG


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
    record_account_event(
        actor, "account.unlocked", user, agreement=agreement, changes={"locked_until": [old, user.locked_until]}
    )


@transaction.atomic
def do_confirm_mfa(actor: Actor, user: User, secret: str, step: int) -> list[str]:
    """Enroll the person's authenticator; return their new recovery codes, to show once."""
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    codes = mfa.make_recovery_codes(user)
    record_account_event(actor, "account.mfa_enrolled", user, changes={"recovery_codes": len(codes)})
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

    One counted try towards the lockout, exactly like a sign-in, so a signature box cannot be
    used to guess a password from an unattended session. A locked account cannot sign.
    """
    method = ""

    def check() -> bool:
        nonlocal method
        if user.check_password(typed):
            method = "password"
        elif user.has_mfa:
            step = mfa.accept_totp(user, user.totp_secret, typed)
            if step is not None and do_accept_totp_step(user, step):
                method = "totp"
        return bool(method)

    counted_password_try(actor, user, check)
    return method


def check_current_password(actor: Actor, user: User, typed: str, *, action: str) -> Try:
    """The account page's "current password" box: a counted try, audited as ACTION when refused.

    A stolen, open session must not become a way to guess the password without a lockout.
    """
    return counted_password_try(actor, user, lambda: user.check_password(typed), action=action)


@transaction.atomic
def do_check_code(actor: Actor, user: User, code: str, user_agent: str = "") -> str:
    """The sign-in's second step, checked and counted under the account's row lock.

    Returns "totp" or "recovery_code" when the code passes, "locked" when the account is
    locked (now or by this very failure), "" for a wrong code.
    """
    _lock_row(user)
    if user.is_locked() or user.recent_failures() >= settings.LOCKOUT_FAILURES:
        do_record_sign_in(actor, user.username, user, SignInAttempt.Outcome.LOCKED, user_agent)
        return "locked"
    step = mfa.accept_totp(user, user.totp_secret, code)
    if step is not None and do_accept_totp_step(user, step):
        return "totp"
    if do_use_recovery_code(Actor(user=user, source=actor.source, label=user.username), user, code):
        return "recovery_code"
    do_record_sign_in(actor, user.username, user, SignInAttempt.Outcome.BAD_CODE, user_agent)
    return "locked" if user.is_locked() else ""


@transaction.atomic
def do_use_recovery_code(actor: Actor, user: User, code: str) -> bool:
    """Spend one unused recovery code; true if it was one. Audited without the code itself."""
    if not mfa.use_recovery_code(user, code):
        return False
    left = user.recovery_codes.filter(used_at__isnull=True).count()
    record_account_event(actor, "account.recovery_code_used", user, changes={"codes_left": left})
    return True


@transaction.atomic
def do_reset_mfa(actor: Actor, user: User, *, agreement: Agreement | None = None) -> None:
    """Clear the authenticator: the person enrolls again at the next sign-in."""
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    user.recovery_codes.all().delete()
    record_account_event(actor, "account.mfa_reset", user, agreement=agreement)


@transaction.atomic
def do_change_password(actor: Actor, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_account_event(actor, "account.password_changed", user)
