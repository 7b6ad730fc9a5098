"""Migrations and the domain model on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from records.db import Database, make_engine, upgrade_database
from records.models import Agency, Document, Page, Unit

SHA_A = "a" * 64


def _document(sha256: str, unit_id: int | None = None) -> Document:
    return Document(sha256=sha256, source_name="行政处罚决定书.pdf", media_type="application/pdf",
                    size_bytes=12345, profile="office", unit_id=unit_id)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_create_the_schema_and_are_idempotent(db_url: str) -> None:
    upgrade_database(db_url)
    upgrade_database(db_url)
    tables = _tables(db_url)
    assert {"agency", "unit", "case", "document", "page", "ingest_batch", "ingest_item",
            "index_outbox", "user_account", "alembic_version"} <= tables


def test_agency_unit_document_and_pages_round_trip(database: Database) -> None:
    with database.transaction() as session:
        agency = Agency(code="SCJG", name="某市市场监督管理局", rules={"retention_years": 30})
        unit = Unit(agency=agency, code="ZF1", name="执法一大队")
        session.add(unit)
        session.flush()
        doc = _document(SHA_A, unit.id)
        doc.pages = [
            Page(page_no=2, width_px=2480, height_px=3508, dpi=300, text_raw="第二页"),
            Page(page_no=1, width_px=2480, height_px=3508, dpi=300, text_raw="立案审批表",
                 words=[{"text": "立案", "box": [10, 20, 110, 60], "conf": 0.98}]),
        ]
        session.add(doc)

    with database.session() as session:
        doc = session.scalars(select(Document).where(Document.sha256 == SHA_A)).one()
        assert doc.source_name == "行政处罚决定书.pdf"
        assert doc.status == "processing" and doc.version == 1 and doc.quality_flags == []
        assert doc.created_at is not None
        unit = session.get(Unit, doc.unit_id)
        assert unit.name == "执法一大队"
        assert unit.agency.rules == {"retention_years": 30}
        assert [p.page_no for p in doc.pages] == [1, 2]
        assert doc.pages[0].words == [{"text": "立案", "box": [10, 20, 110, 60], "conf": 0.98}]
        assert doc.pages[1].text_raw == "第二页"


def test_document_sha256_is_unique(database: Database) -> None:
    with database.transaction() as session:
        session.add(_document(SHA_A))
    with pytest.raises(IntegrityError):
        with database.transaction() as session:
            session.add(_document(SHA_A))
    with database.session() as session:
        assert len(session.scalars(select(Document)).all()) == 1


def test_sqlite_database_is_in_wal_mode(settings) -> None:
    db = Database(settings.database_url)
    try:
        with db.session() as session:
            assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        db.dispose()
    # WAL is a property of the file, so a plain connection without our pragmas sees it too.
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_pg_settings_point_at_a_migrated_postgresql_database(pg_settings) -> None:
    assert pg_settings.database_url.startswith("postgresql+psycopg://")
    engine = make_engine(pg_settings.database_url)
    try:
        assert "document" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


_MIGRATE_AND_SAY_WHEN = """
import sys
from records.db import upgrade_database
print("migrating", flush=True)
upgrade_database(sys.argv[1])
"""


@pytest.mark.parametrize("kill_after_s", [0.0, 0.03, 0.06, 0.1, 0.15])
def test_a_first_migration_killed_half_way_is_completed_by_the_next_run(tmp_path, kill_after_s) -> None:
    """The schema is created in one transaction: a kill -9 mid-way leaves no half-made tables to trip over."""
    import os
    import signal
    import subprocess
    import sys
    import time

    url = f"sqlite:///{tmp_path / 'earchive.db'}"
    proc = subprocess.Popen([sys.executable, "-c", _MIGRATE_AND_SAY_WHEN, url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "migrating"  # imports done: the kill lands in the migration itself
    time.sleep(kill_after_s)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    upgrade_database(url)
    assert {"document", "page", "access_log", "alembic_version"} <= _tables(url)


def test_a_writer_takes_its_turn_unless_it_already_writes(database: Database) -> None:
    """SQLite: a session about to write takes the process's writer turn; one already inside a write
    transaction holds SQLite's own lock and goes on without the turn (the nested turn below would
    otherwise wait for itself forever). PostgreSQL queues its row locks itself: there is no turn."""
    turn = database._write_turn
    assert (turn is not None) == (database.engine.dialect.name == "sqlite")
    with database.session() as session:
        with database.write_turn(session):
            assert turn is None or turn.locked()
            session.add(Agency(code="T1", name="甲机关", rules={}))
            session.flush()
            with database.write_turn(session):
                session.add(Agency(code="T2", name="乙机关", rules={}))
                session.flush()
            session.commit()
        assert turn is None or not turn.locked()
        assert session.scalars(select(Agency.code).order_by(Agency.code)).all() == ["T1", "T2"]
