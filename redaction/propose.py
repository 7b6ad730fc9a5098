"""The plan earchive proposes for a release, a publication or a redacted copy: detections, the agency's rules, the audience.

What is proposed follows the agency's redaction rules (rules/redaction.yaml, data) and
whom the release is for: an applicant who is a party sees their own data, never a
witness's (001:35, 002 记录办法:29). A document marked as a state secret is withheld
whole (000:27); one marked as a trade secret has its case's trade-secret terms hidden,
or is withheld whole while no terms are listed. An archivist then reviews the plan
(redaction/plans.py) before a head approves the slip.
"""
from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.models import RetrievalSlip
from classify.models import DocumentParty
from records import classification
from records.models import Agency, Document, Page, Party, Unit
from redaction.detect import Detection, DetectionContext, context_for, detect_document_and_kept
from redaction.kinds import Kind, Reason
from redaction.models import TradeSecretTerm
from redaction.plan import BoxT, Entry, Plan, Withholding
from redaction.rules import RedactionRules, redaction_rules


@dataclass(frozen=True)
class Audience:
    """Whom a release is for: the parties whose own data they may see, and their own name and ID number."""

    party_ids: frozenset[int] = frozenset()
    names: frozenset[str] = frozenset()
    label: str = ""

    def owns(self, detection: Detection, ctx: DetectionContext) -> bool:
        subject = detection.subject or ""
        if subject.startswith("party:"):
            return int(subject.removeprefix("party:")) in self.party_ids
        if subject.startswith("person:"):
            return _norm(subject.removeprefix("person:")) in self.names
        return False


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def audience_for_slip(session: Session, slip: RetrievalSlip) -> Audience:
    """The applicant's own party (by ID number, else by name), the organisation an agent acts for, and the
    legal representatives of an organisation that applies: their data is the applicant's own (001:35)."""
    if slip.kind != "applicant":
        return Audience(label="本机关工作人员")
    rows = session.execute(
        select(Party, DocumentParty.role, DocumentParty.represents_id)
        .join(DocumentParty, DocumentParty.party_id == Party.id)
        .join(Document, Document.id == DocumentParty.document_id)
        .where(Document.case_id == slip.case_id)).all()
    id_number = _norm(slip.applicant_id_number or "")
    names = {_norm(slip.applicant_name)}
    own: set[int] = set()
    for party, _role, _rep in rows:
        if id_number and _norm(party.id_number or "") == id_number:
            own.add(party.id)
        elif not id_number and party.kind == "person" and _norm(party.name) in names:
            own.add(party.id)
    party_name = _norm(slip.party_name or "")
    if party_name:  # an agent, or a person applying for their organisation
        own |= {party.id for party, _r, _p in rows if _norm(party.name) == party_name}
    # The persons who stand for an organisation the applicant is (its legal representative)
    own |= {party.id for party, role, rep in rows if rep in own and role == "legal_rep"}
    persons = {party.id: _norm(party.name) for party, _r, _p in rows if party.kind == "person"}
    names |= {persons[i] for i in own if i in persons}
    return Audience(party_ids=frozenset(own), names=frozenset(n for n in names if n),
                    label=f"{slip.applicant_name}（{'当事人本人' if slip.relation == 'party' else '委托代理人'}）")


def rules_for_documents(session: Session, documents: Sequence[Document]) -> RedactionRules:
    agency = None
    for document in documents:
        agency = session.scalar(select(Agency).join(Unit, Unit.agency_id == Agency.id)
                                .where(Unit.id == document.unit_id)) if document.unit_id else None
        if agency is not None:
            break
    return redaction_rules(agency.rules if agency else None)


def _is_state_secret(document: Document, marks: Iterable[str]) -> bool:
    """Marked state_secret, or classified above 内部: a 密级 is a state secret by definition (000:27)."""
    if "state_secret" in marks and "state_secret" in (document.secrecy or []):
        return True
    level = classification.rank(document.classification or "internal")
    return level is not None and level > classification.rank("internal")


def _withholding(session: Session, document: Document, marks: tuple[str, ...],
                 trade_secret_without_terms: str) -> Withholding | None:
    if _is_state_secret(document, marks):
        return Withholding(document.id, Reason.state_secret)
    if "trade_secret" in (document.secrecy or []):
        if "trade_secret" in marks:
            return Withholding(document.id, Reason.trade_secret)
        has_terms = document.case_id is not None and session.scalar(
            select(TradeSecretTerm.id).where(TradeSecretTerm.case_id == document.case_id).limit(1)) is not None
        if not has_terms and trade_secret_without_terms == "withhold":
            return Withholding(document.id, Reason.trade_secret, note="本案尚未列明商业秘密事项，暂整份不予提供")
    return None


def page_words(session: Session, document: Document) -> list[tuple[int, list[dict]]]:
    return [(p.page_no, list(p.words or [])) for p in
            session.scalars(select(Page).where(Page.document_id == document.id).order_by(Page.page_no))]


def entries_of(detection: Detection, document_id: int, reason: Reason | None = None) -> list[Entry]:
    group = uuid.uuid4().hex[:12] if len(detection.boxes) > 1 else None
    return [Entry(document_id=document_id, kind=detection.kind, reason=reason or detection.reason,
                  page_no=detection.page_no, box=tuple(box), text=detection.text, subject=detection.subject,
                  source="auto", group=group) for box in detection.boxes]


@dataclass
class Proposal:
    """A proposed plan, and what it deliberately leaves visible (the audience's own data, masked names):
    the verification must not take those for leaks."""

    plan: Plan
    visible: set[str]
    context: DetectionContext


def propose(session: Session, documents: Sequence[Document], *, purpose: str, audience: Audience | None = None,
            slip_no: str | None = None, rules: RedactionRules | None = None) -> Proposal:
    if purpose not in ("release", "publication", "redact"):
        raise ValueError(f"unknown redaction purpose {purpose!r}")
    rules = rules or rules_for_documents(session, documents)
    scope = rules.publication if purpose == "publication" else rules.release
    redact = set(scope.redact)
    mask_names = purpose == "publication" and rules.publication.mask_names
    if mask_names:
        redact.add(Kind.name)
    sees_own = purpose == "release" and audience is not None and rules.release.audience_sees_own
    ctx = context_for(session, list(documents))
    plan = Plan(purpose=purpose, document_ids=[d.id for d in documents], slip_no=slip_no, mask_names=mask_names)
    visible: set[str] = set()
    without_terms = rules.release.trade_secret_without_terms if purpose != "publication" else "withhold"
    for document in documents:
        withheld = _withholding(session, document, tuple(scope.withhold_marked), without_terms)
        if withheld is not None:
            plan.withheld.append(withheld)
            continue
        detections, kept = detect_document_and_kept(page_words(session, document), ctx)
        # What the policy keeps on purpose (the agency's own number …) is shown, not leaked.
        visible.update(kept)
        for detection in detections:
            if detection.kind not in redact:
                continue
            if sees_own and audience.owns(detection, ctx):
                visible.add(detection.text)
                continue
            plan.entries.extend(entries_of(detection, document.id))
    if audience is not None and sees_own:
        visible |= set(audience.names)
    return Proposal(plan=plan, visible=visible, context=ctx)


def propose_plan(session: Session, documents: Sequence[Document], *, purpose: str, audience: Audience | None = None,
                 slip_no: str | None = None) -> Plan:
    """The plan earchive proposes (see the module's docstring)."""
    return propose(session, documents, purpose=purpose, audience=audience, slip_no=slip_no).plan


def _inside(word_box: Sequence[int], box: BoxT) -> bool:
    """A word is under a box when most of its area is."""
    x0, y0, x1, y1 = word_box
    ix = max(0, min(x1, box[2]) - max(x0, box[0]))
    iy = max(0, min(y1, box[3]) - max(y0, box[1]))
    area = max(1, (x1 - x0) * (y1 - y0))
    return ix * iy >= 0.5 * area


def with_hidden_text(session: Session, plan: Plan) -> Plan:
    """Fill in what each box hides from the page's OCR words, for entries drawn or given without it (a plan file,
    a box drawn by hand): the verification then checks that these words cannot be read from the release."""
    pages: dict[tuple[int, int], list[dict]] = {}
    filled = []
    for entry in plan.entries:
        if entry.text or entry.page_no is None:
            filled.append(entry)
            continue
        key = (entry.document_id, entry.page_no)
        if key not in pages:
            page = session.scalar(select(Page).where(Page.document_id == entry.document_id,
                                                     Page.page_no == entry.page_no))
            pages[key] = list(page.words or []) if page else []
        text = "".join(w["text"] for w in pages[key] if _inside(w["box"], entry.box))
        filled.append(replace(entry, text=text))
    return replace(plan, entries=filled)
