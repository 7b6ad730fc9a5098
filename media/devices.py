"""The device registry: recording devices, their model and status, and to whom each was issued when.

Someone answers for each recorder's storage, upkeep and log (000:24, 003:12).
The registry finds the officer who held a device at a recording time, so a
clip whose name gives only the device still gets its officer. Issuance
periods of one device may not overlap: at any moment a device is in one
officer's hands or in none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from earchive.errors import EarchiveError, ExitCode
from media.models import DeviceIssuance, DeviceRecord
from media.times import from_db, to_utc
from records.models import Device, Officer

STATUSES = ("in_service", "repair", "retired", "lost")


class RegistryConflict(EarchiveError):
    exit_code = ExitCode.bad_args
    http_status = 409


@dataclass(frozen=True)
class Issued:
    device_no: str
    officer_no: str
    valid_from: dt.datetime
    valid_until: dt.datetime | None


def ensure_device(session: Session, device_no: str, unit_id: int | None = None) -> Device:
    device = session.scalar(select(Device).where(Device.device_no == device_no))
    if device is None:
        device = Device(device_no=device_no, unit_id=unit_id, kind="body_camera")
        session.add(device)
        session.flush()
    return device


def register_device(session: Session, device_no: str, *, unit_id: int | None, model: str | None,
                    status: str = "in_service", keeper: str | None = None) -> Device:
    """Add a device, or update its model, unit, status and keeper."""
    if status not in STATUSES:
        raise RegistryConflict(f"设备状态“{status}”无效，可选：{'、'.join(STATUSES)} / unknown status {status!r}")
    device = ensure_device(session, device_no, unit_id)
    if unit_id is not None:
        device.unit_id = unit_id
    record = session.get(DeviceRecord, device.id) or DeviceRecord(device_id=device.id)
    record.model = model or record.model
    record.status, record.keeper = status, keeper or record.keeper
    session.add(record)
    session.flush()
    return device


def issue_device(session: Session, device_no: str, officer_no: str, valid_from: dt.datetime,
                 valid_until: dt.datetime | None, *, tz: dt.timezone, created_by: str | None = None) -> DeviceIssuance:
    """Record that `officer_no` held the device from `valid_from` until `valid_until` (None: still holds it)."""
    device = session.scalar(select(Device).where(Device.device_no == device_no))
    if device is None:
        raise RegistryConflict(f"设备 {device_no} 未登记，请先用 earchive media device add 登记 / device "
                               f"{device_no} is not registered; add it first")
    start, end = to_utc(valid_from, tz), to_utc(valid_until, tz)
    if end is not None and end <= start:
        raise RegistryConflict(f"领用截止时间 {end:%Y-%m-%d %H:%M} 早于开始时间 / the issue ends before it starts")
    overlap = session.scalars(select(DeviceIssuance).where(
        DeviceIssuance.device_id == device.id,
        or_(DeviceIssuance.valid_until.is_(None), DeviceIssuance.valid_until > start),
        *([DeviceIssuance.valid_from < end] if end is not None else []))).first()
    if overlap is not None:
        until = f"{from_db(overlap.valid_until).astimezone(tz):%Y-%m-%d %H:%M}" if overlap.valid_until else "至今 / open"
        since = from_db(overlap.valid_from).astimezone(tz)
        raise RegistryConflict(f"设备 {device_no} 在此期间已配发给 {overlap.officer_no}（{since:%Y-%m-%d %H:%M}"
                               f" 起，{until}）；请先结束该次配发 / device {device_no} is issued to "
                               f"{overlap.officer_no} in that period; end that issue first")
    officer_id = session.scalar(select(Officer.id).where(Officer.cert_no == officer_no))
    issuance = DeviceIssuance(device_id=device.id, officer_no=officer_no, officer_id=officer_id,
                              unit_id=device.unit_id, valid_from=start, valid_until=end, created_by=created_by)
    session.add(issuance)
    session.flush()
    return issuance


def officer_at(session: Session, device_no: str, when: dt.datetime) -> str | None:
    """The officer number the device was issued to at `when` (aware), or None."""
    when = to_utc(when)
    return session.scalar(
        select(DeviceIssuance.officer_no).join(Device, Device.id == DeviceIssuance.device_id)
        .where(Device.device_no == device_no, DeviceIssuance.valid_from <= when,
               or_(DeviceIssuance.valid_until.is_(None), DeviceIssuance.valid_until > when))
        .order_by(DeviceIssuance.valid_from.desc()).limit(1))


def registry_json(session: Session) -> list[dict]:
    """Every registered device with its record and issuance periods, for `earchive media device list`."""
    out = []
    for device in session.scalars(select(Device).order_by(Device.device_no)):
        record = session.get(DeviceRecord, device.id)
        issues = session.scalars(select(DeviceIssuance).where(DeviceIssuance.device_id == device.id)
                                 .order_by(DeviceIssuance.valid_from))
        out.append({"device_no": device.device_no, "unit_id": device.unit_id, "kind": device.kind,
                    "model": record.model if record else None, "status": record.status if record else None,
                    "keeper": record.keeper if record else None,
                    "issued": [{"officer_no": i.officer_no, "valid_from": from_db(i.valid_from).isoformat(),
                                "valid_until": from_db(i.valid_until).isoformat() if i.valid_until else None}
                               for i in issues]})
    return out
