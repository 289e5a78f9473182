"""Processes, phases, focus areas, users, and Agenda 2030's goals as reference data

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 10:47:46.582796

"""
import sqlalchemy as sa
from alembic import op

# Agenda 2030's goals, from app/data/agenda2030_goals.csv (a test keeps the two the same).
GOALS = [
    (1, 'Ingen fattigdom', 'No poverty', '#E5243B'),
    (2, 'Ingen hunger', 'Zero hunger', '#DDA63A'),
    (3, 'God hälsa och välbefinnande', 'Good health and well-being', '#4C9F38'),
    (4, 'God utbildning för alla', 'Quality education', '#C5192D'),
    (5, 'Jämställdhet', 'Gender equality', '#FF3A21'),
    (6, 'Rent vatten och sanitet för alla', 'Clean water and sanitation', '#26BDE2'),
    (7, 'Hållbar energi för alla', 'Affordable and clean energy', '#FCC30B'),
    (8, 'Anständiga arbetsvillkor och ekonomisk tillväxt', 'Decent work and economic growth', '#A21942'),
    (9, 'Hållbar industri, innovationer och infrastruktur', 'Industry, innovation and infrastructure', '#FD6925'),
    (10, 'Minskad ojämlikhet', 'Reduced inequalities', '#DD1367'),
    (11, 'Hållbara städer och samhällen', 'Sustainable cities and communities', '#FD9D24'),
    (12, 'Hållbar konsumtion och produktion', 'Responsible consumption and production', '#BF8B2E'),
    (13, 'Bekämpa klimatförändringarna', 'Climate action', '#3F7E44'),
    (14, 'Hav och marina resurser', 'Life below water', '#0A97D9'),
    (15, 'Ekosystem och biologisk mångfald', 'Life on land', '#56C02B'),
    (16, 'Fredliga och inkluderande samhällen', 'Peace, justice and strong institutions', '#00689D'),
    (17, 'Genomförande och globalt partnerskap', 'Partnerships for the goals', '#19486A'),
]


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('processes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processes')),
    sa.UniqueConstraint('slug', name=op.f('uq_processes_slug'))
    )
    sdg_goals = op.create_table('sdg_goals',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_sdg_goals'))
    )
    _load_goals(sdg_goals)
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=True),
    sa.Column('role', sa.Enum('resident', 'moderator', 'committee', 'admin', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('focus_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_focus_areas_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_areas')),
    sa.UniqueConstraint('process_id', 'name', name=op.f('uq_focus_areas_process_id_name'))
    )
    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_areas_process_id'), ['process_id'], unique=False)

    op.create_table('phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('body', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('dialogue', 'review', 'decision', 'information', name='phasekind', native_enum=False, length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('allows_submit', sa.Boolean(), nullable=False),
    sa.Column('allows_support', sa.Boolean(), nullable=False),
    sa.Column('allows_comment', sa.Boolean(), nullable=False),
    sa.Column('allows_review', sa.Boolean(), nullable=False),
    sa.Column('allows_results', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_phases_ends_after_start')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_phases_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phases'))
    )
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phases_process_id'), ['process_id'], unique=False)



def downgrade():
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phases_process_id'))

    op.drop_table('phases')
    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_areas_process_id'))

    op.drop_table('focus_areas')
    op.drop_table('users')
    op.drop_table('sdg_goals')
    op.drop_table('processes')


def _load_goals(table):
    """The 17 goals are fixed reference data: they arrive with the schema."""
    op.bulk_insert(table, [{"number": number, "name_sv": sv, "name_en": en, "colour": colour}
                           for number, sv, en, colour in GOALS])
