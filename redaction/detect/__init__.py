"""Detection of what a released copy must hide (issue #14 §1): on a page's OCR words, each number, address, name
and trade-secret term, with its kind, its reason, its boxes on the page image and whose data it is.

Each detector is a module with one job (ids, credit, bank, phones, email, plates, addresses, names, secrets);
they all read one `Scan` of the page and return `Found` spans, and this module settles their overlaps: where two
claim the same characters, the surer reading wins (a checked ID number over a card number, a kept organisation's
code over an unchecked run). The policy they follow is the shared PII policy of issue #14 (000:27, 001:35-36,
002 记录办法:29, 002 公示办法:5).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from redaction.detect import addresses, bank, credit, email, ids, names, phones, plates, secrets
from redaction.detect.context import context_for
from redaction.detect.model import Detection, DetectionContext, Person
from redaction.detect.scan import Found, Scan
from redaction.detect.subjects import subject_of
from redaction.kinds import Kind

__all__ = ["DETECTOR_VERSION", "Detection", "DetectionContext", "Person", "context_for", "detect_document",
           "detect_document_and_kept", "detect_page"]

DETECTOR_VERSION = "7"  # bump when results change

_NUMBER_DETECTORS = (ids.find, credit.find, bank.find, phones.find, email.find, plates.find, addresses.find)


def detect_page(page_no: int, words: list[dict], ctx: DetectionContext) -> list[Detection]:
    if not words:
        return []
    return _detect(Scan(page_no, words, ctx), [])


def detect_document(pages: list[tuple[int, list[dict]]], ctx: DetectionContext) -> list[Detection]:
    """All pages; a name a label introduces on any page is looked for on every page of the document."""
    return detect_document_and_kept(pages, ctx)[0]


def detect_document_and_kept(pages: list[tuple[int, list[dict]]], ctx: DetectionContext
                             ) -> tuple[list[Detection], list[str]]:
    """The detections, and the numbers the policy keeps visible (the agency's own telephone, the treasury's
    account, an officer's certificate, an organisation's code) as OCR read them: what stays on purpose, which
    the verification must not take for a leak when its re-OCR no longer sees why (a seal over the agency's name)."""
    scans = [Scan(page_no, words, ctx) for page_no, words in pages if words]
    found_names = sorted({n for scan in scans for n in names.labelled_names(scan)})
    # A person's address is theirs wherever it stands again in the document, as their name is.
    found_addresses = sorted({_compact(scan.page.original(f.refs)) for scan in scans for f in addresses.find(scan)})
    detections: list[Detection] = []
    kept: list[str] = []
    for scan in scans:
        detections += _detect(scan, found_names, kept, found_addresses)
    return detections, kept


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _detect(scan: Scan, extra_names: Sequence[str], kept: list[str] | None = None,
            extra_addresses: Sequence[str] = ()) -> list[Detection]:
    found = [f for detector in _NUMBER_DETECTORS for f in detector(scan)]
    found += addresses.repeated(scan, list(extra_addresses))
    found += names.find(scan, list(extra_names))
    accepted = _settled(_without_joined_over_whole(scan, found))
    if kept is not None:
        kept += [scan.page.original(f.refs) for f in accepted if f.kind is None]
    # A trade secret is hidden on its own ground wherever it is, even over what privacy already hides.
    accepted += [Found(Kind.trade_secret, refs) for refs in dict.fromkeys(f.refs for f in secrets.find(scan))]
    return [_detection(scan, f) for f in sorted(accepted, key=lambda f: min(f.refs)) if f.kind is not None]


_PRIORITY = {Kind.credit_code: 3, Kind.bank_card: 4, Kind.phone: 5, Kind.email: 6, Kind.plate: 7,
             Kind.address: 8, Kind.name: 9}


def _rank(f: Found) -> tuple[int, int]:
    if f.kind is Kind.id_number:
        rank = 0 if f.valid else 2
    elif f.kind is None:
        rank = 1
    else:
        rank = _PRIORITY[f.kind]
    return rank, -len(f.refs)


def _without_joined_over_whole(scan: Scan, found: list[Found]) -> list[Found]:
    """A run read across a line break that holds a whole number found on one line (a room number ending the
    line above a phone number) is two things, not one."""
    one_line = [f for f in found if f.kind is not None and len(scan.page.lines_of(f.refs)) == 1]
    # A checked number across the break stands against a part only a label or a shape made a number (an ID
    # number's first 16 digits before the line end, "身份证号码：3401…0852" / "72，住…"; a card's last 18 digits
    # after "卡号：6" read as a damaged ID number): the part goes, the whole stays.
    # An ID number whose check digit holds across the break stands against a phone number by shape alone inside
    # it ("身份证号349102" / "19970119844X": 199… is a mobile's shape, X closes the ID); a labelled account read
    # across the break stands against its own first line's part ("账号355859955448" / "610525692").
    joined = [f for f in found if len(scan.page.lines_of(f.refs)) > 1
              and not any(r.refs < f.refs and (r.valid or not f.valid)
                          and not (f.kind is Kind.id_number and f.valid and r.kind is Kind.phone)
                          and not (f.kind is Kind.bank_card and r.kind is Kind.bank_card)
                          for r in one_line)]
    parts = {id(r) for r in one_line if not r.valid and any(r.refs < f.refs and f.valid for f in joined)}
    return [f for f in found if (len(scan.page.lines_of(f.refs)) == 1 and id(f) not in parts) or f in joined]


def _settled(found: list[Found]) -> list[Found]:
    """Where spans overlap, the surer and then the longer one stands."""
    taken: set = set()
    out: list[Found] = []
    for f in sorted((f for f in found if f.refs), key=_rank):
        if f.refs & taken:
            continue
        taken |= f.refs
        out.append(f)
    return out


def _detection(scan: Scan, f: Found) -> Detection:
    subject = f.subject
    if not f.subject_fixed and f.kind is not Kind.trade_secret:
        block = scan.block_at(scan.pos(f.refs))
        subject = subject_of(block.name, scan.ctx.persons) if block and block.kind == "person" else None
    return Detection(kind=f.kind, page_no=scan.page_no, boxes=scan.page.boxes(f.refs),
                     text=scan.page.original(f.refs), subject=subject, valid=f.valid)
