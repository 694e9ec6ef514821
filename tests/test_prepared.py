"""Queries compiled once per process (lib.prepared) return what their plain querysets return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, Role, User
from agreements.access import _MEMBERSHIP
from agreements.models import Agreement
from lib.prepared import Prepared, counts_of
from notices.models import UNREAD, Notice
from reporting.tests.filing import calendar_fixture as calendar  # noqa: F401  (the demo calendars)


def plain_membership(user_id: int, slug: str, today: date) -> Membership | None:
    """The same queryset, run by Django's ORM as usual."""
    return _MEMBERSHIP.build(user_id=user_id, slug=slug, today=today).first()


def same(a: Membership | None, b: Membership | None) -> bool:
    """The same row and the same related rows, field by field."""
    if a is None or b is None:
        return a is b

    def fields(obj) -> dict:
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    related = [
        lambda m: m,
        lambda m: m.user,
        lambda m: m.agreement,
        lambda m: m.agreement.district,
        lambda m: m.agreement.police_department,
        lambda m: m.primary_school,
    ]
    return all((get(a) is None and get(b) is None) or fields(get(a)) == fields(get(b)) for get in related)


@pytest.mark.req("S.1")
def test_every_persona_in_every_agreement_on_several_days_finds_the_same_membership(demo):
    today = timezone.localdate()
    slugs = [*Agreement.objects.values_list("slug", flat=True), "no-such-town", "", "x" * 300, "westport'--"]
    days = [today, today - timedelta(days=400), today + timedelta(days=400), date(2023, 11, 1)]
    checked = 0
    for user in User.objects.all():
        for slug in slugs:
            for day in days:
                found = _MEMBERSHIP.first(user_id=user.pk, slug=slug, today=day)
                assert same(found, plain_membership(user.pk, slug, day)), (user.username, slug, day)
                checked += found is not None
    assert checked > 20


@pytest.mark.req("S.1")
def test_on_the_day_a_role_changes_the_open_role_wins_and_an_ended_role_is_gone(member):
    sro = member("sro")
    today = timezone.localdate()
    sro.ends_on = today
    sro.save()
    chief_role = Membership.objects.create(
        user=sro.user, agreement=sro.agreement, role=Role.CHIEF, title="Acting", badge_number="9", starts_on=today
    )
    found = _MEMBERSHIP.first(user_id=sro.user.pk, slug="westport", today=today)
    assert found.pk == chief_role.pk and same(found, plain_membership(sro.user.pk, "westport", today))
    assert found.primary_school is None
    chief_role.delete()
    tomorrow = today + timedelta(days=1)
    assert _MEMBERSHIP.first(user_id=sro.user.pk, slug="westport", today=tomorrow) is None
    assert plain_membership(sro.user.pk, "westport", tomorrow) is None


def test_a_prepared_membership_behaves_as_a_loaded_one(member):
    sro = member("sro")
    found = _MEMBERSHIP.first(user_id=sro.user.pk, slug="westport", today=timezone.localdate())
    with CaptureQueriesContext(connection) as ctx:
        names = (found.user.username, found.agreement.district.name, found.agreement.police_department.name)
        school = found.primary_school.name
    assert len(ctx.captured_queries) == 0  # everything came in the one row
    assert names[0] == "sro" and school
    assert found._state.db == "default" and not found._state.adding
    found.title = "Officer"
    found.save(update_fields=["title"])
    assert Membership.objects.get(pk=found.pk).title == "Officer"


def test_counts_match_the_plain_count(member):
    chief = member("chief")
    Notice.objects.create(recipient=chief.user, agreement=chief.agreement, kind="t", key="a", subject="s", body="b")
    Notice.objects.create(
        recipient=chief.user,
        agreement=chief.agreement,
        kind="t",
        key="b",
        subject="s",
        body="b",
        read_at=timezone.now(),
    )
    for user in User.objects.all():
        for agreement in Agreement.objects.all():
            plain = Notice.objects.filter(recipient=user, agreement=agreement, read_at__isnull=True).count()
            assert UNREAD.count(user_id=user.pk, agreement_id=agreement.pk) == plain
    assert UNREAD.count(user_id=chief.user.pk, agreement_id=chief.agreement_id) >= 1


def test_the_nav_badges_count_as_before(member):
    from reporting.models import FormA, MonthlyCompilation
    from reporting.views import _COMPILATIONS, _RETURNED, _WAITING

    for agreement in Agreement.objects.all():
        assert _WAITING.count(agreement_id=agreement.pk) == (
            FormA.objects.filed().filter(agreement=agreement, status=FormA.Status.SUBMITTED).count()
        )
        for status in MonthlyCompilation.Status:
            assert _COMPILATIONS.count(agreement_id=agreement.pk, status=str(status)) == (
                MonthlyCompilation.objects.filter(agreement=agreement, status=status).count()
            )
    for sro in Membership.objects.filter(role=Role.SRO):
        assert _RETURNED.count(agreement_id=sro.agreement_id, sro_id=sro.pk) == (
            FormA.objects.filter(sro=sro, status=FormA.Status.RETURNED).count()
        )


def test_counts_together_are_each_counts_alone_in_one_statement(member):
    from reporting.models import FormA, MonthlyCompilation
    from reporting.tests.filing import draft, submitted
    from reporting.views import _COMPILATIONS, _WAITING

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    submitted(sro)
    submitted(sro)
    draft(sro)
    countings, alone = [], []
    for agreement in Agreement.objects.all():
        countings.append(_WAITING.counting(agreement_id=agreement.pk))
        alone.append(FormA.objects.filed().filter(agreement=agreement, status=FormA.Status.SUBMITTED).count())
        for status in MonthlyCompilation.Status:
            countings.append(_COMPILATIONS.counting(agreement_id=agreement.pk, status=str(status)))
            alone.append(MonthlyCompilation.objects.filter(agreement=agreement, status=status).count())
        for user in User.objects.all():
            countings.append(UNREAD.counting(user_id=user.pk, agreement_id=agreement.pk))
            alone.append(Notice.objects.filter(recipient=user, agreement=agreement, read_at__isnull=True).count())
    assert 2 in alone and any(n > 0 for n in alone[1:])  # the counts differ, so their order is tested
    with CaptureQueriesContext(connection) as queries:
        together = counts_of(countings)
    assert together == alone
    assert len(queries) == 1
    assert counts_of([]) == []
    with pytest.raises(TypeError, match="agreement_id must be int"):
        _WAITING.counting(agreement_id="1")


def test_counts_of_any_querysets_are_their_counts_in_one_statement(member):
    from reporting.models import FormA
    from reporting.tests.filing import draft, submitted

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    submitted(sro)
    draft(sro)
    draft(sro)
    querysets = [
        FormA.objects.filter(sro=sro, status=FormA.Status.DRAFT).select_related("school"),
        FormA.objects.filed().filter(agreement__slug="westport"),
        FormA.objects.none(),
        FormA.objects.filter(school_id__in=[]),
        FormA.objects.filter(Q(status=FormA.Status.RETURNED) | Q(location__icontains="%'")),
        Notice.objects.filter(read_at__isnull=True),
    ]
    alone = [qs.count() for qs in querysets]
    assert alone[:4] == [2, 1, 0, 0]
    with CaptureQueriesContext(connection) as queries:
        assert counts_of(querysets) == alone
    assert len(queries) == 1
    assert counts_of([]) == []
    for shape in (
        FormA.objects.all()[:3],
        FormA.objects.distinct(),
        FormA.objects.values("status").annotate(n=Count("pk")),
    ):
        with pytest.raises(ValueError, match="not a slice, DISTINCT or GROUP BY"):
            counts_of([shape])


def test_the_nav_runs_its_prepared_counts_in_one_statement(member, rf):
    from agreements.panels import links_for
    from reporting.models import FormA
    from reporting.tests.filing import submitted

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    submitted(sro)
    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    Notice.objects.create(recipient=chief.user, agreement=chief.agreement, kind="t", key="n", subject="s", body="b")
    request = rf.get("/")
    request.user = chief.user
    with CaptureQueriesContext(connection) as queries:
        badges = {link.label: badge for link, badge in links_for(request, chief)}
    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and '"__n"' in q["sql"]]
    assert len(counts) == 1  # Form As waiting, compilations waiting and unread notices, together
    assert counts[0].count("COUNT(*)") == 3
    assert badges["Form A inbox"] == FormA.objects.filed().filter(agreement=chief.agreement, status="submitted").count()
    assert (
        badges["Notices"]
        == Notice.objects.filter(recipient=chief.user, agreement=chief.agreement, read_at=None).count()
    )
    assert badges["Form A inbox"] >= 1 and badges["Notices"] >= 1


def test_wrong_values_are_refused_before_any_sql(db):
    query = Prepared(lambda user_id: Notice.objects.filter(recipient_id=user_id), user_id=int)
    with pytest.raises(TypeError, match="user_id must be int, not str"):
        query.count(user_id="1 OR 1=1")
    with pytest.raises(TypeError, match="Expected values for"):
        query.count()
    with pytest.raises(TypeError, match="int, str or date"):
        Prepared(lambda ids: Notice.objects.filter(recipient_id__in=ids), ids=list)


def test_a_value_the_query_does_not_use_is_refused(db):
    """A value that never reached the SQL would be silently ignored: refused when compiled."""
    query = Prepared(lambda user_id, other: Notice.objects.filter(recipient_id=user_id), user_id=int, other=int)
    with pytest.raises(ValueError, match="unused: \\['other'\\]"):
        query.count(user_id=1, other=2)


def _row(obj, related: tuple[str, ...] = (), annotations: tuple[str, ...] = ()) -> tuple:
    """An instance as the page sees it: its loaded fields, its related rows' fields, its annotations."""

    def loaded(o) -> dict:
        return {f.attname: o.__dict__[f.attname] for f in o._meta.concrete_fields if f.attname in o.__dict__}

    parts = [type(obj), loaded(obj)]
    for name in related:
        other = getattr(obj, name)
        parts.append(None if other is None else loaded(other))
    parts += [getattr(obj, a) for a in annotations]
    return tuple(repr(p) for p in parts)


@pytest.mark.req("VII.3")
def test_the_dashboards_prepared_lists_are_their_querysets_row_for_row(member, calendar):  # noqa: F811
    from datetime import timedelta

    from reporting import actions
    from reporting.tests.filing import actor, draft, submitted
    from reporting.views import _FIRST_DRAFTS, _LAST_RECEIPTS

    sro, sro2, chief = member("sro"), member("sro2"), member("chief")
    today = timezone.localdate()
    for i in range(7):
        draft(sro, incident_date=today - timedelta(days=i), students=1 + i % 2)
        submitted(sro2, incident_date=today - timedelta(days=i))
    actions.do_return(actor(chief), submitted(sro, incident_date=today), chief, reason="Add the time.")
    checked = 0
    for membership in Membership.objects.filter(role=Role.SRO):
        for prepared in (_FIRST_DRAFTS, _LAST_RECEIPTS):
            args = {"agreement_id": membership.agreement_id, "sro_id": membership.pk}
            plain = list(prepared.build(**args))
            ours = prepared.all(**args)
            annotations = ("student_count", "returned_first", "drafts_total") if prepared is _FIRST_DRAFTS else ()
            related = ("school", "agreement") if prepared is _FIRST_DRAFTS else ("school",)
            assert [_row(o, related, annotations) for o in ours] == [_row(o, related, annotations) for o in plain]
            checked += len(ours)
    assert checked >= 5 + 5  # the SRO's five first drafts, the other SRO's five last receipts
    assert max(d.drafts_total for d in _FIRST_DRAFTS.all(agreement_id=sro.agreement_id, sro_id=sro.pk)) == 8


@pytest.mark.req("VII.10")
def test_the_receivers_counts_and_the_superintendents_receipts_are_their_querysets(member):
    from datetime import timedelta

    from reporting import actions
    from reporting.models import FormA
    from reporting.tests.filing import actor, received, submitted
    from reporting.views import _FILED_RETURNED, _LATE, _RECEIPTS_CC, _WAITING

    sro, chief = member("sro"), member("chief")
    for _ in range(3):
        received(sro, chief)
    late = submitted(sro)
    FormA.objects.filter(pk=late.pk).update(school_days_late=2)
    submitted(sro)
    actions.do_return(actor(chief), submitted(sro), chief, reason="Add the time.")
    FormA.objects.filter(status=FormA.Status.RECEIVED).update(received_at=timezone.now() - timedelta(days=1))
    for agreement in Agreement.objects.all():
        ids = {"agreement_id": agreement.pk}
        filed = FormA.objects.filed().filter(agreement=agreement)
        assert counts_of([_WAITING.counting(**ids), _LATE.counting(**ids), _FILED_RETURNED.counting(**ids)]) == [
            filed.filter(status=FormA.Status.SUBMITTED).count(),
            filed.filter(status=FormA.Status.SUBMITTED, school_days_late__gt=0).count(),
            filed.filter(status=FormA.Status.RETURNED).count(),
        ]
        assert [_row(o) for o in _RECEIPTS_CC.all(**ids)] == [_row(o) for o in _RECEIPTS_CC.build(**ids)]
    westport = {"agreement_id": sro.agreement_id}
    assert counts_of([_WAITING.counting(**westport), _LATE.counting(**westport)]) == [2, 1]
    assert len(_RECEIPTS_CC.all(**westport)) >= 3


def test_warming_compiles_every_prepared_query_once_and_they_answer_as_before(member):
    import gc

    from lib import prepared

    gc.collect()  # the queries other tests made and dropped
    from reporting.views import _FIRST_DRAFTS

    assert prepared.warm() >= 3 * 5  # each plain query's three shapes, each list's one
    plans = {id(p): dict(p._plans) for p in prepared._every}
    assert all(plans.values())
    sro = member("sro")
    assert _FIRST_DRAFTS.all(agreement_id=sro.agreement_id, sro_id=sro.pk) == []
    assert _MEMBERSHIP.first(user_id=sro.user_id, slug="westport", today=timezone.localdate()) == sro
    prepared.warm()
    assert {id(p): dict(p._plans) for p in prepared._every} == plans  # nothing compiled again
