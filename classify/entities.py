"""Filing a document under the parties, officers and devices it names (the records.models tables).

A person or organisation is the same party wherever their valid ID number or
credit code appears; a 身份证号 is only ever a person's and a credit code an
organisation's, whatever a field says. Without a number, a name is first
looked up among the parties of the document's case that have one (the
decision names 张某某 with a number, the 告知书 only by name), then among
parties without numbers. A name that is one of the unit's officers is never
filed as a party. A representative, agent or interviewed employee is linked
with the organisation they act for (DocumentParty.represents_id). An officer
is known by certificate number, else by name within the unit; a device by its
number.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from classify.fields import entities
from classify.labels import PARTY_ROLES
from classify.models import DocumentDevice, DocumentOfficer, DocumentParty, ExtractedField
from records.models import Device, Document, Officer, Party

PARTY_KINDS = tuple(PARTY_ROLES)


def _value(attrs: dict[str, ExtractedField], attr: str) -> str | None:
    row = attrs.get(attr)
    return row.value if row is not None and row.value else None


def _case_party(session: Session, document: Document, name: str, kind: str, identified: bool = True) -> Party | None:
    """The one party of that name and kind on the other documents of the document's case: among those with an ID
    number or credit code, or (`identified` False) among those without one."""
    if document.case_id is None:
        return None
    numbered = (Party.id_number.is_not(None)) | (Party.credit_code.is_not(None))
    candidates = session.scalars(
        select(Party).join(DocumentParty, DocumentParty.party_id == Party.id)
        .join(Document, Document.id == DocumentParty.document_id)
        .where(Document.case_id == document.case_id, Document.id != document.id, Party.name == name,
               Party.kind == kind, numbered if identified else ~numbered)).unique().all()
    return candidates[0] if len(set(candidates)) == 1 else None


def _party(session: Session, document: Document, attrs: dict[str, ExtractedField]) -> Party | None:
    name = _value(attrs, "name")
    id_number, credit_code = _value(attrs, "id_number"), _value(attrs, "credit_code")
    kind = _value(attrs, "kind") or ("organisation" if credit_code else "person")
    if kind == "organisation":
        id_number = None  # GB 11643 numbers are persons'; an organisation's block gave it to its representative
    else:
        credit_code = None
    party = None
    if id_number:
        party = session.scalar(select(Party).where(Party.id_number == id_number).limit(1))
    elif credit_code:
        party = session.scalar(select(Party).where(Party.credit_code == credit_code).limit(1))
    elif name:
        party = _case_party(session, document, name, kind) or session.scalar(
            select(Party).where(Party.name == name, Party.kind == kind, Party.id_number.is_(None),
                                Party.credit_code.is_(None)).limit(1))
    else:
        return None
    if party is None and name and (id_number or credit_code):
        # The same party, named without its number on a document of this case filed earlier (a company an
        # interview names, before its decision gives the credit code): now identified, it stays one party.
        party = _case_party(session, document, name, kind, identified=False)
        if party is not None:
            party.id_number, party.credit_code = id_number, credit_code
    if party is None:
        party = Party(kind=kind, name=name or id_number or credit_code, id_number=id_number, credit_code=credit_code)
        session.add(party)
        session.flush()
    return party


def _is_officer(session: Session, unit_id: int | None, attrs: dict[str, ExtractedField]) -> bool:
    """A name without a number that is one of the unit's officers: an officer is never a party."""
    name = _value(attrs, "name")
    if not name or _value(attrs, "id_number") or _value(attrs, "credit_code") or unit_id is None:
        return False
    return session.scalar(select(Officer.id).where(Officer.unit_id == unit_id, Officer.name == name).limit(1)) \
        is not None


def _officer(session: Session, unit_id: int | None, attrs: dict[str, ExtractedField]) -> Officer | None:
    name, cert_no = _value(attrs, "name"), _value(attrs, "cert_no")
    if not name:
        return None
    officer = None
    if cert_no:
        officer = session.scalar(select(Officer).where(Officer.cert_no == cert_no).limit(1))
    if officer is None:
        same_name = select(Officer).where(Officer.name == name, Officer.unit_id == unit_id)
        if cert_no:
            same_name = same_name.where(Officer.cert_no.is_(None))
        officer = session.scalar(same_name.limit(1))
        if officer is not None and cert_no:
            officer.cert_no = cert_no  # a name first seen without a certificate now has one
    if officer is None:
        officer = Officer(unit_id=unit_id, name=name, cert_no=cert_no)
        session.add(officer)
        session.flush()
    return officer


def _device(session: Session, unit_id: int | None, device_no: str) -> Device:
    device = session.scalar(select(Device).where(Device.device_no == device_no))
    if device is None:
        device = Device(unit_id=unit_id, device_no=device_no, kind="body_camera")
        session.add(device)
        session.flush()
    return device


def link_entities(session: Session, document: Document, rows: list[ExtractedField]) -> None:
    """Replace the document's links to parties, officers and devices with those its fields name."""
    for table in (DocumentParty, DocumentOfficer, DocumentDevice):
        session.execute(delete(table).where(table.document_id == document.id))
    links: dict[tuple[int, str], DocumentParty] = {}
    by_name: dict[str, int] = {}
    represented: list[tuple[DocumentParty, str]] = []
    for group, attrs in entities(rows, *PARTY_KINDS).items():
        if _is_officer(session, document.unit_id, attrs):
            continue
        party = _party(session, document, attrs)
        role = group.split(":", 1)[0]
        if party is None or (party.id, role) in links:
            continue
        link = DocumentParty(document_id=document.id, party_id=party.id, role=role)
        links[(party.id, role)] = link
        by_name.setdefault(party.name, party.id)
        if _value(attrs, "represents"):
            represented.append((link, _value(attrs, "represents")))
        session.add(link)
    for link, organisation in represented:
        link.represents_id = by_name.get(organisation)
    officers: dict[int, str] = {}
    for attrs in entities(rows, "officer").values():
        officer = _officer(session, document.unit_id, attrs)
        if officer is not None:
            roles = _value(attrs, "role") or ""
            officers[officer.id] = ",".join(dict.fromkeys(filter(None, (officers.get(officer.id, "") + "," + roles)
                                                                 .split(","))))
    session.add_all(DocumentOfficer(document_id=document.id, officer_id=oid, roles=roles[:100])
                    for oid, roles in officers.items())
    devices = {_device(session, document.unit_id, row.value).id
               for attrs in entities(rows, "device").values() for row in attrs.values()
               if row.attr == "device_no" and row.value}
    session.add_all(DocumentDevice(document_id=document.id, device_id=d) for d in devices)
    session.flush()
