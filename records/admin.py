"""Agencies and units: lookups and first-time set-up."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from earchive.errors import NotFound
from records.models import Agency, Unit


def unit_id_by_code(ctx, code: str) -> int:
    with ctx.db.session() as s:
        unit = s.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            codes = ", ".join(s.scalars(select(Unit.code)).all()) or "none yet"
            raise NotFound(f"no unit with code {code!r}; known units: {codes}")
        return unit.id


def ensure_unit(session: Session, agency_code: str, agency_name: str, unit_code: str, unit_name: str) -> Unit:
    agency = session.scalar(select(Agency).where(Agency.code == agency_code))
    if agency is None:
        agency = Agency(code=agency_code, name=agency_name, rules={})
        session.add(agency)
        session.flush()
    unit = session.scalar(select(Unit).where(Unit.agency_id == agency.id, Unit.code == unit_code))
    if unit is None:
        unit = Unit(agency_id=agency.id, code=unit_code, name=unit_name)
        session.add(unit)
        session.flush()
    return unit
