"""The detection context of some documents, from the database: the persons of the documents and of their cases,
the officers (kept), the organisations (kept unless natural-person businesses), the agency and its unit (kept),
and the cases' trade-secret terms."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from classify.models import DocumentOfficer, DocumentParty
from records.models import Agency, Document, Officer, Party, Unit
from redaction.detect.model import DetectionContext, Person
from redaction.models import TradeSecretTerm


def context_for(session: Session, documents: Iterable[Document | int]) -> DetectionContext:
    doc_ids = {d if isinstance(d, int) else d.id for d in documents}
    rows = session.execute(select(Document.id, Document.case_id, Document.unit_id)
                           .where(Document.id.in_(doc_ids))).all()
    case_ids = {r.case_id for r in rows if r.case_id is not None}
    unit_ids = {r.unit_id for r in rows if r.unit_id is not None}
    # A witness named in one document of the case is the same witness in every other.
    related = Document.id.in_(doc_ids)
    if case_ids:
        related = or_(related, Document.case_id.in_(case_ids))
    related_ids = select(Document.id).where(related)

    ctx = DetectionContext()
    seen: set[tuple[int, str]] = set()
    organisations: set[str] = set()
    for party, role in session.execute(
            select(Party, DocumentParty.role).join(DocumentParty, DocumentParty.party_id == Party.id)
            .where(DocumentParty.document_id.in_(related_ids)).order_by(Party.id, DocumentParty.role)):
        if party.kind == "person":
            if (party.id, role) not in seen:
                seen.add((party.id, role))
                ctx.persons.append(Person(party.name, role, party.id, party.id_number))
        elif party.name:
            organisations.add(party.name)
    ctx.organisations = sorted(organisations)
    for officer in session.scalars(
            select(Officer).join(DocumentOfficer, DocumentOfficer.officer_id == Officer.id)
            .where(DocumentOfficer.document_id.in_(related_ids))):
        ctx.officer_names.add(officer.name)
        if officer.cert_no:
            ctx.officer_cert_nos.add(officer.cert_no)
    names: list[str] = []
    for unit, agency in session.execute(select(Unit, Agency).join(Agency, Unit.agency_id == Agency.id)
                                        .where(Unit.id.in_(unit_ids))):
        for name in (agency.name, unit.name):
            if name and name not in names:
                names.append(name)
    ctx.agency_names = names
    if case_ids:
        ctx.trade_secret_terms = list(session.scalars(
            select(TradeSecretTerm.term).where(TradeSecretTerm.case_id.in_(case_ids)).order_by(TradeSecretTerm.id)))
    return ctx
