"""The web app through Flask's test client: login, CSRF, the policy's 403s, search → view → download.

Records are made by inserting rows and artefact files directly and indexing
them with the search backend, so these tests need no OCR. The helpers here
are shared with tests/test_web_browser.py.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import img2pdf
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from access_control.users import create_user
from context import AppContext
from earchive.errors import SearchUnavailable
from indexer.outbox import load_indexed_documents
from records.models import Agency, Case, Document, IngestBatch, IngestItem, Page, Unit
from webapp import create_app

PASSWORD = "correct-horse-42"
_CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

PENALTY_LINES = [
    "行政处罚决定书",
    "当事人：张三，男，住所地鹿泉区。",
    "本机关依法对当事人作出罚款人民币伍仟元的行政处罚。",
    "如不服本决定，可在六十日内申请行政复议。",
]


@dataclass
class SeededDocument:
    id: int
    sha256: str
    pdf: bytes


@dataclass
class Seed:
    unit_a: int
    unit_b: int
    penalty: SeededDocument  # unit A, internal: mentions 罚款 and 张三
    other_unit: SeededDocument  # unit B, internal: also mentions 罚款
    secret: SeededDocument  # unit A, secret: also mentions 罚款


def render_page(lines: list[str], width: int = 1240, height: int = 1754) -> tuple[bytes, list[dict]]:
    """A white A4 page at 150 dpi with one text line per entry, and one OCR word per line."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(_CJK_FONT), 40) if _CJK_FONT.exists() else ImageFont.load_default(40)
    words, y = [], 160
    for line in lines:
        draw.text((120, y), line, fill=0, font=font)
        x0, y0, x1, y1 = draw.textbbox((120, y), line, font=font)
        words.append({"text": line, "box": [x0, y0, x1, y1], "conf": 95.0})
        y += 90
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue(), words


def add_document(ctx: AppContext, tmp: Path, *, unit_id: int, case_id: int | None, title: str,
                 lines: list[str], classification: str = "internal",
                 secrecy: list[str] | None = None) -> SeededDocument:
    """One finished one-page document: rows, original, PDF/A and page image, as ingest leaves them."""
    png, words = render_page(lines)
    pdf = img2pdf.convert(png)
    sha = hashlib.sha256(png).hexdigest()
    original = tmp / f"{sha}.png"
    original.write_bytes(png)
    ctx.store.put_original(original, sha)
    staging = tmp / f"staging-{sha}"
    staging.mkdir()
    (staging / "document.pdf").write_bytes(pdf)
    (staging / "page-0001.png").write_bytes(png)
    ctx.store.publish_derived(sha, staging)
    text = "\n".join(lines)
    with ctx.db.transaction() as s:
        doc = Document(sha256=sha, source_name=f"{title}.png", media_type="image/png", size_bytes=len(png),
                       status="ok", unit_id=unit_id, case_id=case_id, doc_type="行政处罚决定书",
                       stage="decision", classification=classification, secrecy=secrecy or [], title=title,
                       profile="office",
                       ocr_engine="rapidocr", page_count=1, pdfa_sha256=hashlib.sha256(pdf).hexdigest())
        doc.pages.append(Page(page_no=1, width_px=1240, height_px=1754, dpi=150, text_raw=text,
                              text_norm=text, words=words))
        s.add(doc)
        s.flush()
        doc_id = doc.id
    return SeededDocument(doc_id, sha, pdf)


def seed_records(ctx: AppContext, tmp: Path) -> Seed:
    """Two units, three users per need, three documents, all indexed."""
    with ctx.db.transaction() as s:
        agency = Agency(code="lq-zjj", name="鹿泉区住建局")
        unit_a = Unit(agency=agency, code="zf1", name="执法一中队")
        unit_b = Unit(agency=agency, code="zf2", name="执法二中队")
        s.add_all([agency, unit_a, unit_b])
        s.flush()
        case = Case(unit_id=unit_a.id, case_no="鹿住建罚〔2024〕12号", cause="未取得施工许可证擅自施工")
        s.add(case)
        s.flush()
        ids = unit_a.id, unit_b.id, case.id
        create_user(s, "archivist", PASSWORD, "李档案", "archivist", unit_a.id, "secret")
        create_user(s, "officer_a", PASSWORD, "王执法", "officer", unit_a.id, "internal")
        create_user(s, "officer_b", PASSWORD, "赵执法", "officer", unit_b.id, "internal")
        create_user(s, "applicant", PASSWORD, "张三", "applicant", None, "public")
    unit_a_id, unit_b_id, case_id = ids
    seed = Seed(
        unit_a=unit_a_id,
        unit_b=unit_b_id,
        penalty=add_document(ctx, tmp, unit_id=unit_a_id, case_id=case_id, title="行政处罚决定书（张三）",
                             lines=PENALTY_LINES),
        other_unit=add_document(ctx, tmp, unit_id=unit_b_id, case_id=None, title="二中队处罚决定书",
                                lines=["行政处罚决定书", "当事人：李四。罚款人民币贰仟元。"]),
        secret=add_document(ctx, tmp, unit_id=unit_a_id, case_id=None, title="涉密处罚材料",
                            lines=["涉密材料", "罚款执行情况专报。"], classification="secret"),
    )
    with ctx.db.session() as s:
        ids = [seed.penalty.id, seed.other_unit.id, seed.secret.id]
        ctx.search.upsert(list(load_indexed_documents(s, ids).values()))
    return seed


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with the cheapest parameters: these tests are about the web app, not the hash
    (tests/test_access_users.py checks the real parameters)."""
    from access_control import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def seed(ctx: AppContext, tmp_path: Path) -> Seed:
    return seed_records(ctx, tmp_path)


def make_app(ctx: AppContext, **config) -> Flask:
    return create_app(test_config={"EARCHIVE_CONTEXT": ctx, "TESTING": True, "WTF_CSRF_ENABLED": False, **config})


@pytest.fixture
def app(ctx: AppContext, seed: Seed) -> Flask:
    return make_app(ctx)


def login(client: FlaskClient, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def as_user(app: Flask):
    def _client(username: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, username).status_code == 302
        return client
    return _client


# -- login ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/search?q=罚款", "/documents/1", "/documents/1/download",
                                  "/documents/1/pages/1/image", "/batches/", "/batches/new", "/batches/1"])
def test_pages_require_login(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_wrong_password_fails(app: Flask) -> None:
    client = app.test_client()
    for username, password in [("officer_a", "wrong-password-1"), ("nobody", PASSWORD)]:
        response = login(client, username, password)
        assert response.status_code == 200
        assert "用户名或密码错误" in response.text
    assert client.get("/search").status_code == 302


def test_login_starts_a_fresh_session_and_only_follows_local_next(app: Flask) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = client.post("/login?next=//evil.example/x", data={"username": "officer_a", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "planted" not in session
    response = login(app.test_client(), "officer_a")
    assert response.status_code == 302


def test_next_after_login_returns_to_the_page_asked_for(app: Flask, seed: Seed) -> None:
    client = app.test_client()
    target = f"/documents/{seed.penalty.id}?page=1"
    response = client.post(f"/login?next={quote(target)}", data={"username": "officer_a", "password": PASSWORD})
    assert response.headers["Location"] == target


def test_deactivated_account_loses_its_session(app: Flask, ctx: AppContext, as_user) -> None:
    from records.models import User

    client = as_user("officer_a")
    assert client.get("/search").status_code == 200
    with ctx.db.transaction() as s:
        s.scalar(select(User).where(User.username == "officer_a")).active = False
    assert client.get("/search").status_code == 302
    assert login(app.test_client(), "officer_a").status_code == 200  # refused


def test_logout_ends_the_session(as_user) -> None:
    client = as_user("officer_a")
    assert client.post("/logout").status_code == 302
    assert client.get("/search").status_code == 302


def test_post_without_csrf_token_is_rejected(ctx: AppContext, seed: Seed) -> None:
    app = make_app(ctx, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 400
    assert "校验令牌" in response.text
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": "officer_a", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/logout").status_code == 400  # a logout without a token would allow forced logouts


# -- policy in views --------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "/download", "/pages/1/image"])
def test_officer_of_another_unit_is_forbidden(as_user, seed: Seed, suffix: str) -> None:
    client = as_user("officer_b")
    response = client.get(f"/documents/{seed.penalty.id}{suffix}")
    assert response.status_code == 403
    assert "不属于您所在的执法单位" in response.text
    assert client.get(f"/documents/{seed.other_unit.id}{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", ["", "/download", "/pages/1/image"])
def test_classification_above_clearance_is_forbidden(as_user, seed: Seed, suffix: str) -> None:
    assert as_user("officer_a").get(f"/documents/{seed.secret.id}{suffix}").status_code == 403
    assert as_user("archivist").get(f"/documents/{seed.secret.id}{suffix}").status_code == 200


@pytest.mark.parametrize("path", ["/documents/999", "/documents/999/download", "/documents/999/pages/1/image",
                                  "/documents/{id}/pages/7.png", "/batches/999", "/nowhere"])
def test_missing_is_404(as_user, seed: Seed, path: str) -> None:
    response = as_user("archivist").get(path.format(id=seed.penalty.id))
    assert response.status_code == 404
    assert "未找到" in response.text


def test_applicant_may_not_search_yet(as_user) -> None:
    response = as_user("applicant").get("/search?q=罚款")
    assert response.status_code == 403


def test_search_shows_only_what_the_policy_allows(as_user, seed: Seed) -> None:
    def found(username: str) -> set[int]:
        page = as_user(username).get("/search?q=罚款").text
        return {int(i) for i in re.findall(r'href="/documents/(\d+)\?', page)}

    assert found("officer_a") == {seed.penalty.id}
    assert found("officer_b") == {seed.other_unit.id}
    assert found("archivist") == {seed.penalty.id, seed.other_unit.id, seed.secret.id}


def test_facet_link_narrows_the_search(as_user, seed: Seed) -> None:
    client = as_user("archivist")
    page = client.get("/search?q=罚款").text
    assert "执法二中队" in page  # unit facet shown by name
    link = re.search(rf'href="([^"]*unit_id={seed.unit_b}[^"]*)"', page).group(1).replace("&amp;", "&")
    narrowed = client.get(link).text
    assert set(re.findall(r'href="/documents/(\d+)\?', narrowed)) == {str(seed.other_unit.id)}
    assert "执法单位：执法二中队" in narrowed  # the active filter, removable


def test_officer_cannot_upload(as_user) -> None:
    client = as_user("officer_a")
    assert client.get("/batches/new").status_code == 403
    assert client.get("/batches/").status_code == 403
    assert "上传扫描件" not in client.get("/search").text


# -- the main path ----------------------------------------------------------------------------

def test_search_view_download_returns_the_exact_pdf(as_user, seed: Seed) -> None:
    client = as_user("officer_a")
    results = client.get("/search?q=罚款")
    assert results.status_code == 200
    assert "<mark>罚款</mark>" in results.text
    link = re.search(r'href="(/documents/\d+\?[^"]+)"', results.text).group(1).replace("&amp;", "&")

    page = client.get(link)
    assert page.status_code == 200
    assert "<mark>罚款</mark>" in page.text
    assert page.text.count("<rect ") == 1  # the hit's box over the page image
    assert page.headers["Cache-Control"] == "no-store"

    image = client.get(f"/documents/{seed.penalty.id}/pages/1/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "no-store"

    download = client.get(f"/documents/{seed.penalty.id}/download")
    assert download.status_code == 200
    assert download.data == seed.penalty.pdf
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="document-')
    assert "filename*=UTF-8''" + quote("行政处罚决定书（张三）.pdf", safe="") in disposition


def test_download_filename_cannot_carry_header_or_path_tricks(ctx: AppContext, seed: Seed) -> None:
    from webapp.documents import download_filename

    doc = Document(id=5, title='..\\a/b:"c"\r\nSet-Cookie: x', source_name="x.pdf")
    name = download_filename(doc)
    assert "/" not in name and "\\" not in name and "\r" not in name and "\n" not in name and '"' not in name
    assert download_filename(Document(id=5, title=None, source_name="...")) == "document-5.pdf"


def test_security_headers_on_every_response(app: Flask) -> None:
    for response in (app.test_client().get("/login"), app.test_client().get("/static/style.css")):
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_search_unavailable_says_so(as_user, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(query):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(ctx.search, "search", down)
    response = as_user("officer_a").get("/search?q=罚款")
    assert response.status_code == 503
    assert "检索服务暂不可用" in response.text


def test_bad_cursor_is_a_clear_error(as_user) -> None:
    response = as_user("officer_a").get("/search?q=罚款&after=garbage")
    assert response.status_code == 400
    assert "翻页标记无效" in response.text


def test_pagination_follows_next_cursor(as_user, ctx: AppContext, tmp_path: Path, seed: Seed) -> None:
    from webapp import search

    extra = [add_document(ctx, tmp_path, unit_id=seed.unit_a, case_id=None, title=f"处罚材料{i}",
                          lines=[f"第{i}份", "罚款缴纳凭证"]) for i in range(search.PAGE_SIZE)]
    with ctx.db.session() as s:
        ctx.search.upsert(list(load_indexed_documents(s, [d.id for d in extra]).values()))
    client = as_user("officer_a")
    first = client.get("/search?q=罚款").text
    assert f"共 {search.PAGE_SIZE + 1} 页命中" in first
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(next_link).text
    seen = re.findall(r'href="/documents/(\d+)\?', first) + re.findall(r'href="/documents/(\d+)\?', second)
    assert len(seen) == len(set(seen)) == search.PAGE_SIZE + 1
    assert 'rel="next"' not in second


# -- uploads ----------------------------------------------------------------------------------

def test_upload_creates_a_batch_and_shows_its_files(as_user, ctx: AppContext) -> None:
    client = as_user("archivist")
    form = client.get("/batches/new").text
    assert 'name="profile"' in form and 'multiple' in form
    response = client.post("/batches/new", content_type="multipart/form-data", data={
        "profile": "office",
        "files": [(io.BytesIO(b"%PDF-1.4 one"), "C:\\扫描\\询问笔录.pdf"), (io.BytesIO(b"two"), "回执.png")],
    })
    assert response.status_code == 303
    batch_page = client.get(response.headers["Location"])
    assert "询问笔录.pdf" in batch_page.text and "回执.png" in batch_page.text
    assert "排队中" in batch_page.text and 'data-refresh="5"' in batch_page.text
    with ctx.db.session() as s:
        batch = s.scalars(select(IngestBatch)).one()
        assert (batch.source, batch.created_by, batch.profile) == ("web", "archivist", "office")
        assert [i.status for i in s.scalars(select(IngestItem))] == ["queued", "queued"]
    assert f"#{batch.id}" in client.get("/batches/").text


def test_finished_batch_stops_refreshing_and_shows_errors(as_user, ctx: AppContext, seed: Seed) -> None:
    with ctx.db.transaction() as s:
        batch = IngestBatch(profile="office", created_by="archivist", source="web", unit_id=seed.unit_a)
        batch.items = [IngestItem(source_name="a.pdf", status="ok", document_id=seed.penalty.id),
                       IngestItem(source_name="b.pdf", status="rejected", reason="too_small",
                                  error="图像分辨率低于 200 dpi")]
        s.add(batch)
        s.flush()
        batch_id = batch.id
    page = as_user("archivist").get(f"/batches/{batch_id}").text
    assert "data-refresh" not in page
    assert "图像分辨率低于 200 dpi" in page and "已拒收" in page
    assert f'href="/documents/{seed.penalty.id}"' in page


def test_upload_without_files_is_refused(as_user) -> None:
    response = as_user("archivist").post("/batches/new", data={"profile": "office"},
                                         content_type="multipart/form-data")
    assert response.status_code == 200
    assert "请选择至少一个文件" in response.text


# -- secret key -------------------------------------------------------------------------------

def test_secret_key_is_generated_once_and_private(ctx: AppContext) -> None:
    first = make_app(ctx).secret_key
    key_file = ctx.settings.data_dir / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert make_app(ctx).secret_key == first
    assert len(first) >= 32
