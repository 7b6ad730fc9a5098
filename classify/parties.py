"""Parties as persons and organisations, each in its role in the document.

Roles (classify.labels.PARTY_ROLES): 当事人 party, 法定代表人/负责人 legal_rep,
委托代理人 agent, 被询问人 interviewee, 证人/见证人 witness, 受送达人
recipient, 第三人 third_party. They are read from

- form blocks: a role label (当事人, 被询问人, 受送达人 …) and the particulars
  labelled after it (性别, 身份证号, 统一社会信用代码, 法定代表人, 电话, 住址);
- the addressee line of a letter ("张某某：", "某某有限公司：");
- an interviewee's employer (工作单位, "（某某公司员工）"): the company under
  investigation is the party;
- the prose of documents without a party block (法制审核意见书, 集体讨论记录):
  "当事人某某…", "关于某某涉嫌…一案", "对某某作出…".

Every name is checked for shape (classify.names). An identifier goes only to
the kind it belongs to: a 身份证号 (GB 11643) to a person, a 统一社会信用代码
(GB 32100) to an organisation. On an organisation's block the 身份证号 read
after 法定代表人 is the representative's, who is recorded as a person of their
own (role legal_rep, `represents` the organisation). A number that fits no
party of its kind is kept as "mentioned", read and checked but owned by no one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from classify.form import LABEL_ONLY, LABELS, LabelHit
from classify.fuzzy import levenshtein
from classify.found import Found
from classify.ids import (
    CREDIT_CANDIDATE,
    ID_CANDIDATE,
    looks_like_credit_code,
    read_credit_code,
    read_id_number,
    sex_from_id_number,
)
from classify.labels import PARTY_ROLES
from classify.names import (NOT_NAMES, ORG_SUFFIX, ends_name, is_agency_name, is_name_in_cell, is_org_name,
                            is_person_name, person_name_at)

ROLE_KEYS = ("party", "recipient", "interviewee", "witness", "third_party", "agent")
PARTY_ROLE_KINDS = tuple(PARTY_ROLES)  # party, legal_rep, agent, interviewee, witness, recipient, third_party
_ATTRIBUTE_KEYS = {"name", "sex", "id_number", "credit_code", "legal_rep", "head", "phone", "address",
                   "ethnicity", "birth", "occupation", "employer", "relation"}
# Particulars only a person has: after 法定代表人 on an organisation's block they are the representative's.
_PERSON_ONLY = {"sex", "id_number", "ethnicity", "birth", "occupation"}
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
WRAP_LINES = 3  # lines below a number its cell wrapped that may hold its last characters
BLOCK_REACH = 160  # characters after the last particular that may still belong to the block
HEAD_LINES = 14  # the addressee line stands among the first lines, before the body
_HAN = r"\u4e00-\u9fff"
# Signature lines that name a person in a party role (留置送达's 见证人签名, a 代收人's signature).
_SIGN_ROLES = {"sign:witness": "witness", "sign:agent": "agent"}
_RECEIPT_SIGNERS = ("受送达人", "签收人", "收件人")
# The organisation that sent a person to speak for it, printed under the person's block.
_PRINCIPAL_LABELS = ("委托单位", "委托人单位", "所代理单位", "被代理单位")
# The operator of an 个体工商户 or the person in charge of a shop, printed under the organisation's block.
_OPERATOR_LABELS = ("经营者",)
# "系当事人之子", "系受送达人的同事", "是被询问人之妻": how an agent, 代收人 or witness stands to the party.
_RELATION = re.compile(rf"(?:系|是|为)(?:当事人|受送达人|被询问人|被检查人|被处罚人|申请人)(?:之|的)?"
                       rf"(?P<rel>[{_HAN}]{{1,8}}?)(?=[，,。；;\s)）]|$)")
_ORG_RUN = re.compile(rf"[{_HAN}()A-Za-z0-9·]{{2,60}}")
# "（某某有限公司法定代表人）", "（系某某公司员工）": the employer inside an interviewee's brackets.
_STAFF_WORDS = ("法定代表人", "负责人", "员工", "职工", "工作人员", "经理", "总经理", "股东", "店长", "厨师",
                "项目经理", "主管", "会计", "出纳", "职员", "业务员", "管理人员", "经营者", "老板", "施工员",
                "安全员", "现场负责人", "委托代理人", "主要负责人", "实际经营人", "员")
_STAFF = re.compile(rf"[(（]\s*(?:系|是|为)?(?P<org>[{_HAN}()A-Za-z0-9·]{{4,60}}?)(?:的)?"
                    rf"(?P<post>{'|'.join(sorted(_STAFF_WORDS, key=len, reverse=True))})?\s*[)）]")
# Firms that lend a party its agent (律师事务所, 法律服务所): never the party themselves.
_LEGAL_SERVICE = re.compile(r"(律师事务所|法律服务所|法律援助中心|公证处)$")
_REP_POSTS = ("法定代表人", "负责人", "主要负责人", "经营者", "实际经营人", "老板")
# An organisation or person named in prose, after words that introduce the party of a case.
# "某某同志承办的张某某涉嫌…一案": the case an officer handled, reported or referred, named by its party.
_PROSE_CUES = re.compile(r"(?:当事人|被处罚人|被检查单位|被检查人|关于|对|就|你单位|我单位|我公司|在"
                         r"|(?:承办|办理|查处|报送|移送)的)(?=[" + _HAN + r"])")
# An office of the agency an internal document is addressed to (稽查科：, 法制股：), never a party.
_DEPARTMENT = re.compile(r"(科|股|室|处|队|组|办|局|所|站|部)$")
# A document's number at the start of a line ("某罚告〔2023〕12号", "某公(白)催字〔2023〕0009号", a speck read as a colon
# before the bracket), and what follows it.
_NUMBER_THEN = re.compile(r"^[^\n:：]{1,30}?[:：]?[〔\[(（]?\s*(?:19|20)\d{2}\s*[〕\])）]\s*第?\s*\d{1,6}\s*号(?=[^\n号]{2,}[:：])")
_ADDRESSEE = re.compile(rf"^(?:致|To)?\s*(?P<name>[{_HAN}·()、A-Za-z0-9]{{2,60}}?)\s*(?:同志|先生|女士)?\s*"
                        rf"(?P<note>[(（][^)）\n]{{0,40}}[)）])?\s*[:：;；]\s*(?P<rest>.*)$", re.M)


@dataclass
class _Entity:
    role: str
    name: Found | None = None
    attrs: dict[str, Found] = field(default_factory=dict)
    last_end: int = 0
    rep: _Entity | None = None  # an organisation's legal representative, read inside its block
    represents: str | None = None  # the organisation a representative or an interviewee acts for
    cell_person: bool = False  # the name filled a person's cell alone: a person although its surname is rare
    agency: bool = False  # the block is the agency's own (申请人：某县自然资源局 on an application to the court)
    label: str = ""  # the label that opened the block

    @property
    def name_value(self) -> str | None:
        return self.name.value if self.name and self.name.value else None

    def kind(self) -> str | None:
        name = self.name_value
        if name and is_org_name(name):
            return "organisation"
        if name and (is_person_name(name) or self.cell_person):
            return "person"
        if "credit_code" in self.attrs:
            return "organisation"
        if "id_number" in self.attrs:
            return "person"
        return None

    def identity(self) -> str:
        for attr in ("id_number", "credit_code"):
            f = self.attrs.get(attr)
            if f and not f.problems and f.value:
                return f.value
        return self.name_value or f"@{self.last_end}"


def _name_from(value: str, start: int) -> tuple[str, int, int] | None:
    """The name at the start of a label's value, if it is shaped like one: an organisation's or a person's."""
    lead = len(value) - len(value.lstrip())
    text = value.strip()
    org = _ORG_RUN.match(text)
    if org:
        run = org.group()
        # The longest prefix that ends in an organisation suffix and reads as a name.
        for end in range(len(run), 3, -1):
            if ORG_SUFFIX.search(run[:end]) and is_org_name(run[:end]):
                return run[:end], start + lead, start + lead + end
    token = re.match(rf"[{_HAN}·]+", text)
    if not token:
        return None
    name = token.group() if is_person_name(token.group()) else person_name_at(text, 0)
    if not name and is_name_in_cell(token.group()) and token.group() not in NOT_NAMES \
            and not is_org_name(token.group()):
        name = token.group()
    if not name or name in NOT_NAMES:
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


def _attribute(hit: LabelHit) -> Found | None:
    key = hit.key
    value = hit.value.strip()
    if not value:
        return None
    if key in ("id_number", "credit_code"):
        m = (CREDIT_CANDIDATE if key == "credit_code" else ID_CANDIDATE).match(value)
        raw = m.group() if m else re.split(rf"[{_HAN}]", value)[0]
        # The label may be wrong about the kind (证件号码 before a credit code): the characters settle it.
        as_code = key == "credit_code" or looks_like_credit_code(raw)
        if as_code and key == "credit_code" and not looks_like_credit_code(raw) and read_id_number(raw).valid:
            as_code = False
        return _number("credit_code" if as_code else "id_number", raw, hit.value_start, hit.value_start + len(raw),
                       "")
    if key == "phone":
        number, problems = _phone(value)
        return Found("_", "phone", number, value, 0.9 if not problems else 0.4, hit.value_start,
                     hit.value_start + len(number), "", problems)
    if key == "sex":
        sex = value[:1] if value[:1] in "男女" else None
        return Found("_", "sex", sex, value, 0.95 if sex else 0.3, hit.value_start, hit.value_start + 1, "",
                     () if sex else ("unreadable",))
    if key == "address":
        return Found("_", "address", value, value, 0.85, hit.value_start, hit.value_end, "")
    if key == "relation":
        rel = re.match(rf"(?:系|是)?(?:当事人|受送达人)?(?:之|的)?(?P<rel>[{_HAN}]{{1,8}})", value)
        if rel:
            return Found("_", "relation", rel.group("rel"), value, 0.85, hit.value_start + rel.start("rel"),
                         hit.value_start + rel.end("rel"), "")
    return None


def _person(role: str, hit: LabelHit, confidence: float = 0.9) -> _Entity | None:
    parsed = _name_from(hit.value, hit.value_start)
    if parsed is None or not is_person_name(parsed[0]):
        return None
    return _Entity(role, Found(role, "name", parsed[0], hit.value, confidence, parsed[1], parsed[2]),
                   last_end=hit.value_end)


class _Reader:
    """Walks the label hits once, opening a block at each role label and filling it with its particulars."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[_Entity] = []
        self.loose: list[Found] = []  # identifiers that fit no party of their kind
        self.consumed: list[tuple[int, int]] = []
        self.current: _Entity | None = None

    def close(self) -> None:
        if self.current is not None:
            self.entities.append(self.current)
        self.current = None

    def open(self, hit: LabelHit) -> None:
        self.close()
        role = hit.key
        entity = _Entity(role, last_end=hit.value_end, label=hit.label)
        entity.agency = is_agency_name(re.split(r"[,，;；\s]", hit.value.strip())[0])
        parsed = None if entity.agency else _name_from(hit.value, hit.value_start)
        if not entity.agency and (parsed is None or not is_org_name(parsed[0]) and not is_person_name(parsed[0])):
            parsed = self._wrapped_org(hit) or parsed
        if parsed:
            entity.name = Found(role, "name", parsed[0], hit.value, 0.9, parsed[1], parsed[2])
            entity.cell_person = not is_person_name(parsed[0]) and not is_org_name(parsed[0])
            self._employer_in_brackets(entity, hit.value[parsed[2] - hit.value_start:], parsed[2])
            self._bare_number(entity, hit.value[parsed[2] - hit.value_start:], parsed[2])
        self._relation(entity, hit)
        self.current = entity

    def _bare_number(self, entity: _Entity, rest: str, offset: int) -> None:
        """"刘小明（110101199003070011）": a number printed beside the name without its label."""
        for pattern in (ID_CANDIDATE, CREDIT_CANDIDATE):
            m = pattern.search(rest)
            if not m or len(m.group().replace(" ", "")) != 18 or re.search(rf"[{_HAN}]", rest[:m.start()].strip(
                    " \t,，(（:：")):
                continue
            as_id = _number("id_number", m.group(), offset + m.start(), offset + m.end(), "")
            found = as_id if as_id.value else _number("credit_code", m.group(), offset + m.start(), offset + m.end(), "")
            if found.value and found.attr not in entity.attrs:
                entity.attrs[found.attr] = found
                self.consumed.append((found.start, found.end))
                return

    @staticmethod
    def _relation(entity: _Entity, hit: LabelHit) -> None:
        m = _RELATION.search(hit.value)
        if m and "relation" not in entity.attrs:
            start = hit.value_start + m.start("rel")
            entity.attrs["relation"] = Found("_", "relation", m.group("rel"), m.group(), 0.8, start,
                                             start + len(m.group("rel")), "")

    def _employer_in_brackets(self, entity: _Entity, rest: str, offset: int) -> None:
        """王样例（测试市样例商贸有限公司法定代表人）: the company is the party; the person acts for it."""
        if not entity.name_value or not is_person_name(entity.name_value):
            return
        m = _STAFF.match(rest.lstrip())
        if not m:
            return
        org = _org_prefix(m.group("org"))
        if not org:
            return
        start = offset + (len(rest) - len(rest.lstrip())) + m.start("org")
        self._employer(entity, org, start, m.group("post") in _REP_POSTS)

    def _employer(self, entity: _Entity, org: str, start: int, is_rep: bool) -> None:
        if entity.role == "agent" and _LEGAL_SERVICE.search(org):
            return  # a lawyer's firm: where the agent works, not whose matter it is
        entity.represents = org
        self.entities.append(_Entity("party", Found("party", "name", org, org, 0.8, start, start + len(org)),
                                     last_end=start + len(org)))
        if is_rep and entity.role != "legal_rep":
            # The same person in a second role: their particulars, read later in the block, are shared.
            rep = _Entity("legal_rep", Found("legal_rep", "name", entity.name_value, entity.name.raw, 0.8,
                                              entity.name.start, entity.name.end), attrs=entity.attrs,
                          represents=org)
            self.entities.append(rep)

    def _wrapped_org(self, hit: LabelHit) -> tuple[str, int, int] | None:
        """"当事人:某某装卸有限责 / 任公司", "当事人名称|某某有限责任公 / 统一社会信用代码|9133…司": an organisation's
        name its cell wrapped, the rest on a line below (alone, or at the end of the next cell's line), with
        the row's other cells read in between. Joined only where the cut falls inside a suffix of two
        characters or more (有限责 | 任公司), so that the words of the next cell are left out."""
        value = hit.value.strip()
        lead = len(hit.value) - len(hit.value.lstrip())
        head = re.match(rf"[{_HAN}()]{{4,60}}", value)
        if not head:
            return None
        line_end = self.text.find("\n", hit.value_end)
        for _ in range(WRAP_LINES - 1):
            if line_end < 0:
                return None
            nxt = self.text.find("\n", line_end + 1)
            line = self.text[line_end + 1:len(self.text) if nxt < 0 else nxt].strip()
            pieces = [m.group() for m in (re.fullmatch(rf"[{_HAN}]{{1,6}}", line),
                                          re.search(rf"(?<=[0-9A-Za-z])[{_HAN}]{{1,3}}$", line)) if m]
            for piece in pieces:
                for cut in range(len(head.group()), 3, -1):
                    name = head.group()[:cut] + piece
                    suffix = ORG_SUFFIX.search(name)
                    # The joint falls inside the suffix (有限责 | 任公司): the piece ends the word the cell cut.
                    if suffix and len(suffix.group()) >= 2 and suffix.start() < cut and is_org_name(name) \
                            and not is_agency_name(name):
                        start = hit.value_start + lead
                        return name, start, start + cut
            line_end = nxt
        return None

    def _wrapped_number(self, attr: Found) -> Found:
        """"统一社会信用代码:52139901D85CH1YX8 … 2": a number its cell wrapped, its last characters on a line
        of their own close below. Joined only when the whole number then passes its check character."""
        raw = re.sub(r"\s", "", attr.raw)
        if not 14 <= len(raw) < 18:
            return attr
        line_end = self.text.find("\n", attr.end)
        for _ in range(WRAP_LINES):
            if line_end < 0:
                break
            nxt = self.text.find("\n", line_end + 1)
            line = self.text[line_end + 1:len(self.text) if nxt < 0 else nxt].strip()
            if re.fullmatch(r"[0-9A-Za-z]{1,4}", line) and len(raw + line) == 18:
                joined = _number(attr.attr, raw + line, attr.start, attr.end, "")
                if joined.value:
                    return replace(joined, raw=attr.raw + line)
            line_end = nxt
        return attr

    def entrusted(self, value: str, start: int) -> None:
        entity = self.current
        assert entity is not None
        lead = len(value) - len(value.lstrip())
        org = _org_prefix(value.strip())
        if org and not is_agency_name(org):
            entity.role = "agent"
            entity.represents = org
            self.entities.append(_Entity("party", Found("party", "name", org, org, 0.8, start + lead,
                                                        start + lead + len(org)), last_end=start + lead + len(org)))

    def particular(self, hit: LabelHit) -> None:
        entity = self.current
        assert entity is not None
        entity.last_end = hit.value_end
        if entity.role in ("agent", "witness", "recipient") and hit.key != "relation":
            self._relation(entity, hit)
        if hit.key == "name":
            if entity.name is None:
                parsed = _name_from(hit.value, hit.value_start)
                if parsed:
                    entity.name = Found(entity.role, "name", parsed[0], hit.value, 0.9, parsed[1], parsed[2])
            return
        if hit.key in ("legal_rep", "head"):
            if entity.kind() == "person" and hit.key == "head":
                return  # a person's block has no head; the label belongs to a form's approval part
            rep = _person("legal_rep", hit)
            if rep is not None and entity.rep is None:
                entity.rep = rep
                entity.attrs["legal_rep"] = Found("_", "legal_rep", rep.name_value, hit.value, 0.9,
                                                  rep.name.start, rep.name.end)
            return
        if hit.key == "employer":
            org = _org_prefix(hit.value.strip())
            if org and entity.kind() == "person" and entity.role in ("interviewee", "witness", "agent"):
                lead = len(hit.value) - len(hit.value.lstrip())
                post = hit.value.strip()[len(org):].lstrip(" ,，、:：")
                self._employer(entity, org, hit.value_start + lead,
                               entity.role == "interviewee" and post.startswith(_REP_POSTS))
            return
        if hit.key == "occupation" and entity.represents and entity.role == "interviewee" \
                and hit.value.strip().startswith(_REP_POSTS):
            # 工作单位：某公司　职务：法定代表人 — the person asked answers for the company as its representative.
            self.entities.append(_Entity("legal_rep", Found("legal_rep", "name", entity.name_value, entity.name.raw,
                                                            0.8, entity.name.start, entity.name.end),
                                         attrs=entity.attrs, represents=entity.represents))
            return
        attr = _attribute(hit)
        if attr is None:
            return
        if attr.attr in ("id_number", "credit_code") and not attr.value:
            attr = self._wrapped_number(attr)
        target = entity.rep if entity.rep is not None and hit.key in _PERSON_ONLY else entity
        if attr.attr not in target.attrs:
            target.attrs[attr.attr] = attr
            self.consumed.append((attr.start, attr.end))


# "我受某某有限公司委托，作为委托代理人接受询问": the person asked is the company's agent, the company the party.
_ENTRUSTED_BY = re.compile(r"(?:受|接受)(?P<org>[^，,。；;\n]{4,60}?)(?:的)?委托")


def _entrusted_in_answers(text: str, entities: list[_Entity]) -> None:
    interviewees = [e for e in entities if e.role == "interviewee" and e.name_value and e.represents is None]
    if len({e.name_value for e in interviewees}) != 1:
        return  # whose agent the speaker is is clear only when one person is asked
    for m in _ENTRUSTED_BY.finditer(text):
        org = m.group("org")
        if is_org_name(org) and not is_agency_name(org):
            for person in interviewees:
                person.role, person.represents = "agent", org
            start = m.start("org")
            entities.append(_Entity("party", Found("party", "name", org, org, 0.8, start, start + len(org)),
                                    last_end=start + len(org)))
            return


# "我们公司的法定代表人是张某": an answer naming who answers for the organisation under investigation.
# "公司全称是某某公司，统一社会信用代码…，法定代表人是张某": the post after a comma, in the same description.
_REP_ANSWERED = re.compile(r"(?:公司|单位|企业|厂|店|我们|[，,])(?:的)?(?:法定代表人|主要负责人|负责人|实际经营人|经营者)"
                           r"(?:是|为|叫)")


def _rep_in_answers(text: str, entities: list[_Entity]) -> None:
    """The representative of the one organisation a record is about, named in what someone said, where no
    representative is read from a field."""
    orgs = {e.name_value for e in entities if e.role == "party" and e.name_value and is_org_name(e.name_value)}
    if len(orgs) != 1 or any(e.role == "legal_rep" or e.rep is not None for e in entities):
        return
    for m in _REP_ANSWERED.finditer(text):
        person = person_name_at(text, m.end())
        if person and re.match(r"[，,。；;\s]|$", text[m.end() + len(person):m.end() + len(person) + 1]):
            at = m.end()
            entities.append(_Entity("legal_rep", Found("legal_rep", "name", person, person, 0.7, at,
                                                       at + len(person)), last_end=at + len(person)))
            return


def _signed_for_organisation(signers: list[LabelHit], entities: list[_Entity]) -> None:
    """A person who signs as 当事人 (当事人签收, 当事人签名) where the party is one organisation signs for it,
    as the one who answers for it; a person party signs for themselves, and that names nobody new."""
    parties = {e.name_value for e in entities if e.role == "party" and e.name_value}
    orgs = {name for name in parties if is_org_name(name)}
    if len(orgs) != 1 or parties - orgs or any(e.role == "legal_rep" or e.rep is not None for e in entities):
        return
    signer = next((p for p in (_person("legal_rep", h, 0.7) for h in signers) if p and p.name_value), None)
    if signer is not None:
        signer.represents = next(iter(orgs))
        entities.append(signer)


# "由某某有限公司法定代表人张某签收" in a 送达回证's 备注: who signed for the recipient, and as what.
_RECEIPT_NOTE = re.compile(r"由(?:其|该公司|该单位)?(?P<post>法定代表人|主要负责人|负责人|经营者|委托代理人|代理人|受托人)"
                           r"|由(?P<org>[^，,。；;由\n]{4,60}?)(?:的)?(?P<post2>法定代表人|主要负责人|负责人|经营者|委托代理人|代理人"
                           r"|受托人)")
_RECEIPT_ROLE = {"法定代表人": "legal_rep", "主要负责人": "legal_rep", "负责人": "legal_rep", "经营者": "legal_rep",
                 "委托代理人": "agent", "代理人": "agent", "受托人": "agent"}


def _receipt_note(text: str, entities: list[_Entity]) -> None:
    """The person a 送达回证's note says signed for the recipient takes the role the note gives them (the
    recipient's representative or agent), in place of the bare signer read from the signature cell."""
    recipients = {e.name_value for e in entities if e.role in ("recipient", "party") and e.name_value
                  and is_org_name(e.name_value)}
    for m in _RECEIPT_NOTE.finditer(text):
        post = m.group("post") or m.group("post2")
        person = person_name_at(text, m.end())
        if not person or not re.match(r"(?:代为|代)?(?:签收|签字|接收|代收)", text[m.end() + len(person):]):
            continue
        org = m.group("org")
        if org is not None and org not in recipients:
            continue
        role = _RECEIPT_ROLE[post]
        represents = org or (next(iter(recipients)) if len(recipients) == 1 else None)
        named = [e for e in entities if e.name_value == person]
        for e in named:
            if e.role in ("recipient", role):
                e.role, e.represents = role, represents
        if not named:
            at = m.end()
            entities.append(_Entity(role, Found(role, "name", person, person, 0.75, at, at + len(person)),
                                    last_end=at + len(person), represents=represents))


# "当事人委托张某律师提出申辩", "委托李某为代理人": the agent a party sent, named in the prose of a decision.
_AGENT_CUE = re.compile(r"(?:当事人|你单位|你|其|申请人|被处罚人)(?:书面)?委托")
_AGENT_AFTER = re.compile(r"(?:律师|作为(?:其)?(?:委托)?代理人|为(?:其)?(?:委托)?代理人|代理)")


def _agent_in_prose(text: str, entities: list[_Entity]) -> None:
    """An agent named only in prose, where no field names one: a person's name between the party's 委托 and
    what makes them its agent (律师, 为代理人)."""
    if any(e.role == "agent" for e in entities):
        return
    for m in _AGENT_CUE.finditer(text):
        at = m.end()
        # The name runs into 律师 with no boundary a name reader knows, so the word after bounds it.
        person = next((text[at:at + n] for n in (3, 2, 4) if is_person_name(text[at:at + n])
                       and _AGENT_AFTER.match(text, at + n)), None)
        if person:
            entities.append(_Entity("agent", Found("agent", "name", person, person, 0.7, at, at + len(person)),
                                    last_end=at + len(person)))
            return


# The person in charge at the place inspected (现场负责人): the party themselves where no party is named (an
# owner at their own home), the organisation's representative where they are the one named, else a witness.
_SITE_LABELS = ("现场负责人", "现场管理人员")


def _site_persons(text: str, hits: list[LabelHit], entities: list[_Entity]) -> None:
    site = [e for e in entities if e.role == "witness" and e.label.startswith(_SITE_LABELS) and e.name_value]
    if not site:
        return
    named = [e for e in entities if e.role == "party" and e.name_value]
    reps = {e.name_value for e in entities if e.role == "legal_rep"} | \
        {e.rep.name_value for e in entities if e.rep is not None and e.rep.name_value}
    for e in site:
        if e.name_value in reps:
            e.role = "legal_rep"  # merged with the representative's own entry
        elif not named:
            e.role = "party"


def _org_prefix(value: str) -> str | None:
    m = _ORG_RUN.match(value)
    if not m:
        return None
    run = m.group()
    for end in range(len(run), 3, -1):
        if ORG_SUFFIX.search(run[:end]) and is_org_name(run[:end]):
            return run[:end]
    return None


def _settle_identifiers(entities: list[_Entity], loose: list[Found]) -> list[_Entity]:
    """Each identifier on the kind it belongs to; representatives become entities of their own."""
    out: list[_Entity] = []
    for e in entities:
        if e.agency:
            continue  # the agency and its head (classify.officers records the head as the approver)
        kind = e.kind()
        if kind == "organisation":
            id_f = e.attrs.pop("id_number", None)
            for f in ("sex", "ethnicity", "birth"):
                e.attrs.pop(f, None)
            if id_f is not None:
                if e.rep is not None and "id_number" not in e.rep.attrs:
                    e.rep.attrs["id_number"] = id_f  # 身份证号 on a company's block is its representative's
                else:
                    loose.append(id_f)
        elif kind == "person":
            code_f = e.attrs.pop("credit_code", None)
            if code_f is not None:
                loose.append(code_f)
        out.append(e)
        if e.rep is not None:
            e.rep.represents = e.name_value
            out.append(e.rep)
    return out


# "公司全称是某某有限公司，统一社会信用代码9145…": an organisation described in an answer, its code right after it.
_CODE_AFTER_NAME = re.compile(r"[，,、\s]*(?:的)?(?:统一社会信用代码|社会信用代码|信用代码)(?:是|为)?[:：\s]*")


def _code_described_with_name(text: str, entities: list[_Entity], consumed: list[tuple[int, int]],
                              loose: list[Found]) -> None:
    """The credit code that prose gives right after an organisation party's name, where no field did (or where
    the field's block was a person's, who cannot hold it)."""
    for org in [e for e in entities if e.role == "party" and e.kind() == "organisation" and e.name_value
                and "credit_code" not in e.attrs]:
        _code_after(text, org, consumed, loose)


def _code_after(text: str, org: _Entity, consumed: list[tuple[int, int]], loose: list[Found]) -> None:
    """The code after the organisation's name as read there, or read with one character otherwise (the same
    name on another line of the record)."""
    name = org.name_value
    for m in _CODE_AFTER_NAME.finditer(text):
        before = text[max(0, m.start() - len(name)):m.start()]
        code = CREDIT_CANDIDATE.match(text, m.end())
        if len(before) != len(name) or levenshtein(before, name) > 1 or code is None:
            continue
        held = next((f for f in loose if f.attr == "credit_code" and f.start == code.start()), None)
        if held is None and any(s < code.end() and code.start() < e for s, e in consumed):
            continue
        found = held or _number("credit_code", code.group(), code.start(), code.end(), "")
        if found.value:
            if held is not None:
                loose.remove(held)
            org.attrs["credit_code"] = found
            consumed.append((code.start(), code.end()))
            return


def _finish(entity: _Entity) -> list[Found]:
    kind = entity.kind()
    if kind is None or entity.name_value is None and not entity.attrs:
        return []
    group = f"{entity.role}:{entity.identity()}"
    # Copies: a person in two roles (interviewee and legal_rep) shares its particulars between two entities.
    out = [replace(entity.name)] if entity.name else []
    out += [replace(f) for f in entity.attrs.values()]
    if entity.represents:
        out.append(Found(entity.role, "represents", entity.represents, entity.represents, 0.8))
    for f in out:
        f.kind, f.group = entity.role, group
    attrs = {f.attr: f for f in out}
    id_f, sex_f = attrs.get("id_number"), attrs.get("sex")
    if id_f and id_f.value and sex_f and sex_f.value and sex_from_id_number(id_f.value) != sex_f.value:
        sex_f.problems += ("sex_mismatch",)
    out.append(Found(entity.role, "kind", kind, kind, 0.9, group=group))
    return out


def _dedupe(entities: list[_Entity]) -> list[_Entity]:
    """One entity per role and name: a party named in its block and again on the addressee line is one."""
    kept: dict[tuple[str, str], _Entity] = {}
    out: list[_Entity] = []
    for e in entities:
        name = e.name_value
        if name is None:
            if e.attrs:
                out.append(e)
            continue
        key = (e.role, name)
        if key in kept:
            first = kept[key]
            for attr, f in e.attrs.items():
                first.attrs.setdefault(attr, f)
            first.represents = first.represents or e.represents
            continue
        kept[key] = e
        out.append(e)
    return out


def extract_parties(text: str, hits: list[LabelHit], officer_names: Iterable[str] = (),
                    doc_type: str | None = None, agency_names: Iterable[str] = ()) -> list[Found]:
    """Parties in their roles with their particulars; identifiers outside any party are 'mentioned'.

    `officer_names`: the document's officers, who are never its parties.
    """
    reader = _Reader(text)
    ahead: list[LabelHit] = []  # identifiers read before any block, on the line a block then opens on
    party_signers: list[LabelHit] = []  # "当事人签收：张某" under the body
    addressed = _addressee_with_rep(text)
    if addressed is not None:
        lo, hi = addressed[1]
        hits = [h for h in hits if not lo <= h.start < hi]
        reader.entities.append(addressed[0])
    for hit in hits:
        if hit.key in ROLE_KEYS and ahead:
            # "身份证件号码:3301… 当事人:张某": a table row read with the number's cell first.
            same_line = [h for h in ahead if "\n" not in text[h.value_end:hit.start]]
            reader.open(hit)
            for h in same_line:
                reader.particular(h)
            ahead = []
            continue
        if reader.current is None and hit.key in ("id_number", "credit_code"):
            ahead.append(hit)
            continue
        ahead = []
        current = reader.current
        if hit.label in _OPERATOR_LABELS and current is not None and current.role == "party" \
                and current.kind() == "organisation" and current.rep is None \
                and hit.start - current.last_end <= BLOCK_REACH:
            # 个体工商户 "某某小吃店 经营者：张三": the operator answers for the business, as a representative.
            reader.particular(replace(hit, key="legal_rep"))
        elif hit.key in ROLE_KEYS:
            reader.open(hit)
        elif hit.label in _PRINCIPAL_LABELS and reader.current is None \
                and (org := _org_prefix(hit.value.strip())) and not is_agency_name(org):
            # "委托单位：某某有限公司" opening a 授权委托书: the company that gives the authority is the party (the
            # same label on a 检验委托书 names the agency, which is no party).
            reader.open(replace(hit, key="party"))
        elif hit.key == "name" and (current is None or hit.start - current.last_end > BLOCK_REACH) \
                and (role := _heading_role(text, hit.start)):
            # "当事人基本情况" over "名称 | 某某有限公司": the heading says whose rows follow, the row names them.
            reader.open(replace(hit, key=role))
        elif hit.key in _SIGN_ROLES:
            reader.open(replace(hit, key=_SIGN_ROLES[hit.key]))
        elif hit.key == "sign:party" and hit.label.startswith(_RECEIPT_SIGNERS):
            # "受送达人签收：张某": who took the document, for the recipient named above (a company's clerk, its
            # representative) or the recipient themselves; a person's name by shape, never 拒签 or a date.
            signer = _person("recipient", hit, 0.8)
            if signer is not None:
                reader.close()
                reader.current = signer
        elif hit.key == "sign:party" and hit.label.startswith("当事人"):
            party_signers.append(hit)
        elif hit.label in _PRINCIPAL_LABELS and reader.current is not None \
                and reader.current.role in ("party", "interviewee") and reader.current.kind() == "person" \
                and hit.start - reader.current.last_end <= BLOCK_REACH:
            # "陈述申辩人：张某 … 委托单位：某公司": the person speaks for the company that sent them.
            reader.entrusted(hit.value, hit.value_start)
        elif hit.key == "legal_rep" and reader.current is None:
            # 法定代表人 without a party block (under an addressee line): a person of their own
            reader.current = _person("legal_rep", hit) or _Entity("legal_rep", last_end=hit.value_end)
        elif reader.current is not None and hit.key in _ATTRIBUTE_KEYS \
                and hit.start - reader.current.last_end <= BLOCK_REACH:
            reader.particular(hit)
        elif reader.current is not None and hit.key not in _ATTRIBUTE_KEYS and not hit.key.startswith("sign:") \
                and hit.key != "cert_no":
            reader.close()
    reader.close()
    entities = reader.entities
    _entrusted_in_answers(text, entities)
    _site_persons(text, hits, entities)
    if not any(e.role in ("party", "recipient") and e.name_value for e in entities):
        entities += _addressee(text, doc_type)
    if not any(e.role == "party" and e.name_value for e in entities):
        entities += _facts_party(text, hits) or _org_and_rep_in_prose(text, set(agency_names)) \
            or _prose_parties(text, set(agency_names))
    _rep_in_answers(text, entities)
    _signed_for_organisation(party_signers, entities)
    if doc_type == "service_receipt":
        _receipt_note(text, entities)
    _agent_in_prose(text, entities)
    orgs = [e.name_value for e in entities if e.role == "party" and e.name_value and is_org_name(e.name_value)]
    for e in entities:
        if e.role == "legal_rep" and e.represents is None and len(set(orgs)) == 1:
            e.represents = orgs[0]
    officers = set(officer_names)
    entities = [e for e in entities if not (e.name_value in officers and not e.attrs)]
    entities = _settle_identifiers(_dedupe(entities), reader.loose)
    _code_described_with_name(text, entities, reader.consumed, reader.loose)
    found: list[Found] = []
    for e in entities:
        found += _finish(e)
    found += _loose_numbers(text, reader.consumed, reader.loose)
    return _merge(found)


# A heading over a table of someone's particulars ("当事人基本情况", "被询问人信息", "当事人（单位）情况").
_HEADING = re.compile(r"^(?P<label>当事人|被处罚人|行政相对人|违法行为人|被检查人|被检查单位|被询问人|受送达人|委托代理人"
                      r"|见证人)(?:\((?:单位|个人)\))?的?(?:基本|身份)?(?:情况|信息)\s*[:：]?\s*$")


def _heading_role(text: str, pos: int) -> str | None:
    """The role a heading within the two lines above `pos` gives the rows under it."""
    line_start = text.rfind("\n", 0, pos) + 1
    for _ in range(2):
        if line_start == 0:
            return None
        above = text.rfind("\n", 0, line_start - 1) + 1
        m = _HEADING.match(text[above:line_start - 1].strip())
        if m:
            key = LABELS.get(m.group("label"))
            return key if key in ROLE_KEYS else None
        line_start = above
    return None


def _merge(found: list[Found]) -> list[Found]:
    best: dict[str, Found] = {}
    for f in found:
        old = best.get(f.key)
        if old is None or (old.value is None and f.value) or f.confidence > old.confidence:
            best[f.key] = f
    return list(best.values())


def _addressee(text: str, doc_type: str | None) -> list[_Entity]:
    """"张某某：" or "某某有限公司：" opening a letter (告知书, 催告书, 决定书 …) names its party."""
    role = "recipient" if doc_type == "service_receipt" else "party"
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines[:HEAD_LINES]):
        # OCR may read the document's number and the addressee under it as one line: "某罚告〔2023〕12号张某某：".
        after_number = _NUMBER_THEN.match(line)
        for skip in ((0, after_number.end()) if after_number else (0,)):
            m = _ADDRESSEE.match(line[skip:])
            if not m:
                continue
            name = m.group("name")
            joint = _joint_addressees(name, pos + skip + m.start("name"), role, line)
            if joint:
                return joint
            # A name alone before the colon that opens the letter fills that line as a cell does: a person's
            # name although its surname is rare (昌, 时 …), never a label or a phrase.
            alone = not m.group("rest").strip() and not LABEL_ONLY.fullmatch(name + ":") and len(name) == 3 \
                and not _DEPARTMENT.search(name)
            kind_ok = is_org_name(name) or is_person_name(name) or (alone and is_name_in_cell(name))
            if kind_ok and name not in NOT_NAMES:
                start = pos + skip + m.start("name")
                entity = _Entity(role, Found(role, "name", name, line, 0.85, start, start + len(name)),
                                 last_end=start + len(name), cell_person=not is_org_name(name))
                if m.group("note"):
                    _number_in_note(entity, m.group("note"), pos + skip + m.start("note"))
                return [entity]
        if i > 1 and len(line) > 40 and line[-1:] in "。；;":
            break  # the body has begun: an addressee stands before it
        pos += len(line) + 1
    return []


def _number_in_note(entity: _Entity, note: str, offset: int) -> None:
    """"某某有限公司（统一社会信用代码：9133…）：": the identifier the addressee's brackets give, of its own kind."""
    for attr, pattern in (("credit_code", CREDIT_CANDIDATE), ("id_number", ID_CANDIDATE)):
        for m in pattern.finditer(note):
            found = _number(attr, m.group(), offset + m.start(), offset + m.end(), "")
            if found.value and (attr == "credit_code") == (entity.kind() == "organisation"):
                entity.attrs[attr] = found
                return


# "某某商店（经营者：张某）：" opening a letter: the business is addressed, with who answers for it in brackets.
_ADDRESSEE_REP = re.compile(rf"^(?:致)?\s*(?P<name>[{_HAN}·A-Za-z0-9]{{4,60}}?)\s*[(（]\s*(?P<post>法定代表人|"
                            rf"主要负责人|负责人|实际经营人|经营者)\s*[:：]?\s*(?P<rep>[{_HAN}·]{{2,5}})\s*[)）]\s*[:：]",
                            re.M)


def _addressee_with_rep(text: str) -> tuple[_Entity, tuple[int, int]] | None:
    """The business as the party with its representative, and the span of the brackets (whose label
    经营者/法定代表人 opens no block of its own)."""
    pos = 0
    for line in text.split("\n")[:HEAD_LINES]:
        # As for any addressee, OCR may read the document's number above it onto its line.
        after_number = _NUMBER_THEN.match(line)
        skip = after_number.end() if after_number else 0
        m = _ADDRESSEE_REP.match(line[skip:])
        if m and is_org_name(m.group("name")) and is_person_name(m.group("rep")):
            name, person = m.group("name"), m.group("rep")
            start, at = pos + skip + m.start("name"), pos + skip + m.start("rep")
            rep = _Entity("legal_rep", Found("legal_rep", "name", person, line, 0.8, at, at + len(person)),
                          last_end=at + len(person))
            party = _Entity("party", Found("party", "name", name, line, 0.85, start, start + len(name)),
                            last_end=pos + skip + m.end(), rep=rep)
            return party, (pos + skip + m.end("name"), pos + skip + m.end())
        pos += len(line) + 1
    return None


def _joint_addressees(names: str, start: int, role: str, line: str) -> list[_Entity]:
    """"某某有限公司、张某某：": a letter to parties decided against jointly names each of them; every piece
    must be a name of its own shape, or the line is no list of addressees."""
    pieces = names.split("、")
    if len(pieces) < 2 or not all(is_org_name(n) or is_person_name(n) for n in pieces) \
            or any(n in NOT_NAMES for n in pieces):
        return []
    out, at = [], start
    for n in pieces:
        out.append(_Entity(role, Found(role, "name", n, line, 0.8, at, at + len(n)), last_end=at + len(n)))
        at += len(n) + 1
    return out


def _facts_party(text: str, hits: list[LabelHit]) -> list[_Entity]:
    """"违法事实：陈某在测试大道8号经营…": the facts of a case open with the party who did it."""
    for hit in hits:
        if hit.key != "facts":
            continue
        value = hit.value.lstrip()
        pos = hit.value_start + len(hit.value) - len(value)
        name = _org_prefix(value[:60]) or person_name_at(text, pos)
        if name and re.match(r"(?:于|在|未|擅自|涉嫌|无|违反|从事|经营|将|使用|销售|生产|拒不|逾期|自)", value[len(name):]):
            return [_Entity("party", Found("party", "name", name, name, 0.75, pos, pos + len(name)),
                            last_end=pos + len(name))]
    return []


def _prose_parties(text: str, agencies: set[str]) -> list[_Entity]:
    """The party named in running text: "当事人某某有限公司未取得…", "关于张某某涉嫌…一案", "对某某作出…".

    An organisation needs only its shape; a person needs the cue "当事人" before the name, or an
    "涉嫌"/"一案" after it, since running text is full of officers' and witnesses' names.
    """
    out: list[_Entity] = []
    seen: set[str] = set()
    for name, pos in _orgs_before_acts(text, agencies):
        if name not in seen:
            seen.add(name)
            out.append(_Entity("party", Found("party", "name", name, name, 0.75, pos, pos + len(name)),
                               last_end=pos + len(name)))
    for m in _PROSE_CUES.finditer(text):
        pos = m.end()
        org = _org_prefix(text[pos:pos + 60])
        if org and org not in agencies and ends_name(text[pos + len(org):pos + len(org) + 8]):
            name, kind = org, "organisation"
        else:
            name = person_name_at(text, pos)
            if not name:
                continue
            after = text[pos + len(name):pos + len(name) + 30]
            strong = m.group() in ("当事人", "被处罚人", "被检查人") or re.match(r"[^。；\n]{0,25}(涉嫌|一案|一事)", after)
            if not strong:
                continue
            kind = "person"
        if name in seen:
            continue
        seen.add(name)
        confidence = 0.75 if kind == "organisation" else 0.7
        out.append(_Entity("party", Found("party", "name", name, name, confidence, pos, pos + len(name)),
                           last_end=pos + len(name)))
    return out[:2]


# What a party did, straight after its name in a sentence: "…报送的某某有限公司涉嫌…一案", "讨论案件：某某中心未经…".
_ACTS = re.compile(r"涉嫌|未经|擅自|未按|未取得|未依法|违反|拒不")
# Where a name in a sentence may begin: after punctuation or a space, or after a word that introduces it.
_NAME_OPENERS = ("的", "对", "由", "将", "与", "和", "及", "系", "是", "为", "在", "关于", "案件", "案情")


# A sentence's words the longest run before an act may hold, which no name does: a date, a possessive.
_NOT_IN_ORG = re.compile(r"的|\d{1,4}\s*[年月日]")


def _org_ending_at(text: str, end: int, agencies: set[str]) -> tuple[str, int] | None:
    """The longest organisation's name that starts where a name can start (never inside the words before it)
    and ends at `end`."""
    for start in range(max(0, end - 60), end - 3):
        name = text[start:end]
        before = text[max(0, start - 2):start]
        opens = start == 0 or not re.match(rf"[{_HAN}]", before[-1:]) or before.endswith(_NAME_OPENERS)
        if opens and re.match(rf"[{_HAN}]", name) and not name.startswith(_NAME_OPENERS) \
                and not _NOT_IN_ORG.search(name) and is_org_name(name) and name not in agencies \
                and len(ORG_SUFFIX.search(name).group()) >= 2:  # 贮存场所未按…: a place, not a name
            return name, start
    return None


def _orgs_before_acts(text: str, agencies: set[str]) -> list[tuple[str, int]]:
    """Organisations named right before what they did ("…的某某有限公司涉嫌…")."""
    out = []
    for m in _ACTS.finditer(text):
        best = _org_ending_at(text, m.start(), agencies)
        if best:
            out.append(best)
    return out


# "某某商店经营者张某销售…一案": a business and the person who answers for it, named together in prose.
_PROSE_REP = re.compile(r"(?:法定代表人|主要负责人|负责人|实际经营人|经营者)(?:是|为)?")


def _org_and_rep_in_prose(text: str, agencies: set[str]) -> list[_Entity]:
    """The business is the party and the person after its post its representative; only where the sentence
    goes on to the case (涉嫌, 一案), since prose names businesses and people for many reasons."""
    for m in _PROSE_REP.finditer(text):
        org = _org_ending_at(text, m.start(), agencies)
        person = person_name_at(text, m.end()) if org else None
        if not org or not person or \
                not re.match(r"[^。；;\n]{0,30}(涉嫌|一案)", text[m.end() + len(person):]):
            continue
        name, start = org
        at = m.end()
        rep = _Entity("legal_rep", Found("legal_rep", "name", person, person, 0.7, at, at + len(person)),
                      last_end=at + len(person))
        return [_Entity("party", Found("party", "name", name, name, 0.75, start, start + len(name)),
                        last_end=start + len(name), rep=rep)]
    return []


def _loose_numbers(text: str, consumed: list[tuple[int, int]], loose: list[Found]) -> list[Found]:
    """ID numbers and credit codes owned by no party: read and checked all the same."""
    out = []
    for f in loose:
        f.kind, f.group = "mentioned", f"mentioned:{f.value or f.raw}"
        out.append(f)
    taken = list(consumed) + [(f.start, f.end) for f in loose]
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
