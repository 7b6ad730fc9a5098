"""write_set(dest, seed): the held-out set's scans (one folder per agency) and truth.json."""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from bench.heldout3 import docs as D
from bench.heldout3.render import Layout, Line, Para, Table, Title, render
from bench.heldout3.scan import choose_settings, degrade, save
from bench.heldout3.world import CASES, INDIVIDUAL_TRADES, TRADES, Org, Person, World

# Days after the previous document of the case (the order of a case's list is its chronology).
GAP_DAYS = {"立案审批表": (0, 2), "现场检查笔录": (0, 2), "勘验笔录": (1, 3), "证据先行登记保存通知书": (0, 0),
            "询问笔录": (1, 6), "授权委托书": (1, 5), "责令改正通知书": (0, 3), "行政处罚事先告知书": (10, 25),
            "听证告知书": (10, 25), "陈述申辩笔录": (3, 5), "法制审核意见书": (4, 9), "集体讨论记录": (1, 4),
            "行政处罚决定书": (2, 6), "送达回证": (0, 2), "催告书": (18, 30), "结案报告": (15, 40)}
SERIES = {"立案审批表": "立案", "行政处罚事先告知书": "告知", "听证告知书": "听证", "行政处罚决定书": "决定",
          "催告书": "催告", "责令改正通知书": "责令", "证据先行登记保存通知书": "保存"}
MODES = ("colour", "grey", "bilevel")
ID_LIKE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{17}[0-9X](?![0-9A-Z])")


def _cases(world: World, rng: random.Random) -> list[D.CaseCtx]:
    out: list[D.CaseCtx] = []
    per_agency: Counter = Counter()
    for i, spec in enumerate(CASES):
        ag = world.agencies[spec.agency]
        per_agency[spec.agency] += 1
        key = f"{spec.agency}-{per_agency[spec.agency]}"
        if spec.same_party_as is not None:
            parties = out[spec.same_party_as].parties
        elif spec.party == "person":
            # Same surname as one of the agency's officers: a name alone must not decide who is who.
            surname = ag.officers[0].name[0] if rng.random() < 0.5 else None
            parties = [world.person(surname)]
        elif spec.party == "joint":
            owner = world.org("company", TRADES[spec.agency], world.person())
            parties = [owner, world.person(owner.rep.name[0])]
        else:
            rep = world.person()
            trade = INDIVIDUAL_TRADES.get(spec.agency, "便民服务部") if spec.party == "individual" else TRADES[spec.agency]
            parties = [world.org(spec.party, trade, rep)]
        main = parties[0]
        staff = world.person(main.rep.name[0] if rng.random() < 0.4 else None, 2003) if spec.staff and isinstance(main, Org) \
            and spec.party != "joint" else None
        witness = world.person() if spec.witness else None
        agent, firm = None, None
        if spec.agent == "lawyer":
            agent, firm = world.person(), rng.choice(("福建澄明律师事务所", "檀溪衡平律师事务所", "泓阳正言律师事务所"))
        elif spec.agent == "employee":
            agent = world.person(None, 2001)
        lead, second, rec = rng.sample(ag.officers, 3)
        out.append(D.CaseCtx(key, ag, spec, list(parties), staff, witness, agent, firm, lead, second, rec))
    return out


def _schedule(c: D.CaseCtx, rng: random.Random) -> list[date]:
    d = c.spec.start
    c.violation = d - timedelta(days=rng.randint(6, 50))
    dates = []
    for i, title in enumerate(c.spec.docs):
        lo, hi = GAP_DAYS[title]
        d = d + timedelta(days=rng.randint(lo, hi)) if i else d
        # Offices work on weekdays.
        while d.weekday() >= 5:
            d += timedelta(days=1)
        dates.append(d)
        series = SERIES.get(title)
        if series and series not in c.numbers:
            ag = c.agency
            ag.counters[series] = ag.counters.get(series, rng.randint(3, 40)) + rng.randint(1, 9)
            c.numbers[series] = ag.spec.series[series].format(p=ag.spec.prefix, y=d.year, n=ag.counters[series])
            c.number_dates[series] = d
    return dates


def _build_doc(c: D.CaseCtx, title: str, d: date, rng: random.Random, nth: int) -> D.Doc:
    main = c.parties[0]
    if title == "立案审批表":
        return D.filing_form(c, d, rng)
    if title in ("现场检查笔录", "勘验笔录"):
        return D.inspection(c, d, rng, title)
    if title == "询问笔录":
        if len(c.parties) == 2:  # joint: the master first, then the owner's legal representative
            return D.interview(c, d, rng, c.parties[1], main) if nth == 0 else D.interview(c, d, rng, main.rep, main)
        if isinstance(main, Person):
            return D.interview(c, d, rng, main, None)
        who = c.staff if (c.staff and nth == 0) else main.rep
        return D.interview(c, d, rng, who, main)
    if title == "证据先行登记保存通知书":
        return D.evidence_notice(c, d, rng)
    if title == "责令改正通知书":
        return D.order_notice(c, d, rng)
    if title in ("行政处罚事先告知书", "听证告知书"):
        return D.advance_notice(c, d, rng, hearing=title == "听证告知书")
    if title == "陈述申辩笔录":
        return D.statement(c, d, rng)
    if title == "法制审核意见书":
        return D.legal_review(c, d, rng)
    if title == "集体讨论记录":
        return D.deliberation(c, d, rng)
    if title == "行政处罚决定书":
        return D.decision(c, d, rng)
    if title == "送达回证":
        return D.service_receipt(c, d, rng, "决定", c.parties[min(nth, len(c.parties) - 1)])
    if title == "催告书":
        return D.reminder(c, d, rng)
    if title == "结案报告":
        return D.closing_report(c, d, rng)
    if title == "授权委托书":
        return D.power_of_attorney(c, d, rng)
    raise ValueError(title)


def _text(blocks: list) -> str:
    out = []
    for b in blocks:
        if isinstance(b, (Title, Line, Para)):
            out.append(b.text)
        elif isinstance(b, Table):
            out += [t for row in b.rows for t, _ in row]
    return "\n".join(out)


def check(doc: D.Doc, text: str, agency_certs: set[str], style: str) -> list[str]:
    """What the truth says is printed is printed; every identifier printed is in the truth."""
    flat = text.replace("\n", "")
    errs = [f"{doc.title}: {v} not printed" for p in doc.parties
            for v in (p["name"], p.get("id_number"), p.get("credit_code")) if v and v not in flat]
    errs += [f"{doc.title}: officer {v} not printed" for o in doc.officers for v in (o["name"], o["cert_no"])
             if v and v not in flat]
    errs += [f"{doc.title}: number {n} not printed" for n in doc.numbers if n not in flat]
    ids = {p.get("id_number") or p.get("credit_code") for p in doc.parties}
    errs += [f"{doc.title}: identifier {m} printed but not in truth" for m in ID_LIKE.findall(flat) if m not in ids]
    certs = {o["cert_no"] for o in doc.officers}
    errs += [f"{doc.title}: cert {c} printed but not in truth" for c in agency_certs if c in flat and c not in certs]
    if not any(D.fmt_date(doc.date, s) in flat for s in ("cn", "arabic", "padded")):
        errs.append(f"{doc.title}: own date {doc.date} not printed")
    return errs


def write_set(dest: Path, seed: int) -> dict:
    rng = random.Random(seed)
    world = World(rng)
    cases = _cases(world, rng)
    truth: dict = {"set": "heldout3", "seed": seed,
                   "units": {code: {"agency_name": a.spec.name, "unit": "ZD1", "unit_name": a.spec.unit_name}
                             for code, a in world.agencies.items()},
                   "documents": {}}
    problems: list[str] = []
    used_names: set[str] = set()
    for c in cases:
        dates = _schedule(c, rng)
        seen: Counter = Counter()
        certs = {o.cert for o in (*c.agency.officers, c.agency.head, c.agency.reviewer)}
        for title, d in zip(c.spec.docs, dates):
            doc = _build_doc(c, title, d, rng, seen[title])
            seen[title] += 1
            problems += [f"{c.key} {e}" for e in check(doc, _text(doc.blocks), certs, c.agency.spec.date_style)]
            layout = Layout(face=c.agency.spec.face, pt=rng.choice((11.5, 12.0, 12.5)), seal_text=doc.seal_text,
                            line_spacing=rng.choice((1.6, 1.75, 1.9)), blocks=doc.blocks,
                            footer=rng.choice(("第{i}页 共{n}页", "第 {i} 页  共 {n} 页")) if "笔录" in doc.title else None)
            mode = rng.choices(MODES, weights=(0.34, 0.33, 0.33))[0]
            probe = choose_settings(rng, 2, mode)
            pages = render(layout, probe.dpi)
            s = choose_settings(rng, len(pages), mode)
            if s.dpi != probe.dpi:
                pages = render(layout, s.dpi)
            scans = [degrade(p, s, rng) for p in pages]
            while True:
                name = f"{rng.getrandbits(48):012x}.{s.format}"
                if name not in used_names:
                    used_names.add(name)
                    break
            folder = dest / "scans" / c.agency.spec.code
            folder.mkdir(parents=True, exist_ok=True)
            save(scans, s, folder / name)
            sealed = doc.sealed
            truth["documents"][name] = {
                "case": c.key, "doc_type": doc.title, "case_numbers": list(doc.numbers), "parties": doc.parties,
                "officers": doc.officers, "date": doc.date.isoformat(), "date_under_seal": sealed,
                "date_readable": not (sealed and mode == "bilevel"), "body_dates": doc.body_dates,
                "agency": c.agency.spec.code, "unit": f"{c.agency.spec.code}/ZD1", "pages": len(pages),
                "scan": {"mode": mode, "dpi": s.dpi, "format": s.format, "skew_deg": s.skew_deg}}
    if problems:
        raise AssertionError("truth does not match the pages:\n" + "\n".join(problems))
    (dest / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth
