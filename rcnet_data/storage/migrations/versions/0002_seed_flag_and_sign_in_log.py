"""The first-run seed marked by a flag, not by a user name; a log of sign-in attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The user name 0001's seeds were written under (rcnet_data.storage.importer then).
OLD_SEED_USER = "rcnet (first run)"


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("is_seed", sa.Boolean, nullable=False, server_default=sa.false()))
    # Only the imports written before any other were the seed: a later import by a user who
    # happens to be called that is an ordinary one, and stays undoable.
    imports = sa.table(
        "imports", sa.column("id", sa.Integer), sa.column("user_name", sa.Text), sa.column("is_seed", sa.Boolean)
    )
    connection = op.get_bind()
    first_other = connection.execute(
        sa.select(sa.func.min(imports.c.id)).where(imports.c.user_name != OLD_SEED_USER)
    ).scalar()
    condition = imports.c.user_name == OLD_SEED_USER
    if first_other is not None:
        condition = condition & (imports.c.id < first_other)
    connection.execute(sa.update(imports).where(condition).values(is_seed=True))
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("session", sa.String(64), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
    )
    op.create_index("ix_sign_in_attempts_user_name", "sign_in_attempts", ["user_name", "at"])
    op.create_index("ix_sign_in_attempts_session", "sign_in_attempts", ["session", "at"])


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("is_seed")
