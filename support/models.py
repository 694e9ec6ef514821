"""What the district provides each full-time SRO, per school year (IX.1): a checklist the
Superintendent's office completes and the Chief can see. The fourth provision, training, is
read from the training records rather than ticked by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement

NOTE_MAX = 300

# The MOU's words, section IX.
PROVISIONS = [
    ("office", "Access to an air-conditioned and properly lighted private office containing a telephone line"),
    ("furniture", "A desk with drawers, a chair, and filing drawers"),
    ("computer", "Access to a computer terminal or computer hookup"),
]


class Checklist(models.Model):
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="support_checklists")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="support_checklists")
    school_year = models.PositiveSmallIntegerField(help_text="The calendar year in which the school year starts.")
    office = models.BooleanField(default=False)
    furniture = models.BooleanField(default=False)
    computer = models.BooleanField(default=False)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-school_year", "sro__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["sro", "school_year"], name="one_support_checklist_per_sro_year")
        ]

    def __str__(self) -> str:
        return f"District support for {self.sro.display_name}, {self.school_year}–{self.school_year + 1}"

    @property
    def provided(self) -> list[tuple[str, str, bool]]:
        return [(key, label, getattr(self, key)) for key, label in PROVISIONS]

    @property
    def complete(self) -> bool:
        return all(getattr(self, key) for key, _ in PROVISIONS)
