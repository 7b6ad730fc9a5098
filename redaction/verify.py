"""Verification before release: extract everything a PDF holds and block it if anything hidden can be read back.

Nothing leaves earchive that carries a secret or another person's data (000:27,
001:35-36, 002 记录办法:29, 002 公示办法:5; 003:24 and 004:23 forbid leaking). So a
release is read the way someone who wants the hidden text would read it: the text
layer through two extractors (pdfminer.six, PDFium), every object's strings and
decoded streams (docinfo, XMP, annotations, form fields, attachments, name trees),
every earlier revision, the raw bytes, and the page images re-read by the
project's OCR engine, whose words also go through the detectors. A hidden string
found anywhere, or detected personal data the release does not deliberately show,
is a finding naming page, type and where; never the string.
"""
from __future__ import annotations

import io
import logging
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
from PIL import Image

from classify.fuzzy import levenshtein
from earchive.errors import EarchiveError, ExitCode
from redaction.kinds import Kind
from redaction.notice import page_ranges

log = logging.getLogger(__name__)

Detect = Callable[[int, list[dict]], list[tuple[Kind, str]]]

# Numbers are compared as their digits (an ID keeps its X): OCR and layout put spaces, dashes and line breaks in.
DIGIT_KINDS = {Kind.id_number, Kind.phone, Kind.bank_card}
# Codes of which a long run read anywhere gives the whole away: the numbers, and the 统一社会信用代码.
CODE_KINDS = DIGIT_KINDS | {Kind.credit_code}
# A run this long of a hidden number, read anywhere, already gives it away (a box that covered only its end).
PARTIAL_MIN = 8
# Letters OCR reads for digits; a number read as 13800OO1234 is still that number.
OCR_DIGITS = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "Z": "2", "S": "5",
                            "B": "8", "G": "6"})
# Catalog and page keys that can carry content a reader does not see on the page (or run code).
HIDING_PLACES = {"/EmbeddedFiles": "attachments", "/JavaScript": "javascript", "/OpenAction": "open_action",
                 "/AA": "actions", "/AcroForm": "form", "/OCProperties": "hidden_layers", "/PieceInfo": "piece_info"}
PAGE_HIDING_PLACES = {"/Annots": "annotations", "/Thumb": "thumbnail", "/PieceInfo": "piece_info", "/AA": "actions"}

WHERE_LABELS = {"text": "文字层", "metadata": "元数据", "object": "文件对象", "attachment": "附件",
                "ocr": "重新识别页面图像", "file": "文件字节", "revision": "早期修订版本", "structure": "文件结构"}
MATCH_LABELS = {"whole": "仍可识别", "partial": "仍有部分可识别", "detected": "未遮盖"}
STRUCTURE_LABELS = {"attachments": "附件", "javascript": "脚本", "open_action": "打开动作", "actions": "自动动作",
                    "form": "表单域", "hidden_layers": "隐藏图层", "piece_info": "私有数据", "annotations": "批注",
                    "thumbnail": "缩略图", "revisions": "多个修订版本"}


class ReleaseBlocked(EarchiveError):
    """Something the plan hides, or personal data it does not show on purpose, can be read back from the release."""

    exit_code = ExitCode.rejected
    http_status = 409

    def __init__(self, message: str, verification: Verification):
        super().__init__(message)
        self.verification = verification

    def findings_json(self) -> list[dict[str, Any]]:
        """The findings as the access log records them: page, type, place; no text."""
        return [f.to_json() for f in self.verification.findings]


@dataclass(frozen=True)
class Finding:
    """One way back to hidden data: where (text, metadata, object, attachment, ocr, file, revision, structure),
    which page when known, what type. `detail` is a code (the extractor, or the structure found), never text."""

    where: str
    kind: Kind | None
    page: int | None = None
    match: str = "whole"  # whole | partial (a long run of a hidden number) | detected (a detector's find) | present
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"where": self.where, "kind": str(self.kind) if self.kind else None, "page": self.page,
                "match": self.match, "detail": self.detail}

    def describe(self, pages: str | None = None) -> str:
        """In words for the archivist, e.g. 第 2 页的身份证号仍可识别（重新识别页面图像）; `pages` for several."""
        pages = pages or (str(self.page) if self.page else None)
        if self.kind is None:
            return f"{f'第 {pages} 页' if pages else '文件'}含有{STRUCTURE_LABELS.get(self.detail, self.detail)}"
        verb, where = MATCH_LABELS.get(self.match, "仍可识别"), WHERE_LABELS.get(self.where, self.where)
        if pages:
            return f"第 {pages} 页的{self.kind.label}{verb}（{where}）"
        return f"{where}中的{self.kind.label}{verb}"


@dataclass
class Verification:
    """What was checked and what was found; `checked` is JSON-able and is what a passed release records."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.findings

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "findings": [f.to_json() for f in self.findings], "checked": self.checked}

    def summary(self) -> str:
        """One line for a person: what was checked, e.g. 3 页，核对 12 项遮盖内容，重新识别 3 个页面图像 (…)."""
        c = self.checked
        ocr = c.get("ocr")
        read = (f"以 {ocr['engine']} 重新识别 {ocr['images']} 个页面图像、{ocr['rendered_pages']} 个说明页"
                if ocr else "未重新识别")
        outcome = "未发现可恢复的遮盖内容" if self.passed else f"发现 {len(self.findings)} 处问题"
        return (f"{c.get('pages', 0)} 页，核对 {c.get('strings_checked', 0)} 项遮盖内容，检查 {c.get('objects', 0)} 个"
                f"文件对象、{c.get('revisions', 0)} 个修订版本，{read}；{outcome}")


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")  # \w is letters (L*) and numerals (N*), plus "_"


def normalise(text: str) -> str:
    """NFKC, upper case, letters and digits only: spacing, punctuation and line breaks say nothing about a string."""
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text).upper())


@dataclass(frozen=True)
class _Needle:
    kind: Kind
    value: str

    @property
    def digits(self) -> bool:
        return self.kind in DIGIT_KINDS

    def windows(self) -> list[str]:
        """Runs of a number or code long enough to give it away; only for codes longer than such a run."""
        if self.kind not in CODE_KINDS:
            return []
        size = max(PARTIAL_MIN, math.ceil(len(self.value) * 2 / 3))
        if len(self.value) <= size:
            return []
        return [self.value[i:i + size] for i in range(len(self.value) - size + 1)]


def _needles(hidden: Iterable[tuple[Kind, str]]) -> list[_Needle]:
    out: dict[tuple[Kind, str], _Needle] = {}
    for kind, text in hidden:
        value = normalise(text)
        if kind in DIGIT_KINDS:
            value = "".join(ch for ch in value if ch.isdigit() or ch == "X")
        if len(value) < 2:  # one character (a surname alone) is everywhere; it identifies no one
            continue
        out.setdefault((kind, value), _Needle(kind, value))
    return list(out.values())


class _Haystack:
    """Normalised text to search; what OCR read is also searched with letters it takes for digits as digits."""

    def __init__(self, text: str, ocr: bool):
        self.plain = normalise(text)
        self.digitised = self.plain.translate(OCR_DIGITS) if ocr else self.plain

    def find(self, needle: _Needle) -> str | None:
        hay = self.digitised if needle.digits else self.plain
        if needle.value in hay or needle.value in self.plain:
            return "whole"
        if any(w in hay for w in needle.windows()):
            return "partial"
        return None


class _Search:
    """Collects findings from every source, one per page, kind, place, extractor and match."""

    def __init__(self, needles: list[_Needle]):
        self.needles = needles
        self.findings: dict[tuple, Finding] = {}
        self.characters: dict[str, int] = {}

    def text(self, text: str, where: str, detail: str, page: int | None = None) -> None:
        if not text:
            return
        self.characters[detail] = self.characters.get(detail, 0) + len(text)
        hay = _Haystack(text, ocr=where == "ocr")
        for needle in self.needles:
            match = hay.find(needle)
            if match:
                self.add(Finding(where, needle.kind, page, match, detail))

    def add(self, finding: Finding) -> None:
        self.findings.setdefault((finding.page, finding.kind, finding.where, finding.match, finding.detail), finding)


# -- text layers ---------------------------------------------------------------------------------------------

def _pdfminer_pages(data: bytes) -> Iterator[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTText

    def texts(item) -> Iterator[str]:
        if isinstance(item, LTText):
            yield item.get_text()
            return
        for child in getattr(item, "__iter__", lambda: iter(()))():
            yield from texts(child)

    for layout in extract_pages(io.BytesIO(_text_bearing(data)), laparams=LAParams(all_texts=True)):
        yield "".join(texts(layout))


TEXT_OPERATORS = {"Tj", "TJ", "'", '"', "BT", "Tf", "Do"}


def _text_bearing(data: bytes) -> bytes:
    """The PDF with the content of forms that show no text emptied, for pdfminer only.

    pdfminer parses a form's content in Python every time it is drawn, and a release's watermark is hundreds of
    drawings of outlined glyphs per page: minutes for nothing, as a form without a text operator shows no text.
    qpdf decides which forms those are; a stream it cannot parse is left as it is. PDFium reads the file as it is.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        emptied = 0
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Form:
                continue
            try:
                operators = {str(op) for _, op in pikepdf.parse_content_stream(obj)}
            except pikepdf.PdfError:
                continue
            if not operators & TEXT_OPERATORS:
                obj.write(b"")
                emptied += 1
        if not emptied:
            return data
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _pdfium_pages(data: bytes) -> Iterator[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            yield textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()


# -- objects -------------------------------------------------------------------------------------------------

def _strings(obj: Any, depth: int = 0) -> Iterator[str]:
    """Every string and name inside a direct object (indirect ones are visited on their own)."""
    if depth > 50:
        return
    if isinstance(obj, pikepdf.String):
        yield str(obj)
        raw = bytes(obj)
        for encoding in ("utf-8", "gb18030"):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                pass
    elif isinstance(obj, pikepdf.Name):
        yield str(obj)
    elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        for key in obj.keys():
            yield key
            value = obj.get(key)
            if value is not None and not getattr(value, "is_indirect", False):
                yield from _strings(value, depth + 1)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if not getattr(value, "is_indirect", False):
                yield from _strings(value, depth + 1)


def _decoded_texts(raw: bytes, documents: bool) -> Iterator[str]:
    """Bytes as the texts they might be: Latin-1 and UTF-8, and for attachments and metadata (text files people
    write) UTF-16 with its mark and GB 18030. Binary data (fonts, the raw file) is not read as GB 18030, whose
    two-byte characters random bytes spell too often."""
    yield raw.decode("latin-1")
    yield raw.decode("utf-8", errors="ignore")
    if documents:
        if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
            yield raw.decode("utf-16", errors="ignore")
        yield raw.decode("gb18030", errors="ignore")


def _place(obj: Any, info: tuple[int, int] | None, attachments: set[tuple[int, int]]) -> tuple[str, str]:
    """(where, detail) of an object's data."""
    objgen = obj.objgen
    if info is not None and objgen == info:
        return "metadata", "docinfo"
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        kind = obj.get("/Type")
        if kind == pikepdf.Name.Metadata:
            return "metadata", "xmp"
        if kind in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec) or objgen in attachments:
            return "attachment", "attachment"
        if kind == pikepdf.Name.Annot or "/Subtype" in obj and "/Rect" in obj:
            return "object", "annotation"
        if "/FT" in obj:
            return "object", "form_field"
    return "object", "stream" if isinstance(obj, pikepdf.Stream) else "string"


def _attachment_streams(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/EF" in obj:
            for stream in obj.EF.values():
                if stream.is_indirect:
                    found.add(stream.objgen)
    return found


def _scan_objects(pdf: pikepdf.Pdf, search: _Search, where_override: str | None = None,
                  depth: int = 0) -> dict[str, int]:
    """Every indirect object's strings and decoded stream, and the trailer; attachments that are PDFs, opened."""
    info = pdf.trailer.get("/Info")
    info_objgen = info.objgen if info is not None and info.is_indirect else None
    attachments = _attachment_streams(pdf)
    counts = {"objects": 0, "streams": 0, "strings": 0}
    if info is not None and not info.is_indirect:
        search.text("\n".join(_strings(info)), where_override or "metadata", "docinfo")
    search.text("\n".join(_strings(pdf.trailer)), where_override or "object", "trailer")
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream, pikepdf.String)):
            continue
        counts["objects"] += 1
        where, detail = _place(obj, info_objgen, attachments)
        where = where_override or where
        strings = list(_strings(obj))
        counts["strings"] += len(strings)
        search.text("\n".join(strings), where, detail)
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") == pikepdf.Name.Image:
            continue  # images are read by OCR
        counts["streams"] += 1
        try:
            raw = obj.read_bytes()
        except pikepdf.PdfError:
            raw = obj.read_raw_bytes()
        for text in _decoded_texts(raw, documents=where in ("attachment", "metadata")):
            search.text(text, where, detail)
        if raw.startswith(b"%PDF") and depth < 2:
            _scan_pdf_attachment(raw, search, depth + 1)
    return counts


def _scan_pdf_attachment(raw: bytes, search: _Search, depth: int) -> None:
    try:
        with pikepdf.open(io.BytesIO(raw)) as inner:
            _scan_objects(inner, search, "attachment", depth)
        for text in _pdfium_pages(raw):
            search.text(text, "attachment", "attachment")
    except Exception as e:  # noqa: BLE001 - a broken inner PDF was still searched as bytes
        log.debug("attachment PDF not readable: %s", type(e).__name__)


def _structure(pdf: pikepdf.Pdf, search: _Search) -> None:
    for key, name in HIDING_PLACES.items():
        if key in pdf.Root and not (key == "/AcroForm" and not pdf.Root.AcroForm.get("/Fields")):
            search.add(Finding("structure", None, None, "present", name))
    names = pdf.Root.get("/Names")
    if names is not None:
        for key in ("/EmbeddedFiles", "/JavaScript"):
            if key in names:
                search.add(Finding("structure", None, None, "present", HIDING_PLACES[key]))
    for number, page in enumerate(pdf.pages, start=1):
        for key, name in PAGE_HIDING_PLACES.items():
            if key in page.obj:
                search.add(Finding("structure", None, number, "present", name))


def _revisions(data: bytes) -> tuple[int, list[int]]:
    """How many revisions the file has (the most of its %%EOF markers and its xref chain), and where each ends."""
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    prev = len(re.findall(rb"/Prev\s+\d+", data))
    return max(len(ends), prev + 1, 1), ends


# -- OCR -----------------------------------------------------------------------------------------------------

def _as_pixels(image: Image.Image) -> np.ndarray:
    """What the OCR engine takes: 8-bit grey, or BGR."""
    if image.mode in ("1", "L", "LA", "I", "I;16"):
        return np.asarray(image.convert("L"))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def _page_images(page: pikepdf.Page) -> list[pikepdf.Object]:
    # Images too small to hold a line of text (rules, dots) are not worth an OCR pass.
    return [obj for obj in page.get_images().values()
            if int(obj.get("/Width", 0)) >= 16 and int(obj.get("/Height", 0)) >= 16]


@dataclass
class _OcrRun:
    engine: str = ""
    version: str = ""
    images: int = 0
    rendered: int = 0
    characters: int = 0
    detected: int = 0
    seen: set = field(default_factory=set)


def _ocr_page(pixels: np.ndarray, dpi: float, page_no: int, search: _Search, run: _OcrRun,
              detect: Detect | None, allowed: set[str], seal_dropout: bool) -> None:
    from ocr.engines import rapidocr_page

    result = rapidocr_page(Path(f"release-page-{page_no}"), dpi, seal_dropout=seal_dropout, pixels=pixels)
    text = result.text_raw
    run.characters += len(text)
    search.text(text, "ocr", "rapidocr", page_no)
    if detect is None:
        return
    allowed_numbers = {n for n in (_digits_of(a) for a in allowed) if len(n) >= MIN_ALLOWED_DIGITS}
    for kind, found in detect(page_no, result.words_json()):
        value = normalise(found)
        run.detected += 1
        if len(value) < 2 or any(value == a or value in a for a in allowed):
            continue
        if kind in DIGIT_KINDS and _is_allowed_number(_digits_of(value), allowed_numbers):
            continue
        search.add(Finding("ocr", kind, page_no, "detected", "detector"))


# A number the release shows on purpose (the agency's own telephone, kept by the proposal on the page as ingest
# read it) is recognised again by its digits, OCR's letter look-alikes read as digits, with one digit misread:
# the re-OCR reads the page image with the seals left on, which may cost a digit under the agency's seal.
MIN_ALLOWED_DIGITS = 7


def _digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", normalise(text).translate(OCR_DIGITS))


def _is_allowed_number(digits: str, allowed: set[str]) -> bool:
    if len(digits) < MIN_ALLOWED_DIGITS:
        return False
    return any(levenshtein(digits, a) <= 1 for a in allowed)  # one digit changed, dropped or added


def _reocr(data: bytes, pdf: pikepdf.Pdf, search: _Search, detect: Detect | None, allowed: set[str]) -> _OcrRun:
    """Every page's images read at their own resolution (what an overlay would hide is in them); a page without
    an image rendered and read, seals and the red watermark dropped as ingest drops them."""
    import pypdfium2 as pdfium

    from ocr.engines import rapidocr_version

    run = _OcrRun(engine="rapidocr", version=rapidocr_version())
    normal_allowed = {normalise(a) for a in allowed if len(normalise(a)) >= 2}
    doc = pdfium.PdfDocument(data)
    try:
        for index, page in enumerate(pdf.pages):
            page_no = index + 1
            width_in = float(page.mediabox[2] - page.mediabox[0]) / 72
            images = _page_images(page)
            unreadable = False
            for obj in images:
                if obj.objgen in run.seen and obj.objgen != (0, 0):
                    continue
                run.seen.add(obj.objgen)
                try:
                    picture = pikepdf.PdfImage(obj).as_pil_image()
                except (pikepdf.PdfError, NotImplementedError, ValueError) as e:
                    log.info("page %d: an image pikepdf cannot decode (%s); the page is rendered", page_no,
                             type(e).__name__)
                    unreadable = True
                    continue
                dpi = picture.width / width_in if width_in else 300.0
                _ocr_page(_as_pixels(picture), dpi, page_no, search, run, detect, normal_allowed,
                          seal_dropout=False)  # red ink in a page image may be anything, even a number
                run.images += 1
            if unreadable or not images:
                rendered = doc[index].render(scale=200 / 72).to_pil()
                _ocr_page(_as_pixels(rendered), 200.0, page_no, search, run, detect, normal_allowed,
                          seal_dropout=True)
                run.rendered += 1
    finally:
        doc.close()
    return run


# -- the whole check -----------------------------------------------------------------------------------------

def verify_release(pdf: bytes, hidden: list[tuple[Kind, str]], *, allowed: set[str] = frozenset(),
                   reocr: bool = True, detect: Detect | None = None) -> Verification:
    """Everything in `pdf` searched for the `hidden` strings (and, on the re-OCR, for personal data `detect`
    finds that is not in `allowed`); findings name page, type and place, never the string."""
    started = time.monotonic()
    search = _Search(_needles(hidden))
    revisions, ends = _revisions(pdf)
    for text in _decoded_texts(pdf, documents=False):  # what lies outside the objects (after %%EOF, free)
        search.text(text, "file", "raw")
    checked: dict[str, Any] = {"bytes": len(pdf), "revisions": revisions, "strings_checked": len(search.needles)}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        checked["pages"] = len(document.pages)
        checked.update(_scan_objects(document, search))
        checked["metadata"] = {"docinfo": "/Info" in document.trailer, "xmp": "/Metadata" in document.Root}
        _structure(document, search)
        if revisions > 1:
            search.add(Finding("structure", None, None, "present", "revisions"))
            for end in ends[:-1]:  # what an earlier revision still holds, opened as that revision
                try:
                    with pikepdf.open(io.BytesIO(pdf[:end])) as earlier:
                        _scan_objects(earlier, search, "revision")
                except pikepdf.PdfError:
                    pass
        for number, text in enumerate(_pdfminer_pages(pdf), start=1):
            search.text(text, "text", "pdfminer", number)
        for number, text in enumerate(_pdfium_pages(pdf), start=1):
            search.text(text, "text", "pdfium", number)
        if reocr:
            run = _reocr(pdf, document, search, detect, set(allowed))
            checked["ocr"] = {"engine": run.engine, "version": run.version, "images": run.images,
                              "rendered_pages": run.rendered, "characters": run.characters,
                              "detections": run.detected, "detector": detect is not None}
        else:
            checked["ocr"] = None
    checked["text_characters"] = {k: search.characters.get(k, 0) for k in ("pdfminer", "pdfium")}
    checked["characters_searched"] = sum(search.characters.values())
    findings = sorted(search.findings.values(),
                      key=lambda f: (f.page or 0, f.where, str(f.kind or ""), f.match, f.detail))
    checked["findings"] = len(findings)
    checked["passed"] = not findings
    checked["duration_s"] = round(time.monotonic() - started, 2)
    verification = Verification(findings, checked)
    log.info("release verified: %d pages, %d strings, %d findings", checked["pages"], len(search.needles),
             len(findings))
    return verification


def raise_if_blocked(verification: Verification) -> None:
    """ReleaseBlocked naming pages and types (never the text) and what to do, unless the verification passed."""
    if verification.passed:
        return
    groups: dict[tuple, tuple[Finding, list[int]]] = {}
    for finding in verification.findings:  # one line per type and place, with its pages
        key = (finding.kind, finding.where, finding.match, finding.detail if finding.kind is None else "",
               finding.page is None)
        first, pages = groups.setdefault(key, (finding, []))
        if finding.page:
            pages.append(finding.page)
    lines = [first.describe(page_ranges(tuple(pages)) if pages else None) for first, pages in groups.values()]
    shown = "；".join(lines[:8]) + (f"；等 {len(lines)} 处" if len(lines) > 8 else "")
    advice = "请审核遮盖方案：在所列页面补画或扩大遮盖框，或撤下该页/该文书，然后重新生成"
    if any(f.where not in ("ocr", "text") for f in verification.findings):
        advice += "；元数据、附件、文件结构中的问题说明该文件不是由页面图像重新生成的，不得提供，请由 earchive 重新生成"
    raise ReleaseBlocked(f"核验未通过，未予提供：{shown}。{advice}", verification)
