"""Seven fictional agencies of the fictional city of 汀澜市: how they number papers, who works there, their house style.

Numbering differs between agencies and between the papers of one agency: a
立案号 in its own series, 告知书 and 决定书 numbers in others, with 〔〕, （）,
[] or no brackets, with or without 第, with leading zeros, and a sub-unit
written into the stem.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.devset6.identities import Registry


@dataclass(frozen=True)
class Officer:
    name: str
    cert_no: str
    title: str = "执法人员"


@dataclass
class House:
    face: str  # serif | sans
    seal_date: str  # cn (二〇二四年…) | arabic
    rule: str  # the letterhead's rule: double | single | none
    certs: str  # how a 笔录 prints 执法证号: inline | column | nextline
    forms: str  # how an approval form is laid out: beside | above
    cert_label: str = "执法证号"


@dataclass
class Agency:
    code: str
    name: str
    unit_name: str
    numbers: dict[str, str]  # paper kind -> format with {y} and {n}
    house: House
    cert_format: str
    officers: list[Officer] = field(default_factory=list)
    heads: list[Officer] = field(default_factory=list)
    reviewer: Officer | None = None

    def number(self, kind: str, year: int, serial: int) -> str:
        return self.numbers[kind].format(y=year, n=serial)


_SPECS = [
    ("JT", "汀澜市交通运输综合行政执法支队", "运政执法一大队",
     {"立案": "汀交执立〔{y}〕第{n:04d}号", "告知": "汀交执告〔{y}〕{n:04d}号", "决定": "汀交执罚〔{y}〕{n:04d}号",
      "保存": "汀交执保〔{y}〕{n:04d}号", "催告": "汀交执催〔{y}〕{n:04d}号"},
     House("serif", "cn", "double", "column", "beside"), "4598{d6}"),
    ("HB", "汀澜市生态环境局砾阳分局", "执法监测股",
     {"立案": "砾环立字[{y}]第{n}号", "告知": "汀环砾告〔{y}〕{n}号", "决定": "汀环砾罚〔{y}〕{n}号",
      "保存": "汀环砾存〔{y}〕{n}号", "催告": "汀环砾催〔{y}〕{n}号"},
     House("sans", "arabic", "single", "inline", "above"), "HJ4598{d5}"),
    ("WH", "苇塘县文化市场综合行政执法大队", "执法一中队",
     {"立案": "苇文执立{y}-{n:03d}号", "告知": "苇文执告字（{y}）第{n}号", "决定": "苇文执罚字（{y}）第{n}号",
      "保存": "苇文执存字（{y}）第{n}号", "催告": "苇文执催字（{y}）第{n}号"},
     House("serif", "arabic", "none", "nextline", "beside"), "4598{d2}03{d3}"),
    ("YJ", "汀澜市鹭洲区应急管理局", "安全生产执法大队",
     {"立案": "鹭应急立〔{y}〕{n}号", "告知": "（鹭）应急告〔{y}〕{n}号", "决定": "（鹭）应急罚〔{y}〕{n}号",
      "保存": "（鹭）应急存〔{y}〕{n}号", "催告": "（鹭）应急催〔{y}〕{n}号"},
     House("sans", "cn", "double", "column", "above"), "YJ-4598-{d4}"),
    ("CG", "汀澜市城市管理综合行政执法局砾阳分局", "砾阳中队",
     {"立案": "汀城管砾立[{y}]{n}号", "告知": "汀城管砾告字[{y}]第{n:05d}号", "决定": "汀城管砾罚字[{y}]第{n:05d}号",
      "保存": "汀城管砾存字[{y}]第{n:05d}号", "催告": "汀城管砾催字[{y}]第{n:05d}号"},
     House("serif", "arabic", "single", "nextline", "above"), "4598CG{d5}"),
    ("WJ", "枫渡县卫生健康局", "卫生健康综合监督执法大队",
     {"立案": "枫卫立（{y}）{n}号", "告知": "枫卫医告〔{y}〕{n:03d}号", "决定": "枫卫医罚〔{y}〕{n:03d}号",
      "保存": "枫卫医存〔{y}〕{n:03d}号", "催告": "枫卫医催〔{y}〕{n:03d}号"},
     House("sans", "cn", "double", "inline", "beside", cert_label="监督员证号"), "WJ4598{d4}"),
    ("GA", "汀澜市公安局鹭洲分局", "治安管理大队",
     {"立案": "鹭公(治)受案字[{y}]{n}号", "告知": "鹭公(治)行罚告字〔{y}〕{n:04d}号",
      "决定": "鹭公(治)行罚决字〔{y}〕{n:04d}号"},
     House("serif", "arabic", "none", "inline", "beside", cert_label="警号"), "0{d5}"),
]


def _cert(fmt: str, rng: random.Random, taken: set[str]) -> str:
    while True:
        out = fmt
        for k in ("d6", "d5", "d4", "d3", "d2"):
            out = out.replace("{" + k + "}", "".join(rng.choice("0123456789") for _ in range(int(k[1]))))
        if out not in taken:
            taken.add(out)
            return out


def make_agencies(reg: Registry) -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    taken: set[str] = set()
    for code, name, unit, numbers, house, cert in _SPECS:
        a = Agency(code, name, unit, numbers, house, cert)
        a.officers = [Officer(reg.name(), _cert(cert, reg.rng, taken)) for _ in range(5)]
        a.heads = [Officer(reg.name(), _cert(cert, reg.rng, taken), t) for t in ("局长", "副局长")]
        a.reviewer = Officer(reg.name(), _cert(cert, reg.rng, taken), "法制审核员")
        out[code] = a
    return out
