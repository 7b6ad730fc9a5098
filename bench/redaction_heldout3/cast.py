"""Who a case is about: the party, the people around it, the officers, and the case's own numbers."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.redaction_heldout3.agencies import Agency
from bench.redaction_heldout3.values import CITIES, Person, Values

RELATIONS = ("其妻", "其夫", "其子", "其女", "其母", "其父", "其兄", "其妹")
LAW_FIRMS = ("青禾明诚律师事务所", "柘川正衡律师事务所", "梧桐海岳律师事务所", "云岭德邻律师事务所")


@dataclass
class Officer:
    name: str
    cert: str


@dataclass
class Case:
    agency: Agency
    v: Values
    party_kind: str                     # company, sole_trader, person
    party: Person                       # the natural person who is the party, legal rep or operator
    org: str | None
    org_code: str | None                # 91… for a company, 92… for a sole trader
    org_address: str | None
    agent: Person
    law_firm: str
    employees: list[Person]
    witness: Person
    family: Person
    relation: str
    neighbour: Person
    translator: Person | None
    officers: list[Officer]
    reviewer: Officer
    case_no: str
    year: int
    month: int
    fine: str
    treasury: str
    treasury_bank: str
    treasury_account: str
    extra: dict = field(default_factory=dict)

    def date(self, day_offset: int) -> str:
        """A date of this case, days after it opened (dates stay in the past)."""
        m = self.month + (day_offset // 28)
        d = 1 + day_offset % 28
        y = self.year + (m - 1) // 12
        return f"{y}年{(m - 1) % 12 + 1}月{d}日"


def cert_no(rng: random.Random, v: Values) -> str:
    shape = rng.random()
    if shape < 0.3:
        return v.plate()                                        # some certificates look like plates
    if shape < 0.6:
        return "".join(str(rng.randrange(10)) for _ in range(rng.choice((11, 13, 16))))
    return f"{rng.choice(('赣', '黔', '湘', '闽'))}{rng.randint(10, 99)}{rng.randrange(10**6):06d}"


def make_case(agency: Agency, rng: random.Random, v: Values, n: int, party_kind: str) -> Case:
    year = rng.choice((2023, 2024, 2025))
    month = rng.randint(1, 6)
    party = Person.make(v, "party" if party_kind == "person" else
                        ("legal_rep" if party_kind == "company" else "operator"))
    org = code = org_addr = None
    if party_kind == "company":
        org, code, org_addr = v.company(agency.industry), v.credit_code("91"), v.business_address()
    elif party_kind == "sole_trader":
        # a sole trader's shop is often named after its place and the trade word, sometimes after its owner
        org = f"{rng.choice(CITIES)}{party.name if rng.random() < 0.3 else rng.choice(('福顺', '惠民', '好邻居', '康乐'))}{agency.shop}"
        code, org_addr = v.credit_code("92"), v.business_address()
    employees = [Person.make(v, "employee") for _ in range(rng.randint(3, 5))]
    translator = Person.make(v, "translator") if rng.random() < 0.4 else None
    fine = rng.choice(("5000", "10000", "20000", "3000", "50000", "8000"))
    return Case(
        agency=agency, v=v, party_kind=party_kind, party=party, org=org, org_code=code, org_address=org_addr,
        agent=Person.make(v, "agent"), law_firm=rng.choice(LAW_FIRMS), employees=employees,
        witness=Person.make(v, "witness"), family=Person.make(v, "family"), relation=rng.choice(RELATIONS),
        neighbour=Person.make(v, "neighbour"), translator=translator,
        officers=[Officer(v.name(), cert_no(rng, v)) for _ in range(2)], reviewer=Officer(v.name(), cert_no(rng, v)),
        case_no=f"{agency.short}罚决〔{year}〕{n}号", year=year, month=month,
        fine=f"{int(fine):,}".replace(",", "") if rng.random() < 0.5 else f"{int(fine):,}",
        treasury=f"{agency.address.split('市')[0]}市财政局非税收入汇缴专户", treasury_bank=v.bank(),
        treasury_account=v.bank_card(19) if rng.random() < 0.5 else v.plain_account())
