"""A PDF that carries nothing but what we put in it: page images, text drawn as glyph outlines, one clean save.

A released copy must not hide anything a reader cannot see (002 记录办法:29,
002 公示办法:5): so it is written from scratch, never edited from the original.
Pages hold one image XObject each (JPEG for grey and colour, CCITT G4 for
black-and-white, which stays 1-bit) and vector art. Words we add (the slip's
watermark, the footer, a withheld-page notice) are filled glyph outlines taken
from the CJK font with fontTools, not PDF text, so text extraction finds no text
at all; a reader still sees them and OCR still reads them. The file has no
/Info, no XMP, one revision, and the same bytes for the same input.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

import pikepdf
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from PIL import Image

from access_control.copies import cjk_font

JPEG_QUALITY = 85  # scanned text stays sharp at 85; the stored page image was already a JPEG for grey/colour


def _num(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _PdfPathPen(BasePen):
    """fontTools pen writing PDF path operators in font units (TrueType quadratics become cubics)."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[str] = []

    def _moveTo(self, pt):
        self.ops.append(f"{_num(pt[0])} {_num(pt[1])} m")

    def _lineTo(self, pt):
        self.ops.append(f"{_num(pt[0])} {_num(pt[1])} l")

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(" ".join(_num(v) for v in (*p1, *p2, *p3)) + " c")

    def _closePath(self):
        self.ops.append("h")


@dataclass
class OutlineFont:
    """The CJK font's glyphs as paths, in em units (1.0 = the font size)."""

    font: TTFont
    units: int = field(init=False)

    def __post_init__(self) -> None:
        self.units = self.font["head"].unitsPerEm
        self._cmap = self.font.getBestCmap()
        self._glyphs = self.font.getGlyphSet()
        self._hmtx = self.font["hmtx"]

    def glyph_name(self, ch: str) -> str | None:
        return self._cmap.get(ord(ch))

    def advance(self, ch: str) -> float:
        name = self.glyph_name(ch)
        if name is None:
            return 0.5 if ch.isspace() or ord(ch) < 0x2E80 else 1.0
        return self._hmtx[name][0] / self.units

    def width(self, text: str) -> float:
        return sum(self.advance(ch) for ch in text)

    def path(self, name: str) -> bytes:
        pen = _PdfPathPen(self._glyphs)
        self._glyphs[name].draw(pen)
        return " ".join(pen.ops).encode()


@lru_cache(maxsize=1)
def outline_font() -> OutlineFont:
    path = cjk_font()
    return OutlineFont(TTFont(str(path), fontNumber=0, lazy=True) if path.suffix == ".ttc" else TTFont(str(path)))


class Canvas:
    """Builds one PDF: words as shared Form XObjects of glyph outlines, pages of an image plus vector art.

    A word's glyphs are paths inside its one form, not forms of their own: a renderer may treat each nested form
    as a transparency group and apply a translucent mark's opacity once per level (PDFium does).
    """

    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.font = outline_font()
        self._paths: dict[str, bytes] = {}
        self._word_forms: dict[str, pikepdf.Object] = {}
        self._alpha: dict[float, pikepdf.Object] = {}

    def _path(self, name: str) -> bytes:
        path = self._paths.get(name)
        if path is None:
            path = self._paths[name] = self.font.path(name)
        return path

    def words(self, text: str) -> tuple[pikepdf.Object, float]:
        """A Form XObject drawing `text` at size 1 from its baseline origin, and its width in em."""
        width = self.font.width(text)
        form = self._word_forms.get(text)
        if form is None:
            u = self.font.units
            ops, x = [], 0.0
            for ch in text:
                name = self.font.glyph_name(ch)
                if name is not None and not ch.isspace():
                    # "f" fills with the colour set by whoever draws the form.
                    ops.append(b"q 1 0 0 1 %s 0 cm %s f Q" % (_num(x * u).encode(), self._path(name)))
                x += self.font.advance(ch)
            stream = self.pdf.make_stream(b"\n".join(ops), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                          BBox=[-u, -u, (max(width, 0) + 1) * u, 2 * u],
                                          Matrix=[1 / u, 0, 0, 1 / u, 0, 0])
            form = self._word_forms[text] = self.pdf.make_indirect(stream)
        return form, width

    def alpha(self, opacity: float) -> pikepdf.Object:
        state = self._alpha.get(opacity)
        if state is None:
            state = self._alpha[opacity] = self.pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=opacity, CA=opacity))
        return state

    def add_page(self, width: float, height: float) -> PageDrawing:
        return PageDrawing(self, width, height)

    def save(self) -> bytes:
        """One fresh, deterministic save: no /Info, no XMP, one xref, one %%EOF."""
        if "/Info" in self.pdf.trailer:
            del self.pdf.trailer["/Info"]
        for key in ("/Metadata", "/Names", "/AcroForm", "/OpenAction", "/OCProperties", "/PieceInfo"):
            if key in self.pdf.Root:
                del self.pdf.Root[key]
        buffer = io.BytesIO()
        self.pdf.save(buffer, deterministic_id=True, compress_streams=True, linearize=False,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False,
                      qdf=False, normalize_content=False)
        return buffer.getvalue()


class PageDrawing:
    """One page being drawn: an optional image filling it, then words in any size, angle, colour and opacity."""

    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.canvas, self.width, self.height = canvas, width, height
        self.ops: list[str] = []
        self.xobjects: dict[str, pikepdf.Object] = {}
        self.states: dict[str, pikepdf.Object] = {}

    def image(self, image: Image.Image) -> None:
        key = f"/Im{len(self.xobjects)}"
        self.xobjects[key] = image_xobject(self.canvas.pdf, image)
        self.ops.append(f"q {_num(self.width)} 0 0 {_num(self.height)} 0 0 cm {key} Do Q")

    def text(self, text: str, x: float, y: float, size: float, *, angle: float = 0.0,
             rgb: tuple[float, float, float] = (0, 0, 0), opacity: float = 1.0) -> float:
        """Draw `text` with its baseline starting at (x, y) in points (origin bottom left); returns its width."""
        form, width = self.canvas.words(text)
        key = next((k for k, v in self.xobjects.items() if v.objgen == form.objgen), None)
        if key is None:
            key = f"/W{len(self.xobjects)}"
            self.xobjects[key] = form
        a = math.radians(angle)
        cos, sin = math.cos(a) * size, math.sin(a) * size
        state = ""
        if opacity < 1.0:
            gs = f"/A{int(round(opacity * 100))}"
            self.states[gs] = self.canvas.alpha(round(opacity, 2))
            state = f"{gs} gs "
        colour = " ".join(_num(c) for c in rgb)
        self.ops.append(f"q {state}{colour} rg {_num(cos)} {_num(sin)} {_num(-sin)} {_num(cos)} "
                        f"{_num(x)} {_num(y)} cm {key} Do Q")
        return width * size

    def rect(self, x: float, y: float, w: float, h: float, *, rgb: tuple[float, float, float],
             stroke: bool = False, line_width: float = 1.0) -> None:
        colour = " ".join(_num(c) for c in rgb)
        if stroke:
            self.ops.append(f"q {colour} RG {_num(line_width)} w {_num(x)} {_num(y)} {_num(w)} {_num(h)} re S Q")
        else:
            self.ops.append(f"q {colour} rg {_num(x)} {_num(y)} {_num(w)} {_num(h)} re f Q")

    def finish(self) -> pikepdf.Page:
        pdf = self.canvas.pdf
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(self.xobjects))
        if self.states:
            resources.ExtGState = pikepdf.Dictionary(self.states)
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, self.width, self.height],
                                  Resources=resources, Contents=pdf.make_stream("\n".join(self.ops).encode()))
        pdf.pages.append(pikepdf.Page(page))
        return pdf.pages[-1]


def image_xobject(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Object:
    """The pixels as an image XObject: 1-bit as CCITT G4, grey and colour as baseline JPEG (no EXIF, no ICC)."""
    if image.mode == "1":
        data, black_is_1 = _group4(image)
        stream = pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                 Width=image.width, Height=image.height, ColorSpace=pikepdf.Name.DeviceGray,
                                 BitsPerComponent=1, Filter=pikepdf.Name.CCITTFaxDecode,
                                 DecodeParms=pikepdf.Dictionary(K=-1, Columns=image.width, Rows=image.height,
                                                                BlackIs1=black_is_1))
        return pdf.make_indirect(stream)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    space = pikepdf.Name.DeviceGray if image.mode == "L" else pikepdf.Name.DeviceRGB
    stream = pdf.make_stream(buffer.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                             Width=image.width, Height=image.height, ColorSpace=space, BitsPerComponent=8,
                             Filter=pikepdf.Name.DCTDecode)
    return pdf.make_indirect(stream)


def _group4(image: Image.Image) -> tuple[bytes, bool]:
    """CCITT G4 data of a 1-bit image (one TIFF strip), and whether a 1 bit is black in it."""
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", compression="group4", tiffinfo={278: image.height})
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as tiff:
        offsets, counts = tiff.tag_v2[273], tiff.tag_v2[279]
        photometric = tiff.tag_v2.get(262, 0)
    offsets = offsets if isinstance(offsets, tuple) else (offsets,)
    counts = counts if isinstance(counts, tuple) else (counts,)
    if len(offsets) != 1:
        raise ValueError("a 1-bit page image did not encode as one G4 strip")
    # Which bit is black follows the TIFF's photometric tag; with min-is-black (1), as Pillow writes, the PDF
    # needs BlackIs1 for the page to render and extract as it was (tests/test_redaction_burn.py checks both).
    return data[offsets[0]:offsets[0] + counts[0]], photometric == 1
