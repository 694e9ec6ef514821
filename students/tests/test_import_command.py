"""manage.py import_oneroster PATH --agreement SLUG (VII.6, S.4)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from students import demo_roster
from students.models import Student
from students.tests.bundles import bundle, people, replace_line


@pytest.mark.req("VII.6")
def test_it_imports_a_folder(demo, tmp_path):
    demo_roster.write_bundle(tmp_path / "export", bundle())
    out = io.StringIO()
    call_command("import_oneroster", str(tmp_path / "export"), "--agreement", "westport", stdout=out)
    assert f"{len(people())} new, 0 updated, 0 made inactive" in out.getvalue()
    assert Student.objects.count() == len(people())


@pytest.mark.req("S.4")
def test_a_broken_zip_is_refused_with_every_problem_and_nothing_changes(demo, tmp_path):
    demo_roster.write_bundle(tmp_path / "bad.zip", replace_line(bundle(), "users.csv", 1, "sourcedId,status"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Import refused: 2 problem"):
        call_command("import_oneroster", str(tmp_path / "bad.zip"), "--agreement", "westport", stderr=err)
    assert "users.csv, line 1, column givenName: missing column 'givenName' in the header line" in err.getvalue()
    assert not Student.objects.exists()


def test_it_refuses_an_unknown_agreement_or_path(demo, tmp_path):
    with pytest.raises(CommandError, match="No agreement"):
        call_command("import_oneroster", str(tmp_path), "--agreement", "nowhere")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_oneroster", str(tmp_path / "missing.zip"), "--agreement", "westport")
