from alembic import context
from sqlalchemy import pool

from records.db import make_engine
from records.models import Base
from records.model_registry import import_all_models

import_all_models()  # every package's tables share Base.metadata

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # All revisions in one transaction, DDL included: a run killed half-way leaves the schema as it was.
    engine = make_engine(config.get_main_option("sqlalchemy.url"), transactional_ddl=True)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          transactional_ddl=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
