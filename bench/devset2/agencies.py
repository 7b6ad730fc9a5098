"""The held-out set's agencies: who they are, how they number their papers, how they set them.

Seven fictional agencies of five kinds in fictional places (XX省, 云渡市, 南槿县,
青岚区, 北梧市). Each numbers its papers its own way; a number template has
{y} (year) and {n} (serial) and one template per kind of paper.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bench.devset2.layout import House


@dataclass(frozen=True)
class Agency:
    code: str  # the unit path is CODE/ZD1 in earchive
    name: str
    short: str  # how it calls itself in prose: 本局, 本机关 ...
    unit: str
    address: str
    phone: str
    numbers: dict[str, str]  # kind -> template: filing, notice, decision, reminder, preserve, order, review
    cert_digits: int
    cert_prefix: str
    house: House
    review_body: str  # where 行政复议 goes
    court: str
    serial_pad: int = 0
    extra: dict = field(default_factory=dict)

    def number(self, kind: str, year: int, serial: int) -> str:
        n = f"{serial:0{self.serial_pad}d}" if self.serial_pad else str(serial)
        return self.numbers[kind].format(y=year, n=n)


AGENCIES: tuple[Agency, ...] = (
    Agency("YDSJ", "云渡市市场监督管理局", "本局", "稽查一科", "XX省云渡市望江路188号", "0799-6010231",
           {"filing": "云市监立〔{y}〕{n}号", "notice": "云市监罚告〔{y}〕{n}号", "decision": "云市监处罚〔{y}〕{n}号",
            "preserve": "云市监保〔{y}〕{n}号", "reminder": "云市监催〔{y}〕{n}号"},
           11, "36", House(body="serif", title="serif_bold", body_pt=14.5, title_pt=21, red_letterhead=True),
           "云渡市人民政府", "云渡市望江区人民法院"),
    Agency("YDGA", "云渡市公安局白溪分局", "本局", "治安管理大队", "XX省云渡市白溪区青石街9号", "0799-6120110",
           {"filing": "云公(白)受案字[{y}]{n}号", "notice": "云公(白)行罚告字[{y}]{n}号",
            "decision": "云公(白)行罚决字[{y}]{n}号", "reminder": "云公(白)催字[{y}]{n}号"},
           6, "", House(body="sans", title="sans_bold", body_pt=13.5, title_pt=19, leading=1.8, red_letterhead=False,
                        page_numbers=True), "云渡市公安局", "云渡市白溪区人民法院", serial_pad=4),
    Agency("NJZR", "南槿县自然资源局", "本局", "执法监察大队", "XX省南槿县槿园大道66号", "0798-3312507",
           {"filing": "南自然资立字（{y}）第{n}号", "notice": "南自然资告字（{y}）第{n}号",
            "decision": "南自然资罚字（{y}）第{n}号", "reminder": "南自然资催字（{y}）第{n}号",
            "order": "南自然资责改字（{y}）第{n}号"},
           8, "ZR", House(body="zenhei", title="zenhei", body_pt=14, title_pt=20, red_letterhead=True,
                          margin_mm=(30, 28, 26, 25)), "南槿县人民政府", "南槿县人民法院"),
    Agency("QLMZ", "青岚区民政局", "本局", "社会组织执法科", "XX省北梧市青岚区和风路21号", "0797-8826019",
           {"filing": "青民立〔{y}〕{n}号", "notice": "青民罚告〔{y}〕{n}号", "decision": "青民罚决〔{y}〕{n}号"},
           11, "52", House(body="serif", title="sans_bold", body_pt=15, title_pt=20, leading=1.65, red_letterhead=True),
           "北梧市青岚区人民政府", "北梧市青岚区人民法院"),
    Agency("BWZJ", "北梧市住房和城乡建设局", "本局", "建设工程执法支队", "XX省北梧市长庚路300号", "0797-8201466",
           {"filing": "北建立〔{y}〕{n}号", "notice": "北建罚告〔{y}〕{n}号", "decision": "北建罚决〔{y}〕{n}号",
            "reminder": "北建催〔{y}〕{n}号", "review": "北建法审〔{y}〕{n}号"},
           11, "21", House(body="sans", title="serif_bold", body_pt=14, title_pt=20, leading=1.7, red_letterhead=True,
                           page_numbers=True), "北梧市人民政府", "北梧市长庚区人民法院"),
    Agency("NJSJ", "南槿县市场监督管理局", "我局", "执法稽查大队", "XX省南槿县东门路12号", "0798-3325315",
           {"filing": "南市监立〔{y}〕第{n}号", "notice": "南市监罚告〔{y}〕第{n}号",
            "decision": "南市监罚〔{y}〕第{n}号", "preserve": "南市监登保〔{y}〕第{n}号"},
           11, "36", House(body="zenhei", title="sans_bold", body_pt=14, title_pt=19, red_letterhead=False),
           "南槿县人民政府", "南槿县人民法院", serial_pad=4),
    Agency("QLZJ", "青岚区住房和城乡建设局", "本机关", "物业监管股", "XX省北梧市青岚区迎宾大道8号", "0797-8830072",
           {"filing": "青住建立字[{y}]第{n}号", "notice": "青住建告字[{y}]第{n}号", "decision": "青住建罚字[{y}]第{n}号",
            "order": "青住建改字[{y}]第{n}号"},
           11, "21", House(body="serif", title="serif_bold", body_pt=14.5, title_pt=21, leading=1.8,
                           red_letterhead=True, margin_mm=(26, 27, 24, 24)), "北梧市青岚区人民政府", "北梧市青岚区人民法院"),
)

BY_CODE = {a.code: a for a in AGENCIES}
