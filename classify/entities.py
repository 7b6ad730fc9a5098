"""Filing a document under the parties, officers and devices it names (the records.models tables).

A person or organisation is the same party wherever their valid ID number or
credit code appears; without one, a name is matched only among parties
without numbers. An officer is known by certificate number, else by name
within the unit; a device by its number.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from classify.fields import entities
from classify.models import DocumentDevice, DocumentOfficer, DocumentParty, ExtractedField
from records.models import Device, Document, Officer, Party

PARTY_KINDS = ("party", "interviewee", "witness", "third_party", "agent")


def _value(attrs: dict[str, ExtractedField], attr: str) -> str | None:
    row = attrs.get(attr)
    return row.value if row is not None and row.value else None


def _party(session: Session, attrs: dict[str, ExtractedField]) -> Party | None:
    name = _value(attrs, "name")
    id_number, credit_code = _value(attrs, "id_number"), _value(attrs, "credit_code")
    kind = _value(attrs, "kind") or ("organisation" if credit_code else "person")
    party = None
    if id_number:
        party = session.scalar(select(Party).where(Party.id_number == id_number).limit(1))
    elif credit_code:
        party = session.scalar(select(Party).where(Party.credit_code == credit_code).limit(1))
    elif name:
        party = session.scalar(select(Party).where(Party.name == name, Party.id_number.is_(None),
                                                   Party.credit_code.is_(None)).limit(1))
    else:
        return None
    if party is None:
        party = Party(kind=kind, name=name or id_number or credit_code, id_number=id_number, credit_code=credit_code)
        session.add(party)
        session.flush()
    return party


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
    links: set[tuple[int, str]] = set()
    for group, attrs in entities(rows, *PARTY_KINDS).items():
        party = _party(session, attrs)
        role = group.split(":", 1)[0]
        if party is not None and (party.id, role) not in links:
            links.add((party.id, role))
            session.add(DocumentParty(document_id=document.id, party_id=party.id, role=role))
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
