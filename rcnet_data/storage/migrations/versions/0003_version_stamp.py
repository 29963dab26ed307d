"""A random stamp beside the registry version, renewed by every write.

The version alone does not name a registry's contents for good: a database deleted and
seeded again starts counting anew, so a snapshot kept on disk for "version 2" could belong
to another database. The stamp (a fresh random value on every write, and one now) makes the
pair (version, stamp) unique, and snapshots are kept under it (rcnet_data.storage.snapshots).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registry_version") as batch:
        batch.add_column(sa.Column("stamp", sa.String(32), nullable=False, server_default=""))
    version = sa.table("registry_version", sa.column("stamp", sa.String))
    op.get_bind().execute(sa.update(version).values(stamp=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("registry_version") as batch:
        batch.drop_column("stamp")
