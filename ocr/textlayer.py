"""The invisible text layer of one page, drawn in a glyphless font.

ocrmypdf's default renderer picks a real font for each word (Noto Sans CJK for
Chinese) and subsets it into every document: about 1.3 s a document, for
glyphs nobody sees, since OCR text is drawn invisible over the scan. A
glyphless font (ocrmypdf's own Occulta, as tesseract's PDF output does with its
GlyphLessFont) keeps what the layer is for: selection, search and copy, all
through the ToUnicode map. It is rendered by ocrmypdf's own fpdf2 renderer,
only the font choice differs.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import ocrmypdf
from ocrmypdf.font import FontManager, MultiFontManager
from ocrmypdf.fpdf_renderer import Fpdf2PdfRenderer
from ocrmypdf.models.ocr_element import Baseline, BoundingBox, OcrClass, OcrElement

from ocr.engines import PageOcr

GLYPHLESS = "Occulta"
# Where the baseline of a line of Chinese sits above the bottom of its box, as a share of the box height.
# Given explicitly because the renderer would otherwise take it from Noto Sans' metrics, a font not loaded here.
_BASELINE_RISE = 0.15


class _GlyphlessFonts:
    """A font provider (ocrmypdf.font.FontProvider) that offers the glyphless font for every script."""

    def __init__(self) -> None:
        self._font = FontManager(Path(ocrmypdf.__file__).parent / "data" / f"{GLYPHLESS}.ttf")

    def get_font(self, font_name: str) -> FontManager | None:
        return self._font if font_name == GLYPHLESS else None

    def get_available_fonts(self) -> list[str]:
        return [GLYPHLESS]

    def get_fallback_font(self) -> FontManager:
        return self._font

    def find_font_with_glyphs(self, text: str) -> tuple[str, FontManager] | None:
        return GLYPHLESS, self._font


@lru_cache(maxsize=1)
def _fonts() -> MultiFontManager:
    return MultiFontManager(font_provider=_GlyphlessFonts())


def page_element(page: PageOcr, page_number: int) -> OcrElement:
    """The page as ocrmypdf's OCR tree: lines of words, boxes in image pixels."""
    lines = []
    for line in page.lines:
        words = [OcrElement(ocr_class=OcrClass.WORD, text=w.text, confidence=w.conf,
                            bbox=BoundingBox(*map(float, w.box))) for w in line.words]
        height = float(line.box[3] - line.box[1])
        lines.append(OcrElement(ocr_class=OcrClass.LINE, bbox=BoundingBox(*map(float, line.box)), children=words,
                                baseline=Baseline(slope=0.0, intercept=-_BASELINE_RISE * height)))
    return OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(0.0, 0.0, float(page.width), float(page.height)),
                      children=lines, dpi=page.dpi, page_number=page_number)


def render_text_layer(page: PageOcr, page_number: int, output_pdf: Path) -> None:
    """A one-page, text-only PDF the size of the page image, for ocrmypdf to graft onto the page."""
    Fpdf2PdfRenderer(page=page_element(page, page_number), dpi=page.dpi, multi_font_manager=_fonts(),
                     invisible_text=True).render(output_pdf)
