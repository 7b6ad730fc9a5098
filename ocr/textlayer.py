"""The invisible text layer of one page: each OCR word drawn over its box in a glyphless font.

OCR text lies invisible over the scan; what it is for is selection, search and
copy, all through the font's ToUnicode map, never the glyphs' shapes. So, as
tesseract's own PDF output does, it is drawn in a glyphless font: ocrmypdf's
Occulta, whose every glyph is blank, 1 em wide for CJK, ½ em for Latin.
ocrmypdf's own renderer instead embeds a subset of a real font per document,
Noto Sans CJK for Chinese, about 1.3 s a document; even with Occulta, fpdf2
parses and subsets its 65 536-entry cmap for every page (0.2 s). Here the font
objects are built once per process and each page is a short content stream.

The font is a CID-keyed TrueType font with CID = Unicode code point, so the
ToUnicode map is the identity; CIDToGIDMap and widths come from Occulta's own
cmap and metrics, as PDF/A requires them to agree with the embedded program.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ocrmypdf
import pikepdf
from fontTools.ttLib import TTFont

from ocr.page import PageOcr

_FONT = Path(ocrmypdf.__file__).parent / "data" / "Occulta.ttf"
_REPLACEMENT = 0xFFFD  # stands in for characters beyond the Basic Multilingual Plane
# Where the baseline of a line of Chinese sits above the bottom of its box, as a share of the box height.
_BASELINE_RISE = 0.15


@dataclass(frozen=True)
class _Glyphless:
    program: bytes  # the font file, deflated, as are the next two
    cid_to_gid: bytes  # 2 bytes a CID, CIDs 0..0xFFFF
    to_unicode: bytes
    advance: dict[int, int]  # code point -> advance in 1/1000 em


@lru_cache(maxsize=1)
def _glyphless() -> _Glyphless:
    font = TTFont(_FONT)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    gids = bytearray(2 * 0x10000)
    advance: dict[int, int] = {}
    for cp in range(0x10000):
        name = cmap.get(cp, ".notdef")
        gid = order[name]
        gids[2 * cp:2 * cp + 2] = gid.to_bytes(2, "big")
        advance[cp] = round(font["hmtx"][name][0] * scale)
    return _Glyphless(zlib.compress(_FONT.read_bytes()), zlib.compress(bytes(gids)), zlib.compress(_to_unicode_cmap()),
                      advance)


def _widths(codes: set[int]) -> list:
    """The W array for the codes a page uses: [code [width]] for each whose width is not the default 1 em.

    Listing the whole font's 20 000 half-width codes instead would make every
    page's font dictionary large, and slow ocrmypdf's checks of the document.
    """
    advance = _glyphless().advance
    widths: list = []
    for code in sorted(codes):
        if advance[code] != 1000:
            widths += [code, [advance[code]]]
    return widths


def _to_unicode_cmap() -> bytes:
    """Identity: code = code point. A bfrange may only vary its last byte, and a block holds at most 100."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = "".join(f"{len(ranges[i:i + 100])} beginbfrange\n" + "\n".join(ranges[i:i + 100]) + "\nendbfrange\n"
                     for i in range(0, len(ranges), 100))
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + blocks +
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _font(pdf: pikepdf.Pdf, codes: set[int]) -> pikepdf.Dictionary:
    g = _glyphless()
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/GlyphLessFont"), Flags=5,
        FontBBox=[0, 0, 1000, 1000], ItalicAngle=0, Ascent=1000, Descent=0, CapHeight=1000, StemV=80,
        FontFile2=pdf.make_stream(g.program, Filter=pikepdf.Name.FlateDecode))
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/GlyphLessFont"),
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=1000, W=_widths(codes),
        CIDToGIDMap=pdf.make_stream(g.cid_to_gid, Filter=pikepdf.Name.FlateDecode))
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/GlyphLessFont"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid_font)],
        ToUnicode=pdf.make_stream(g.to_unicode, Filter=pikepdf.Name.FlateDecode))


def _codes(text: str) -> list[int]:
    return [cp if cp < 0x10000 and not 0xD800 <= cp <= 0xDFFF else _REPLACEMENT for cp in map(ord, text)]


def _unlevel(page: PageOcr) -> str:
    """A `cm` turning the levelled page's coordinates back onto the scan, which is skewed by `page.levelled_deg`.

    The rasteriser turned the scan counter-clockwise by that angle about its centre to level it
    (ocr/raster.py); turning clockwise by as much about the same centre puts each word back over its ink.
    """
    degrees = page.levelled_deg
    pt = 72.0 / page.dpi
    cx, cy = page.width * pt / 2, page.height * pt / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    e, f = cx - (cx * cos + cy * sin), cy - (-cx * sin + cy * cos)
    return f"{cos:.6f} {-sin:.6f} {sin:.6f} {cos:.6f} {e:.3f} {f:.3f} cm"


def _content(page: PageOcr, used: set[int]) -> bytes:
    """BT … ET drawing every word invisibly, stretched to exactly the width of its box; `used` gets its codes."""
    advance = _glyphless().advance
    pt = 72.0 / page.dpi
    height_pt = page.height * pt
    ops = [_unlevel(page)] if page.levelled_deg else []
    ops += ["BT", "3 Tr"]
    for line in page.lines:
        size = max(1.0, (line.box[3] - line.box[1]) * pt)
        baseline = height_pt - (line.box[3] - _BASELINE_RISE * (line.box[3] - line.box[1])) * pt
        words = sorted(line.words, key=lambda w: w.box[0])
        for word, after in zip(words, words[1:] + [None]):
            codes = _codes(word.text.strip())
            used.update(codes)
            ems = sum(advance[c] for c in codes) / 1000
            if not codes or ems <= 0:
                continue
            right = word.box[2]
            # Close the small gaps between the characters of a line, or text extraction reads each gap as a
            # space; a gap wider than half a character is a real one (between a label and its value).
            if after is not None and 0 < after.box[0] - right < 0.5 * (line.box[3] - line.box[1]):
                right = after.box[0]
            stretch = (right - word.box[0]) * pt / (ems * size)
            ops.append(f"/F1 {size:.2f} Tf {stretch * 100:.2f} Tz 1 0 0 1 {word.box[0] * pt:.2f} {baseline:.2f} Tm "
                       f"<{''.join(f'{c:04X}' for c in codes)}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def render_text_layer(page: PageOcr, output_pdf: Path) -> None:
    """A one-page, text-only PDF the size of the page image, for ocrmypdf to graft onto the page.

    Where the PDF keeps the scan as it was, unlevelled (`page.levelled_deg`), the words are turned
    back to lie over the scan's own lines.
    """
    pdf = pikepdf.new()
    pt = 72.0 / page.dpi
    used: set[int] = set()
    content = _content(page, used)
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(_font(pdf, used))))
    pdf_page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, page.width * pt, page.height * pt], Resources=resources,
        Contents=pdf.make_stream(content)))
    pdf.pages.append(pdf_page)
    pdf.save(output_pdf)
