"""manage.py scan_text: the guard on standard input, one JSON object per finding (VII.4)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from audit.log import Actor
from students import actions
from students.tests.bundles import bundle, person


@pytest.fixture
def westport(demo):
    actions.do_import_roster(Actor.system("test"), demo, bundle([person("s1", "Hope", "Bell", org="wps-bms")]))
    return demo


def run(monkeypatch, text: str, *args: str) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("scan_text", "--agreement", "westport", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.req("VII.4")
def test_it_prints_one_json_object_per_finding(westport, monkeypatch):
    assert run(monkeypatch, "Hope Bell ran.\nThen Bell sat.") == [
        {"start": 0, "end": 9, "kind": "full_name", "text": "Hope Bell", "severity": "block"},
        {"start": 20, "end": 24, "kind": "family_name", "text": "Bell", "severity": "confirm"},
    ]


@pytest.mark.req("VII.4")
def test_with_lines_each_line_is_its_own_text(westport, monkeypatch):
    assert run(monkeypatch, "nothing here\nThen Bell sat.\n", "--lines") == [
        {"start": 5, "end": 9, "kind": "family_name", "text": "Bell", "severity": "confirm", "line": 2},
    ]


@pytest.mark.req("VII.4")
def test_with_a_school_single_names_still_come_from_the_whole_agreement_but_initials_from_that_school(
    westport, monkeypatch
):
    assert len(run(monkeypatch, "Then Bell sat.", "--school", "wps-shs")) == 1
    assert len(run(monkeypatch, "Then Bell sat.", "--school", "wps-bms")) == 1
    assert run(monkeypatch, "Then H.B. sat.", "--school", "wps-shs") == []
    assert run(monkeypatch, "Then H.B. sat.", "--school", "wps-bms") == [
        {"start": 5, "end": 9, "kind": "initials", "text": "H.B.", "severity": "confirm"}
    ]


def test_it_refuses_an_unknown_agreement_or_school(westport, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="No agreement"):
        call_command("scan_text", "--agreement", "nowhere")
    with pytest.raises(CommandError, match="No school"):
        call_command("scan_text", "--agreement", "westport", "--school", "zzz")
