"""Parties (当事人): persons and organisations with their particulars; witnesses and third parties apart.

A party block starts at a role label (当事人, 被询问人, 受送达人, 见证人 …)
and takes the particulars labelled after it (性别, 身份证号, 统一社会信用代码,
法定代表人, 联系电话, 住址) until another kind of label. The addressee line
of a notice or decision ("张三：") names the party too. ID numbers and
credit codes found outside any block are still read and checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from classify.form import LabelHit
from classify.found import Found
from classify.ids import (
    CREDIT_CANDIDATE,
    ID_CANDIDATE,
    looks_like_credit_code,
    read_credit_code,
    read_id_number,
    sex_from_id_number,
)

PARTY_ROLE_KEYS = ("party", "interviewee", "witness", "third_party", "agent")
_ATTRIBUTE_KEYS = {"name", "sex", "id_number", "credit_code", "legal_rep", "head", "phone", "address",
                   "ethnicity", "birth", "occupation"}
_ORG_SUFFIX = re.compile(r"(公司|厂|店|部|中心|合作社|事务所|医院|学校|商行|门市|工作室|馆|社|站|场|院|集团|"
                         r"协会|委员会|分公司|营业部|超市|酒店|饭店|个体工商户|经营部|加工坊|作坊)$")
_ORG_NAME = re.compile(r"[\u4e00-\u9fff·()（）A-Za-z0-9]+(?:" + _ORG_SUFFIX.pattern[1:-2] + r")")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff·]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_ADDRESSEE = re.compile(r"^(?P<name>[\u4e00-\u9fff·()]{2,40})[:：]\s*$", re.M)
_NOT_NAMES = {"无", "本人", "当事人", "签名", "签字", "盖章", "同上", "见证人", "不详"}
BLOCK_REACH = 160  # characters after the last particular that may still belong to the block


@dataclass
class _Entity:
    role: str
    name: Found | None = None
    attrs: dict[str, Found] = field(default_factory=dict)
    last_end: int = 0

    def identity(self) -> str:
        for attr in ("id_number", "credit_code"):
            f = self.attrs.get(attr)
            if f and not f.problems and f.value:
                return f.value
        return self.name.value if self.name and self.name.value else f"@{self.last_end}"


def _name_from(value: str, start: int) -> tuple[str, int, int] | None:
    """The name at the start of a value: an organisation's full name or a person's 2-4 characters."""
    text = value.strip()
    lead = len(value) - len(value.lstrip())
    cut = re.split(r"[(（,，;；\s]", text, maxsplit=1)[0]
    m = _NAME_CHARS.match(cut)
    if not m:
        return None
    name = m.group()
    if _ORG_SUFFIX.search(name) or len(name) > 4:
        org = _ORG_NAME.match(text)
        name = org.group() if org else name
    if name in _NOT_NAMES or len(name) < 2:
        return None
    return name, start + lead, start + lead + len(name)


def _phone(value: str) -> tuple[str, tuple[str, ...]]:
    digits = re.sub(r"[\s()（）]", "", value)
    m = re.match(r"[0-9-]{7,14}", digits)
    number = m.group() if m else digits
    ok = bool(_MOBILE.match(number) or _LANDLINE.match(number))
    return number, () if ok else ("bad_phone",)


def _number(kind: str, raw: str, start: int, end: int, group: str) -> Found:
    reading = read_credit_code(raw) if kind == "credit_code" else read_id_number(raw)
    problems = reading.problems + (("ocr_repaired",) if reading.repaired and reading.valid else ())
    return Found(kind="_", attr=kind, value=reading.value if reading.valid else None, raw=raw,
                 confidence=reading.confidence, start=start, end=end, group=group, problems=problems)


def _attribute(hit: LabelHit, group: str) -> Found | None:
    key = "legal_rep" if hit.key == "head" else hit.key
    value = hit.value.strip()
    if not value:
        return None
    if key in ("id_number", "credit_code"):
        m = (CREDIT_CANDIDATE if key == "credit_code" else ID_CANDIDATE).match(value)
        raw = m.group() if m else re.split(r"[\u4e00-\u9fff]", value)[0]
        kind = "credit_code" if key == "credit_code" or looks_like_credit_code(raw) else "id_number"
        return _number(kind, raw, hit.value_start, hit.value_start + len(raw), group)
    if key == "phone":
        number, problems = _phone(value)
        return Found("_", "phone", number, value, 0.9 if not problems else 0.4, hit.value_start,
                     hit.value_start + len(number), group, problems)
    if key == "sex":
        sex = value[:1] if value[:1] in "男女" else None
        return Found("_", "sex", sex, value, 0.95 if sex else 0.3, hit.value_start, hit.value_start + 1, group,
                     () if sex else ("unreadable",))
    if key == "legal_rep":
        parsed = _name_from(value, hit.value_start)
        if parsed is None:
            return None
        return Found("_", "legal_rep", parsed[0], value, 0.9, parsed[1], parsed[2], group)
    if key == "address":
        return Found("_", "address", value, value, 0.85, hit.value_start, hit.value_end, group)
    return None


def _finish(entity: _Entity) -> list[Found]:
    if entity.name is None and not entity.attrs:
        return []
    kind = "organisation" if "credit_code" in entity.attrs or (
        entity.name and entity.name.value and (len(entity.name.value) > 4 or _ORG_SUFFIX.search(entity.name.value))) \
        else "person"
    group = f"{entity.role}:{entity.identity()}"
    out = []
    if entity.name:
        entity.name.group = group
        out.append(entity.name)
    for f in entity.attrs.values():
        f.group = group
        out.append(f)
    for f in out:
        f.kind = entity.role
    id_f, sex_f = entity.attrs.get("id_number"), entity.attrs.get("sex")
    if id_f and id_f.value and sex_f and sex_f.value and sex_from_id_number(id_f.value) != sex_f.value:
        sex_f.problems += ("sex_mismatch",)
    out.append(Found(entity.role, "kind", kind, kind, 0.9, group=group))
    return out


def _merge(found: list[Found]) -> list[Found]:
    """The same party named twice (当事人 and the addressee line) is one: keep the surest of each value."""
    best: dict[str, Found] = {}
    for f in found:
        old = best.get(f.key)
        if old is None or (old.value is None and f.value) or f.confidence > old.confidence:
            best[f.key] = f
    return list(best.values())


def extract_parties(text: str, hits: list[LabelHit]) -> list[Found]:
    """Parties, interviewees, witnesses, third parties and agents, with their particulars."""
    found: list[Found] = []
    consumed: list[tuple[int, int]] = []
    entity: _Entity | None = None
    for hit in hits:
        if hit.key in PARTY_ROLE_KEYS:
            if entity:
                found += _finish(entity)
            entity = _Entity(hit.key, last_end=hit.value_end)
            parsed = _name_from(hit.value, hit.value_start)
            if parsed:
                entity.name = Found(hit.key, "name", parsed[0], hit.value, 0.9, parsed[1], parsed[2])
            continue
        if entity and hit.key in _ATTRIBUTE_KEYS and hit.start - entity.last_end <= BLOCK_REACH:
            if hit.key == "name" and entity.name is None:
                parsed = _name_from(hit.value, hit.value_start)
                if parsed:
                    entity.name = Found(entity.role, "name", parsed[0], hit.value, 0.9, parsed[1], parsed[2])
            attr = _attribute(hit, "")
            if attr and attr.attr not in entity.attrs:
                entity.attrs[attr.attr] = attr
                consumed.append((attr.start, attr.end))
            entity.last_end = hit.value_end
        elif entity and hit.key not in _ATTRIBUTE_KEYS and not hit.key.startswith("sign:"):
            found += _finish(entity)
            entity = None
    if entity:
        found += _finish(entity)
    found += _addressee(text)
    found += _loose_numbers(text, consumed)
    return _merge(found)


def _addressee(text: str) -> list[Found]:
    """"张三：" or "某某有限公司：" alone on one of the first lines of a notice or decision names its party."""
    head = "\n".join(text.split("\n")[:5])
    for m in _ADDRESSEE.finditer(head):
        line_name = m.group("name")
        if not (len(line_name) <= 4 or _ORG_SUFFIX.search(line_name)):
            continue  # a sentence ending in a colon ("决定如下："), not a name
        parsed = _name_from(line_name, m.start("name"))
        if parsed and parsed[0] not in _NOT_NAMES:
            entity = _Entity("party", Found("party", "name", parsed[0], m.group(), 0.8, parsed[1], parsed[2]))
            return _finish(entity)
    return []


def _loose_numbers(text: str, consumed: list[tuple[int, int]]) -> list[Found]:
    """ID numbers and credit codes outside any party block: read and checked all the same."""
    out = []
    taken = list(consumed)
    for pattern in (ID_CANDIDATE, CREDIT_CANDIDATE):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            raw = m.group()
            if len(raw.replace(" ", "")) != 18:
                continue  # a 17- or 19-character run outside a label is rarely a damaged number
            as_id, as_code = _number("id_number", raw, m.start(), m.end(), ""), \
                _number("credit_code", raw, m.start(), m.end(), "")
            if as_id.value:
                f = as_id
            elif as_code.value or looks_like_credit_code(raw):
                f = as_code
            elif pattern is ID_CANDIDATE and any(c.isdigit() for c in raw[:6]):
                f = as_id
            else:
                continue
            taken.append((m.start(), m.end()))
            f.kind = "mentioned"
            f.group = f"mentioned:{f.value or raw}"
            out.append(f)
    return out
