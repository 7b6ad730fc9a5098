"""Enforcement officers with their certificate numbers (执法证号) and roles, and recording devices.

An officer is named after a role label (承办人, 询问人, 记录人, 送达人 …),
one or several to a label, each optionally followed by "执法证号：…"; a
certificate on the line after a name (a form's next table row) belongs to
it. Officers named in running text ("执法人员李某、王某") count as handlers.
"""
from __future__ import annotations

import re

from classify.form import LabelHit
from classify.found import Found
from classify.ids import DIGIT_LOOKALIKES

ROLE_KEYS = {"handler": "handler", "reviewer": "reviewer", "approver": "approver", "interviewer": "interviewer",
             "recorder": "recorder", "server": "server", "host": "host", "head": "approver",
             "sign:interviewer": "interviewer", "sign:recorder": "recorder", "sign:handler": "handler",
             "sign:server": "server"}
_PARTY_KEYS = {"party", "credit_code", "id_number", "phone", "address", "name", "legal_rep", "interviewee"}
_CERT_LABEL = r"(?:执法证件编号|执法证件号码|执法证件号|执法证编号|执法证号|执法证|证号)"
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_ITEM = re.compile(rf"(?P<name>(?:(?!{_CERT_LABEL})[\u4e00-\u9fff·]){{2,4}})?\s*[(（]?\s*(?:{_CERT_LABEL}\s*[:：]?\s*(?P<cert>[A-Za-z0-9\u4e00-\u9fff-]{{4,24}}))?")
_CERT_VALUE = re.compile(r"[\u4e00-\u9fff]{0,2}[A-Za-z0-9][A-Za-z0-9-]{3,22}")
_PROSE = re.compile(rf"(?:执法人员|办案人员|承办人员)(?P<names>(?:{_NAME}[、和])+{_NAME})(?=[,，。;；\s])")
_SEPARATORS = re.compile(r"[、,，;；\t]|\s{2,}")
_NOT_NAMES = {"签名", "签字", "盖章", "无", "同意", "本人", "执法", "证号", "以上"}
_DEVICE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{2,31}")
_DEVICE_PROSE = re.compile(r"(?:执法记录仪|记录仪|记录设备|摄像机)\s*[(（]?\s*(?:编号|设备号)\s*[:：]?\s*"
                           r"(?P<no>[A-Za-z0-9][A-Za-z0-9_-]{2,31})")


def read_cert_no(raw: str) -> tuple[str, float, tuple[str, ...]]:
    """A certificate number as read; look-alike letters in an all-digit number are settled as digits."""
    value = raw.strip().upper().rstrip(")）")
    letters = [c for c in value if c.isalpha() and c.isascii()]
    fixed = value.translate(DIGIT_LOOKALIKES)
    if letters and fixed.isdigit() and len(letters) <= 2 and len(value) >= 8:
        return fixed, 0.85, ("ocr_repaired",)
    return value, 0.92, ()


def _is_legal_rep(hit: LabelHit, previous: LabelHit | None) -> bool:
    """负责人 right after a party's particulars is the organisation's head, not an approving officer."""
    return hit.key == "head" and previous is not None and previous.key in _PARTY_KEYS \
        and hit.start - previous.value_end < 80


def _region_end(text: str, hits: list[LabelHit], i: int) -> int:
    """A role label's value runs over certificate labels on its line, up to another label or the line's end."""
    line_end = text.find("\n", hits[i].value_start)
    line_end = len(text) if line_end < 0 else line_end
    for later in hits[i + 1:]:
        if later.start >= line_end:
            break
        if later.key != "cert_no":
            return later.start
    return line_end


def _officers_in(text: str, start: int, end: int, role: str, confidence: float) -> list[dict]:
    out = []
    pos = start
    for part in _SEPARATORS.split(text[start:end]):
        offset = text.find(part, pos, end) if part else pos
        pos = offset + len(part)
        m = _ITEM.match(part.strip())
        if not m or not m.group("name") or m.group("name") in _NOT_NAMES:
            continue
        lead = len(part) - len(part.lstrip())
        name_start = offset + lead + m.start("name")
        officer = {"name": m.group("name"), "name_span": (name_start, name_start + len(m.group("name"))),
                   "role": role, "confidence": confidence}
        cert = m.group("cert")
        if cert:
            cm = _CERT_VALUE.match(cert)
            if cm:
                cs = offset + lead + m.start("cert")
                officer["cert_raw"], officer["cert_span"] = cm.group(), (cs, cs + len(cm.group()))
        out.append(officer)
    return out


def _attach_loose_certs(text: str, hits: list[LabelHit], officers: list[dict]) -> None:
    """A certificate on its own line belongs to the officer named just before it without one."""
    covered = {o["cert_span"][0] for o in officers if "cert_span" in o}
    for hit in hits:
        if hit.key != "cert_no":
            continue
        m = _CERT_VALUE.match(hit.value.strip())
        if not m:
            continue
        start = hit.value_start + (len(hit.value) - len(hit.value.lstrip()))
        if start in covered:
            continue
        before = [o for o in officers if o["name_span"][1] <= hit.start and "cert_span" not in o
                  and hit.start - o["name_span"][1] < 60]
        if before:
            before[-1]["cert_raw"], before[-1]["cert_span"] = m.group(), (start, start + len(m.group()))


def extract_officers(text: str, hits: list[LabelHit]) -> list[Found]:
    officers: list[dict] = []
    previous = None
    for i, hit in enumerate(hits):
        role = ROLE_KEYS.get(hit.key)
        if role and not _is_legal_rep(hit, previous):
            signature = hit.key.startswith("sign:")
            officers += _officers_in(text, hit.value_start, _region_end(text, hits, i), role,
                                     0.8 if signature else 0.9)
        previous = hit
    _attach_loose_certs(text, hits, officers)
    for m in _PROSE.finditer(text):
        pos = m.start("names")
        for name in re.split("[、和]", m.group("names")):
            start = text.find(name, pos)
            officers.append({"name": name, "name_span": (start, start + len(name)), "role": "handler",
                             "confidence": 0.75})
            pos = start + len(name)
    return _as_found(officers)


def _as_found(officers: list[dict]) -> list[Found]:
    """One group per officer: name, certificate number (when read) and every role they played."""
    by_name: dict[str, dict] = {}
    for o in officers:
        entry = by_name.setdefault(o["name"], {"roles": [], "first": o})
        if o["role"] not in entry["roles"]:
            entry["roles"].append(o["role"])
        if "cert_raw" in o and "cert_raw" not in entry:
            entry["cert_raw"], entry["cert_span"] = o["cert_raw"], o["cert_span"]
        elif "cert_raw" in o and read_cert_no(o["cert_raw"])[0] != read_cert_no(entry["cert_raw"])[0]:
            entry.setdefault("conflict", True)
    out = []
    for name, entry in by_name.items():
        first = entry["first"]
        group = f"officer:{name}"
        out.append(Found("officer", "name", name, name, first["confidence"], *first["name_span"], group=group))
        out.append(Found("officer", "role", ",".join(entry["roles"]), ",".join(entry["roles"]),
                         first["confidence"], *first["name_span"], group=group))
        if "cert_raw" in entry:
            value, conf, problems = read_cert_no(entry["cert_raw"])
            if entry.get("conflict"):
                problems, conf = problems + ("conflict",), 0.4
            out.append(Found("officer", "cert_no", value, entry["cert_raw"], conf, *entry["cert_span"],
                             group=group, problems=problems))
    return out


def extract_devices(text: str, hits: list[LabelHit]) -> list[Found]:
    """Recording device numbers (执法记录仪编号 / 记录设备编号) named in the text."""
    seen: dict[str, Found] = {}
    spans = []
    for hit in hits:
        if hit.key == "device":
            m = _DEVICE_VALUE.search(hit.value)
            if m and m.start() <= 2:
                spans.append((m.group(), hit.value_start + m.start()))
    for m in _DEVICE_PROSE.finditer(text):
        spans.append((m.group("no"), m.start("no")))
    for raw, start in spans:
        value = raw.upper()
        if value not in seen:
            seen[value] = Found("device", "device_no", value, raw, 0.9, start, start + len(raw),
                                group=f"device:{value}")
    return list(seen.values())
