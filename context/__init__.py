"""The application context: settings, database, store and search backend, built once.

The CLI, the web app and the workers all build one of these and call the same
service functions with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from earchive.settings import Settings, get_settings
from records.db import Database, upgrade_database
from store import ObjectStore


@dataclass
class AppContext:
    settings: Settings
    db: Database = field(init=False)
    store: ObjectStore = field(init=False)

    def __post_init__(self) -> None:
        self.db = Database(self.settings.database_url)
        self.store = ObjectStore(self.settings.store_dir)

    @cached_property
    def search(self):
        from indexer import make_backend  # imported late: the backend may need a running service

        return make_backend(self.settings)

    def close(self) -> None:
        if "search" in self.__dict__:
            self.search.close()
        self.db.dispose()


def open_context(settings: Settings | None = None, migrate: bool = True) -> AppContext:
    settings = settings or get_settings()
    settings.ensure_dirs()
    if migrate:
        upgrade_database(settings.database_url)
    return AppContext(settings)
