"""One answer to "who receives Form As and compilations under this route" (VII.10, VII.9)."""

from __future__ import annotations

import pytest

import reporting.actions
import students.views
from accounts.models import Membership, Role, User
from agreements.models import Agreement
from reporting import compilation, deadlines, models, routes
from reporting.routes import Document, receiver_roles, receivers

pytestmark = [pytest.mark.req("VII.10")]

SUPERINTENDENTS = {Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE}


@pytest.mark.parametrize(
    ("post_certified", "document", "roles"),
    [
        (True, Document.FORM_A, {Role.CHIEF}),
        (True, Document.COMPILATION, SUPERINTENDENTS),
        (True, Document.COMPILATION_REVIEW, {Role.CHIEF}),
        (False, Document.FORM_A, SUPERINTENDENTS),
        (False, Document.COMPILATION, SUPERINTENDENTS),
        (False, Document.COMPILATION_REVIEW, set()),
    ],
)
def test_one_function_says_who_receives_each_document_on_each_route(demo, post_certified, document, roles):
    westport = Agreement.objects.get(slug="westport")
    westport.chief_post_certified = post_certified
    assert receiver_roles(westport, document) == roles


def test_receivers_are_the_people_in_open_receiver_roles_each_once(demo, member):
    agreement = member("chief").agreement
    designee = User.objects.create_user("designee", first_name="Dee", last_name="Signee")
    Membership.objects.create(user=designee, agreement=agreement, role=Role.SUPERINTENDENT_DESIGNEE)
    assert [u.username for u in receivers(agreement, Document.FORM_A)] == ["chief"]
    assert sorted(u.username for u in receivers(agreement, Document.COMPILATION)) == ["designee", "superintendent"]
    superintendent = member("superintendent").user
    assert [u.username for u in receivers(agreement, Document.COMPILATION, besides=superintendent)] == ["designee"]
    agreement.chief_post_certified = False
    assert sorted(u.username for u in receivers(agreement, Document.FORM_A)) == ["designee", "superintendent"]
    assert receivers(agreement, Document.COMPILATION_REVIEW) == []


def test_no_module_keeps_its_own_copy_of_the_answer():
    assert deadlines.receivers is routes.receivers
    assert compilation.receivers is routes.receivers
    assert reporting.actions.receiver_roles is routes.receiver_roles
    assert not hasattr(compilation, "chiefs")
    assert not hasattr(reporting.actions, "_superintendents")


def test_editable_is_defined_once():
    assert not hasattr(reporting.actions, "EDITABLE")
    assert not hasattr(students.views, "EDITABLE")
    assert models.EDITABLE == (models.FormA.Status.DRAFT, models.FormA.Status.RETURNED)
