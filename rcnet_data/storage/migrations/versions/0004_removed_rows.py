"""How many rows an import removed: a file imported as the whole table (or the whole of
one region) removes the stored rows it leaves out, and removing the demo removes its rows.
Existing imports removed nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("removed", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("removed")
