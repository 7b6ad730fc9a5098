"""Fixtures the whole suite shares.

Databases: `db_url` runs a test once on SQLite and once on PostgreSQL, each time
on a new empty database. PostgreSQL comes from EARCHIVE_TEST_PG_URL, which
scripts/test.sh sets after starting a throwaway server; CI without it fails.

Search: `es_backend` is an ElasticsearchBackend on EARCHIVE_TEST_ES_URL (the
node scripts/test.sh starts) with its own index prefix, dropped afterwards.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from earchive import settings as settings_module
from context import AppContext, open_context
from earchive.settings import Settings
from indexer.elasticsearch import ElasticsearchBackend
from tests.es_node import es_test_backend
from records.db import Database, upgrade_database

PG_URL_VAR = "EARCHIVE_TEST_PG_URL"
ES_URL_VAR = "EARCHIVE_TEST_ES_URL"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps a developer's own EARCHIVE_* variables (and the cached settings) out of tests."""
    for name in list(os.environ):
        if name.startswith("EARCHIVE_") and not name.startswith("EARCHIVE_TEST_"):
            monkeypatch.delenv(name)
    settings_module.get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The test server's URL (a database we may connect to, to create others)."""
    url = os.environ.get(PG_URL_VAR)
    if url:
        return url
    if _in_ci():
        pytest.fail(f"{PG_URL_VAR} is not set: CI must run the suite through scripts/test.sh, "
                    "which starts PostgreSQL", pytrace=False)
    pytest.skip(f"{PG_URL_VAR} is not set; run scripts/test.sh to test on PostgreSQL too")  # reason ok: CI fails above


@contextmanager
def _fresh_pg_database(server_url: str) -> Iterator[str]:
    """Creates a uniquely named database on the test server, yields its URL, drops it."""
    server = make_url(server_url)
    conninfo = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"earchive_t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE: a test that forgot to dispose its engine must not leave the database behind.
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'earchive.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty (unmigrated) database on each backend in turn."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
    else:
        with _fresh_pg_database(request.getfixturevalue("pg_server_url")) as url:
            yield url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """A migrated database on each backend in turn."""
    upgrade_database(db_url)
    db = Database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings over a migrated SQLite database and data directory in tmp_path."""
    s = Settings(data_dir=tmp_path, database_url=_sqlite_url(tmp_path))
    upgrade_database(s.database_url)
    return s


@pytest.fixture
def pg_settings(tmp_path: Path, pg_server_url: str) -> Iterator[Settings]:
    """Settings over a migrated, new PostgreSQL database and a data directory in tmp_path."""
    with _fresh_pg_database(pg_server_url) as url:
        s = Settings(data_dir=tmp_path, database_url=url)
        upgrade_database(url)
        yield s


@pytest.fixture(scope="session")
def es_server_url() -> str:
    """The test Elasticsearch node's URL."""
    url = os.environ.get(ES_URL_VAR)
    if url:
        return url
    if _in_ci():
        pytest.fail(f"{ES_URL_VAR} is not set: CI must run the suite through scripts/test.sh, "
                    "which starts Elasticsearch", pytrace=False)
    pytest.skip(f"{ES_URL_VAR} is not set; run scripts/test.sh to test on Elasticsearch too")  # reason ok: CI fails above


@pytest.fixture
def es_backend(es_server_url: str) -> Iterator[ElasticsearchBackend]:
    with es_test_backend(es_server_url) as backend:
        yield backend


@pytest.fixture
def ctx(settings: Settings) -> Iterator[AppContext]:
    """An application context over the migrated SQLite `settings` (files that test both databases define their own)."""
    context = open_context(settings, migrate=False)
    yield context
    context.close()
