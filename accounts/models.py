"""People, their roles in an agreement, and what sign-in needs to know about them (S.2)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from agreements.models import Agreement, School


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted TOTP time step, so a code cannot be replayed within its window.
    totp_last_step = models.BigIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

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
    SUPERINTENDENT = "superintendent", "Superintendent"
    SUPERINTENDENT_DESIGNEE = "superintendent_designee", "Superintendent's designee"
    PRINCIPAL = "principal", "Principal"
    PRINCIPAL_DESIGNEE = "principal_designee", "Principal's designee"
    DATA_STEWARD = "data_steward", "District data steward"
    SYSADMIN = "sysadmin", "System administrator"
    OFFICER = "officer", "Police officer"


SUPERINTENDENT_ROLES = frozenset({Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today), starts_on__lte=today)


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
