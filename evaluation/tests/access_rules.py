"""Access rules for evaluation (S.1, X.1, X.2): feedback comes from the Superintendent's office and
principals and goes to the Chief; written concerns and their documents are for the two parties
only (the Chief and the Superintendent's office)."""

from lib.access_rules import WESTPORT, Rule, only


def _concern(with_document: bool = False):
    def kwargs() -> dict:
        from datetime import date

        from accounts.models import Membership
        from audit.log import Actor
        from evaluation.actions import Document, do_send_concerns

        office = Membership.objects.get(user__username="superintendent", agreement__slug="westport")
        sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
        docs = [Document("memo.pdf", "application/pdf", b"%PDF-1.4 memo", "0" * 64)] if with_document else []
        concern = do_send_concerns(
            Actor.system("test"), office, sro=sro, written_on=date(2026, 11, 2), summary="Late to duty.", documents=docs
        )
        result = {**WESTPORT, "pk": concern.pk}
        if with_document:
            result["doc"] = concern.documents.get().pk
        return result

    return kwargs


RULES = {
    "evaluation:overview": Rule(only("chief", "superintendent", "principal"), WESTPORT),
    "evaluation:feedback": Rule(only("superintendent", "principal"), WESTPORT),
    "evaluation:concerns": Rule(only("superintendent"), WESTPORT),
    "evaluation:concern": Rule(only("chief", "superintendent"), _concern()),
    "evaluation:decide": Rule(only("chief", allowed=405), _concern()),
    "evaluation:document": Rule(only("chief", "superintendent"), _concern(with_document=True)),
}
