"""The district's provisions for each full-time SRO, per school year (IX.1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.log import Actor
from audit.models import AuditEntry
from support.actions import do_update_checklist
from support.models import Checklist

pytestmark = pytest.mark.req("IX.1")
ACTOR = Actor.system("test")


def test_the_superintendents_office_completes_the_checklist_and_changes_are_audited(member):
    office, sro = member("superintendent"), member("sro")
    checklist = do_update_checklist(ACTOR, office, sro=sro, school_year=2026, values={"office": True, "computer": True})
    assert (checklist.office, checklist.furniture, checklist.computer, checklist.complete) == (True, False, True, False)
    do_update_checklist(
        ACTOR, office, sro=sro, school_year=2026, values={"office": True, "computer": True, "furniture": True}
    )
    entries = list(AuditEntry.objects.filter(action="support.checklist_updated").order_by("seq"))
    assert entries[-1].changes == {"furniture": {"from": False, "to": True}}
    assert Checklist.objects.get().complete


def test_saving_the_same_values_again_writes_nothing(member):
    office, sro = member("superintendent"), member("sro")
    do_update_checklist(ACTOR, office, sro=sro, school_year=2026, values={"office": True})
    do_update_checklist(ACTOR, office, sro=sro, school_year=2026, values={"office": True})
    assert AuditEntry.objects.filter(action="support.checklist_updated").count() == 1


@pytest.mark.req("S.4")
def test_only_the_superintendents_office_for_an_sro_in_a_plausible_year(member):
    cases = [
        (member("chief"), member("sro"), 2026, "Only the Superintendent's office"),
        (member("superintendent"), member("principal"), 2026, "School Resource Officers"),
        (member("superintendent"), member("sro"), 1999, "within the agreement's life"),
        (member("superintendent"), member("sro"), 30000, "within the agreement's life"),
    ]
    for who, sro, year, message in cases:
        with pytest.raises(ValidationError, match=message):
            do_update_checklist(ACTOR, who, sro=sro, school_year=year, values={"office": True})
    assert not Checklist.objects.exists()


def test_the_chief_sees_every_sro_and_an_sro_only_themselves_with_training_read_from_the_records(client_for, member):
    do_update_checklist(ACTOR, member("superintendent"), sro=member("sro"), school_year=2026, values={"office": True})
    chief = client_for("chief").get("/westport/support/?year=2026")
    assert {e["sro"].user.username for e in chief.context["entries"]} == {"sro", "sro2"}
    assert b"Not yet completed" in chief.content
    assert b"Training in social-emotional learning" in chief.content
    mine = client_for("sro").get("/westport/support/?year=2026")
    assert [e["sro"].user.username for e in mine.context["entries"]] == ["sro"]


def test_the_form_saves_and_an_unknown_sro_is_404(client_for, member):
    client = client_for("superintendent")
    sro = member("sro")
    response = client.post(
        f"/westport/support/{sro.pk}/2026/", {"office": "on", "note": "Room\u00a0114,\nsecond floor"}
    )
    assert response.status_code == 302
    assert Checklist.objects.get().note == "Room 114, second floor"
    assert client.get(f"/westport/support/{member('chief').pk}/2026/").status_code == 404
