"""Enforcement officers with their certificate numbers (执法证号) and roles, and recording devices.

An officer is named after a role label (承办人, 询问人, 记录人, 送达人 …),
one or several to a label, each optionally followed by "执法证号：…"; a
certificate on the line after a name (a form's next table row) belongs to
it. Officers named in running text ("执法人员李某、王某") count as handlers.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice, takewhile

from classify.form import LabelHit
from classify.found import Found
from classify.fuzzy import one_char_apart
from classify.ids import DIGIT_LOOKALIKES
from classify.names import is_agency_name, is_name_in_cell, is_person_name, person_name_at, split_names

ROLE_KEYS = {"handler": "handler", "reviewer": "reviewer", "approver": "approver", "interviewer": "interviewer",
             "recorder": "recorder", "server": "server", "host": "host", "head": "approver",
             "sign:interviewer": "interviewer", "sign:recorder": "recorder", "sign:handler": "handler",
             "sign:server": "server", "attendee": "attendee"}
_PARTY_KEYS = {"party", "credit_code", "id_number", "phone", "address", "name", "legal_rep", "interviewee",
               "recipient", "employer", "agent", "witness"}
# A certificate's label, with the kind of certificate some forms print before it (法制审核证号 of a reviewer).
_CERT_LABEL = (r"(?:(?:法制审核|行政执法|执法资格|执法监督|监督检查|监督|稽查|劳动保障监察|监察|执法检查|检查|海事)?"
               r"(?:执法证件编号|执法证件号码|执法证件号|执法证编号|执法证号|执法证"
               r"|证号|证件编号|证件号(?!码))|警官证号|警号)")
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_ITEM = re.compile(rf"(?P<name>(?:(?!{_CERT_LABEL})[\u4e00-\u9fff·]){{2,4}})?\s*[(（]?\s*(?:{_CERT_LABEL}\s*[:：]?\s*(?P<cert>[A-Za-z0-9\u4e00-\u9fff-]{{4,24}}))?")
_CERT_VALUE = re.compile(r"[\u4e00-\u9fff]{0,2}[A-Za-z0-9][A-Za-z0-9-]{3,22}")
# The list of certificates a label's value opens ("45010023、45010024", "45010023 45010024"); numbers split by a
# lone space are a list only when each is of a certificate's length, as OCR also spaces one number ("4501 0023").
_CERT_LIST = re.compile(r"\s*[\u4e00-\u9fff]{0,2}[A-Za-z0-9][A-Za-z0-9-]{3,22}"
                        r"(?:\s*[、，,；;/]\s*[\u4e00-\u9fff]{0,2}[A-Za-z0-9][A-Za-z0-9-]{3,22}"
                        r"|\s+[A-Za-z0-9][A-Za-z0-9-]{5,22}(?![A-Za-z0-9]))*")
_PROSE = re.compile(r"(?:执法人员|办案人员|承办人员|检查人员|调查人员|执法人员为|办案人员为|承办人|经办人"
                    # inspectorates' officers: 劳动保障监察员, 监督检查员, 稽查员, 执法队员
                    r"|监察员|检查员|稽查员|执法队员)(?=[\u4e00-\u9fff])")
# "…监察员张三、李四，证件号码为1、2": in the clause right after officers, 证件号码 is their certificates' label (a
# person's ID number elsewhere). Read as 执法证号, the same length, so every position holds.
_PROSE_ID_LABELS = {"证件号码": "执法证号", "证件号": "执法证"}
# The end of the sentence part that names the officers ("执法人员张三、李四，这是我们的执法证件", "承办人张三、李四认定的
# 事实清楚").
_PROSE_END = re.compile(r"[，,。；;\n]|(?:向|对|出示|表明|依法|到|在|于|进行|前往|依据|根据|认定|提出|报送|汇报|核实|"
                        r"查明|发现|的)")
# "张三（执法证52710745660）", "李四(警号012345)": a name and the certificate in the bracket after it, wherever
# the layout put them (a closing report's signature block, a table cell without its label).
_BRACKETED_CERT = re.compile(rf"(?P<run>[\u4e00-\u9fff·]{{2,8}})\s*[(（]\s*{_CERT_LABEL}\s*[:：]?\s*"
                             r"(?P<cert>[A-Za-z0-9][A-Za-z0-9-]{3,23})\s*[)）]")
# A role in brackets after an attendee's name: 孔某(承办人), 李某(法制审核人员).
_BRACKET_ROLE = re.compile(r"\s*[(（]\s*(?P<label>[\u4e00-\u9fff]{2,8})\s*[)）]")
# Opinions signed under their text: whose opinion a label asks for is the signer's role.
_OPINION_ROLES = {"承办人意见": "handler", "承办机构意见": "handler", "拟处理意见": "handler",
                  "法制审核意见": "reviewer", "审核意见": "reviewer", "负责人审批意见": "approver",
                  "负责人意见": "approver", "审批意见": "approver"}


def opinion_role(label: str) -> str | None:
    """Whose opinion a label asks for (the responsible head signs the approval, 002 记录办法:19, 004:11): the head's (负责人/局长/领导/审批/批准/签发) is the approver's, a legal
    review's (审核) the reviewer's, the case handlers' (承办/办案/拟处理) the handler's; a discussion's none."""
    if label in _OPINION_ROLES:
        return _OPINION_ROLES[label]
    if any(w in label for w in ("负责人", "局长", "领导", "审批", "批准", "签发")):
        return "approver"
    if "审核" in label:
        return "reviewer"
    if any(w in label for w in ("承办", "办案", "拟处理")):
        return "handler"
    return None


# "经局长张三批准", "报分管负责人李四审批同意": the head named in the sentence that records the approval.
_HEAD_TITLES = ("分管副局长", "副局长", "局长", "分管负责人", "行政机关负责人", "机关负责人", "主要负责人", "负责人",
                "分管领导", "主要领导", "大队长", "支队长", "中队长", "所长", "主任", "队长", "处长", "科长")
_PROSE_APPROVAL = re.compile(rf"(?:经|报|报请|呈报|由)(?:本(?:局|机关))?(?:{'|'.join(_HEAD_TITLES)})\s*"
                             r"(?P<name>[\u4e00-\u9fff·]{2,4}?)\s*(?:同志)?(?:批准|审批|签批|签发|同意|审定)")
# An opinion's signer may follow its words with nothing between them ("同意立案张某 2024年…"): the words an
# approval is written in end where the name begins.
_SIGNED_TAIL = re.compile(r"(?:(?:^|[。；;，,:：\s])(?:拟?同意|批准)(?:立案|结案|处罚|办理|执行|承办人意见|上述意见)?[。，,]?"
                          r"|^|[。；;，,:：\s])(?:签名|签字)?[:：]?\s*(?P<name>[\u4e00-\u9fff·]{2,8})\s*"
                          r"(?P<date>(?:19|20)\d{2}\s*[-./年].*|[〇○零一二][〇○零O0一二三四五六七八九]{3}年.*)?$")
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
    """A role label's value runs over certificate labels on its line, up to another label or the line's end;
    it goes on over the next lines while each holds just another name and its certificate (a table's rows
    under one label: "检查人员 | 张三 | 执法证号 | 1" then " | 李四 | 执法证号 | 2")."""
    if "\n" in text[hits[i].start:hits[i].value_start]:
        return hits[i].value_end  # the cell under a header row's label (form.label_hits): that cell alone
    line_end = text.find("\n", hits[i].value_start)
    line_end = len(text) if line_end < 0 else line_end
    later = [h for h in hits[i + 1:]]
    while True:
        for h in later:
            if h.start >= line_end:
                break
            if h.key != "cert_no":
                return h.start
        later = [h for h in later if h.start >= line_end]
        nxt_end = text.find("\n", line_end + 1)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        on_next = [h for h in later if h.start < nxt_end]
        if not on_next:
            # Rows without a certificate label ("承办人" over "张三 45010023" and "李四 45010024"): the next
            # line goes on only when it and the line before it are each one name and one number.
            line_start = text.rfind("\n", 0, line_end) + 1
            this = text[max(line_start, hits[i].value_start):line_end]
            if _name_cert_row(this) and _name_cert_row(text[line_end + 1:nxt_end]):
                line_end = nxt_end
                continue
            return line_end
        if on_next[0].key != "cert_no" or any(h.key != "cert_no" for h in on_next):
            return line_end
        before = text[line_end + 1:on_next[0].start].strip(" \t:：")
        if not is_person_name(before):
            return line_end
        line_end = nxt_end


# One row of a name and a bare certificate: "张三 45010023", "李四（45010024）".
_NAME_CERT_ROW = re.compile(r"\s*[:：]?\s*(?P<name>[\u4e00-\u9fff·]{2,4})\s*[(（]?\s*"
                            rf"(?:{_CERT_LABEL}\s*[:：]?\s*)?(?P<cert>[A-Za-z]{{0,4}}\d[A-Za-z0-9-]{{5,22}})"
                            r"\s*[)）]?\s*")
# Numbers a row may hold that are not certificates: a mobile phone, a 身份证号.
_NOT_CERT = re.compile(r"1[3-9]\d{9}|\d{17}[\dXx]|\d{15}")


def _name_cert_row(line: str) -> bool:
    m = _NAME_CERT_ROW.fullmatch(line)
    return bool(m) and is_person_name(m.group("name")) and not _NOT_CERT.fullmatch(m.group("cert")) \
        and not _DATE_LIKE.match(m.group("cert"))


_CERT_RUN = re.compile(rf"{_CERT_LABEL}\s*(?:分别为|分别是|为|是)?\s*[:：]?\s*")
_BARE_CERT = re.compile(r"[A-Za-z]{0,4}-?\d[A-Za-z0-9-]{5,22}")  # 45010023, YC000340, JY-98-282
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}(?:[-./年]|\d{4}(?!\d))")
_CERT_SEP = re.compile(r"\s*[、,，和及]\s*")
_SKIP = re.compile(r"[\s、,，;；:：()（）和及与]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff·]+")


def _names_in_run(run: str) -> list[str]:
    """Officers' names in a run of characters: one name, several written together, or none (a phrase)."""
    names = split_names(run)
    if names:
        return names
    first = person_name_at(run, 0)
    return [first] if first and len(run) - len(first) <= 1 and first not in _NOT_NAMES else []


def _officers_in(text: str, start: int, end: int, role: str, confidence: float, cell: bool = False) -> list[dict]:
    """Names and their certificates in a label's value, in any order the layout gives them:
    "张三（执法证号：1）、李四（执法证号：2）", "张三执法证号1李四执法证号2" (the space lost),
    "张三、李四（执法证号分别为1、2）", "张三 13018199892" (a table row without the header)."""
    out: list[dict] = []
    pos = start
    while pos < end:
        skip = _SKIP.match(text, pos, end)
        if skip:
            pos = skip.end()
            continue
        label = _CERT_RUN.match(text, pos, end)
        if label:
            pos = label.end()
            values = []
            while pos < end:
                m = _CERT_VALUE.match(text, pos, end)
                if not m or _DATE_LIKE.match(m.group()):
                    break
                values.append(m)
                pos = m.end()
                sep = _CERT_SEP.match(text, pos, end)
                if not sep or not _CERT_VALUE.match(text, sep.end(), end):
                    break
                pos = sep.end()
            # One number is the nearest name's; "分别为 1、2" go to the names before it in order.
            without = [o for o in out if "cert_span" not in o]
            if len(values) == 1 and len(without) > 1 and (parts := _joined_certs(values[0].group(), len(without))):
                # "张三李四 / 执法证号 / YC000340YC000345": one cell's numbers OCR read as one run.
                at = values[0].start()
                for officer, part in zip(without, parts):
                    officer["cert_raw"], officer["cert_span"] = part, (at, at + len(part))
                    at += len(part)
                continue
            waiting = without[-len(values):] if values else []
            for officer, m in zip(waiting, values):
                officer["cert_raw"], officer["cert_span"] = m.group(), (m.start(), m.end())
            continue
        run = _HAN_RUN.match(text, pos, end)
        if run:
            value = run.group()
            cut = re.search(_CERT_LABEL, value)
            if cut:
                value = value[:cut.start()]
            if not value:
                pos += 1
                continue
            offset = run.start()
            names = _names_in_run(value)
            if not names and cell and not out and not text[start:run.start()].strip(" \t:：") \
                    and re.match(r"$|[\d(（\s]", text[run.start() + len(value):end]) \
                    and is_name_in_cell(value) and value not in _NOT_NAMES:
                names = [value]  # a label's cell filled by a name whose surname is rare (昌某某)
            for name in names:
                s_ = text.find(name, offset, offset + len(value))
                out.append({"name": name, "name_span": (s_, s_ + len(name)), "role": role,
                            "confidence": confidence, "cell": cell and not is_person_name(name)})
                offset = s_ + len(name)
            pos = run.start() + len(value)
            continue
        bare = _BARE_CERT.match(text, pos, end)
        if bare and not _DATE_LIKE.match(bare.group()) and out and "cert_span" not in out[-1]:
            out[-1]["cert_raw"], out[-1]["cert_span"] = bare.group(), (bare.start(), bare.end())
            pos = bare.end()
            continue
        pos = (bare.end() if bare else pos + 1)
    return out


def _joined_certs(run: str, n: int) -> list[str] | None:
    """A run that is `n` certificates of one agency's pattern written together (YC000340YC000345): equal parts
    that open alike (the agency's letters or first digits), each of a certificate's shape; else None."""
    if len(run) % n or len(run) // n < 6:
        return None
    size = len(run) // n
    parts = [run[i:i + size] for i in range(0, len(run), size)]
    head = 2 if parts[0][:2].isalpha() else 4
    if len({p[:head].upper() for p in parts}) != 1 \
            or not all(re.fullmatch(r"[A-Za-z]{0,4}-?[0-9A-Za-z-]{5,22}", p) and sum(c.isdigit() for c in p) >= 4
                       for p in parts):
        return None
    return parts


def _attach_loose_certs(text: str, hits: list[LabelHit], officers: list[dict]) -> None:
    """A certificate on its own line belongs to the officer named just before it without one; a list of them
    ("执法证号：1、2" under "执法人员：张三、李四") belongs, in order, to as many officers named just before."""
    covered = {o["cert_span"][0] for o in officers if "cert_span" in o}
    for hit in hits:
        if hit.key != "cert_no":
            continue
        listed = _CERT_LIST.match(hit.value)
        values = list(_CERT_VALUE.finditer(hit.value, 0, listed.end())) if listed else []
        if not values or hit.value_start + values[0].start() in covered:
            continue
        reach = 60 * len(values)
        # A header row's label stands above its value: the names before the value are the candidates.
        at = hit.value_start if "\n" in text[hit.start:hit.value_start] else hit.start
        before = [o for o in officers if o["name_span"][1] <= at and "cert_span" not in o
                  and at - o["name_span"][1] < reach]
        if len(values) == 1 and len(before) > 1:
            # Two officers' numbers in one cell, read as one run (YC000340YC000345): split as their names stand.
            split = next(((n, parts) for n in range(len(before), 1, -1)
                          if (parts := _joined_certs(values[0].group(), n))), None)
            if split:
                n, parts = split
                at = hit.value_start + values[0].start()
                for officer, part in zip(before[-n:], parts):
                    officer["cert_raw"], officer["cert_span"] = part, (at, at + len(part))
                    at += len(part)
                continue
        if len(values) > 1 and len(before) != len(values):
            continue  # a list not matched name for name: which number is whose cannot be told
        for officer, m in zip(before[-len(values):], values):
            start = hit.value_start + m.start()
            officer["cert_raw"], officer["cert_span"] = m.group(), (start, start + len(m.group()))


def _lines_after(text: str, pos: int, end: int | None = None) -> Iterator[tuple[int, str]]:
    """(start, stripped line) of each line after the one `pos` is on, up to `end`."""
    at = text.find("\n", pos) + 1
    end = len(text) if end is None else end
    while 0 < at < end:
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        line = text[at:stop]
        yield at + len(line) - len(line.lstrip()), line.strip()
        at = stop + 1


def _bare_cert_line(line: str) -> bool:
    return bool(_BARE_CERT.fullmatch(line)) and not _DATE_LIKE.match(line) and not _NOT_CERT.fullmatch(line)


def _certs_in_rows_below(text: str, hits: list[LabelHit], officers: list[dict]) -> list[dict]:
    """A table of officers OCR read cell by cell below the first row's certificate label: the rows go on as a
    name line and a certificate line each ("承办人:甲 / 执法证号:1 / 乙 / 2"), or, under names listed first
    ("询问人:甲 / 乙 / 执法证号:1 / 2"), as the rest of the certificates, in the names' order. Returns the
    officers the rows name who were not read yet."""
    new: list[dict] = []

    def give(owner: dict, name: str, name_at: int, cert: str, cert_at: int) -> None:
        officer = next((o for o in officers + new if o["name"] == name and "cert_span" not in o), None)
        if officer is None:
            officer = {"name": name, "name_span": (name_at, name_at + len(name)), "role": owner["role"],
                       "confidence": owner["confidence"], "cell": False}
            new.append(officer)
        officer["cert_raw"], officer["cert_span"] = cert, (cert_at, cert_at + len(cert))

    for hit in hits:
        if hit.key != "cert_no" or not _bare_cert_line(hit.value.strip()):
            continue
        owner = next((o for o in officers if o.get("cert_span") and o["cert_span"][0] >= hit.value_start
                      and o["cert_span"][1] <= hit.value_end), None)
        if owner is None:
            continue
        rows = list(islice(_lines_after(text, hit.value_start), 6))
        certs = list(takewhile(lambda row: _bare_cert_line(row[1]), rows))
        if certs:
            # The names on their own lines between the first officer's and the label, in order.
            listed = list(_lines_after(text, owner["name_span"][0], hit.start))
            if len(listed) == len(certs) and all(is_person_name(line) for _, line in listed):
                for (name_at, name), (cert_at, cert) in zip(listed, certs):
                    give(owner, name, name_at, cert, cert_at)
            continue
        for (name_at, name), (cert_at, cert) in zip(rows[0::2], rows[1::2]):
            if not is_person_name(name) or not _bare_cert_line(cert):
                break
            give(owner, name, name_at, cert, cert_at)
    return new


def extract_officers(text: str, hits: list[LabelHit], doc_type: str | None = None) -> list[Found]:
    """Officers in their roles. `doc_type`: the 主持人 of a collective discussion is the head who decides
    (the heads discuss and decide; 002 记录办法:19, 004:11), not a hearing's host."""
    officers: list[dict] = []
    previous = None
    for i, hit in enumerate(hits):
        role = ROLE_KEYS.get(hit.key)
        if role == "host" and doc_type == "collective_discussion" and "听证" not in hit.label:
            role = "approver"
        if role and not _is_legal_rep(hit, previous):
            signature = hit.key.startswith("sign:")
            found = _officers_in(text, hit.value_start, _region_end(text, hits, i), role,
                                 0.8 if signature else 0.9, cell=True)
            for o in found:
                o["signature"] = signature
            officers += found
        previous = hit
    _attach_loose_certs(text, hits, officers)
    officers += _certs_in_rows_below(text, hits, officers)
    _join_wrapped_certs(text, officers)
    _attendee_roles(text, officers)
    officers += _prose_officers(text)
    officers += _handled_by(text)
    officers += _police_officers(text)
    officers += _bracketed_certs(text, {o["name"] for o in officers})
    officers += _cert_column(text)
    officers += _opinion_signers(text, hits)
    officers += _prose_approvers(text)
    officers += _agency_heads(text, hits)
    officers = [o for o in officers if is_person_name(o["name"]) or o.get("cell")]
    return _as_found(_without_misread_signatures(officers))


# The rest of a bracketed number a narrow cell wrapped: digits closing the bracket at a later line's start
# (after a label the reading view glued before it).
_WRAPPED_REST = re.compile(r"(?:[\u4e00-\u9fff]{1,8}[:：])?[ \t]*(?P<rest>[A-Za-z0-9-]{1,12})[ \t]*[)）]")


def _join_wrapped_certs(text: str, officers: list[dict]) -> None:
    """"张三（4501\n承办人意见\n0023)": a bracket opened before a number and left open at the line's end is
    closed by the number's rest on one of the next two lines (another cell's label may come between)."""
    for o in officers:
        if "cert_span" not in o:
            continue
        start, end = o["cert_span"]
        if not re.search(r"[(（][^)）\n]*$", text[max(0, start - 12):start]):
            continue
        if text[end:end + 1] == "\n":
            pos = end + 1
        elif re.match(r"[\u4e00-\u9fff]{1,8}[:：]", text[end:end + 9]):
            pos = end  # the label of the cell beside it, glued on the same line by the reading view
        else:
            continue
        for _ in range(3):
            m = _WRAPPED_REST.match(text, pos)
            if m:
                o["cert_raw"] = o["cert_raw"] + m.group("rest")
                break
            nxt = text.find("\n", pos)
            if nxt < 0:
                break
            pos = nxt + 1


def _without_misread_signatures(officers: list[dict]) -> list[dict]:
    """A signature read one character off an officer the form's own fields name in the same role (询问人 祁某某,
    signed 郝某某) is that officer's signature misread (handwriting, a seal across it), not another officer."""
    typed = {(o["name"], o["role"]) for o in officers if not o.get("signature")}
    names = {n for n, _ in typed}
    return [o for o in officers
            if not o.get("signature") or o["name"] in names
            or not any(r == o["role"] and one_char_apart(o["name"], n) for n, r in typed)]


def _prose_officers(text: str) -> list[dict]:
    """"执法人员李某、王某" and "执法人员张三（执法证号：…）、李四（…）" in running text: handlers."""
    out: list[dict] = []
    for m in _PROSE.finditer(text):
        first = person_name_at(text, m.end())
        if not first:
            continue  # "执法人员出示执法证件": a sentence about officers, not their names
        end = m.end()
        depth = 0
        while end < len(text):
            ch = text[end]
            depth += ch in "(（"
            depth -= ch in ")）"
            # After 、 a name follows even where it starts like a verb (向某某, 于某某).
            if depth <= 0 and _PROSE_END.match(text, end) and end > m.end() + len(first) \
                    and not (text[end - 1] == "、" and person_name_at(text, end)):
                break
            end += 1
        # "执法人员张三、李四，执法证号为1、2": the certificates in the next clause are theirs, in order.
        read = text
        label = next((k for k in _PROSE_ID_LABELS if text.startswith(k, end + 1)), None)
        if label and text[end:end + 1] in "，,":
            read = text[:end + 1] + _PROSE_ID_LABELS[label] + text[end + 1 + len(label):]
        certs = _CERT_RUN.match(read, end + 1) if read[end:end + 1] in "，," else None
        if certs:
            listed = _CERT_LIST.match(read, certs.end())
            end = listed.end() if listed else end
        out += _officers_in(read, m.end(), end, "handler", 0.75)
    return out


# "由张三、李四承办", "张三、李四同志承办的…一案" (a review opinion or a discussion naming the case's handlers):
# names before 承办, each a name by shape, at a sentence's start or after 由.
_HANDLED_BY = re.compile(r"(?:由|^|(?<=[，,。；;：:\n]))(?P<run>(?!由)[\u4e00-\u9fff·]{2,4}(?:[、和及][\u4e00-\u9fff·]{2,4})*)"
                         r"(?:同志|等同志)?(?:承办|负责办理)(?![人员])", re.M)
# A police officer on a simple-procedure decision or a ticket: "交通警察：张三 警号：012345" (警号 is the
# police officer's certificate number).
_POLICE = re.compile(rf"(?:交通警察|执勤民警|民警|人民警察)\s*[:：]\s*(?=[\u4e00-\u9fff·]{{2,4}}\s*{_CERT_LABEL})")


def _handled_by(text: str) -> list[dict]:
    out: list[dict] = []
    for m in _HANDLED_BY.finditer(text):
        parts = re.split(r"[、和及]", m.group("run"))
        if not all(is_person_name(p) and p not in _NOT_NAMES for p in parts):
            continue  # "本局执法人员承办", a phrase, not names
        pos = m.start("run")
        for name in parts:
            at = text.find(name, pos)
            out.append({"name": name, "name_span": (at, at + len(name)), "role": "handler", "confidence": 0.7})
            pos = at + len(name)
    return out


def _police_officers(text: str) -> list[dict]:
    out: list[dict] = []
    for m in _POLICE.finditer(text):
        end = text.find("\n", m.end())
        found = _officers_in(text, m.end(), len(text) if end < 0 else end, "handler", 0.8)
        # The officer ends with his number: what follows is another field (被处罚人签名：…) the layout
        # may have put on the same line.
        upto = next((k + 1 for k, o in enumerate(found) if "cert_span" in o), 0)
        out += found[:upto]
    return out


def _agency_heads(text: str, hits: list[LabelHit]) -> list[dict]:
    """"申请人：某县自然资源局 … 法定代表人：张某，职务：局长": the representative of the agency itself (an
    application to the court, a 行政复议答复) is its head, who approves, not a party's representative."""
    out: list[dict] = []
    block: LabelHit | None = None  # the party or agency block the particulars read so far belong to
    for hit in hits:
        if hit.key in ("party", "agency"):
            block = hit
            continue
        if hit.key not in _PARTY_KEYS and hit.key != "head":
            block = None
            continue
        if hit.key in ("legal_rep", "head") and block is not None \
                and is_agency_name(re.split(r"[,，;；\s]", block.value.strip())[0]) \
                and hit.start - block.value_end < 160:
            m = _HAN_RUN.match(text, hit.value_start + len(hit.value) - len(hit.value.lstrip()))
            name = person_name_at(text, m.start()) if m else None
            if name:
                out.append({"name": name, "name_span": (m.start(), m.start() + len(name)), "role": "approver",
                            "confidence": 0.8})
    return out


def _attendee_roles(text: str, officers: list[dict]) -> None:
    """An attendee whose bracket names a role (孔某(承办人)) played that role."""
    from classify.form import LABELS

    for o in officers:
        if o["role"] != "attendee":
            continue
        m = _BRACKET_ROLE.match(text, o["name_span"][1])
        role = ROLE_KEYS.get(LABELS.get(m.group("label"), "")) if m else None
        if role:
            o["role"] = role


def _bracketed_certs(text: str, known: set[str]) -> list[dict]:
    """Officers named with their certificate in brackets outside any label: handlers (those who carry out
    the case hold and show the certificates, 000:42)."""
    out: list[dict] = []
    for m in _BRACKETED_CERT.finditer(text):
        run = m.group("run")
        for length in (3, 2, 4):
            name = run[-length:]
            if len(name) == length and is_person_name(name) and (len(run) == length or not is_person_name(
                    run[-length - 1:])):
                break
        else:
            continue
        if name in known:
            continue
        start = m.start("run") + len(run) - len(name)
        out.append({"name": name, "name_span": (start, start + len(name)), "role": "handler", "confidence": 0.75,
                    "cert_raw": m.group("cert"), "cert_span": m.span("cert")})
    return out


# A table's header row with a certificates' column: a certificate label with no number on its line (the
# view may have glued the header's other cells and the first row's name to it as labels: 执法证号:签名日期:张某).
_CERT_HEADER = re.compile(rf"^[^\n\d]{{0,12}}?{_CERT_LABEL}(?:\s*[:：]?\s*[\u4e00-\u9fff]{{0,6}})*\s*$", re.M)
_GLUED_LABELS = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}[:：])+")  # labels the layout glued before a row's cell
_COLUMN_ROWS = 24  # lines of one table under its header


def _cert_column(text: str) -> list[dict]:
    """A table of officers with a certificate column (姓名 | 执法证号 | 职责), read row by row as a name on one
    line and its number alone on the next: each number is that row's name's. A row whose other cells say
    审核 (法制审核) is the reviewer's; the others are the handlers who carry out the case (000:42)."""
    out: list[dict] = []
    for header in _CERT_HEADER.finditer(text):
        pos = header.start()
        lines: list[tuple[int, str]] = []
        for line in text[pos:].split("\n")[:_COLUMN_ROWS]:
            glued = _GLUED_LABELS.match(line)
            cut = glued.end() if glued else 0
            lines.append((pos + cut, line[cut:].strip()))
            pos += len(line) + 1
        rows: list[int] = []
        for i in range(len(lines) - 1):
            (start, name), (c_start, cert) = lines[i], lines[i + 1]
            if is_person_name(name) and _BARE_CERT.fullmatch(cert) and not _DATE_LIKE.match(cert):
                rows.append(i)
        for n, i in enumerate(rows):
            start, name = lines[i]
            c_start, cert = lines[i + 1]
            row_end = rows[n + 1] if n + 1 < len(rows) else min(i + 4, len(lines))
            rest = "".join(cell for _, cell in lines[i + 2:row_end])
            at = text.find(name, start)
            c_at = text.find(cert, c_start)
            out.append({"name": name, "name_span": (at, at + len(name)),
                        "role": "reviewer" if "审核" in rest else "handler", "confidence": 0.8,
                        "cert_raw": cert, "cert_span": (c_at, c_at + len(cert))})
    return out


def _prose_approvers(text: str) -> list[dict]:
    """"经局长张三批准": the head who approved, named in the text of a decision or a report."""
    out: list[dict] = []
    for m in _PROSE_APPROVAL.finditer(text):
        name = m.group("name")
        if is_person_name(name):
            out.append({"name": name, "name_span": m.span("name"), "role": "approver", "confidence": 0.75})
    return out


def _opinion_signers(text: str, hits: list[LabelHit]) -> list[dict]:
    """The name signed under an opinion ("负责人意见：同意。\n王某 2023年3月1日"): its role is the opinion's."""
    out: list[dict] = []
    for i, hit in enumerate(hits):
        role = opinion_role(hit.label) if hit.key == "opinion" else None
        if role is None:
            continue
        region_end = hits[i + 1].start if i + 1 < len(hits) else len(text)
        pos = hit.value_start
        for line in text[hit.value_start:region_end].split("\n"):
            m = _SIGNED_TAIL.search(line)
            if m:
                names = split_names(m.group("name")) or []
                s_ = pos + m.start("name")
                for name in names:
                    at = text.find(name, s_)
                    out.append({"name": name, "name_span": (at, at + len(name)), "role": role, "confidence": 0.8})
            pos += len(line) + 1
    return out


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
