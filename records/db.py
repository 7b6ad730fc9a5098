"""Engine, sessions and migrations for SQLite (WAL) and PostgreSQL."""
from __future__ import annotations

import fcntl
import logging
import os
import re
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, transactional_ddl: bool = False) -> Engine:
    """transactional_ddl: on SQLite, have SQLAlchemy open every transaction itself, DDL included.

    Python's sqlite3 runs CREATE TABLE outside any transaction, so a migration
    killed half-way would leave tables behind that the next run trips over.
    """
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            # WAL lets the web app read while a worker writes; foreign keys are off by default.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            if transactional_ddl:
                dbapi_conn.isolation_level = None  # sqlite3 opens no transactions of its own ...

        if transactional_ddl:
            @event.listens_for(engine, "begin")
            def _begin(conn):  # noqa: ANN001
                conn.exec_driver_sql("BEGIN")  # ... SQLAlchemy opens them, and they hold the DDL too

        return engine
    return create_engine(url, pool_pre_ping=True)


def _private_sqlite_file(url: str) -> None:
    """Create the database file readable by its owner only (0600), and tighten one that others can read.

    It holds every record's text and the access log; SQLite would create it with the umask (often 0644).
    Its -wal and -shm files take the database file's mode (SQLite's own rule), so they follow.
    """
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    except FileExistsError:
        pass
    mode = path.stat().st_mode
    if mode & 0o077:
        try:
            os.chmod(path, stat.S_IMODE(mode) & 0o700)
        except PermissionError:  # someone else's file: say so, but do not refuse to work
            log.warning("%s is readable by other users; run: chmod 600 %s", path, path)
        else:
            log.warning("%s was readable by other users; its mode is now 0600", path)


def _turn_file(url: str) -> Path | None:
    """Beside a SQLite database file: the file whose lock orders the writers of all processes."""
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name + "-writer")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if _at_head(url):
        # What the migrations' env.py would have done: every package's tables mapped, as after an upgrade.
        from records.model_registry import import_all_models

        import_all_models()
        return
    from alembic import command  # a tenth of a CPU-second of imports, on every command's start

    command.upgrade(alembic_config(url), "head")


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=(.*)$", re.MULTILINE)


def _migration_heads() -> set[str] | None:
    """The newest revisions, from the migration files' `revision` and `down_revision` lines.

    None when a file does not state them on lines of their own: then alembic, which reads the files
    properly, decides.
    """
    revisions: set[str] = set()
    earlier: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        earlier.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return (revisions - earlier) or None


def _at_head(url: str) -> bool:
    """Whether the database is at the newest migration, asked without loading alembic.

    Every command opens the database through upgrade_database, and a batch of one page is on the clock
    of a records office. Anything but an exact match (an empty or new database, a newer schema, an
    unreadable file) is left to alembic, which upgrades or says what is wrong.
    """
    heads = _migration_heads()
    if heads is None:
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = set(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()
    return current == heads


class Database:
    """Owns one engine and hands out sessions; only callers at the edge commit."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._write_turn = threading.Lock() if self.engine.dialect.name == "sqlite" else None
        self._turn_file = _turn_file(url) if self._write_turn is not None else None
        self._turn_fd: int | None = None
        self._turn_pid = 0

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def write_turn(self, session: Session) -> Iterator[None]:
        """On SQLite, a short write transaction opened inside waits its turn behind this process's others.

        SQLite lets one connection write at a time, and a connection that finds the lock taken polls for it
        in growing sleeps (up to 100 ms), so a busy web worker's threads would queue by chance and wait
        long after the lock is free. Waiting on a lock of our own hands the turn over at once, and only
        one thread per process polls SQLite. A connection already inside a write transaction holds
        SQLite's lock and does not wait (nor could it: the thread holding our lock may wait for it).
        Between processes the turn is a lock on the file <database>-writer (flock), which the kernel hands
        to the next waiter at once and drops if its holder dies. PostgreSQL queues row locks itself.
        """
        if self._write_turn is None or session.connection().connection.dbapi_connection.in_transaction:
            yield
            return
        with self._write_turn:
            fd = self._turn_fd_of_this_process()
            if fd is None:
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)  # the other processes' writers: woken by the kernel, in turn
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def _turn_fd_of_this_process(self) -> int | None:
        """The turn file, opened once per process (a descriptor inherited over a fork shares its lock)."""
        if self._turn_file is None:
            return None
        if self._turn_pid != os.getpid():
            self._turn_fd = os.open(self._turn_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._turn_pid = os.getpid()
        return self._turn_fd

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error."""
        with self._factory() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self._turn_fd is not None and self._turn_pid == os.getpid():
            os.close(self._turn_fd)
        self._turn_fd, self._turn_pid = None, 0
