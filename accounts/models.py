"""People, their roles in an agreement, and what sign-in needs to know about them (S.2)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from agreements.models import Agreement, School
from lib.requestcache import per_request


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted TOTP time step, so a code cannot be replayed within its window.
    totp_last_step = models.BigIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # The installation's operator: holds no role in any agreement, creates agreements and their
    # first administrators, and reads no report content (P.1).
    is_operator = models.BooleanField(default=False)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Bind sessions to the password AND the authenticator: changing or resetting either one
        signs the person out everywhere else (a lost phone must not stay signed in)."""
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}|{self.totp_secret}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def has_mfa(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def recent_failures(self) -> int:
        """Failed sign-ins that count towards a lockout: within the window, and since the last lock ended.

        A lock that ended (by time or by an administrator) leaves `locked_until` in the past, so
        the failures that caused it do not lock the account again at the next mistake.
        """
        now = timezone.now()
        since = now - timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)
        if self.locked_until is not None and since < self.locked_until <= now:
            since = self.locked_until
        return self.sign_ins.filter(at__gte=since, outcome__in=SignInAttempt.COUNTED).count()


class Role(models.TextChoices):
    SRO = "sro", "School Resource Officer"
    CHIEF = "chief", "Chief of Police"
    SSU = "ssu", "SSU officer"
    OFFICER = "officer", "Police officer"
    SUPERINTENDENT = "superintendent", "Superintendent"
    SUPERINTENDENT_DESIGNEE = "superintendent_designee", "Superintendent's designee"
    PRINCIPAL = "principal", "Principal"
    PRINCIPAL_DESIGNEE = "principal_designee", "Principal's designee"
    DATA_STEWARD = "data_steward", "District data steward"
    SYSADMIN = "sysadmin", "System administrator"


SUPERINTENDENT_ROLES = frozenset({Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE})
# Sworn officers carry a badge number.
POLICE_ROLES = frozenset({Role.SRO, Role.CHIEF, Role.SSU, Role.OFFICER})
# Roles that are scoped to schools.
SCHOOL_ROLES = frozenset({Role.SRO, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE})
# A school's building administration: who is told of what the police do there.
PRINCIPAL_ROLES = frozenset({Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE})
# Who may grant roles, and how high: nobody grants a role above their own. The operator stands
# above every agreement; an agreement's system administrator grants any role of that agreement.
OPERATOR_RANK = 100
ROLE_RANK = {Role.SYSADMIN: 90}


def role_rank(role: str) -> int:
    return ROLE_RANK.get(role, 10)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: date | None = None) -> MembershipQuerySet:
        """The roles held ON a day (today by default)."""
        today = on or timezone.localdate()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today), starts_on__lte=today)

    def building_administration(self, agreement_id: int, school_ids: set[int]) -> MembershipQuerySet:
        """The active principals and principal's designees of any of these schools."""
        return (
            self.active()
            .filter(agreement_id=agreement_id, role__in=PRINCIPAL_ROLES)
            .filter(models.Q(primary_school_id__in=school_ids) | models.Q(schools__in=school_ids))
            .select_related("user")
            .distinct()
        )

    def overlapping(self, user_id: int, agreement_id: int, starts_on, ends_on) -> MembershipQuerySet:
        """Roles of the person in the agreement whose dates share at least one day with these."""
        qs = self.filter(user_id=user_id, agreement_id=agreement_id).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=starts_on)
        )
        if ends_on is not None:
            qs = qs.filter(starts_on__lte=ends_on)
        return qs


class Membership(models.Model):
    """A person's role in one agreement, scoped to schools where the role has them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    title = models.CharField(max_length=100, blank=True, help_text="Rank or job title, e.g. Officer.")
    badge_number = models.CharField(max_length=20, blank=True)
    primary_school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+")
    schools = models.ManyToManyField(School, blank=True, related_name="memberships")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "role", "user__last_name"]
        constraints = [
            # One open role per person per agreement: the agreement in the URL then decides what they
            # may do. Ended memberships stay as assignment history (II.2).
            models.UniqueConstraint(
                fields=["user", "agreement"],
                condition=models.Q(ends_on__isnull=True),
                name="one_open_role_per_agreement",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="sro") | ~models.Q(badge_number=""), name="sro_has_badge_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.get_role_display()}, {self.agreement.slug})"

    def clean(self) -> None:
        if self.primary_school_id and not self.agreement.schools.filter(pk=self.primary_school_id).exists():
            raise ValidationError({"primary_school": "The primary school must be one of the agreement's schools."})
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A role cannot end before it starts."})
        if self.user_id and self.agreement_id:
            # The partial unique constraint only covers open roles: an end date in the future must
            # not let a second role run alongside it.
            overlapping = Membership.objects.overlapping(self.user_id, self.agreement_id, self.starts_on, self.ends_on)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                until = f"until {other.ends_on:%B %-d, %Y}" if other.ends_on else "with no end date"
                raise ValidationError(
                    f"{self.user.username} already holds the role {other.get_role_display()} in this agreement "
                    f"from {other.starts_on:%B %-d, %Y} {until}; end it first."
                )

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    @per_request
    def school_ids(self) -> set[int]:
        """The schools this membership is scoped to, its primary school included."""
        ids = set(self.schools.values_list("pk", flat=True))
        if self.primary_school_id:
            ids.add(self.primary_school_id)
        return ids

    @property
    def display_name(self) -> str:
        name = self.user.get_full_name() or self.user.username
        return f"{self.title} {name}".strip()


class SignInAttempt(models.Model):
    """Each sign-in attempt, for lockout and for the person's 'recent sign-ins' page."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Signed in"
        BAD_PASSWORD = "bad_password", "Wrong password"
        BAD_CODE = "bad_code", "Wrong verification code"
        LOCKED = "locked", "Refused: account locked"
        # A try reserved while its password is checked; it counts as a failure until settled,
        # so concurrent tries cannot outrun the lockout (accounts.actions.counted_password_try).
        PENDING = "pending", "Being checked"

    COUNTED = (Outcome.BAD_PASSWORD, Outcome.BAD_CODE, Outcome.PENDING)

    username = models.CharField(max_length=150, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, related_name="sign_ins")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    source_ip = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.get_outcome_display()} at {self.at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """A one-time code that stands in for a TOTP code; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)


class Invitation(models.Model):
    """A one-time link to choose a password and enroll the authenticator (S.2).

    Only a hash of the token is kept: the link itself is shown once (or emailed) and cannot be
    read back from the database.
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        MFA_RESET = "mfa_reset", "New authenticator after a reset"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="invitations")
    agreement = models.ForeignKey(Agreement, models.CASCADE, null=True, blank=True, related_name="invitations")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INVITATION)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} for {self.user.username}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        """Why the link does or does not work, in words for the person holding it."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"
