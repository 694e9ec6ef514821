"""Access rules for the Board (S.1, VII.10): the Superintendent submits compilations and their
packets; the Chief and the Superintendent read the annual program review."""

from lib.access_rules import WESTPORT, Rule, only


def _compilation(submitted: bool):
    def kwargs() -> dict:
        from datetime import date

        from accounts.models import Membership
        from audit.log import Actor
        from board.actions import do_submit_to_board
        from reporting import compilation as compiling

        actor = Actor.system("test")
        agreement = Membership.objects.get(user__username="chief", agreement__slug="westport").agreement
        prepared = compiling.do_prepare_compilation(actor, agreement, date(2026, 9, 1))
        sent = compiling.do_send_compilation(actor, prepared)
        if submitted:
            office = Membership.objects.get(user__username="superintendent", agreement__slug="westport")
            do_submit_to_board(actor, office, sent, meeting_on=date(2026, 10, 20), includes_form_as=False)
        return {**WESTPORT, "pk": sent.pk}

    return kwargs


RULES = {
    "board:submissions": Rule(only("superintendent"), WESTPORT),
    "board:submit": Rule(only("superintendent", allowed=405), _compilation(False)),
    "board:packet": Rule(only("superintendent"), _compilation(True)),
    "board:annual": Rule(only("chief", "superintendent"), WESTPORT),
    "board:annual_pdf": Rule(only("chief", "superintendent"), WESTPORT),
}
