"""What the Superintendent submits to the Board of Education (Conn. Gen. Stat. § 10-233p, VII.10):
each monthly compilation, on either route, as a Board packet (the memo and summary; the Form As
themselves only where the Board's policy asks for them), with the date of the meeting."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from reporting.models import MonthlyCompilation


class BoardSubmission(models.Model):
    compilation = models.OneToOneField(MonthlyCompilation, models.PROTECT, related_name="board_submission")
    meeting_on = models.DateField("Date of the Board meeting")
    includes_form_as = models.BooleanField("The Board's policy asks for the Form As themselves", default=False)
    packet = models.FileField(upload_to="board/", blank=True)
    packet_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-compilation__month", "-compilation__supplement"]

    def __str__(self) -> str:
        return f"{self.compilation} to the Board, meeting of {self.meeting_on:%Y-%m-%d}"
