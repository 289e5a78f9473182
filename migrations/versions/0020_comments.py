"""Comments on proposals, the helpful marks on them and the reports about them

Revision ID: 0020_comments
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0020_comments'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('as_municipality', sa.Boolean(), nullable=False),
    sa.Column('stance', sa.Enum('for', 'against', 'neutral', name='stance', native_enum=False, length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'published', 'hidden', 'deleted', name='commentstatus', native_enum=False, length=20), nullable=False),
    sa.Column('status_before_hidden', sa.Enum('pending', 'published', 'hidden', 'deleted', name='commentstatus', native_enum=False, length=20), nullable=True),
    sa.Column('hidden_reason', sa.Enum('illegal', 'individual_case', 'identifies_person', 'commercial', 'offensive', 'off_topic', 'duplicate', name='reportreason', native_enum=False, length=20), nullable=True),
    sa.Column('hidden_message', sa.Text(), nullable=False),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_comments_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_comments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_comments_by_helpful', ['proposal_id', 'parent_id', 'helpful_count'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_comments_queue', ['process_id', 'needs_review', 'created_at'], unique=False)
        batch_op.create_index('ix_comments_stance', ['proposal_id', 'stance', 'status'], unique=False)
        batch_op.create_index('ix_comments_thread', ['proposal_id', 'parent_id', 'created_at'], unique=False)

    op.create_table('comment_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Enum('illegal', 'individual_case', 'identifies_person', 'commercial', 'offensive', 'off_topic', 'duplicate', name='reportreason', native_enum=False, length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('upheld', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_reports_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_reports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_reports')),
    sa.UniqueConstraint('comment_id', 'user_id', name=op.f('uq_comment_reports_comment_id_user_id'))
    )
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_reports_user_id'), ['user_id'], unique=False)

    op.create_table('helpful_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_helpful_marks_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_helpful_marks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpful_marks')),
    sa.UniqueConstraint('comment_id', 'user_id', name=op.f('uq_helpful_marks_comment_id_user_id'))
    )
    with op.batch_alter_table('helpful_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpful_marks_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('helpful_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpful_marks_user_id'))

    op.drop_table('helpful_marks')
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_reports_user_id'))

    op.drop_table('comment_reports')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_thread')
        batch_op.drop_index('ix_comments_stance')
        batch_op.drop_index('ix_comments_queue')
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))
        batch_op.drop_index('ix_comments_by_helpful')
        batch_op.drop_index(batch_op.f('ix_comments_author_id'))

    op.drop_table('comments')
