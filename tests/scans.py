"""Small synthetic scans for tests: a few lines of Chinese case-file text rendered at 300 dpi."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
LINES = [
    "行政处罚决定书",
    "测试住建罚〔2024〕第0099号",
    "当事人：张测试，身份证号：110101199003071234",
    "执法人员：李样例，执法证号：13010012345",
]


def render_page(lines: list[str] = LINES, dpi: int = 300, size: tuple[int, int] = (1700, 520)) -> Image.Image:
    """A narrow strip of a page (small, so that OCR in tests stays quick)."""
    scale = dpi / 300
    im = Image.new("L", (int(size[0] * scale), int(size[1] * scale)), 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, int(42 * scale))
    for i, line in enumerate(lines):
        draw.text((int(80 * scale), int((50 + i * 110) * scale)), line, font=font, fill=0)
    im.info["dpi"] = (dpi, dpi)
    return im


def save(im: Image.Image, path: Path, **kw) -> Path:
    dpi = im.info.get("dpi", (300, 300))
    im.save(path, dpi=dpi, **kw)
    return path


def write_pdf(images: list[Image.Image], path: Path) -> Path:
    import img2pdf
    import io

    blobs = []
    for im in images:
        buf = io.BytesIO()
        im.save(buf, "PNG", dpi=im.info.get("dpi", (300, 300)))
        blobs.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(blobs))
    return path


def write_mixed_pdf(scan: Image.Image, text_lines: list[str], path: Path) -> Path:
    """A PDF whose first page is born digital (text in an embedded font) and whose second is a scan."""
    import io

    import pikepdf
    from fpdf import FPDF

    from access_control.copies import cjk_font

    doc = FPDF(unit="pt", format=(scan.width * 72 / 300, scan.height * 72 / 300))
    doc.add_font("cjk", fname=str(cjk_font()))
    doc.add_page()
    doc.set_font("cjk", size=10)
    for i, line in enumerate(text_lines):
        doc.text(20, 20 + i * 26, line)
    mixed = pikepdf.open(io.BytesIO(bytes(doc.output())))
    with pikepdf.open(write_pdf([scan], path.with_suffix(".scan.pdf"))) as scanned:
        mixed.pages.extend(scanned.pages)
        mixed.save(path)
    return path
