"""What a slip holder gets: copy packages and page images, each watermarked for its slip.

A copy package is the approved records' PDF/A pages in one PDF. Its watermark
(slip number, applicant, date, repeated across the page and in a footer with
the page number) is drawn as text by fpdf2 in a CJK font and laid over every
page with pikepdf, so a copy shows whose it is. Page images shown on screen
under a slip carry the same mark, drawn with Pillow.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from contextlib import ExitStack
from pathlib import Path

import pikepdf
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from earchive.errors import MissingDependency, NotFound
from records.models import Document
from store import ObjectStore

log = logging.getLogger(__name__)
# fontTools warns about the bitmap strikes in WenQuanYi on every subset; the outlines are what we embed.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

CJK_FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
             Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"))


def cjk_font() -> Path:
    for path in CJK_FONTS:
        if path.is_file():
            return path
    raise MissingDependency("没有可用的中文字体：请安装 fonts-wqy-zenhei 或 fonts-noto-cjk")


def new_pdf() -> FPDF:
    """An FPDF in points with the CJK font registered as "cjk"."""
    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=str(cjk_font()))
    return pdf


def _watermark_pages(sizes: list[tuple[float, float]], mark: str, footer: str) -> bytes:
    pdf = new_pdf()
    total = len(sizes)
    for n, (width, height) in enumerate(sizes, start=1):
        pdf.add_page(format=(width, height))
        size = max(10.0, min(width, height) / 28)
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(200, 30, 30)
        with pdf.local_context(fill_opacity=0.22, stroke_opacity=0.22):
            with pdf.rotation(angle=30, x=width / 2, y=height / 2):
                step = size * 6
                y = -height * 0.5
                while y < height * 1.5:
                    pdf.text(-width * 0.4, y, f"{mark}      {mark}      {mark}")
                    y += step
        pdf.set_font("cjk", size=max(7.0, size * 0.45))
        pdf.set_text_color(120, 0, 0)
        pdf.text(width * 0.04, height - size * 0.6, f"{footer}  第 {n} / {total} 页")
    return bytes(pdf.output())


def _displayed_size(page: pikepdf.Page) -> tuple[float, float]:
    """Width and height as a viewer shows the page: a scan OCR found turned keeps /Rotate in its PDF/A.

    qpdf lays an overlay upright on the page as displayed, so the watermark is drawn at that size.
    """
    width = float(page.mediabox[2]) - float(page.mediabox[0])
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    return (height, width) if int(page.obj.get("/Rotate", 0)) % 180 == 90 else (width, height)


def slip_mark(slip_no: str, holder: str, issued: dt.date) -> str:
    return f"调用单 {slip_no} · {holder} · {issued:%Y-%m-%d}"


def build_copy_package(store: ObjectStore, documents: list[Document], slip_no: str, applicant: str,
                       issued: dt.date) -> bytes:
    """One PDF of the documents' PDF/A pages, in order, every page watermarked for this slip."""
    mark = slip_mark(slip_no, applicant, issued)
    footer = f"本复制件依调用单 {slip_no} 提供给 {applicant}（{issued:%Y年%m月%d日}），仅限申请事由使用"
    out = pikepdf.new()
    with ExitStack() as stack:
        for document in documents:
            path = store.derived_path(document.sha256, "document.pdf")
            if not path.is_file():
                raise NotFound(f"《{document.title or document.source_name}》的 PDF/A 文件尚未生成")
            source = stack.enter_context(pikepdf.open(path))
            out.pages.extend(source.pages)
        sizes = [_displayed_size(p) for p in out.pages]
        marks = stack.enter_context(pikepdf.open(io.BytesIO(_watermark_pages(sizes, mark, footer))))
        for page, overlay in zip(out.pages, marks.pages):
            page.add_overlay(overlay)
        out.docinfo["/Title"] = f"复制件 {slip_no}"
        out.docinfo["/Subject"] = mark
        buffer = io.BytesIO()
        out.save(buffer)
    log.info("copy package for slip %s: %d documents, %d pages", slip_no, len(documents), len(sizes))
    return buffer.getvalue()


def watermark_page_image(path: Path, mark: str) -> tuple[bytes, str]:
    """The page image at `path` with `mark` repeated across it, diagonally, in translucent red.

    Returns the image bytes and their MIME type: JPEG for grey and colour pages, PNG for
    black-and-white ones (which become RGB so the red mark stays visible).
    """
    with Image.open(path) as source:
        page = source.convert("RGB")
    return watermark_image(page, mark, png=path.suffix.lower() == ".png")


def watermark_image(image: Image.Image, mark: str, png: bool) -> tuple[bytes, str]:
    """`watermark_page_image` for an image in memory (a page burned with a redaction plan, for one)."""
    page = image.convert("RGB")
    width, height = page.size
    size = max(12, min(width, height) // 28)
    font = ImageFont.truetype(str(cjk_font()), size)
    line = f"{mark}      {mark}"
    # Drawn level on a square layer large enough to cover the page at any angle, then turned.
    side = int((width ** 2 + height ** 2) ** 0.5) + 1
    layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for y in range(0, side, size * 5):
        draw.text((0, y), line, font=font, fill=(200, 30, 30, 72))
    layer = layer.rotate(30, resample=Image.BICUBIC)
    left, top = (side - width) // 2, (side - height) // 2
    overlay = layer.crop((left, top, left + width, top + height))
    page.paste(overlay, (0, 0), mask=overlay)
    buffer = io.BytesIO()
    if png:
        page.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue(), "image/png"
    page.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue(), "image/jpeg"
