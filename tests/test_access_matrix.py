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
from access_control.slips import Applicant, create_slip, decide_slip
from access_control.subjects import load_subject
from context import AppContext
from records.classification import LEVELS as CLASSIFICATION_LEVELS
from records.models import Case, Document, User
from test_slips_flow import ACCOUNTS, UNITS, Doc, World, seed_world
from test_web_flow import fast_password_hashing, login, make_app  # noqa: F401 (fixture)

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
