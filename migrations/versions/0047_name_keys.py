"""Keyword and theme names unique in their process whatever the case, in the database

Revision ID: 0047_name_keys
Revises: 0046_compound_heads

Each keyword and theme keeps its case-folded name (`name_key`, Python's casefold: SQLite's
lower() knows only ASCII letters) under a unique constraint with its process, so two
moderators saving "Snöröjning" and "snöröjning" at once make one. The names already there
are read once; should two differ only in case (the application refused that before, but
not at once), the later keeps its key with its id added.
"""
from alembic import op
import sqlalchemy as sa

revision = '0047_name_keys'
down_revision = '0046_compound_heads'
branch_labels = None
depends_on = None

TABLES = (("keywords", 80), ("themes", 120))


def upgrade():
    connection = op.get_bind()
    for table, length in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=length),
                                          server_default="", nullable=False))
        taken = set()
        for id_, process_id, name in connection.execute(sa.text(
                f"SELECT id, process_id, name FROM {table} ORDER BY id")).all():
            key = name.casefold()
            if (process_id, key) in taken:
                key = f"{key} #{id_}"[-length:]
            taken.add((process_id, key))
            connection.execute(sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id"),
                               {"key": key, "id": id_})
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_unique_constraint(f"uq_{table}_process_id_name_key",
                                              ["process_id", "name_key"])


def downgrade():
    for table, _length in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_process_id_name_key", type_="unique")
            batch_op.drop_column("name_key")
