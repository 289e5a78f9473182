"""The database keeps dialogue phases from overlapping, even when two admins save at once

PostgreSQL has an exclusion constraint for it; SQLite gets triggers (its timestamps are
stored as UTC text, which compares in time order).

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

SQLITE_TRIGGER = """
CREATE TRIGGER {name} BEFORE {event} ON phases
WHEN NEW.kind = 'dialogue' AND EXISTS (
    SELECT 1 FROM phases AS other
    WHERE other.kind = 'dialogue' AND other.id IS NOT NEW.id
      AND other.starts_at < NEW.ends_at AND other.ends_at > NEW.starts_at)
BEGIN
    SELECT RAISE(ABORT, 'ex_phases_one_dialogue_at_a_time');
END
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE phases ADD CONSTRAINT ex_phases_one_dialogue_at_a_time "
                   "EXCLUDE USING gist (tstzrange(starts_at, ends_at) WITH &&) "
                   "WHERE (kind = 'dialogue')")
    else:
        op.execute(SQLITE_TRIGGER.format(name="tr_phases_one_dialogue_insert", event="INSERT"))
        op.execute(SQLITE_TRIGGER.format(name="tr_phases_one_dialogue_update",
                                         event="UPDATE"))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE phases DROP CONSTRAINT ex_phases_one_dialogue_at_a_time")
    else:
        op.execute("DROP TRIGGER tr_phases_one_dialogue_update")
        op.execute("DROP TRIGGER tr_phases_one_dialogue_insert")
