"""Every change to a person's account goes through here, with its audit entry (S.2, S.3).

No password, TOTP code or recovery code is ever written to an audit entry: entries say what
happened ("wrong password"), never what was typed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts import mfa
from accounts.models import (
    OPERATOR_RANK,
    POLICE_ROLES,
    SCHOOL_ROLES,
    Invitation,
    Membership,
    Role,
    SignInAttempt,
    User,
    role_rank,
)
from agreements.models import Agreement, School
from audit.log import Actor, record


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


# Invitations, people and roles (P.1, S.2). ----------------------------------------------------

INVITATION_HOURS = 72


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[token])


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a link's token, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("user", "agreement").filter(token_hash=_token_hash(token)).first()


def _authority(actor: Actor, agreement: Agreement | None) -> int:
    """How high a role ACTOR may grant in AGREEMENT: the operator above all, else their own role's rank."""
    if actor.user is None:
        return OPERATOR_RANK  # a command run by whoever runs the installation
    if actor.user.is_operator:
        return OPERATOR_RANK
    if agreement is None:
        return 0
    own = Membership.objects.active().filter(user=actor.user, agreement=agreement).first()
    if own is None or own.role != Role.SYSADMIN:
        return 0
    return role_rank(own.role)


def _check_may_grant(actor: Actor, agreement: Agreement, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}."})
    if _authority(actor, agreement) < role_rank(role) or _authority(actor, agreement) == 0:
        raise PermissionDenied(f"You may not grant the role {Role(role).label} in this agreement.")


def _check_role_fields(agreement: Agreement, role: str, badge_number: str, schools: list[School]) -> None:
    errors: dict[str, str] = {}
    if role in POLICE_ROLES and not badge_number.strip():
        errors["badge_number"] = f"A {Role(role).label} needs a badge number."
    if role not in POLICE_ROLES and badge_number.strip():
        errors["badge_number"] = f"A {Role(role).label} has no badge number; leave it empty."
    if role in SCHOOL_ROLES and not schools:
        errors["schools"] = f"Choose at least one school for a {Role(role).label}."
    if role not in SCHOOL_ROLES and schools:
        errors["schools"] = f"A {Role(role).label} is not tied to schools; choose none."
    foreign = [s.name for s in schools if not agreement.schools.filter(pk=s.pk).exists()]
    if foreign:
        errors["schools"] = f"Not schools of this agreement: {', '.join(foreign)}."
    if errors:
        raise ValidationError(errors)


def _new_invitation(
    actor: Actor, user: User, agreement: Agreement | None, purpose: str = Invitation.Purpose.INVITATION
) -> tuple[Invitation, str]:
    """Close the person's open links and make a new one; return it and its token (shown once)."""
    now = timezone.now()
    user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        agreement=agreement,
        purpose=purpose,
        token_hash=_token_hash(token),
        created_by=actor.user,
        expires_at=now + timedelta(hours=INVITATION_HOURS),
    )
    return invitation, token


def _send_link(invitation: Invitation, token: str) -> None:
    """Email the link after commit. The token travels only in memory, never in a stored row."""
    from notices import emails

    link = invitation_link(token)
    transaction.on_commit(
        partial(
            emails.send_invitation,
            invitation.user.email,
            name=invitation.user.get_full_name() or invitation.user.username,
            agreement=invitation.agreement.title if invitation.agreement else "",
            purpose=invitation.purpose,
            link=link,
            expires_at=invitation.expires_at,
        ),
        robust=True,
    )


@dataclass
class Invited:
    membership: Membership | None
    invitation: Invitation | None
    link: str


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if not parts:
        raise ValidationError({"name": "Enter the person's name."})
    return " ".join(parts[:-1]), parts[-1]


@transaction.atomic
def do_create_operator(actor: Actor, *, username: str, email: str, name: str = "", send_link: bool = True) -> Invited:
    """Create the installation's operator, who holds no role in any agreement, and their link."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username!r} is already taken."})
    first, last = _split_name(name) if name.strip() else ("", "")
    user = User(username=username, email=email, first_name=first, last_name=last, is_operator=True)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    invitation, token = _new_invitation(actor, user, None)
    record(actor, "account.operator_created", user, changes={"username": username, "email": email})
    if send_link:
        _send_link(invitation, token)
    return Invited(None, invitation, invitation_link(token))


@transaction.atomic
def do_invite(
    actor: Actor,
    agreement: Agreement,
    *,
    username: str,
    name: str,
    email: str,
    role: str,
    schools: list[School] | None = None,
    badge_number: str = "",
    title: str = "",
    starts_on: date | None = None,
    send_link: bool = True,
) -> Invited | None:
    """Give a person a role in the agreement and send them a one-time link to set up their sign-in.

    A new username makes a new account (with no usable password until the link is used). An
    existing account gets the role only when it is the same person (same email) with no role in
    this agreement; someone who already holds this role is left alone (None: nothing to do).
    """
    schools = list(schools or [])
    badge_number = badge_number.strip()
    _check_may_grant(actor, agreement, role)
    _check_role_fields(agreement, role, badge_number, schools)
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    if user is not None:
        if user.email.lower() != email.strip().lower():
            raise ValidationError(
                {"username": f"The username {username!r} is already taken by someone with another email address."}
            )
        held = Membership.objects.active().filter(user=user, agreement=agreement).first()
        if held is not None and held.role == role:
            return None
        if held is not None:
            raise ValidationError(
                {"role": f"{user.username} already holds the role {held.get_role_display()} in this agreement."}
            )
    else:
        first, last = _split_name(name)
        user = User(username=username, email=email.strip(), first_name=first, last_name=last)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership(
        user=user,
        agreement=agreement,
        role=role,
        title=title.strip(),
        badge_number=badge_number,
        primary_school=schools[0] if schools else None,
        starts_on=starts_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    membership.schools.set(schools)
    record(
        actor,
        "membership.created",
        membership,
        agreement=agreement,
        changes={
            "username": user.username,
            "role": role,
            "badge_number": badge_number,
            "schools": [s.name for s in schools],
            "starts_on": membership.starts_on,
        },
    )
    if user.has_usable_password() and user.has_mfa:
        # Someone who can already sign in (a role in another agreement) needs no link.
        return Invited(membership, None, "")
    invitation, token = _new_invitation(actor, user, agreement)
    record(actor, "account.invited", user, agreement=agreement, changes={"expires_at": invitation.expires_at})
    if send_link:
        _send_link(invitation, token)
    return Invited(membership, invitation, invitation_link(token))


def _check_manages(actor: Actor, agreement: Agreement, user: User) -> None:
    """The actor administers AGREEMENT, USER belongs to it, and they are not changing themselves."""
    if _authority(actor, agreement) == 0:
        raise PermissionDenied("Only the agreement's system administrator may do this.")
    if not user.memberships.filter(agreement=agreement).exists():
        raise PermissionDenied(f"{user.username} has no role in this agreement.")
    if actor.user is not None and actor.user.pk == user.pk:
        raise ValidationError("You cannot change your own role or account; ask another administrator.")
    if _authority(actor, agreement) < max(
        (role_rank(m.role) for m in Membership.objects.active().filter(user=user, agreement=agreement)), default=0
    ):
        raise PermissionDenied("You may not change the account of someone whose role is above yours.")


@transaction.atomic
def do_resend_invitation(actor: Actor, agreement: Agreement, user: User) -> Invited:
    """Replace the person's link with a new one (the old one stops working) and send it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manages(actor, agreement, user)
    if user.has_mfa and user.has_usable_password():
        raise ValidationError(f"{user.username} has already set up their sign-in; there is no link to resend.")
    last = user.invitations.first()
    purpose = last.purpose if last else Invitation.Purpose.INVITATION
    invitation, token = _new_invitation(actor, user, agreement, purpose)
    record(actor, "account.invitation_resent", user, agreement=agreement, changes={"expires_at": invitation.expires_at})
    _send_link(invitation, token)
    return Invited(None, invitation, invitation_link(token))


@transaction.atomic
def do_revoke_invitation(actor: Actor, agreement: Agreement, user: User) -> None:
    """Stop the person's open link from working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manages(actor, agreement, user)
    revoked = user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not revoked:
        raise ValidationError(f"{user.username} has no open link to revoke.")
    record(actor, "account.invitation_revoked", user, agreement=agreement)


@transaction.atomic
def do_accept_invitation(actor: Actor, invitation: Invitation, *, password: str, secret: str, step: int) -> list[str]:
    """Use a one-time link: set the password, enroll the authenticator; return the recovery codes.

    The conditional update claims the link, so two tabs racing with one link use it once.
    """
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if claimed != 1:
        raise ValidationError(f"This link was {Invitation.objects.get(pk=invitation.pk).state}; ask for a new one.")
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        actor, "account.invitation_used", user, agreement=invitation.agreement, changes={"purpose": invitation.purpose}
    )
    return do_confirm_mfa(actor, user, secret, step)


@transaction.atomic
def do_reset_authenticator(actor: Actor, agreement: Agreement, user: User) -> Invited:
    """Clear a person's authenticator (a lost phone) and send them a one-time link to enroll a new one."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manages(actor, agreement, user)
    do_reset_mfa(actor, user, agreement=agreement)
    invitation, token = _new_invitation(actor, user, agreement, Invitation.Purpose.MFA_RESET)
    _send_link(invitation, token)
    return Invited(None, invitation, invitation_link(token))


@transaction.atomic
def do_change_role(
    actor: Actor,
    agreement: Agreement,
    membership: Membership,
    *,
    role: str,
    schools: list[School],
    badge_number: str = "",
    title: str | None = None,
) -> Membership:
    """Change a person's role or schools. A new role ends the old one yesterday and starts today, so
    the history keeps both with their dates; schools or badge alone are changed in place."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.agreement_id != agreement.pk or not membership.is_active:
        raise ValidationError("That role is not a current role in this agreement.")
    _check_manages(actor, agreement, membership.user)
    _check_may_grant(actor, agreement, role)
    badge_number = badge_number.strip()
    _check_role_fields(agreement, role, badge_number, schools)
    before = {
        "role": membership.role,
        "badge_number": membership.badge_number,
        "title": membership.title,
        "schools": sorted(s.name for s in membership.schools.all()),
    }
    after = {
        "role": role,
        "badge_number": badge_number,
        "title": membership.title if title is None else title.strip(),
        "schools": sorted(s.name for s in schools),
    }
    if before == after:
        raise ValidationError("Nothing changed.")
    today = timezone.localdate()
    if role != membership.role and membership.starts_on < today:
        membership.ends_on = today - timedelta(days=1)
        membership.save(update_fields=["ends_on"])
        membership = Membership(user=membership.user, agreement=agreement, starts_on=today)
    membership.role = role
    membership.badge_number = badge_number
    membership.title = after["title"]
    membership.primary_school = schools[0] if schools else None
    membership.full_clean()
    membership.save()
    membership.schools.set(schools)
    record(
        actor,
        "membership.changed",
        membership,
        agreement=agreement,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return membership


@transaction.atomic
def do_end_role(actor: Actor, agreement: Agreement, membership: Membership, ends_on: date | None = None) -> Membership:
    """End a person's role on a date (today unless given); the role stays in the history."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.agreement_id != agreement.pk:
        raise ValidationError("That role is not in this agreement.")
    _check_manages(actor, agreement, membership.user)
    ends_on = ends_on or timezone.localdate()
    if membership.ends_on is not None and membership.ends_on <= ends_on:
        raise ValidationError(f"This role already ended on {membership.ends_on:%B %-d, %Y}.")
    old = membership.ends_on
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save(update_fields=["ends_on"])
    record(actor, "membership.ended", membership, agreement=agreement, changes={"ends_on": [old, ends_on]})
    return membership


@transaction.atomic
def do_deactivate(actor: Actor, agreement: Agreement, user: User) -> None:
    """Stop a person signing in at all and sign them out everywhere; their roles and history stay."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_manages(actor, agreement, user)
    if Membership.objects.active().filter(user=user).exclude(agreement=agreement).exists():
        raise PermissionDenied(
            "This person also holds a role under another agreement; ask the installation's operator."
        )
    if not user.is_active:
        raise ValidationError(f"{user.username} is already deactivated.")
    user.is_active = False
    # A new unusable password changes the session hash, so every open session ends at its next
    # request (and an inactive account is refused by the authentication backend anyway).
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(actor, "account.deactivated", user, agreement=agreement)
