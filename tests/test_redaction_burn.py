"""Burn-in (#14 §3): boxes are gone from the pixels, the PDF is rebuilt from images only, with nothing of the
original file, one revision, the slip's watermark on every page, withheld pages as notices of their ground."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from pdfminer.high_level import extract_text
from PIL import Image, ImageDraw, ImageFont
from stdnum.cn import ric

from ocr.engines import rapidocr_page
from records.models import Document, Page
from redaction.burn import RedactedPage, build_release_pdf, masked_name, redact_page_image, release_pages
from redaction.kinds import Kind, Reason
from redaction.notice import WithheldNotice
from redaction.plan import Entry, Plan, Withholding
from redaction.verify import normalise
from store import ObjectStore
from tests.scans import FONT

MARK = "调用单 DY-0001 · 测试申请人 · 2026-11-30"
FOOTER = "本复制件依调用单 DY-0001 提供给测试申请人"


def id_number(region: str = "110101", birth: str = "19900307", serial: str = "123") -> str:
    """A synthetic 居民身份证号 with a valid GB 11643 check digit."""
    body = region + birth + serial
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    number = body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    assert ric.is_valid(number)
    return number


ID = id_number()
PHONE = "13800004567"


@dataclass
class Sheet:
    """A synthetic page image and the pixel boxes of the spans asked for."""

    image: Image.Image
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    def entry(self, span: str, kind: Kind, page_no: int = 1, document_id: int = 1) -> Entry:
        return Entry(document_id=document_id, kind=kind, reason=kind.default_reason, page_no=page_no,
                     box=self.boxes[span], text=span)


def sheet(lines: list[str], spans: list[str] = (), mode: str = "L", width: int = 1500) -> Sheet:
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("L", (width, 80 + 100 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    boxes = {}
    for i, line in enumerate(lines):
        y = 50 + i * 100
        draw.text((60, y), line, font=font, fill=0)
        for span in spans:
            at = line.find(span)
            if at >= 0:
                x = 60 + font.getlength(line[:at])
                x0, y0, x1, y1 = draw.textbbox((x, y), span, font=font)
                boxes[span] = (int(x0), int(y0), int(x1) + 1, int(y1) + 1)
    if mode == "1":
        image = image.point(lambda v: 255 if v > 128 else 0).convert("1")
    elif mode == "RGB":
        image = Image.merge("RGB", (image, image, image.point(lambda v: min(255, v + 20))))
    return Sheet(image, boxes)


def ocr_text(image: Image.Image, seal_dropout: bool = True) -> str:
    pixels = np.asarray(image.convert("L"))
    return rapidocr_page(Path("test-page"), 300, seal_dropout=seal_dropout, pixels=pixels).text_raw


def page_images(data: bytes) -> list[list[Image.Image]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [[pikepdf.PdfImage(obj).as_pil_image() for obj in page.get_images().values()] for page in pdf.pages]


def rendered(data: bytes, index: int, dpi: int = 150) -> Image.Image:
    doc = pdfium.PdfDocument(data)
    try:
        return doc[index].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()


PARTY = ["当事人：测试甲", f"身份证号：{ID}", f"联系电话：{PHONE}", "案由：未按规定设置围挡"]


def test_a_burned_box_leaves_no_text_in_the_pdf_and_no_number_for_ocr_to_read():
    grey = sheet(PARTY, [ID, PHONE], mode="L")
    colour = sheet(PARTY, [ID, PHONE], mode="RGB")
    pages = [RedactedPage(s.image, 300, (s.entry(ID, Kind.id_number), s.entry(PHONE, Kind.phone)))
             for s in (grey, colour)]
    data = build_release_pdf(pages, mark=MARK, footer=FOOTER)

    assert extract_text(io.BytesIO(data)).strip() == ""  # no text layer at all: watermark and footer are outlines
    images = page_images(data)
    assert [len(i) for i in images] == [1, 1]
    grey_out, colour_out = images[0][0], images[1][0]
    assert grey_out.mode == "L" and colour_out.mode == "RGB"
    for out, original in ((grey_out, grey), (colour_out, colour)):
        x0, y0, x1, y1 = original.boxes[ID]
        assert np.asarray(out.convert("L"))[y0:y1, x0:x1].max() < 40  # black through (JPEG leaves a little noise)
    read = normalise(ocr_text(grey_out))
    assert "身份证号" in read and "未按规定设置围挡" in read  # OCR reads the page ...
    assert ID[:8] not in read and ID[-8:] not in read and PHONE[-6:] not in read  # ... but not what is burned


def test_a_1_bit_page_stays_1_bit_and_its_box_is_destroyed_in_the_pixels():
    page = sheet(PARTY, [ID], mode="1")
    assert page.image.mode == "1"
    data = build_release_pdf([RedactedPage(page.image, 300, (page.entry(ID, Kind.id_number),))], mark=MARK,
                             footer=None)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (obj,) = pdf.pages[0].get_images().values()
        assert obj.BitsPerComponent == 1 and obj.Filter == pikepdf.Name.CCITTFaxDecode
        out = pikepdf.PdfImage(obj).as_pil_image()
    assert out.mode == "1" and out.size == page.image.size
    before, after = np.asarray(page.image.convert("L")), np.asarray(out.convert("L"))
    x0, y0, x1, y1 = page.boxes[ID]
    assert after[y0:y1, x0:x1].max() == 0
    changed = np.argwhere(before != after)
    pad = 6
    assert changed[:, 0].min() >= y0 - pad and changed[:, 0].max() < y1 + pad  # nothing else changed
    assert changed[:, 1].min() >= x0 - pad and changed[:, 1].max() < x1 + pad
    # The page renders as it is stored (black is black): the label beside the box is still ink.
    shown = np.asarray(rendered(data, 0, dpi=300).convert("L"))
    assert shown[y0:y1, x0:x1].mean() < 60 and shown[y0:y1, 60:x0 - pad].min() < 60


def test_the_page_has_its_physical_size_from_its_dpi():
    page = sheet(PARTY)
    data = build_release_pdf([RedactedPage(page.image, 200, ())], mark=None, footer=None)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box == pytest.approx([0, 0, page.image.width * 72 / 200, page.image.height * 72 / 200], abs=0.01)


def test_one_revision_nothing_hidden_and_the_same_bytes_for_the_same_pages():
    page = sheet(PARTY, [ID])
    pages = [RedactedPage(page.image, 300, (page.entry(ID, Kind.id_number),)),
             WithheldNotice("询问笔录", Reason.privacy, (2,), 1, "证人的个人信息")]
    data = build_release_pdf(pages, mark=MARK, footer=FOOTER)
    assert data == build_release_pdf(pages, mark=MARK, footer=FOOTER)
    assert data.count(b"%%EOF") == 1 and data.count(b"startxref") == 1 and b"/Prev" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert not set(pdf.Root.keys()) & {"/Metadata", "/Names", "/AcroForm", "/OpenAction", "/OCProperties",
                                           "/PieceInfo", "/Outlines"}
        for p in pdf.pages:
            assert not set(p.obj.keys()) & {"/Annots", "/Thumb", "/PieceInfo", "/AA"}
            assert "/Font" not in p.Resources
        assert not [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]


def test_the_slips_watermark_is_drawn_on_every_page_including_notices():
    page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi: the mark's rows are spaced for a whole page
    page.paste(sheet(PARTY).image, (0, 0))
    bilevel = page.convert("1")
    pages = [RedactedPage(page, 300, ()), RedactedPage(bilevel, 300, ()),
             WithheldNotice("询问笔录", Reason.state_secret, (), 4, "")]
    marked = build_release_pdf(pages, mark=MARK, footer=FOOTER)
    plain = build_release_pdf(pages, mark=None, footer=None)
    for index in range(3):
        with_mark = np.asarray(rendered(marked, index).convert("RGB")).astype(int)
        without = np.asarray(rendered(plain, index).convert("RGB")).astype(int)
        reddish = (with_mark[:, :, 0] - with_mark[:, :, 1] > 15) & (np.abs(with_mark - without).sum(axis=2) > 15)
        h, w = reddish.shape
        quarters = [reddish[:h // 2, :w // 2], reddish[:h // 2, w // 2:], reddish[h // 2:, :w // 2],
                    reddish[h // 2:, w // 2:]]
        assert all(q.mean() > 0.005 for q in quarters), (index, [round(q.mean(), 4) for q in quarters])
    # And it says whose copy it is: OCR reads the slip number off a notice (red kept: no seal dropout).
    notice = rendered(marked, 2, dpi=200)
    assert "DY0001" in normalise(ocr_text(notice, seal_dropout=False))


def test_names_are_masked_as_surname_and_moumou_for_publication():
    assert masked_name("测试甲") == "测某某"
    assert masked_name("欧阳测试") == "欧阳某某"
    assert masked_name("司马 样例") == "司马某某"
    assert masked_name("") == "某某"
    page = sheet(["当事人：测试甲，系本案当事人", "证人：欧阳测试，男"], ["测试甲", "欧阳测试"])
    source = page.image.copy()
    burned = redact_page_image(page.image, [page.entry("测试甲", Kind.name), page.entry("欧阳测试", Kind.name)],
                               mask_names=True)
    assert np.array_equal(np.asarray(page.image), np.asarray(source))  # painted on a copy
    read = normalise(ocr_text(burned))
    assert "测某某" in read and "欧阳某某" in read
    assert "测试甲" not in read and "欧阳测试" not in read
    # Without masking the same entries are black boxes.
    black = redact_page_image(page.image, [page.entry("测试甲", Kind.name)], mask_names=False)
    x0, y0, x1, y1 = page.boxes["测试甲"]
    assert np.asarray(black)[y0:y1, x0:x1].max() == 0


def test_redaction_never_changes_the_source_image(tmp_path):
    page = sheet(PARTY, [ID])
    path = tmp_path / "page-0001.png"
    page.image.save(path)
    before = path.read_bytes()
    burned = redact_page_image(path, [page.entry(ID, Kind.id_number)], mask_names=False)
    assert path.read_bytes() == before
    assert np.asarray(burned)[page.boxes[ID][1]:page.boxes[ID][3], page.boxes[ID][0]:page.boxes[ID][2]].max() == 0


def _stored_document(store: ObjectStore, document_id: int, sha: str, sheets: list[Sheet], title: str) -> Document:
    """A document as ingest leaves it: page images (JPEG grey, PNG 1-bit) beside a PDF/A that carries docinfo, XMP
    and an attachment full of personal data; burn-in must take none of that."""
    folder = store.derived_dir(sha)
    folder.mkdir(parents=True)
    pages = []
    for n, s in enumerate(sheets, start=1):
        if s.image.mode == "1":
            s.image.save(folder / f"page-{n:04d}.png", dpi=(300, 300))
        else:
            exif = Image.Exif()
            exif[0x010E] = f"联系电话 {PHONE}"  # ImageDescription: the release must not carry it
            s.image.save(folder / f"page-{n:04d}.jpg", quality=92, dpi=(300, 300), exif=exif,
                         comment=f"身份证号 {ID}".encode())
        pages.append(Page(page_no=n, width_px=s.image.width, height_px=s.image.height, dpi=300))
    original = pikepdf.new()
    original.add_blank_page()
    original.docinfo["/Subject"] = f"当事人测试甲 {ID}"
    with original.open_metadata() as xmp:
        xmp["dc:description"] = f"联系电话 {PHONE}"
    original.attachments["party.txt"] = pikepdf.AttachedFileSpec(original, f"身份证号 {ID}".encode())
    original.save(folder / "document.pdf")
    return Document(id=document_id, sha256=sha, source_name=f"测试甲_{ID}.pdf", media_type="application/pdf",
                    size_bytes=1, title=title, profile="default", page_count=len(sheets), pages=pages)


def test_release_pages_follow_the_plan_withheld_pages_become_notices_of_their_ground(tmp_path):
    store = ObjectStore(tmp_path / "store")
    first = sheet(PARTY, [ID, PHONE, "测试甲"])
    secret = sheet(["询问笔录第二页", "证人：测试乙，住测试市样例路8号"])
    third = sheet(["以上笔录看过，属实", "执法人员：李样例"], mode="1")
    doc = _stored_document(store, 7, "a" * 64, [first, secret, third], "询问笔录")
    other = _stored_document(store, 9, "b" * 64, [sheet(["涉密文书正文"])], "情况报告")
    plan = Plan(purpose="release", document_ids=[9, 7], slip_no="DY-0001",
                entries=[first.entry(ID, Kind.id_number, 1, 7), first.entry(PHONE, Kind.phone, 1, 7)],
                withheld=[Withholding(7, Reason.privacy, 2, "证人的个人信息"), Withholding(9, Reason.state_secret)])

    pages = release_pages(store, [doc, other], plan)
    assert [type(p).__name__ for p in pages] == ["WithheldNotice", "RedactedPage", "WithheldNotice", "RedactedPage"]
    whole, page1, withheld, page3 = pages
    assert whole.whole_document and whole.page_count == 1 and whole.reason is Reason.state_secret
    assert withheld.pages == (2,) and withheld.note == "证人的个人信息"
    assert page1.origin == (7, 1) and {e.kind for e in page1.entries} == {Kind.id_number, Kind.phone}
    assert page3.origin == (7, 3) and page3.entries == ()
    data = build_release_pdf(pages, mark=MARK, footer=FOOTER)

    # Nothing of the stored files but the page pixels: no EXIF, comment, docinfo, XMP, attachment, file name.
    assert ID.encode() not in data and PHONE.encode() not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 4 and not pdf.attachments and "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        streams = b"".join(o.read_bytes() for o in pdf.objects
                           if isinstance(o, pikepdf.Stream) and o.get("/Subtype") != "/Image")
        assert b"Exif" not in data and "测试甲".encode() not in streams
        images = [pikepdf.PdfImage(o) for p in pdf.pages for o in p.get_images().values()]
        assert [i.bits_per_component for i in images] == [8, 1]  # the 1-bit page is still 1-bit
        jpeg = next(o for p in pdf.pages for o in p.get_images().values() if o.BitsPerComponent == 8)
        raw = jpeg.read_raw_bytes()
        assert raw.startswith(b"\xff\xd8") and b"\xff\xe1" not in raw[:200] and b"\xff\xfe" not in raw[:400]

    # The withheld page is a notice of the ground, and says nothing of what the page held.
    notice = normalise(ocr_text(rendered(data, 2, dpi=200)))
    assert "以下页面不予提供" in notice and "询问笔录" in notice and "个人隐私" in notice
    assert normalise("个人信息保护法") in notice and "证人的个人信息" in notice
    assert "测试乙" not in notice and "样例路" not in notice
    state = normalise(ocr_text(rendered(data, 0, dpi=200)))
    assert "本文书不予提供" in state and "国家秘密" in state and normalise("保守国家秘密法") in state
    assert "涉密文书正文" not in state
