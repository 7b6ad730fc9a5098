"""Burn-in: the plan's boxes filled in the page images' pixels, and the release PDF rebuilt from those pixels.

What a released copy hides must be gone, not covered (001:35-36, 002 记录办法:29,
002 公示办法:5): a box is painted into the pixels of the page image OCR read (the
boxes' coordinates), and the PDF is written from those pixels alone (redaction/
pdfclean.py): no text layer, nothing of the original file. A withheld page or
document becomes a notice of its ground (redaction/notice.py). Every page carries
the slip's watermark as vector art. The original in the store is only read.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from access_control.copies import cjk_font
from earchive.errors import NotFound
from ocr.artefacts import page_image
from records.models import Document
from redaction.kinds import Kind
from redaction.notice import A4, WithheldNotice, draw_notice
from redaction.pdfclean import Canvas, PageDrawing
from redaction.plan import Entry, Plan
from store import ObjectStore

log = logging.getLogger(__name__)

# Two-character surnames: 欧阳修 is 欧阳某某, not 欧某某 (002 公示办法:5 publishes a name as its surname and 某某).
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                     "司徒", "夏侯")

WATERMARK_RGB = (0.78, 0.12, 0.12)
WATERMARK_OPACITY = 0.22
FOOTER_RGB = (0.47, 0.0, 0.0)
DEFAULT_DPI = 300.0


def masked_name(name: str) -> str:
    """张三 -> 张某某, 欧阳修 -> 欧阳某某; an unread name -> 某某."""
    name = "".join(name.split())
    if not name:
        return "某某"
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return surname + "某某"


def _colours(mode: str) -> tuple[object, object, object]:
    """(black, paper, ink) for an image mode: what a box, a name mask's ground and its letters are filled with."""
    if mode == "1":
        return 0, 1, 0
    if mode == "L":
        return 0, 245, 0
    return (0, 0, 0), (245, 245, 245), (0, 0, 0)


def _padded(box: tuple[int, int, int, int], size: tuple[int, int], pad: int | None) -> tuple[int, int, int, int]:
    """The box grown a little (OCR's character boxes hug the ink; anti-aliased edges lie outside), on the image."""
    x0, y0, x1, y1 = box
    grow = pad if pad is not None else max(2, round((y1 - y0) * 0.12))
    width, height = size
    clipped = (max(0, x0 - grow), max(0, y0 - grow), min(width, x1 + grow), min(height, y1 + grow))
    if clipped[2] <= clipped[0] or clipped[3] <= clipped[1]:
        raise ValueError(f"redaction box {box} lies outside the {width}x{height} page image")
    return clipped


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font()), size)


def _fitted_font(text: str, box: tuple[int, int, int, int]) -> ImageFont.FreeTypeFont:
    width, height = box[2] - box[0], box[3] - box[1]
    size = max(6, int(height * 0.85))
    while size > 6:
        left, top, right, bottom = _font(size).getbbox(text)
        if right - left <= width * 0.95 and bottom - top <= height * 0.9:
            break
        size -= 1
    return _font(size)


def _normalised_mode(image: Image.Image) -> Image.Image:
    """A copy in "1", "L" or "RGB": bilevel stays bilevel, grey stays grey, anything else becomes colour."""
    if image.mode in ("1", "L", "RGB"):
        return image.copy()
    if image.mode in ("LA", "I", "I;16", "I;16B", "I;16L", "F"):
        return image.convert("L")
    return image.convert("RGB")


def redact_page_image(image: Path | str | Image.Image, entries: Iterable[Entry], *, mask_names: bool,
                      pad: int | None = None) -> Image.Image:
    """The page image with every entry's box painted over in its pixels; the source is not changed.

    Boxes are solid black. With `mask_names` (publication), a name's box is painted paper-white and its masked
    form (张某某) written in it. A 1-bit image stays 1-bit. Entries that are not boxes (clip ranges) are ignored.
    """
    if isinstance(image, Image.Image):
        page = _normalised_mode(image)
    else:
        with Image.open(image) as source:
            source.load()
            page = _normalised_mode(source)
    page.info = {}  # nothing of the source file's metadata (EXIF, ICC, comments) travels on
    black, paper, ink = _colours(page.mode)
    draw = ImageDraw.Draw(page)
    for entry in entries:
        if entry.box is None:
            continue
        box = _padded(entry.box, page.size, pad)
        if mask_names and entry.kind is Kind.name:
            draw.rectangle(box, fill=paper)
            text = masked_name(entry.text)
            font = _fitted_font(text, box)
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            draw.text(centre, text, font=font, fill=ink, anchor="mm")
        else:
            draw.rectangle(box, fill=black)
    return page


@dataclass(frozen=True)
class RedactedPage:
    """A page image to release with its boxes burned in: painted when the PDF is built, one page at a time."""

    source: Path | Image.Image
    dpi: float
    entries: tuple[Entry, ...] = ()
    mask_names: bool = False
    origin: tuple[int, int] | None = field(default=None, compare=False)  # (document id, page number)

    def pixels(self) -> Image.Image:
        return redact_page_image(self.source, self.entries, mask_names=self.mask_names)


ReleasePage = RedactedPage | WithheldNotice


def _draw_watermark(page: PageDrawing, mark: str) -> None:
    """`mark` repeated in rows across the page, turned 30 degrees, translucent red (as copies show it)."""
    size = max(10.0, min(page.width, page.height) / 28)
    unit = mark + "      "
    step = page.canvas.font.width(unit) * size
    half = math.hypot(page.width, page.height) / 2 + size
    cos, sin = math.cos(math.radians(30)), math.sin(math.radians(30))
    cx, cy = page.width / 2, page.height / 2
    v, row = -half, 0
    while v <= half:
        u = -half - step * (row % 2) / 2  # alternate rows start half a mark apart, as brickwork
        while u <= half:
            x, y = cx + u * cos - v * sin, cy + u * sin + v * cos
            page.text(unit, x, y, size, angle=30, rgb=WATERMARK_RGB, opacity=WATERMARK_OPACITY)
            u += step
        v, row = v + size * 5, row + 1


def _draw_footer(page: PageDrawing, footer: str, number: int, total: int) -> None:
    size = max(7.0, min(page.width, page.height) / 28 * 0.45)
    page.text(f"{footer}  第 {number} / {total} 页", page.width * 0.04, size * 1.2, size, rgb=FOOTER_RGB)


def build_release_pdf(pages: Sequence[ReleasePage], *, mark: str | None, footer: str | None) -> bytes:
    """The release PDF: each page its burned-in image at its physical size (pixels / dpi) or a withheld notice
    (A4), with `mark` across every page and `footer` plus the page number along its foot, drawn as outlines.

    No text layer, no /Info, no XMP, one revision; the same pages give the same bytes.
    """
    if not pages:
        raise ValueError("a release needs at least one page")
    canvas = Canvas()
    for number, page in enumerate(pages, start=1):
        if isinstance(page, WithheldNotice):
            drawing = canvas.add_page(*A4)
            draw_notice(drawing, page)
        else:
            pixels = page.pixels()
            drawing = canvas.add_page(pixels.width * 72 / page.dpi, pixels.height * 72 / page.dpi)
            drawing.image(pixels)
        if mark:
            _draw_watermark(drawing, mark)
        if footer:
            _draw_footer(drawing, footer, number, len(pages))
        drawing.finish()
    data = canvas.save()
    log.info("release PDF built: %d pages, %d bytes", len(pages), len(data))
    return data


def _title(document: Document) -> str:
    # Never the source file name: people name scans after whoever is in them.
    return document.title or f"文书 {document.id}"


def _page_dpis(document: Document) -> dict[int, float]:
    return {p.page_no: float(p.dpi) for p in (document.pages or []) if p.dpi}


def release_pages(store: ObjectStore, documents: Sequence[Document], plan: Plan) -> list[ReleasePage]:
    """The plan's documents, in plan order, as release pages: each page's image with its entries, or a notice.

    A wholly withheld document is one notice saying how many pages it had; consecutive withheld pages of one
    document on the same ground and note share one notice.
    """
    by_id = {d.id: d for d in documents}
    out: list[ReleasePage] = []
    for document_id in plan.document_ids:
        document = by_id.get(document_id)
        if document is None:
            raise NotFound(f"遮盖方案中的文书 {document_id} 不在本次提供的文书之中")
        title = _title(document)
        page_count = document.page_count or len(document.pages or [])
        whole = next((w for w in plan.withheld if w.document_id == document_id and w.page_no is None), None)
        if whole is not None:
            out.append(WithheldNotice(title, whole.reason, (), page_count, whole.note))
            continue
        dpis = _page_dpis(document)
        folder = store.derived_dir(document.sha256)
        run: WithheldNotice | None = None
        for page_no in range(1, page_count + 1):
            withheld = plan.withheld_reason(document_id, page_no)
            if withheld is not None:
                if run and run.reason == withheld.reason and run.note == withheld.note and run.pages[-1] == page_no - 1:
                    run = WithheldNotice(title, run.reason, run.pages + (page_no,), run.page_count + 1, run.note)
                    out[-1] = run
                else:
                    run = WithheldNotice(title, withheld.reason, (page_no,), 1, withheld.note)
                    out.append(run)
                continue
            run = None
            path = page_image(folder, page_no)
            if path is None:
                raise NotFound(f"《{title}》第 {page_no} 页没有页面图像：请重新识别该文书后再生成遮盖件")
            out.append(RedactedPage(path, dpis.get(page_no) or _image_dpi(path),
                                    tuple(plan.entries_on(document_id, page_no)), plan.mask_names,
                                    origin=(document_id, page_no)))
    return out


def _image_dpi(path: Path) -> float:
    with Image.open(path) as image:
        dpi = image.info.get("dpi")
    return float(dpi[0]) if dpi and dpi[0] else DEFAULT_DPI
