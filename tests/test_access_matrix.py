"""The generated matrix: role × unit × classification × secrecy × action × route, against an oracle
written here from the rules in plain terms (not by calling the policy). Pages, page images, downloads,
print, case pages, search hits, snippets, totals and facets, and guessed ids: nothing outside the rules
gets through, and nothing inside them is refused.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from access_control.audit import AccessLog, Actor
from access_control.models import AccessLogRecord, RetrievalSlip
from access_control.slips import Applicant, create_slip, decide_slip
from redaction.plans import mark_reviewed, plan_for_slip
from access_control.subjects import load_subject
from context import AppContext
from records.classification import LEVELS as CLASSIFICATION_LEVELS
from records.classification import label as classification_label
from records.models import Case, Document, IngestBatch, IngestItem, User
from test_slips_flow import ACCOUNTS, UNITS, Doc, World, seed_world
from test_web_flow import PASSWORD, fast_password_hashing, login, make_app  # noqa: F401 (fixture)

STAFF_ACTIONS = {"view", "image", "api", "download", "print"}
SEARCHING_ROLES = {"archivist", "officer", "legal_reviewer", "head"}
APPLICANT_CEILING = "internal"  # the default AccessRules.applicant_max_classification


def rank(level: str) -> int:
    return CLASSIFICATION_LEVELS.index(level)


def agency(unit: str | None) -> str | None:
    return UNITS[unit][0] if unit else None


# (holder, mode, document keys) of the slips approved in the fixture below
SLIPS = [("applicant", "copy", {"A1-internal", f"A1-{CLASSIFICATION_LEVELS[0]}"}),
         ("officer_a2", "view", None)]  # None: every document of case A1


def expected(world: World, username: str, doc: Doc, action: str) -> bool:
    """The rules, written out independently of access_control.policy."""
    role, unit, clearance = ACCOUNTS[username]
    if rank(doc.classification) > rank(clearance):
        return False
    if role in ("archivist", "head", "legal_reviewer") and agency(doc.unit) == agency(unit):
        return action in STAFF_ACTIONS
    if role == "officer" and (doc.unit == unit or doc.case in world.handled.get(username, set())):
        return action in STAFF_ACTIONS
    for holder, mode, keys in SLIPS:
        if holder != username or doc.case != "A1" or (keys is not None and doc.key not in keys):
            continue
        if role == "applicant" and ("state_secret" in doc.secrecy or rank(doc.classification) > rank(APPLICANT_CEILING)):
            continue
        if action in ("view", "image", "api"):  # a slip never hands out the stored original (issue 16 §0.1)
            return True
    return False


def case_expected(world: World, username: str, case: str) -> bool:
    role, unit, _ = ACCOUNTS[username]
    if role in ("archivist", "head", "legal_reviewer") and agency(case) == agency(unit):
        return True
    if role == "officer" and (case == unit or case in world.handled.get(username, set())):
        return True
    if any(holder == username and case == "A1" for holder, _, _ in SLIPS):
        return True
    return any(expected(world, username, d, "view") for d in world.docs.values() if d.case == case)


@pytest.fixture
def matrix_world(ctx: AppContext, tmp_path: Path) -> World:
    world = seed_world(ctx, tmp_path)
    log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        def subject(name: str):
            return load_subject(s, s.get(User, world.users[name]))

        head = subject("head_a")
        case = s.get(Case, world.cases["A1"])
        applicant = subject("applicant")
        slip = create_slip(s, log, Actor(applicant.id, "applicant"), applicant, case=case, mode="copy",
                           purpose="行政复议", delivery="download",
                           applicant=Applicant("张三", None, "party", user_id=applicant.id))
        wanted = [world.docs[k].id for k in SLIPS[0][2]]
        archivist = subject("archivist_a")  # the plan is reviewed before approval (#14)
        plan_for_slip(s, log, Actor(archivist.id, "archivist_a"), slip)
        mark_reviewed(s, log, Actor(archivist.id, "archivist_a"), archivist, slip)
        decide_slip(s, log, Actor(head.id, "head_a"), head, slip, approve=True, approved_ids=wanted, comment="")
        officer = subject("officer_a2")
        internal = create_slip(s, log, Actor(officer.id, "officer_a2"), officer, case=case, mode="view",
                               purpose="关联案件比对", delivery="onsite", applicant=None)
        decide_slip(s, log, Actor(head.id, "head_a"), head, internal, approve=True,
                    approved_ids=[i.document_id for i in internal.items], comment="")
    return world


@pytest.fixture
def mapp(ctx: AppContext, matrix_world: World) -> Flask:
    return make_app(ctx)


ROUTES = {"view": "/documents/{id}", "image": "/documents/{id}/pages/1/image", "api": "/api/documents/{id}",
          "download": "/documents/{id}/download", "print": "/documents/{id}/print"}


def test_every_route_agrees_with_the_rules(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    world = matrix_world
    wrong: list[str] = []
    checked = 0
    with ctx.db.session() as s:
        max_id = s.scalar(select(Document.id).order_by(Document.id.desc()).limit(1))
    for username in ACCOUNTS:
        client = mapp.test_client()
        assert login(client, username).status_code == 302
        for doc in world.docs.values():
            for action, route in ROUTES.items():
                status = client.get(route.format(id=doc.id)).status_code
                want = expected(world, username, doc, action)
                checked += 1
                if (status == 200) != want or status not in (200, 403):
                    wrong.append(f"{username} {action} {doc.key}: {status}, expected {'200' if want else '403'}")
        for case_key, case_id in world.cases.items():
            response = client.get(f"/cases/{case_id}")
            want = case_expected(world, username, case_key)
            checked += 1
            if (response.status_code == 200) != want:
                wrong.append(f"{username} case {case_key}: {response.status_code}")
            listed = {int(i) for i in re.findall(r'href="/documents/(\d+)"', response.text)}
            visible = {d.id for d in world.docs.values() if d.case == case_key and expected(world, username, d, "view")}
            if response.status_code == 200 and listed != visible:
                wrong.append(f"{username} case {case_key} lists {sorted(listed)}, expected {sorted(visible)}")
        for guess in (max_id + 1, max_id + 50, 0):  # guessed ids exist for nobody
            for route in ROUTES.values():
                status = client.get(route.format(id=guess)).status_code
                checked += 1
                if status != 404:
                    wrong.append(f"{username} guessed {route.format(id=guess)}: {status}")
        wrong += _search_mismatches(client, world, username)
        wrong += _api_search_mismatches(client, world, username)
    assert wrong == [], "\n".join(wrong[:40])
    assert checked > 900


def marking_expected(username: str, doc: Doc) -> bool:
    """§0.10: an archivist of the document's agency marks it, within their own clearance; nobody else does."""
    role, unit, clearance = ACCOUNTS[username]
    return role == "archivist" and agency(doc.unit) == agency(unit) and rank(doc.classification) <= rank(clearance)


def test_the_marking_route_agrees_with_the_rules(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    """POST /documents/<id>/marking for every account and document, each asking for the marking the document
    already has: accepted (303) exactly where the rules let the account mark it, else 403; nothing changes."""
    wrong: list[str] = []
    for username in ACCOUNTS:
        client = mapp.test_client()
        assert login(client, username).status_code == 302
        for doc in matrix_world.docs.values():
            data = {"classification": doc.classification, "reason": "",
                    **{mark: "y" for mark in doc.secrecy if mark in ("state_secret", "trade_secret")}}
            status = client.post(f"/documents/{doc.id}/marking", data=data).status_code
            want = marking_expected(username, doc)
            if status != (303 if want else 403):
                wrong.append(f"{username} marks {doc.key}: {status}, expected {303 if want else 403}")
    assert wrong == [], "\n".join(wrong[:40])
    assert sum(marking_expected(u, d) for u in ACCOUNTS for d in matrix_world.docs.values()) >= 5
    with ctx.db.session() as s:
        marked = {d.id: (d.classification, sorted(d.secrecy or [])) for d in s.scalars(select(Document))}
    assert marked == {d.id: (d.classification, sorted(d.secrecy)) for d in matrix_world.docs.values()}


def _search_mismatches(client, world: World, username: str) -> list[str]:
    role = ACCOUNTS[username][0]
    response = client.get("/search?q=罚款&facets=1")
    if role not in SEARCHING_ROLES:
        return [] if response.status_code == 403 else [f"{username} may search: {response.status_code}"]
    page = response.text
    visible = [d for d in world.docs.values() if expected(world, username, d, "view")]
    problems = []
    hits = {int(i) for i in re.findall(r'href="/documents/(\d+)\?', page)}
    if hits != {d.id for d in visible}:
        problems.append(f"{username} search hits {sorted(hits)}, expected {sorted(d.id for d in visible)}")
    tokens = set(re.findall(r"DOC\d{3}", page))  # from snippets: each document's text has its own token
    if tokens != {d.token for d in visible}:
        problems.append(f"{username} snippets show {sorted(tokens)}")
    total = re.search(r"共 (\d+) 页命中", page)
    if total is None or int(total.group(1)) != len(visible):
        problems.append(f"{username} total {total and total.group(1)}, expected {len(visible)}")
    facet_counts = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', page)]
    if facet_counts and max(facet_counts) > len(visible):
        problems.append(f"{username} facets count {max(facet_counts)} pages, more than {len(visible)} visible")
    for unit_key, unit_id in world.units.items():
        count = sum(1 for d in visible if d.unit == unit_key)
        shown = re.search(rf'unit_id={unit_id}[^"]*">[^<]*</a>\s*<span class="count">(\d+)', page)
        if (int(shown.group(1)) if shown else 0) != count:
            problems.append(f"{username} unit facet {unit_key}: {shown and shown.group(1)}, expected {count}")
    return problems


def _api_search_mismatches(client, world: World, username: str) -> list[str]:
    response = client.get("/api/search?q=罚款")
    if ACCOUNTS[username][0] not in SEARCHING_ROLES:
        return [] if response.status_code == 403 else [f"{username} may search the API: {response.status_code}"]
    data = response.get_json()
    visible = {d.id for d in world.docs.values() if expected(world, username, d, "view")}
    found = {h["document_id"] for h in data["hits"]}
    if found != visible or data["total"] != len(visible):
        return [f"{username} API search {sorted(found)} (total {data['total']}), expected {sorted(visible)}"]
    return []


def test_matrix_covers_every_role_unit_and_level(matrix_world: World) -> None:
    roles = {role for role, _, _ in ACCOUNTS.values()}
    assert roles == {"archivist", "officer", "legal_reviewer", "head", "applicant", "auditor", "admin"}
    assert {d.classification for d in matrix_world.docs.values()} == set(CLASSIFICATION_LEVELS)
    assert {d.unit for d in matrix_world.docs.values()} == set(UNITS)
    assert any(d.secrecy for d in matrix_world.docs.values())


# -- the findings of the probe (issue 16 §0), each as the rule it breaks ----------------------------

def _client(app: Flask, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _entries(ctx: AppContext, **where) -> list[AccessLogRecord]:
    with ctx.db.session() as s:
        query = select(AccessLogRecord).order_by(AccessLogRecord.seq)
        for name, value in where.items():
            query = query.where(getattr(AccessLogRecord, name) == value)
        return list(s.scalars(query))


def test_a_slip_holder_gets_no_stored_original_from_any_route(mapp: Flask, matrix_world: World) -> None:
    """§0.1: the copy slip's records come out only as the watermarked copy; GET never spends or serves it."""
    applicant = _client(mapp, "applicant")
    for key in SLIPS[0][2]:
        doc = matrix_world.docs[key]
        for route in ("/documents/{id}/download", "/documents/{id}/print"):
            response = applicant.get(route.format(id=doc.id))
            assert response.status_code == 403 and doc.seeded.pdf not in response.data, (key, route)
        copy = applicant.post(f"/documents/{doc.id}/download")
        assert copy.status_code == 200 and copy.data != doc.seeded.pdf


def test_batches_and_duplicates_stay_within_the_agency(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    """§0.5: an archivist sees their agency's batches only; a duplicate of another agency's document is
    answered without a link or any hint that it exists."""
    world = matrix_world
    other_agencys = world.docs["B1-internal"].id
    own = world.docs["A1-internal"].id
    with ctx.db.transaction() as s:
        batch_a = IngestBatch(unit_id=world.units["A1"], profile="office", created_by="archivist_a", source="web")
        batch_a.items = [IngestItem(source_name="重复件.pdf", status="duplicate", document_id=other_agencys),
                         IngestItem(source_name="本机关重复件.pdf", status="duplicate", document_id=own)]
        batch_b = IngestBatch(unit_id=world.units["B1"], profile="office", created_by="archivist_b", source="web")
        batch_b.items = [IngestItem(source_name="易县扫描件.pdf", status="ok", document_id=other_agencys)]
        s.add_all([batch_a, batch_b])
        s.flush()
        a_id, b_id = batch_a.id, batch_b.id
    archivist_a, archivist_b = _client(mapp, "archivist_a"), _client(mapp, "archivist_b")
    listing = archivist_a.get("/batches/").text
    assert f'href="/batches/{a_id}"' in listing and f'href="/batches/{b_id}"' not in listing
    assert "archivist_b" not in listing
    refused = archivist_a.get(f"/batches/{b_id}")
    assert refused.status_code == 403 and "易县扫描件" not in refused.text
    page = archivist_a.get(f"/batches/{a_id}").text
    row = page[page.index("重复件.pdf") - 200: page.index("本机关重复件.pdf")]
    assert f"/documents/{other_agencys}" not in page and "与已入库文书相同" not in row and "未入库" in row
    assert f'href="/documents/{own}"' in page  # a duplicate of one's own agency's document keeps its link
    assert f'href="/batches/{b_id}"' in archivist_b.get("/batches/").text
    assert _entries(ctx, username="archivist_a", record_kind="batch", outcome="denied")


def test_only_reviewing_roles_see_the_case_file_review(mapp: Flask, matrix_world: World) -> None:
    """§0.7: the score, the findings and the count of hidden documents are for the archivist, the legal
    reviewer and the head of the case's agency; applicants (even holding a slip) and officers get 403."""
    case_id = matrix_world.cases["A1"]
    reviewers = {"archivist_a", "legal_a", "head_a"}
    for username in ACCOUNTS:
        response = _client(mapp, username).get(f"/casefiles/{case_id}")
        assert response.status_code == (200 if username in reviewers else 403), username
        assert (" / 100 分" in response.text) is (username in reviewers), username


def test_every_read_and_change_reaches_the_access_log(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    """§0.8 (002 记录办法:27): case-file lists, checks, statistics and review pages, the slip form that
    shows a case's number and cause, batch pages, and archiving are all logged; a case viewed under a
    slip carries the slip's number; archiving needs every document of the case to be visible."""
    world = matrix_world
    case_a1 = world.cases["A1"]
    archivist = _client(mapp, "archivist_a")
    pages = {"/casefiles/": "case_files", f"/casefiles/{case_a1}": "case_file", "/casefiles/checks": "checks",
             "/casefiles/stats": "statistics", "/casefiles/stats.json": "statistics",
             "/casefiles/review": "review_queue", "/batches/": "batches", f"/slips/new?case_id={case_a1}": "slip_form"}
    for path, page in pages.items():
        before = len(_entries(ctx, username="archivist_a"))
        assert archivist.get(path).status_code == 200, path
        logged = _entries(ctx, username="archivist_a")[before:]
        assert [e.detail.get("page") for e in logged] == [page], path
    slip_form = _entries(ctx, username="archivist_a", action="view", record_kind="case")[-1]
    assert slip_form.case_id == case_a1 and slip_form.detail["page"] == "slip_form"

    # The archivist of the other agency cannot see every document of case B1 (clearance): refused, logged.
    low = _client(mapp, "archivist_b")
    confirmed = {"confirm": "yes", "note": "合成测试案卷，缺件已知"}
    assert low.post(f"/casefiles/{world.cases['B1']}/archive", data=confirmed).status_code == 403
    denied = _entries(ctx, username="archivist_b", action="archive")
    assert [e.outcome for e in denied] == ["denied"] and denied[0].case_id == world.cases["B1"]
    assert archivist.post(f"/casefiles/{case_a1}/archive", data=confirmed).status_code == 303
    archived = _entries(ctx, username="archivist_a", action="archive")
    assert [e.outcome for e in archived] == ["allowed"] and archived[0].detail["archive_no"]
    assert set(archived[0].detail["documents"]) == {d.id for d in world.docs.values() if d.case == "A1"}
    assert archivist.post(f"/casefiles/{case_a1}/archive", data=confirmed).status_code == 303  # already archived
    assert [e.outcome for e in _entries(ctx, username="archivist_a", action="archive")] == ["allowed", "failed"]

    with ctx.db.session() as s:
        by_holder = dict(s.execute(select(RetrievalSlip.created_by_id, RetrievalSlip.slip_no)).all())
    for username in ("applicant", "officer_a2"):
        assert _client(mapp, username).get(f"/cases/{case_a1}").status_code == 200
        view = _entries(ctx, username=username, action="view", record_kind="case")[-1]
        assert view.slip_no == by_holder[world.users[username]], username


def test_refusals_name_no_hidden_level_or_mark(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    """§0.9: a 403 never tells the level or secrecy mark of a record the user may not see."""
    officer = _client(mapp, "officer_a1")  # cleared to 内部
    for level in CLASSIFICATION_LEVELS[2:]:
        page = officer.get(f"/documents/{matrix_world.docs[f'A1-{level}'].id}").text
        assert classification_label(level) not in page.split("<main", 1)[1], level
    applicant = _client(mapp, "applicant")
    secret = matrix_world.docs["A1-state_secret"].id
    off_slip = applicant.get(f"/documents/{matrix_world.docs['A2-internal'].id}").text.split("<main", 1)[1]
    refused = applicant.get(f"/documents/{secret}").text.split("<main", 1)[1]
    assert "国家秘密" not in refused and refused == off_slip.replace(str(matrix_world.docs["A2-internal"].id),
                                                                    str(secret))
    logged = _entries(ctx, username="applicant", record_id=secret, outcome="denied")[-1]
    assert "国家秘密" in logged.detail["reason"]  # the auditor still learns why


HUGE = "9" * 20


def test_oversized_ids_and_control_characters_are_not_server_errors(mapp: Flask, matrix_world: World) -> None:
    """§0.9: a 20-digit id names no record (404), and a ?next= with CR/LF does not reach a header."""
    archivist = _client(mapp, "archivist_a")
    for path in (f"/documents/{HUGE}", f"/documents/{HUGE}/download", f"/documents/{HUGE}/pages/1/image",
                 f"/documents/1/pages/{HUGE}/image", f"/cases/{HUGE}", f"/casefiles/{HUGE}", f"/slips/{HUGE}",
                 f"/batches/{HUGE}", f"/api/documents/{HUGE}", f"/slips/new?case_id={HUGE}",
                 f"/casefiles/review/{HUGE}"):
        assert archivist.get(path).status_code == 404, path
    response = archivist.post(f"/slips/new?case_id={matrix_world.cases['A1']}", content_type="multipart/form-data",
                              data={"applicant_name": "李四", "relation": "party", "mode": "copy",
                                    "delivery": "paper", "purpose": "当事人到窗口申请复印", "document_ids": [HUGE]})
    assert response.status_code == 200 and "请选择申请的文书" in response.text
    client = mapp.test_client()
    response = client.post("/login?next=/search%0d%0aSet-Cookie:%20planted=1",
                           data={"username": "officer_a1", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/login?next=%0d%0a").status_code in (200, 302)


def test_the_app_names_no_server_software(mapp: Flask, matrix_world: World) -> None:
    """§0.9: every answer of the app (page, file, error, static) carries a neutral Server header, which the
    WSGI server is to leave as it is (webapp/server.py): neither Werkzeug nor Python is named."""
    archivist = _client(mapp, "archivist_a")
    doc = matrix_world.docs["A1-internal"].id
    for path in ("/search", f"/documents/{doc}/download", f"/documents/{doc}/pages/1/image", "/no-such-page",
                 f"/documents/{matrix_world.docs['B1-internal'].id}", "/static/style.css"):
        response = archivist.get(path)
        assert response.headers.getlist("Server") == ["earchive"], path
        response.close()


def test_case_file_exports_leave_no_file_behind(mapp: Flask, ctx: AppContext, matrix_world: World) -> None:
    """§0.9: an export is streamed from an anonymous temporary file: nothing stays in the temp or spool dir."""
    import tempfile

    temp = Path(tempfile.gettempdir())
    before = set(temp.iterdir())
    response = _client(mapp, "archivist_a").get(f"/casefiles/{matrix_world.cases['A1']}/export.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    assert not [p for p in set(temp.iterdir()) - before if "case" in p.name]
    spool = ctx.settings.data_dir / "spool"
    assert not spool.exists() or not any(spool.iterdir())
