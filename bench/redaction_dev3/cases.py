"""One invented case: its party, the people around it, its officers, and labelled segments for each of them."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.redaction_dev3.layout import Label, Seg
from bench.redaction_dev3.values import (
    BANKS,
    Maker,
    Person,
    cn_date,
    fullwidth,
    grouped_card,
    spaced_id,
    styled_mobile,
)

SHOP_WORDS = ("惠农农资店", "鑫盛便利店", "百草堂药店", "顺达快递服务部", "兴旺烟酒商行", "安康大药房", "启航托管中心")
COMPANY_WORDS = ("恒瑞商贸有限公司", "远航船务有限公司", "德润医药连锁有限公司", "速通快递有限公司", "鸿基建设工程有限公司",
                 "青禾农业科技有限公司", "金桥物流有限公司", "嘉禾置业有限公司")
RELATIONS = ("其妻", "其夫", "其子", "其女", "其母", "其兄", "其弟", "其儿媳")


def P(text: str, role: str, who: str | None = None, kind: str = "name") -> Seg:
    return (text, Label(kind, True, role, who or text))


def K(text: str, kind: str) -> Seg:
    return (text, Label(kind, False))


def N(text: str, kind: str) -> Seg:
    return (text, Label(kind, False, neutral=True))


@dataclass
class Officer:
    name: str
    cert: str


@dataclass
class Case:
    rng: random.Random
    agency: dict
    maker: Maker
    kind: str                      # person | business | company
    no: str
    opened: date
    decided: date
    officers: list[Officer]
    party: Person                  # the natural person: the party, the operator, or the legal representative
    org_name: str = ""
    org_code: str = ""
    org_address: str = ""
    people: dict[str, Person] = field(default_factory=dict)
    plate: str = ""
    card: str = ""
    bank: str = ""
    email: str = ""
    amount: int = 0
    fine: int = 0

    # -- labelled segments ----------------------------------------------------------------------------------
    def party_name(self) -> Seg:
        if self.kind == "company":
            return K(self.org_name, "organisation")
        if self.kind == "business":
            return K(self.org_name, "organisation")
        return P(self.party.name, "party")

    def pname(self, key: str) -> Seg:
        p = self.people[key]
        return P(p.name, p.extra["role"])

    def id_seg(self, p: Person, role: str, style: str | None = None) -> Seg:
        style = style or self.rng.choice(("plain", "plain", "plain", "spaced", "full"))
        v = {"plain": p.id_number, "spaced": spaced_id(p.id_number, self.rng),
             "full": fullwidth(p.id_number)}[style]
        return P(v, role, p.name, "id_number")

    def phone_seg(self, p: Person, role: str) -> Seg:
        return P(styled_mobile(p.mobile, self.rng), role, p.name, "phone")

    def addr_seg(self, p: Person, role: str, hukou: bool = False) -> Seg:
        return P(p.hukou if hukou else p.address, role, p.name, "address")

    def agency_seg(self) -> Seg:
        return K(self.agency["name"], "agency")

    def officer_segs(self, o: Officer, with_cert: bool = True, sep: str = "，执法证号：") -> list[Seg]:
        segs = [K(o.name, "officer")]
        if with_cert:
            segs += [(sep, None), K(o.cert, "cert_no")]
        return segs

    def no_seg(self) -> Seg:
        return K(self.no, "case_number")

    def fill(self, template: str) -> list[Seg]:
        """Facts prose: each {key} becomes a labelled segment of the case."""
        out: list[Seg] = []
        for i, part in enumerate(re.split(r"\{(\w+)\}", template)):
            if i % 2 == 0:
                if part:
                    out.append((part, None))
                continue
            out.append(self._key(part))
        return out

    def _key(self, key: str) -> Seg:
        if key == "party":
            return self.party_name() if self.kind != "business" else P(self.party.name, "party")
        if key == "rep":
            return P(self.party.name, "legal_rep" if self.kind == "company" else "party")
        if key == "plate":
            v = self.plate
            if self.rng.random() < 0.4 and not v[2] in "DF":
                v = v[:2] + "·" + v[2:]
            return P(v, self.people["fam1"].extra["role"], "", "plate")
        if key == "card":
            return P(grouped_card(self.card) if self.rng.random() < 0.5 else self.card, "account_holder", "", "bank_card")
        if key == "bank":
            return (self.bank, None)
        if key == "amount":
            return K(f"{self.amount:,}", "amount")
        if key in ("date1", "date2"):
            return K(cn_date(self.opened - timedelta(days=90 if key == "date1" else 30)), "date")
        if key == "org2":
            return K(self.agency["city"] + self.org_name[-8:-6] + "物业服务有限公司", "organisation")
        if key == "em_party":
            return P(self.email, "party", self.party.name, "email")
        if key.startswith("ph_"):
            p = self.people[key[3:]]
            return P(styled_mobile(p.mobile, self.rng), p.extra["role"], p.name, "phone")
        if key.startswith("ad_"):
            who = key[3:]
            if who == "party":
                if self.kind == "person":
                    return P(self.party.address, "party", self.party.name, "address")
                return N(self.org_address, "business_premises" if self.kind == "business" else "org_address")
            p = self.people[who]
            return P(p.address, p.extra["role"], p.name, "address")
        return self.pname(key)


def make_case(rng: random.Random, agency: dict, maker: Maker, serial: int, kind: str) -> Case:
    year = rng.choice((2022, 2023, 2024))
    opened = date(year, rng.randint(1, 9), rng.randint(1, 28))
    decided = opened + timedelta(days=rng.randint(25, 80))
    no = f"{agency['abbr']}〔{year}〕{rng.randint(3, 160)}号"
    officers = [Officer(maker.name(), maker.cert_no(agency["cert"])) for _ in range(3)]
    party = maker.person()
    c = Case(rng, agency, maker, kind, no, opened, decided, officers, party)
    if kind == "business":
        c.org_name = agency["county"] + rng.choice(SHOP_WORDS)
        c.org_code = maker.credit("92")
        c.org_address = maker.address(rural=False)
    elif kind == "company":
        c.org_name = agency["city"] + rng.choice(COMPANY_WORDS)
        c.org_code = maker.credit("91")
        c.org_address = maker.org_address()
    roles = {"emp1": "employee", "emp2": "employee", "wit1": "witness", "wit2": "witness", "fam1": "family",
             "fam2": "family", "nb": "neighbour", "agent": "agent", "rcpt": "recipient", "trans": "translator",
             "reporter": "reporter"}
    for key, role in roles.items():
        p = maker.person()
        p.extra["role"] = role
        c.people[key] = p
    party.extra["role"] = "party"
    c.plate = maker.plate(new_energy=rng.random() < 0.3)
    c.card = maker.bank_card()
    c.bank = rng.choice(BANKS) + agency["county"][:2] + "支行"
    c.email = maker.email()
    c.amount = maker.money(8000, 260000)
    c.fine = maker.money(2000, 50000)
    return c
