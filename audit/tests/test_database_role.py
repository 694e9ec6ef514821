"""The restricted PostgreSQL role of docs/operations.md can append to the audit log and read it,
but not change or remove it (S.3, L.2).

The test runs the SQL block from the document itself, so the document cannot drift from what
was proven.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from audit.log import Actor, record, verify_chain
from audit.models import GENESIS, AuditEntry, AuditHead

pytestmark = [pytest.mark.req("S.3"), pytest.mark.req("L.2"), pytest.mark.django_db]

DOC = settings.BASE_DIR / "docs" / "operations.md"


def restrict_role_sql() -> str:
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(), re.DOTALL)
    found = [b for b in blocks if b.startswith("-- restrict-role.sql")]
    assert len(found) == 1, "docs/operations.md must hold exactly one restrict-role.sql block"
    return found[0]


def test_the_document_grants_no_update_or_delete_on_the_audit_entries():
    sql = restrict_role_sql()
    assert "REVOKE ALL ON audit_auditentry, audit_audithead FROM sro_app;" in sql
    assert "GRANT SELECT, INSERT ON audit_auditentry TO sro_app;" in sql
    assert "GRANT SELECT, UPDATE ON audit_audithead TO sro_app;" in sql


@pytest.fixture
def as_app_role():
    """Create a role, apply the document's grants to it, and act as it for the rest of the test."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are a PostgreSQL matter")
    # The migration makes the head row; a transactional test elsewhere may have flushed it.
    AuditHead.objects.get_or_create(id=1, defaults={"hash": GENESIS})
    role = f"sro_app_{uuid.uuid4().hex[:10]}"
    sql = restrict_role_sql().replace("sro_app", role)
    sql = sql.replace("ON DATABASE sro ", f"ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} ")
    with connection.cursor() as cursor:
        # Everything here, the role included, is rolled back with the test's transaction.
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for statement in (s.strip() for s in sql.split(";")):
            if statement and not all(line.startswith("--") for line in statement.splitlines()):
                cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {role}")
    return role


def refused(statement: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as e:
        assert "permission denied" in str(e)
        return True
    return False


def test_the_application_role_can_append_read_and_verify(as_app_role):
    before = AuditEntry.objects.count()
    record(Actor.system("test"), "thing.made")
    record(Actor.system("test"), "thing.changed", changes={"n": 1})
    assert AuditEntry.objects.count() == before + 2
    checked, problem = verify_chain()
    assert problem is None
    assert checked == before + 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'thing.forgotten'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
        "DELETE FROM audit_audithead",
        "INSERT INTO audit_audithead (id, seq, hash) VALUES (2, 0, 'x')",
        "TRUNCATE audit_audithead",
    ],
)
def test_the_application_role_cannot_change_or_remove_the_log(as_app_role, statement):
    record(Actor.system("test"), "thing.made")
    assert refused(statement)
    assert AuditEntry.objects.filter(action="thing.made").exists()


def test_the_application_role_keeps_ordinary_rights_on_other_tables(as_app_role):
    assert not refused("UPDATE django_session SET expire_date = expire_date WHERE false")
    assert not refused("DELETE FROM django_session WHERE false")
