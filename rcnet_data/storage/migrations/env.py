"""Alembic environment: runs on the connection rcnet_data.db.migrate() passes in, or on
RCNET_DATABASE_URL when called from the alembic command line."""

from alembic import context

from rcnet_data.storage import db

config = context.config
target_metadata = db.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = db.engine_for(db.database_url())
        with engine.begin() as fresh:
            context.configure(connection=fresh, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()
