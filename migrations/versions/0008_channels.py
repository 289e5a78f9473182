"""Other channels: physical places, Open Space events and sessions, paper proposals and
supports, and import batches

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('opening_hours', sa.Text(), nullable=False),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
    sa.UniqueConstraint('name', name=op.f('uq_places_name'))
    )
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_import_batches_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_import_batches_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batches_sha256'), ['sha256'], unique=False)

    op.create_table('open_space_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('theme', sa.Text(), nullable=False),
    sa.Column('facilitator', sa.String(length=120), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.CheckConstraint('participants >= 0', name=op.f('ck_open_space_events_participants_not_negative')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_open_space_events_place_id_places')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_open_space_events_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_space_events'))
    )
    with op.batch_alter_table('open_space_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_space_events_process_id'), ['process_id'], unique=False)

    op.create_table('open_space_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('convener', sa.String(length=120), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.CheckConstraint('participants >= 0', name=op.f('ck_open_space_sessions_participants_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['open_space_events.id'], name=op.f('fk_open_space_sessions_event_id_open_space_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_space_sessions'))
    )
    with op.batch_alter_table('open_space_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_space_sessions_event_id'), ['event_id'], unique=False)

    op.create_table('paper_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('count > 0 AND count <= 100000', name=op.f('ck_paper_supports_count_in_range')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_paper_supports_place_id_places')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_paper_supports_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_paper_supports_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['open_space_sessions.id'], name=op.f('fk_paper_supports_session_id_open_space_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_supports'))
    )
    with op.batch_alter_table('paper_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_supports_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('import_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('import_batch_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('paper_supports_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_proposals_import_batch_id'), ['import_batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_session_id'), ['session_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_proposals_import_key'), ['import_key'])
        batch_op.create_foreign_key(batch_op.f('fk_proposals_entered_by_id_users'), 'users', ['entered_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_proposals_import_batch_id_import_batches'), 'import_batches', ['import_batch_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_proposals_session_id_open_space_sessions'), 'open_space_sessions', ['session_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_proposals_place_id_places'), 'places', ['place_id'], ['id'])



def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_place_id_places'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_proposals_session_id_open_space_sessions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_proposals_import_batch_id_import_batches'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_proposals_entered_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_proposals_import_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_proposals_session_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_place_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_import_batch_id'))
        batch_op.drop_column('paper_supports_count')
        batch_op.drop_column('import_batch_id')
        batch_op.drop_column('import_key')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('received_on')
        batch_op.drop_column('session_id')
        batch_op.drop_column('place_id')

    with op.batch_alter_table('paper_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_supports_proposal_id'))

    op.drop_table('paper_supports')
    with op.batch_alter_table('open_space_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_space_sessions_event_id'))

    op.drop_table('open_space_sessions')
    with op.batch_alter_table('open_space_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_space_events_process_id'))

    op.drop_table('open_space_events')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_sha256'))
        batch_op.drop_index(batch_op.f('ix_import_batches_process_id'))

    op.drop_table('import_batches')
    op.drop_table('places')
