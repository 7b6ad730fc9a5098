"""Agencies and units: lookups and first-time set-up."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from earchive.errors import EarchiveError, ExitCode, NotFound
from records.models import Agency, Unit


class AmbiguousUnit(EarchiveError):
    exit_code = ExitCode.bad_args
    http_status = 400


def unit_by_ref(session: Session, ref: str) -> Unit:
    """The unit named `AGENCY/UNIT`, or by its code alone when that code is unique across agencies.

    Unit codes are unique only within an agency, so a bare code that two agencies use is refused
    with the candidates rather than resolved to whichever is found first.
    """
    agency_code, sep, unit_code = ref.strip().rpartition("/")
    query = select(Unit, Agency.code).join(Agency, Agency.id == Unit.agency_id).where(Unit.code == unit_code)
    if sep:
        query = query.where(Agency.code == agency_code)
    found = session.execute(query.order_by(Agency.code)).all()
    if len(found) == 1:
        return found[0][0]
    if found:
        candidates = ", ".join(f"{agency}/{unit.code}" for unit, agency in found)
        raise AmbiguousUnit(f"unit code {unit_code!r} is used by {len(found)} agencies: {candidates}; "
                            f"name one as AGENCY/UNIT")
    known = session.execute(select(Agency.code, Unit.code).join(Unit, Unit.agency_id == Agency.id)
                            .order_by(Agency.code, Unit.code)).all()
    listed = ", ".join(f"{a}/{u}" for a, u in known) or "none yet"
    raise NotFound(f"no unit {ref!r}; known units: {listed}")


def unit_id_by_ref(ctx, ref: str) -> int:
    with ctx.db.session() as s:
        return unit_by_ref(s, ref).id


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
