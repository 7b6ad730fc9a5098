"""Security of the web app: CSRF on every form, session fixation, brute force throttling shared by
workers, session timeouts, disabled accounts, revocation on the next request, headers and cookie flags,
IDOR on admin and audit routes, and actions refused when the access log cannot be written."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select, text, update

from access_control.models import AccessLogRecord, LoginThrottle, PendingChange, UserSession
from access_control.sessions import ThrottlePolicy
from context import AppContext
from earchive.errors import Forbidden
from access_control.users import create_user
from records.models import Agency, User, utcnow
from test_slips_flow import ACCOUNTS as ACCOUNT_ROWS, INTERNAL, TOP, World, client_for, wapp, wctx, world, world_settings  # noqa: F401
from test_web_flow import PASSWORD, Seed, app, as_user, fast_password_hashing, login, make_app, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_every_post_route_needs_a_csrf_token(ctx: AppContext, seed: Seed) -> None:
    app = make_app(ctx, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.post("/login", data={"username": "archivist", "password": PASSWORD,
                                "csrf_token": _token(client.get("/login").text)})
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 8
    for rule in posts:
        path = re.sub(r"<int:\w+>", "1", rule.rule)
        response = client.post(path, data={"x": "1"})
        assert response.status_code == 400, path
        assert "校验令牌" in response.text, path
    assert client.get("/search").status_code == 200  # still logged in: the refused logout did nothing


def test_session_fixation_is_impossible(app: Flask, ctx: AppContext) -> None:
    client = app.test_client()
    client.get("/login")
    before = client.get_cookie("earchive_session")
    login(client, "officer_a")
    after = client.get_cookie("earchive_session")
    assert before is None or before.value != after.value
    stolen = after.value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("earchive_session", stolen)
    assert replay.get("/search").status_code == 302  # the logged-out session is dead server-side
    with ctx.db.session() as s:
        ended = s.scalars(select(UserSession)).all()
        assert [r.end_reason for r in ended] == ["logout"]
        assert all(len(r.token_sha256) == 64 for r in ended)  # only the token's hash is stored


def _from(app: Flask, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_brute_force_backs_off_per_address_and_account_across_workers(ctx: AppContext, seed: Seed) -> None:
    worker_1, worker_2 = make_app(ctx), make_app(ctx)  # two app instances share only the database
    policy = ThrottlePolicy.from_settings(ctx.settings)
    for i in range(policy.free_attempts):
        worker = worker_1 if i % 2 else worker_2
        assert login(_from(worker, "10.0.0.66"), "officer_a", f"wrong-password-{i}").status_code == 200
    blocked = login(_from(worker_1, "10.0.0.66"), "officer_a", PASSWORD)  # even the right password waits
    assert blocked.status_code == 429 and "请" in blocked.text and int(blocked.headers["Retry-After"]) >= 1
    assert login(_from(worker_2, "10.0.0.66"), "officer_a", PASSWORD).status_code == 429
    with ctx.db.session() as s:
        row = s.get(LoginThrottle, "pair:10.0.0.66|officer_a")
        assert row.failures == policy.free_attempts
        waited = (row.blocked_until.replace(tzinfo=dt.timezone.utc) - row.last_failure_at.replace(
            tzinfo=dt.timezone.utc)).total_seconds()
        assert waited == pytest.approx(policy.base_s)
    with ctx.db.transaction() as s:  # the wait passes
        s.execute(update(LoginThrottle).values(blocked_until=utcnow() - dt.timedelta(seconds=1)))
    assert login(_from(worker_2, "10.0.0.66"), "officer_a", PASSWORD).status_code == 302  # never locked for good
    with ctx.db.session() as s:
        assert s.get(LoginThrottle, "pair:10.0.0.66|officer_a").failures == 0
        actions = [e.action for e in s.scalars(select(AccessLogRecord).order_by(AccessLogRecord.seq))]
    assert actions.count("login_failed") == policy.free_attempts + 2 and actions[-1] == "login"


def test_a_guesser_cannot_lock_the_owner_out_from_another_address(ctx: AppContext, seed: Seed) -> None:
    """Finding 2: wrong passwords from one address block that address, never the account everywhere."""
    app = make_app(ctx)
    policy = ThrottlePolicy.from_settings(ctx.settings)
    for i in range(policy.free_attempts + 3):  # the guesser keeps going, well into the back-off
        login(_from(app, "203.0.113.9"), "officer_a", f"wrong-password-{i}")
    assert login(_from(app, "203.0.113.9"), "officer_a", PASSWORD).status_code == 429
    owner = _from(app, "192.0.2.10")
    assert login(owner, "officer_a", PASSWORD).status_code == 302  # the owner, elsewhere, gets in at once
    assert owner.get("/search").status_code == 200
    with ctx.db.session() as s:
        entries = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action.in_(["login", "login_failed"]))
                            .order_by(AccessLogRecord.seq)).all()
    # Every attempt is in the access log, with its address and outcome; the throttled ones say so.
    assert len(entries) == policy.free_attempts + 3 + 1 + 1
    assert {e.address for e in entries[:-1]} == {"203.0.113.9"} and entries[-1].address == "192.0.2.10"
    assert entries[-1].action == "login" and entries[-1].username == "officer_a"
    throttled = [e for e in entries if e.outcome == "denied"]
    assert throttled and all(e.detail["reason"] == "throttled" for e in throttled)


def test_back_off_doubles_up_to_a_cap() -> None:
    policy = ThrottlePolicy(free_attempts=5, base_s=2, cap_s=900)
    assert [policy.delay_after(n) for n in (1, 4, 5, 6, 7, 10)] == [0, 0, 2, 4, 8, 64]
    assert policy.delay_after(50) == policy.delay_after(10_000) == 900


def test_one_address_guessing_many_accounts_is_slowed_too(ctx: AppContext, seed: Seed) -> None:
    app = make_app(ctx)
    policy = ThrottlePolicy.from_settings(ctx.settings)
    assert policy.address_free_attempts > policy.free_attempts  # an office behind one address is not one person
    for i in range(policy.address_free_attempts):
        login(_from(app, "198.51.100.7"), f"user{i}", "wrong-password-1")
    assert login(_from(app, "198.51.100.7"), "archivist", PASSWORD).status_code == 429
    assert login(_from(app, "198.51.100.8"), "archivist", PASSWORD).status_code == 302


@pytest.mark.parametrize("column, reason", [("last_seen_at", "idle"), ("started_at", "expired")])
def test_idle_and_absolute_timeouts_end_the_session(app: Flask, ctx: AppContext, column: str,
                                                    reason: str) -> None:
    client = app.test_client()
    login(client, "officer_a")
    assert client.get("/search").status_code == 200
    hours = ctx.settings.session_absolute_hours + 1 if column == "started_at" else 1
    with ctx.db.transaction() as s:
        s.execute(update(UserSession).values({column: utcnow() - dt.timedelta(hours=hours)}))
    assert client.get("/search").status_code == 302
    with ctx.db.session() as s:
        assert s.scalars(select(UserSession.end_reason)).one() == reason


def test_disabling_an_account_ends_its_sessions_at_once(wapp: Flask, wctx: AppContext, world: World,
                                                        client_for) -> None:
    officer, admin = client_for("officer_a1"), client_for("admin")
    assert officer.get("/search").status_code == 200
    user_id = world.users["officer_a1"]
    form = admin.get(f"/admin/users/{user_id}").text
    assert "officer_a1" in form
    response = admin.post(f"/admin/users/{user_id}", data={
        "username": "officer_a1", "display_name": "officer_a1名", "role": "officer",
        "unit": str(world.units["A1"]), "clearance": "internal"})  # "active" unticked
    assert response.status_code == 303
    assert officer.get("/search").status_code == 302
    with wctx.db.session() as s:
        assert {r.end_reason for r in s.scalars(select(UserSession).where(UserSession.user_id == user_id))} \
            == {"disabled"}
        assert s.get(User, user_id).disabled_at is not None
        change = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change")).all()[-1]
        assert change.username == "admin" and change.detail["active"] == [True, False]


def test_revoked_permission_counts_from_the_next_request(wapp: Flask, wctx: AppContext, world: World,
                                                         client_for) -> None:
    officer = client_for("officer_a1")
    doc = world.docs["A1-internal"].id
    assert officer.get(f"/documents/{doc}").status_code == 200
    with wctx.db.transaction() as s:  # moved to another unit by the administrator
        s.get(User, world.users["officer_a1"]).unit_id = world.units["A2"]
    assert officer.get(f"/documents/{doc}").status_code == 403
    assert str(doc) not in re.findall(r'href="/documents/(\d+)\?', officer.get("/search?q=罚款").text)
    with wctx.db.transaction() as s:
        user = s.get(User, world.users["officer_a1"])
        user.unit_id, user.clearance = world.units["A1"], "public"
    assert officer.get(f"/documents/{doc}").status_code == 403  # clearance lowered


ROLE_PAGES = ["/admin/users", "/admin/users/new", "/admin/users/1", "/admin/units", "/admin/agencies/1/rules",
              "/audit/", "/audit/export.csv", "/audit/export.pdf", "/batches/", "/batches/new"]


def test_admin_and_audit_pages_only_for_their_roles(wapp: Flask, world: World, client_for) -> None:
    owners = {"admin": "/admin/", "auditor": "/audit/", "archivist_a": "/batches/"}
    for username in ("officer_a1", "head_a", "applicant", "auditor", "admin", "archivist_a", "legal_a"):
        client = client_for(username)
        for path in ROLE_PAGES:
            status = client.get(path).status_code
            allowed = path.startswith(owners.get(username, "-"))
            assert (status == 200) is allowed, (username, path, status)
            assert status in (200, 403)


def test_every_admin_page_view_reaches_the_access_log(wapp: Flask, wctx: AppContext, world: World,
                                                      client_for) -> None:
    admin = client_for("admin")
    pages = [p for p in ROLE_PAGES if p.startswith("/admin/")]
    for path in pages:
        assert admin.get(path).status_code == 200, path
    with wctx.db.session() as s:
        viewed = [r.detail["page"] for r in s.scalars(select(AccessLogRecord).where(
            AccessLogRecord.username == "admin", AccessLogRecord.action == "view").order_by(AccessLogRecord.seq))]
    assert viewed == ["users", "new_user", "user", "units", "rules"]


def test_auditor_filters_and_exports_the_log(wapp: Flask, wctx: AppContext, world: World, client_for) -> None:
    officer = client_for("officer_a1")
    officer.get("/search?q=罚款")
    officer.get(f"/documents/{world.docs['A1-internal'].id}")
    officer.get(f"/documents/{world.docs['A2-internal'].id}")  # refused, and logged as refused
    auditor = client_for("auditor")
    page = auditor.get("/audit/?person=officer_a1&action=view").text
    assert page.count("<tr>") - 1 == 2 and "拒绝" in page and "完成" in page
    by_case = auditor.get(f"/audit/?case_no={world.case_nos['A2']}").text
    assert by_case.count("<tr>") - 1 == 1
    today = dt.date.today().isoformat()
    assert "罚款" in auditor.get(f"/audit/?action=search&date_from={today}&date_to={today}").text
    assert "没有符合条件" in auditor.get("/audit/?date_to=2000-01-01").text
    csv = auditor.get("/audit/export.csv?person=officer_a1")
    assert csv.mimetype == "text/csv" and csv.text.startswith("\ufeff序号")
    assert len(csv.text.strip().splitlines()) == 1 + 4  # login, search, view, refused view
    pdf = auditor.get("/audit/export.pdf?person=officer_a1")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    with wctx.db.session() as s:
        exports = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "export")).all()
    assert [e.detail["format"] for e in exports] == ["csv", "pdf"]


def test_headers_and_cookie_flags(app: Flask, seed: Seed) -> None:
    client = app.test_client()
    response = login(client, "officer_a")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get(f"/documents/{seed.penalty.id}")
    h = page.headers
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert "script-src" not in h["Content-Security-Policy"] or "'unsafe-inline'" not in h["Content-Security-Policy"]
    assert h["Strict-Transport-Security"].startswith("max-age=")
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
    assert h["Cache-Control"] == "no-store"
    for path in (f"/documents/{seed.penalty.id}/download", f"/documents/{seed.penalty.id}/pages/1/image"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_an_action_whose_log_entry_cannot_be_written_is_refused(app: Flask, ctx: AppContext, seed: Seed) -> None:
    client = app.test_client()
    login(client, "officer_a")
    with ctx.db.engine.begin() as conn:  # e.g. a full disk: the log takes no more entries
        conn.execute(text("CREATE TRIGGER log_full BEFORE INSERT ON access_log "
                          "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
    for path in (f"/documents/{seed.penalty.id}/download", f"/documents/{seed.penalty.id}",
                 f"/documents/{seed.penalty.id}/pages/1/image", "/search?q=罚款"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "访问日志无法写入" in response.text
        assert not response.data.startswith(b"%PDF") and b"PNG" not in response.data[:8]


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path) -> None:
    """Finding 9: the database (every record's text, the access log) was created 0644."""
    import os
    import stat

    from records.db import Database, upgrade_database

    url = f"sqlite:///{tmp_path / 'new' / 'earchive.db'}"
    upgrade_database(url)
    db = Database(url)
    with db.transaction() as s:
        s.execute(text("SELECT 1"))
    files = sorted((tmp_path / "new").iterdir())
    assert [f.name for f in files][0] == "earchive.db"
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {f.name: 0o600 for f in files}
    db.dispose()
    old = tmp_path / "old.db"  # a database made before the fix is tightened when opened
    old.touch()
    os.chmod(old, 0o644)
    Database(f"sqlite:///{old}").dispose()
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


# -- separation of duties (finding 3) -------------------------------------------------------------

def _edit(world: World, username: str, **fields) -> dict:
    role, unit, clearance = ACCOUNT_ROWS[username]
    data = {"username": username, "display_name": f"{username}名", "role": role,
            "unit": str(world.units[unit]) if unit else "0", "clearance": clearance, "active": "y"}
    return {**data, **fields}


def _pending(wctx: AppContext) -> list[PendingChange]:
    with wctx.db.session() as s:
        return list(s.scalars(select(PendingChange).order_by(PendingChange.id)))


def _second_admin(wctx: AppContext) -> None:
    with wctx.db.transaction() as s:
        create_user(s, "admin2", PASSWORD, "第二管理员", "admin", None, "internal")


def test_nobody_changes_their_own_role_unit_or_clearance(wapp: Flask, wctx: AppContext, world: World,
                                                         client_for) -> None:
    admin = client_for("admin")
    me = world.users["admin"]
    for change in ({"role": "archivist", "unit": str(world.units["A1"])}, {"clearance": "public"}):
        page = admin.post(f"/admin/users/{me}", data=_edit(world, "admin", **change))
        assert page.status_code == 200 and "不能修改本人账户的角色、单位或密级权限" in page.text
    with wctx.db.session() as s:
        row = s.get(User, me)
        assert (row.role, row.unit_id, row.clearance) == ("admin", None, "top_secret")
        denied = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change",
                                                         AccessLogRecord.outcome == "denied")).all()
    assert len(denied) == 2 and all(e.record_id == me for e in denied)
    assert _pending(wctx) == []


def test_a_grant_of_records_access_waits_for_a_second_person(wapp: Flask, wctx: AppContext, world: World,
                                                             client_for) -> None:
    admin, officer = client_for("admin"), client_for("officer_a1")
    secret_doc = world.docs[f"A1-{TOP}"].id
    assert officer.get(f"/documents/{secret_doc}").status_code == 403
    target = world.users["officer_a1"]
    response = admin.post(f"/admin/users/{target}", data=_edit(world, "officer_a1", clearance=TOP))
    assert response.status_code == 303
    assert "已提交审批" in admin.get(f"/admin/users/{target}").text
    assert officer.get(f"/documents/{secret_doc}").status_code == 403  # nothing granted yet
    [change] = _pending(wctx)
    assert (change.kind, change.status, change.changes) == ("account", "pending", {"clearance": [INTERNAL, TOP]})
    # Not the administrator who asked, not a head of another agency, not the account itself.
    for username in ("admin", "head_b", "officer_a1"):
        assert client_for(username).post(f"/admin/approvals/{change.id}",
                                         data={"decision": "approve"}).status_code == 403, username
    head = client_for("head_a")
    assert f"#{change.id}" in head.get("/admin/approvals").text
    assert head.post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 303
    assert officer.get(f"/documents/{secret_doc}").status_code == 200
    with wctx.db.session() as s:
        entries = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change",
                                                          AccessLogRecord.record_id == target)
                            .order_by(AccessLogRecord.seq)).all()
    assert [(e.username, e.outcome, e.detail["change"]) for e in entries] == [
        ("admin", "allowed", "requested"), ("admin", "denied", "decide"), ("head_b", "denied", "decide"),
        ("head_a", "allowed", "approved")]  # the officer is refused the approvals page itself
    assert entries[-1].detail["clearance"] == [INTERNAL, TOP] and entries[-1].detail["requested_by"] == "admin"


def test_narrowing_an_account_counts_at_once(wapp: Flask, wctx: AppContext, world: World, client_for) -> None:
    admin = client_for("admin")
    target = world.users["officer_a2"]
    assert admin.post(f"/admin/users/{target}",
                      data=_edit(world, "officer_a2", clearance=INTERNAL)).status_code == 303
    with wctx.db.session() as s:
        assert s.get(User, target).clearance == INTERNAL
    assert _pending(wctx) == []


def test_an_administrator_cannot_make_a_records_account_for_themselves(wapp: Flask, wctx: AppContext, world: World,
                                                                       client_for) -> None:
    admin = client_for("admin")
    response = admin.post("/admin/users/new", data={
        "username": "shadow", "display_name": "影子", "role": "archivist", "unit": str(world.units["A1"]),
        "clearance": TOP, "password": "shadow-pass-9137", "active": "y"})
    assert response.status_code == 303
    assert login(wapp.test_client(), "shadow", "shadow-pass-9137").status_code == 200  # disabled until approved
    [change] = _pending(wctx)
    assert change.changes == {"active": [False, True]}
    _second_admin(wctx)
    second = client_for("admin2")
    assert second.post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 303
    assert login(wapp.test_client(), "shadow", "shadow-pass-9137").status_code == 302


@pytest.mark.parametrize("approver", ["head_a", "admin2"])
def test_a_head_password_reset_waits_for_the_head_or_a_second_administrator(
        wapp: Flask, wctx: AppContext, world: World, client_for, approver: str) -> None:
    _second_admin(wctx)
    admin = client_for("admin")
    head_id = world.users["head_a"]
    new_password = "new-head-pass-5521"
    assert admin.post(f"/admin/users/{head_id}", data=_edit(world, "head_a", password=new_password)).status_code == 303
    assert login(wapp.test_client(), "head_a", new_password).status_code == 200  # not yet
    [change] = _pending(wctx)
    assert change.kind == "password" and new_password not in str(change.changes) and change.password_hash
    assert admin.post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 403
    assert client_for(approver).post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 303
    assert login(wapp.test_client(), "head_a", new_password).status_code == 302
    assert login(wapp.test_client(), "head_a", PASSWORD).status_code == 200
    with wctx.db.session() as s:
        assert s.get(PendingChange, change.id).password_hash is None  # kept only on the account


def test_a_rejected_change_changes_nothing_and_needs_a_reason(wapp: Flask, wctx: AppContext, world: World,
                                                              client_for) -> None:
    admin = client_for("admin")
    target = world.users["officer_a1"]
    admin.post(f"/admin/users/{target}", data=_edit(world, "officer_a1", role="archivist"))
    [change] = _pending(wctx)
    head = client_for("head_a")
    assert "不予批准时请填写理由" in head.post(f"/admin/approvals/{change.id}", data={"decision": "reject"},
                                              follow_redirects=True).text
    head.post(f"/admin/approvals/{change.id}", data={"decision": "reject", "comment": "无此需要"})
    with wctx.db.session() as s:
        assert s.get(User, target).role == "officer"
        assert s.get(PendingChange, change.id).status == "rejected"


def test_agency_rules_choose_who_approves(wapp: Flask, wctx: AppContext, world: World, client_for) -> None:
    with wctx.db.transaction() as s:
        s.get(Agency, world.agencies["lq"]).rules = {"access": {"account_grant_approvers": "admin"}}
    _second_admin(wctx)
    client_for("admin").post(f"/admin/users/{world.users['officer_a1']}",
                             data=_edit(world, "officer_a1", clearance=TOP))
    [change] = _pending(wctx)
    assert change.approvers == "admin"
    assert client_for("head_a").post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 403
    assert client_for("admin2").post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 303


# -- a document's 密级 and secrecy marks (finding 10) ------------------------------------------------

def test_an_archivist_raises_a_level_at_once_and_lowering_waits_for_a_head(wctx: AppContext, world: World) -> None:
    from access_control.audit import AccessLog, Actor
    from access_control.approvals import decide_change
    from access_control.marking import set_marking
    from access_control.subjects import load_subject
    from records.models import Document, IndexOutbox

    doc_id = world.docs["A1-internal"].id

    def subject(s, username):
        row = s.get(User, world.users[username])
        return row, load_subject(s, row)

    log_ = AccessLog(wctx.settings)
    with wctx.db.transaction() as s:
        row, archivist = subject(s, "archivist_a")
        result = set_marking(s, log_, Actor(row.id, row.username, row.role, row.unit_id), archivist,
                             s.get(Document, doc_id), level=TOP, marks=["state_secret"], reason="含国家秘密")
        assert result.applied
    officer = make_app(wctx).test_client()
    login(officer, "officer_a1")
    assert officer.get(f"/documents/{doc_id}").status_code == 403  # above the officer's clearance now
    with wctx.db.transaction() as s:
        doc = s.get(Document, doc_id)
        assert (doc.classification, doc.secrecy) == (TOP, ["state_secret"])
        assert s.scalars(select(IndexOutbox).where(IndexOutbox.document_id == doc_id)).all()  # re-indexed
        row, archivist = subject(s, "archivist_a")
        result = set_marking(s, log_, Actor(row.id, row.username, row.role, row.unit_id), archivist, doc,
                             level=INTERNAL, marks=[], reason="已解密")
        assert not result.applied and doc.classification == TOP
        change = result.pending
    with wctx.db.transaction() as s:
        change = s.get(PendingChange, change.id)
        for username in ("archivist_a", "head_b"):  # the asker, and a head of another agency
            row, who = subject(s, username)
            with pytest.raises(Forbidden):
                decide_change(s, log_, Actor(row.id, row.username, row.role, row.unit_id), who, change,
                              approve=True)
        row, head = subject(s, "head_a")
        decide_change(s, log_, Actor(row.id, row.username, row.role, row.unit_id), head, change, approve=True)
    assert officer.get(f"/documents/{doc_id}").status_code == 200
    with wctx.db.session() as s:
        changes = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change",
                                                          AccessLogRecord.record_kind == "document")
                            .order_by(AccessLogRecord.seq)).all()
    assert [(e.username, e.outcome, e.detail["change"]) for e in changes] == [
        ("archivist_a", "allowed", "marking"), ("archivist_a", "allowed", "requested"),
        ("archivist_a", "denied", "decide"), ("head_b", "denied", "decide"), ("head_a", "allowed", "approved")]


def test_nobody_marks_beyond_their_own_clearance_or_outside_their_role(wctx: AppContext, world: World) -> None:
    from access_control.audit import AccessLog, Actor
    from access_control.marking import set_marking
    from access_control.subjects import load_subject
    from records.models import Document

    with wctx.db.transaction() as s:
        for username, doc_key in (("archivist_b", "B1-internal"), ("officer_a1", "A1-internal"),
                                  ("archivist_b", "A1-internal")):
            row = s.get(User, world.users[username])
            with pytest.raises(Forbidden):
                set_marking(s, AccessLog(wctx.settings), Actor(row.id, row.username, row.role, row.unit_id),
                            load_subject(s, row), s.get(Document, world.docs[doc_key].id), level=TOP)
        assert s.get(Document, world.docs["B1-internal"].id).classification == INTERNAL


def test_earchive_mark_sets_level_and_secrecy_from_the_command_line(wctx: AppContext, world: World,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from records.models import Document
    from shell.marking_cli import mark_command

    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(wctx.settings.data_dir))
    monkeypatch.setenv("EARCHIVE_DATABASE_URL", wctx.settings.database_url)
    doc_id = world.docs["A2-internal"].id
    result = CliRunner().invoke(mark_command, [str(doc_id), "--classification", TOP, "--secrecy", "trade_secret",
                                       "--reason", "商业秘密"])
    assert result.exit_code == 0, result.output
    with wctx.db.session() as s:
        doc = s.get(Document, doc_id)
        assert (doc.classification, doc.secrecy) == (TOP, ["trade_secret"])
        entry = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change")
                          .order_by(AccessLogRecord.seq.desc())).first()
    assert entry.role == "operator" and entry.detail["classification"] == [INTERNAL, TOP]


# -- marking from the document page (finding 10, web side) -------------------------------------------

def _marking(level: str, *marks: str, reason: str = "") -> dict:
    return {"classification": level, "reason": reason, **{mark: "y" for mark in marks}}


def _document(wctx: AppContext, doc_id: int):
    from records.models import Document

    with wctx.db.session() as s:
        return s.get(Document, doc_id)


def test_an_archivist_marks_from_the_document_page_and_a_head_approves_the_lowering_there(
        wapp: Flask, wctx: AppContext, world: World, client_for) -> None:
    archivist, head, officer = client_for("archivist_a"), client_for("head_a"), client_for("officer_a1")
    doc_id = world.docs["A1-internal"].id
    page = archivist.get(f"/documents/{doc_id}").text
    assert "密级与保密标记" in page and f'action="/documents/{doc_id}/marking"' in page

    # Raising counts at once: the officer, cleared to 内部, loses the record on the next request.
    response = archivist.post(f"/documents/{doc_id}/marking", data=_marking(TOP, "state_secret", reason="含国家秘密"))
    assert response.status_code == 303
    assert "已设置" in archivist.get(response.headers["Location"]).text
    doc = _document(wctx, doc_id)
    assert (doc.classification, doc.secrecy) == (TOP, ["state_secret"])
    assert officer.get(f"/documents/{doc_id}").status_code == 403

    # Lowering (and removing the mark) waits for a head of the agency, as the agency's rules say by default.
    response = archivist.post(f"/documents/{doc_id}/marking", data=_marking(INTERNAL, reason="已解密"))
    assert response.status_code == 303
    page = archivist.get(f"/documents/{doc_id}").text
    assert "已提交审批" in page and "待负责人审批" in page
    assert 'name="decision" value="approve"' not in page  # the asker never decides
    [change] = _pending(wctx)
    assert (change.kind, change.target_id, change.changes) == (
        "marking", doc_id, {"classification": [TOP, INTERNAL], "secrecy": [["state_secret"], []]})
    assert _document(wctx, doc_id).classification == TOP and officer.get(f"/documents/{doc_id}").status_code == 403
    assert archivist.post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 403

    # The head sees it on the document's page and approves it there.
    page = head.get(f"/documents/{doc_id}").text
    assert f"待负责人审批 #{change.id}" in page and f'action="/admin/approvals/{change.id}"' in page
    assert "保存密级" not in page  # a head approves; an archivist marks
    assert head.post(f"/admin/approvals/{change.id}", data={"decision": "approve"}).status_code == 303
    doc = _document(wctx, doc_id)
    assert (doc.classification, doc.secrecy) == (INTERNAL, [])
    assert officer.get(f"/documents/{doc_id}").status_code == 200
    assert "待负责人审批" not in head.get(f"/documents/{doc_id}").text
    with wctx.db.session() as s:
        entries = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change",
                                                          AccessLogRecord.record_id == doc_id)
                            .order_by(AccessLogRecord.seq)).all()
    assert [(e.username, e.outcome, e.detail["change"]) for e in entries] == [
        ("archivist_a", "allowed", "marking"), ("archivist_a", "allowed", "requested"),
        ("head_a", "allowed", "approved")]  # the archivist is refused the approvals page itself
    assert entries[0].detail["reason"] == "含国家秘密" and entries[0].detail["classification"] == [INTERNAL, TOP]


def test_marking_from_the_web_is_refused_outside_the_archivists_role_agency_and_clearance(
        wapp: Flask, wctx: AppContext, world: World, client_for) -> None:
    own = world.docs["A1-internal"].id
    for username in ("officer_a1", "legal_a", "head_a"):  # they see the record, but do not mark it
        client = client_for(username)
        assert "保存密级" not in client.get(f"/documents/{own}").text, username
        refused = client.post(f"/documents/{own}/marking", data=_marking(TOP))
        assert refused.status_code == 403 and "只有档案管理员" in refused.text, username
    for username in ("applicant", "archivist_b", "auditor", "admin"):  # they do not see it: told nothing more
        client = client_for(username)
        refused = client.post(f"/documents/{own}/marking", data=_marking(TOP))
        viewing = client.get(f"/documents/{own}")
        assert refused.status_code == viewing.status_code == 403, username
        assert refused.text.split("<main", 1)[1] == viewing.text.split("<main", 1)[1], username
    # Cleared to 内部, the other agency's archivist marks its own records only up to 内部.
    theirs = world.docs["B1-internal"].id
    refused = client_for("archivist_b").post(f"/documents/{theirs}/marking", data=_marking(TOP))
    assert refused.status_code == 403 and "超出本人密级权限" in refused.text
    page = client_for("archivist_b").get(f"/documents/{theirs}").text
    levels = re.search(r'<select id="classification" name="classification">(.*?)</select>', page).group(1)
    assert f'value="{TOP}"' not in levels and f'selected value="{INTERNAL}"' in levels  # only within clearance
    assert _document(wctx, own).classification == _document(wctx, theirs).classification == INTERNAL
    with wctx.db.session() as s:
        denied = s.scalars(select(AccessLogRecord).where(AccessLogRecord.action == "permission_change",
                                                         AccessLogRecord.outcome == "denied")).all()
    assert sorted(e.username for e in denied) == sorted(["officer_a1", "legal_a", "head_a", "applicant",
                                                         "archivist_b", "auditor", "admin", "archivist_b"])
    assert _pending(wctx) == []


# -- findings 2 and 3, one row per role ---------------------------------------------------------------

def test_no_role_can_be_locked_out_by_a_guesser_elsewhere(wapp: Flask, wctx: AppContext, world: World) -> None:
    """Finding 2 for every role (a head most of all): a guesser's address waits, the owner's does not."""
    policy = ThrottlePolicy.from_settings(wctx.settings)
    guesser = _from(wapp, "203.0.113.77")
    for username in ACCOUNT_ROWS:
        for i in range(policy.free_attempts + 2):
            login(guesser, username, f"wrong-password-{i}")
        assert login(_from(wapp, "203.0.113.77"), username, PASSWORD).status_code == 429, username
        assert login(_from(wapp, "192.0.2.44"), username, PASSWORD).status_code == 302, username


def test_no_role_changes_its_own_role_unit_or_clearance(wapp: Flask, wctx: AppContext, world: World,
                                                        client_for) -> None:
    """Finding 3 for every role: asking one's own account for the archivist's role, another unit and the
    top clearance is refused (an administrator by the separation rule, anyone else by the admin pages)."""
    for username, (role, _, _) in ACCOUNT_ROWS.items():
        me = world.users[username]
        response = client_for(username).post(f"/admin/users/{me}", data=_edit(
            world, username, role="archivist", unit=str(world.units["B1"]), clearance=TOP))
        if role == "admin":
            assert response.status_code == 200 and "不能修改本人账户的角色、单位或密级权限" in response.text
        else:
            assert response.status_code == 403, username
    with wctx.db.session() as s:
        now = {u.username: (u.role, u.unit_id, u.clearance) for u in s.scalars(select(User))}
    assert now == {name: (role, world.units[unit] if unit else None, clearance)
                   for name, (role, unit, clearance) in ACCOUNT_ROWS.items()}
    assert _pending(wctx) == []
