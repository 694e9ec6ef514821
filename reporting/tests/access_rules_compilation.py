"""Who may see and act on the monthly compilations (VII.9, S.1)."""

from __future__ import annotations

from datetime import date

from lib.access_rules import WESTPORT, Rule, only


def a_compilation(status: str):
    def kwargs() -> dict:
        from agreements.models import Agreement
        from audit.log import Actor
        from reporting.compilation import do_prepare_compilation
        from reporting.models import MonthlyCompilation

        agreement = Agreement.objects.get(slug="westport")
        compilation = do_prepare_compilation(Actor.system("test"), agreement, date(2025, 10, 1))
        MonthlyCompilation.objects.filter(id=compilation.id).update(status=status)
        return {**WESTPORT, "compilation_id": compilation.id}

    return kwargs


RULES = {
    "compilations:list": Rule(only("chief", "superintendent"), WESTPORT),
    # No month given: the Chief is sent back with a message; nothing is compiled.
    "compilations:prepare": Rule(only("chief", allowed="redirect"), WESTPORT, method="post"),
    "compilations:detail": Rule(only("chief", "superintendent"), a_compilation("sent")),
    "compilations:pdf": Rule(only("chief", "superintendent"), a_compilation("sent")),
    "compilations:send": Rule(only("chief", allowed="redirect"), a_compilation("prepared"), method="post"),
    "compilations:acknowledge": Rule(only("superintendent", allowed="redirect"), a_compilation("sent"), method="post"),
}
