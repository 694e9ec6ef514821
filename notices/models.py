"""Notices: a message to one person, shown in the app and sent by email, exactly once per key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from agreements.models import Agreement
from lib.prepared import Prepared


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user, agreement: Agreement) -> NoticeQuerySet:
        return self.filter(recipient=user, agreement=agreement)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """One person's copy of one message. The key makes a repeat of the same message a no-op."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices")
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=50)
    # e.g. "form_a:17:reminder:2": the same key for the same recipient is never sent twice.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed for emailing (never emailed twice), then handed to the mail server. Claimed long
    # ago and never handed over: the worker stopped mid-send (the system administrator is told).
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    # Failed sends: how many, and the last refusal (the mail server's words, never the body).
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_notice_per_key")]
        indexes = [models.Index(fields=["recipient", "agreement", "read_at"])]

    def __str__(self) -> str:
        return self.subject


# The nav's unread count, on every page: compiled once per process (lib/prepared.py).
UNREAD = Prepared(
    lambda user_id, agreement_id: Notice.objects.for_user(user_id, agreement_id).unread(),
    user_id=int,
    agreement_id=int,
)
