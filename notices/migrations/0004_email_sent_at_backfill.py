# The backfill on its own, after the column is committed: on PostgreSQL, adding the column takes
# a lock every page's unread count waits for, so it is not held while every emailed notice is
# updated.

from django.db import migrations
from django.db.models import F


def sent_before(apps, schema_editor):
    # Emails claimed before this field existed were handed to the mail server, as far as anyone
    # can tell now: none of them is reported as stalled.
    Notice = apps.get_model("notices", "Notice")
    Notice.objects.filter(emailed_at__isnull=False, email_sent_at__isnull=True).update(email_sent_at=F("emailed_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('notices', '0003_email_sent_at'),
    ]

    operations = [
        migrations.RunPython(sent_before, migrations.RunPython.noop),
    ]
