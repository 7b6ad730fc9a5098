"""devset4: six invented penalty cases of an invented county (青岚县), written blind as a development set.

    .venv/bin/python -m bench.devset4 OUTDIR [--seed N]

Written without reading the classifier, to show how it does on wording it was not
written against: party blocks in other orders and labels (被处罚人, 违法行为人,
经营者, 行政相对人; 公民身份号码, 证件号码; 注册号), a 个体工商户 (字号, 经营者,
92… code), addressee lines, joint parties, agents from a law firm, witnesses, a
送达回证 with a 代收人, number series that differ inside one case, numbers cited in
prose, dates in Chinese numerals, and officers in tables. Deterministic in --seed;
kept as this generator, never as committed scans (write it under bench/out).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.devset2.identity import credit_check, id_check, org_check
from bench.devset4.render import Scan, render, write

UNIT = "ZD1"
COUNTY = "青岚县"
REGIONS = ("449906", "339902", "519908")  # real province codes, fictional prefecture 99
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SURNAMES = ["欧阳", "司马", "上官", "诸葛", "闫", "骆", "覃", "甘", "蓝", "韦", "祁", "滕"]
GIVEN2 = ["晗", "骁", "芮", "珂", "湛", "霁", "岚", "朔", "琛", "屹"]
GIVEN = ["景行", "若岚", "修远", "沐阳", "以宁", "书瑶", "振邦", "启航", "靖宇", "婉清", "秋实", "德铭"]
CN_DIGITS = "〇一二三四五六七八九"

AGENCIES = {  # code -> (agency, unit name, number prefix stem)
    "SLJ": ("青岚县水利局", "水政监察大队"),
    "LYJ": ("青岚县林业局", "森林资源执法中队"),
    "SJJ": ("青岚县市场监督管理局", "食品安全执法稽查队"),
    "SWJ": ("青岚县商务局", "商务综合行政执法队"),
    "QXJ": ("青岚县气象局", "气象行政执法队"),
    "JJ": ("青岚县公安局交通警察大队", "秩序中队"),
}


def cn_date(d: date) -> str:
    """二〇二四年三月五日: the way many seals and signatures date a document."""
    def small(n: int) -> str:
        return ("十" if n // 10 == 1 else CN_DIGITS[n // 10] + "十" if n >= 10 else "") + (
            CN_DIGITS[n % 10] if n % 10 or n < 10 else "")
    return "".join(CN_DIGITS[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


def ar_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class P:  # a person
    name: str
    idn: str
    male: bool
    phone: str
    addr: str


@dataclass
class O:  # an organisation
    name: str
    code: str
    rep: P


@dataclass
class Off:
    name: str
    cert: str


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.taken = rng, set()

    def name(self) -> str:
        while True:
            s = self.rng.choice(SURNAMES)
            g = self.rng.choice(GIVEN2 if len(s) == 1 and self.rng.random() < 0.4 else GIVEN)
            if s + g not in self.taken:
                self.taken.add(s + g)
                return s + g

    def person(self) -> P:
        male = self.rng.random() < 0.6
        born = date(1962, 1, 1) + timedelta(days=self.rng.randrange(14000))
        seq = self.rng.randrange(100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        f17 = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
        return P(self.name(), f17 + id_check(f17), male, f"1380000{self.rng.randrange(10000):04d}",
                 f"{COUNTY}{self.rng.choice(['云溪镇', '北岭乡', '城关镇', '石门镇'])}"
                 f"{self.rng.choice(['枫林村', '新河路', '长青街', '桥头组'])}{self.rng.randrange(2, 99)}号")

    def code(self, head: str) -> str:
        body = "".join(self.rng.choice(CREDIT_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        f17 = f"{head}{self.rng.choice(REGIONS)}{body}{org_check(body)}"
        return f17 + credit_check(f17)

    def officer(self) -> Off:
        return Off(self.name(), f"{self.rng.choice(('44', '33', '51'))}99{self.rng.randrange(10**6, 10**7)}")


class Case:
    """One matter: its agency, numbers, people and a list of (blocks, truth) documents."""

    def __init__(self, key: str, agency: str, w: World, start: date) -> None:
        self.key, self.agency, self.w, self.t = key, agency, w, start
        self.name = AGENCIES[agency][0]
        self.docs: list[tuple[list[tuple], dict]] = []

    def day(self, n: int) -> date:
        self.t += timedelta(days=n)
        return self.t

    def add(self, blocks: list[tuple], doc_type: str, numbers: list[str], parties: list[dict],
            officers: list[tuple[Off, str]], d: date, sealed: bool, body_dates: dict | None = None) -> None:
        self.docs.append((blocks, {
            "case": self.key, "doc_type": type_code(doc_type), "case_numbers": numbers, "parties": parties,
            "officers": [{"name": o.name, "cert_no": o.cert, "role": r} for o, r in officers],
            "date": d.isoformat(), "date_under_seal": sealed, "body_dates": body_dates or {}}))


# The truth is written in the classifier's vocabulary (classify/labels.py), so that it is scored at all:
# document types as its type codes, and two roles this generator names that the classifier folds into others.
# - 经营者: the natural person behind a 个体工商户's 字号 answers for the business as its 法定代表人/负责人 does
#   for a company (the classifier's "representative", shown as 法定代表人（负责人）); the business stays 当事人.
# - 代收人: signs for the 受送达人 on its behalf, which is what the classifier records as an agent (委托代理人).
ROLE_CODES = {"经营者": "法定代表人", "代收人": "委托代理人"}


def type_code(title: str) -> str:
    from classify.labels import doc_type_code

    code = doc_type_code(title)
    if code is None:
        raise ValueError(f"devset4: no classifier type for {title!r}")
    return code


def pp(role: str, p: P, with_id: bool = True) -> dict:
    return {"role": ROLE_CODES.get(role, role), "kind": "person", "name": p.name,
            **({"id_number": p.idn} if with_id else {})}


def po(role: str, o: O, with_code: bool = True) -> dict:
    return {"role": role, "kind": "organisation", "name": o.name, **({"credit_code": o.code} if with_code else {})}


def closing(c: Case, d: date, chinese: bool = True) -> tuple:
    return ("closing", [c.name, cn_date(d) if chinese else ar_date(d)], True)


def interview(c: Case, who: P, offs: list[Off], d: date, qa: list[tuple[str, str]], role: str,
              org: O | None = None, id_label: str = "公民身份号码") -> tuple[list[tuple], list[dict]]:
    rows = [[(f"时间：{ar_date(d)}9时10分至10时05分", 1)],
            [(f"地点：{c.name}询问室", 1)],
            [("询问人：", 0.8), (f"{offs[0].name}、{offs[1].name}", 1.6), ("执法证号：", 0.9),
             (f"{offs[0].cert}、{offs[1].cert}", 2.2)],
            [("记录人：", 0.8), (offs[1].name, 1.6), ("执法证号：", 0.9), (offs[1].cert, 2.2)],
            [("被询问人：", 0.8), (who.name, 1.0), ("性别", 0.4), ("男" if who.male else "女", 0.3),
             (id_label, 0.9), (who.idn, 1.9)],
            [("联系电话", 0.8), (who.phone, 1.4), ("住址", 0.5), (who.addr, 2.8)]]
    if org:
        rows.append([("工作单位", 0.8), (org.name, 2.2), ("职务", 0.5), ("现场负责人", 2.0)])
    blocks = [("title", "询 问 笔 录"), ("p0", "第1页 共2页"), ("form", rows),
              ("p", f"问：我们是{c.name}的执法人员，这是我们的执法证件（出示证件），你是否看清楚？"),
              ("p", "答：看清楚了。"),
              ("p", "问：你有如实回答问题的义务，也有陈述、申辩和申请回避的权利，是否申请回避？"), ("p", "答：不申请。")]
    for q, a in qa:
        blocks += [("p", "问：" + q), ("p", "答：" + a)]
    blocks += [("break",), ("p0", "第2页 共2页"), ("p", "问：还有什么要补充的吗？"), ("p", "答：没有了。"),
               ("p", "问：以上记录是否属实？"), ("p", "答：以上记录我看过，和我说的一样。"),
               ("gap", 1), ("p0", f"被询问人签名：{who.name}        {ar_date(d)}"),
               ("p0", f"询问人签名：{offs[0].name}  {offs[1].name}")]
    parties = [pp(role, who)]
    if org:
        parties.append(po("当事人", org, with_code=False))
    return blocks, parties


def case_water(w: World) -> Case:
    """水利局, 河道采砂: a company and its legal representative, an agent from a law firm, differing series."""
    c = Case("SLJ-1", "SLJ", w, date(2024, 3, 4))
    rep, staff, agent, receiver = w.person(), w.person(), w.person(), w.person()
    co = O("青岚县鑫澜砂石有限公司", w.code("91"), rep)
    o1, o2, head, legal = w.officer(), w.officer(), w.officer(), w.officer()
    li, gao, jue = "青水立〔2024〕7号", "青水罚告〔2024〕12号", "青水罚决〔2024〕15号"
    d = c.day(0)
    c.add([("head", c.name), ("title", "水行政处罚立案审批表"), ("num", f"立案编号：{li}", "right"),
           ("form", [[("案件来源", 1), ("巡查发现", 3)],
                     [("当事人名称", 1), (co.name, 3)],
                     [("统一社会信用代码", 1), (co.code, 3)],
                     [("法定代表人", 1), (rep.name, 1.2), ("联系电话", 0.8), (rep.phone, 1)],
                     [("案情摘要", 1), (f"{ar_date(d - timedelta(days=2))}，巡查发现该公司在青岚河云溪段河道管理范围内"
                                       "未经许可使用挖掘机采砂，涉嫌违反《中华人民共和国水法》第三十九条。", 3)],
                     [("承办人意见", 1), (f"建议立案调查。承办人：{o1.name}（{o1.cert}）、{o2.name}（{o2.cert}）", 3)],
                     [("负责人审批", 1), (f"同意立案。  {head.name}  {cn_date(d)}", 3)]])],
          "立案审批表", [li], [po("当事人", co), pp("法定代表人", rep, False)],
          [(o1, "承办"), (o2, "承办")], d, False, {"违法行为发生日": (d - timedelta(days=2)).isoformat()})
    # the approver's number is not printed on the form above; he is named without it in truth
    c.docs[-1][1]["officers"].append({"name": head.name, "cert_no": None, "role": "批准"})
    d = c.day(1)
    c.add([("head", c.name), ("title", "现场检查（勘验）笔录"),
           ("form", [[("检查时间", 1), (f"{ar_date(d)}14时30分至15时20分", 3)],
                     [("检查地点", 1), ("青岚河云溪段左岸（桩号K3+200附近）", 3)],
                     [("被检查单位", 1), (co.name, 3)],
                     [("现场负责人", 1), (staff.name, 1.2), ("证件号码", 0.8), (staff.idn, 1.6)],
                     [("检查人员", 1), (f"{o1.name} 执法证号{o1.cert}；{o2.name} 执法证号{o2.cert}", 3)],
                     [("见证人", 1), (receiver.name, 1.2), ("身份证件号码", 0.8), (receiver.idn, 1.6)]]),
           ("p", "检查情况：现场有挖掘机一台、运砂车两辆，河床有新开挖痕迹，面积约一千二百平方米，"
                 "现场未能出示河道采砂许可证。执法人员已出示执法证件并告知当事人权利。"),
           ("p0", f"被检查单位现场负责人签名：{staff.name}    见证人签名：{receiver.name}"),
           ("p0", f"检查人员签名：{o1.name}  {o2.name}        {ar_date(d)}")],
          "现场检查笔录", [], [po("当事人", co, False), pp("被询问人", staff), pp("见证人", receiver)],
          [(o1, "承办"), (o2, "承办")], d, False)
    d = c.day(2)
    b, parties = interview(c, staff, [o1, o2], d, [
        ("你在公司担任什么职务？", f"我是{co.name}的现场负责人，公司法定代表人是{rep.name}。"),
        ("河道里的砂是谁安排挖的？", "是公司安排的，挖了大概一个星期，没有办采砂许可证。")],
        "被询问人", org=co)
    c.add(b, "询问笔录", [], parties + [pp("法定代表人", rep, False)], [(o1, "承办"), (o2, "记录")], d, False)
    d = c.day(9)
    c.add([("head", c.name), ("title", "行政处罚事先告知书"), ("num", gao, "right"),
           ("p0", f"{co.name}："),
           ("p", f"经查，你公司于{ar_date(date(2024, 3, 2))}起在青岚河云溪段河道管理范围内未经许可采砂，"
                 "违反了《中华人民共和国水法》第三十九条第一款的规定。依据《中华人民共和国水法》第七十二条，"
                 "本机关拟对你公司作出如下行政处罚：没收违法所得，并处罚款人民币伍万元整。"),
           ("p", "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你公司可在收到本告知书之日起"
                 "五个工作日内向本机关提出陈述、申辩，逾期视为放弃。"),
           ("p0", f"联系人：{o1.name}    联系电话：0799-5512367"), closing(c, d)],
          "行政处罚事先告知书", [gao], [po("当事人", co, False)], [(o1, "承办")], d, True)
    c.docs[-1][1]["officers"][0]["cert_no"] = None  # the notice names its 联系人 with a phone, not a certificate
    d = c.day(12)
    c.add([("head", c.name), ("title", "水行政处罚决定书"), ("num", jue, "center"),
           ("p0", f"被处罚单位：{co.name}"), ("p0", f"统一社会信用代码：{co.code}"),
           ("p0", f"住所：{COUNTY}云溪镇工业园3号"), ("p0", f"法定代表人：{rep.name}  公民身份号码：{rep.idn}"),
           ("p0", f"委托代理人：{agent.name}，青岚明衡律师事务所律师"),
           ("p", f"本机关于{ar_date(date(2024, 3, 4))}对你单位涉嫌未经许可在河道管理范围内采砂一案立案调查。"
                 f"经查明：……（事实略）。本机关于{ar_date(c.t - timedelta(days=12))}以{gao}《行政处罚事先告知书》"
                 "告知你单位拟作出的处罚及享有的权利，你单位在法定期限内提出了陈述、申辩，经复核不予采纳。"),
           ("p", "依据《中华人民共和国水法》第七十二条第一项，决定：一、没收违法所得人民币壹万贰仟元；"
                 "二、处罚款人民币伍万元整。"),
           ("p", "罚款自收到本决定书之日起十五日内缴至指定银行。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"
                 "如不服本决定，可在收到本决定书之日起六十日内向青岚县人民政府申请行政复议，"
                 "或者在六个月内向青岚县人民法院提起行政诉讼。"),
           ("break",), ("p0", "（此页无正文）"), closing(c, d)],
          "行政处罚决定书", [jue, gao], [po("当事人", co), pp("法定代表人", rep), pp("委托代理人", agent, False)],
          [], d, True, {"立案日": "2024-03-04", "告知日": (d - timedelta(days=12)).isoformat()})
    d = c.day(2)
    c.add([("head", c.name), ("title", "送 达 回 证"),
           ("form", [[("送达文书名称及文号", 1.2), (f"水行政处罚决定书（{jue}）", 3)],
                     [("受送达人", 1.2), (co.name, 3)],
                     [("送达地点", 1.2), (f"{COUNTY}云溪镇工业园3号", 3)],
                     [("送达方式", 1.2), ("直接送达", 3)],
                     [("受送达人签收", 1.2), (f"{receiver.name}（代收人，公司办公室文员）  {ar_date(d)}", 3)],
                     [("送达人", 1.2), (f"{o1.name}  {o2.name}", 3)],
                     [("备注", 1.2), ("法定代表人不在，由公司文员代收。", 3)]]), closing(c, d, chinese=False)],
          "送达回证", [jue], [po("受送达人", co, False), pp("代收人", receiver, False)],
          [(o1, "承办"), (o2, "承办")], d, True)
    for x in c.docs[-1][1]["officers"]:
        x["cert_no"] = None
    d = c.day(20)
    c.add([("head", c.name), ("title", "结 案 报 告"), ("num", f"案号：{li}", "left"),
           ("form", [[("案由", 1), ("未经许可在河道管理范围内采砂", 3)],
                     [("当事人", 1), (co.name, 3)],
                     [("处罚决定书文号", 1), (jue, 3)],
                     [("执行情况", 1), (f"当事人已于{ar_date(d - timedelta(days=6))}缴清罚没款。", 3)]]),
           ("p0", "办案人员："),
           ("form", [[("姓名", 1), ("执法证号", 1.5), ("职责", 1)],
                     [(o1.name, 1), (o1.cert, 1.5), ("主办", 1)],
                     [(o2.name, 1), (o2.cert, 1.5), ("协办", 1)],
                     [(legal.name, 1), (legal.cert, 1.5), ("法制审核", 1)]]),
           ("p0", f"负责人意见：同意结案。    {head.name}"), closing(c, d)],
          "结案报告", [li, jue], [po("当事人", co, False)],
          [(o1, "承办"), (o2, "承办"), (legal, "审核")], d, True,
          {"缴款日": (d - timedelta(days=6)).isoformat()})
    c.docs[-1][1]["officers"].append({"name": head.name, "cert_no": None, "role": "批准"})
    return c


def case_forest(w: World) -> Case:
    """林业局, 滥伐林木: a natural person with a compound surname, a witness, prose citations, a 催告书."""
    c = Case("LYJ-1", "LYJ", w, date(2024, 5, 13))
    base = w.person()  # a fixed compound-surname name on a generated identity
    w.taken.add("欧阳振邦")
    who = P("欧阳振邦", base.idn, True, base.phone, base.addr)
    wit = w.person()
    o1, o2, head = w.officer(), w.officer(), w.officer()
    no = "青林罚〔2024〕3号"
    gao, jue, cui = "青林罚告〔2024〕3号", "青林罚决〔2024〕3号", "青林催〔2024〕1号"
    d = c.day(0)
    c.add([("title", "林业行政案件立案登记表"), ("num", f"{COUNTY}林业局    {no}", "left"),
           ("form", [[("违法行为人", 1), (who.name, 1.2), ("性别", 0.5), ("男", 0.5), ("联系电话", 0.8), (who.phone, 1.3)],
                     [("身份证件号码", 1), (who.idn, 2.2), ("住址", 0.5), (who.addr, 1.6)],
                     [("案由", 1), ("涉嫌滥伐林木", 4.3)],
                     [("简要案情", 1), ("群众举报北岭乡后山有人砍伐杉木，经核实砍伐株数约四十株，未办理林木采伐许可证。", 4.3)],
                     [("承办人", 1), (f"{o1.name}  {o2.name}", 2.2), ("日期", 0.5), (ar_date(d), 1.6)],
                     [("负责人意见", 1), (f"同意立案，由{o1.name}、{o2.name}承办。{head.name}", 4.3)]])],
          "立案审批表", [no], [pp("当事人", who)], [], d, False)
    c.docs[-1][1]["officers"] = [{"name": o1.name, "cert_no": None, "role": "承办"},
                                 {"name": o2.name, "cert_no": None, "role": "承办"},
                                 {"name": head.name, "cert_no": None, "role": "批准"}]
    d = c.day(3)
    b, parties = interview(c, who, [o1, o2], d, [
        ("后山的杉木是谁砍的？", "是我请人砍的，准备卖给木材加工厂，一共砍了三十八株。"),
        ("你有没有办理采伐许可证？", "没有办，我以为自己承包的山可以随便砍。")], "当事人", id_label="身份证号码")
    c.add(b, "询问笔录", [], parties, [(o1, "承办"), (o2, "记录")], d, False)
    d = c.day(1)
    b, parties = interview(c, wit, [o2, o1], d, [
        (f"你认识{who.name}吗？", f"认识，{who.name}是我们村的，他上个月请我帮忙砍树。"),
        ("砍了多少树？", "大概四十株杉木，我砍了两天。")], "证人")
    b[0] = ("title", "询问笔录（证人）")
    c.add(b, "询问笔录", [], parties, [(o2, "承办"), (o1, "记录")], d, False)
    d = c.day(6)
    c.add([("head", c.name), ("title", "法制审核意见书"),
           ("p", f"{o1.name}、{o2.name}同志承办的{who.name}涉嫌滥伐林木一案（{no}），经审核，"
                 "事实清楚，证据确实充分，适用法律正确，程序合法，拟作出的处罚在自由裁量基准范围内，同意承办人意见。"),
           ("p0", f"审核人：{head.name}"), ("p0", f"审核日期：{cn_date(d)}")],
          "法制审核意见书", [no], [pp("当事人", who, False)],
          [(o1, "承办"), (o2, "承办")], d, False)
    c.docs[-1][1]["officers"] = [{"name": o1.name, "cert_no": None, "role": "承办"},
                                 {"name": o2.name, "cert_no": None, "role": "承办"},
                                 {"name": head.name, "cert_no": None, "role": "审核"}]
    d = c.day(1)
    c.add([("head", c.name), ("title", "林业行政处罚先行告知书"), ("num", gao, "right"), ("p0", f"{who.name}："),
           ("p", "你于2024年4月下旬在北岭乡后山未经许可滥伐杉木三十八株，立木蓄积八点六立方米。依据《中华人民共和国"
                 "森林法》第七十六条第二款，本局拟责令你在原地补种滥伐株数五倍的树木，并处滥伐林木价值三倍的罚款。"),
           ("p", "你有权在收到本告知书之日起三日内进行陈述和申辩，或要求举行听证。"), closing(c, d)],
          "行政处罚事先告知书", [gao], [pp("当事人", who, False)], [], d, True)
    d = c.day(8)
    c.add([("head", c.name), ("title", "林业行政处罚决定书"), ("num", jue, "right"),
           ("p0", f"当事人：{who.name}，男，公民身份号码{who.idn}，住{who.addr}。"),
           ("p", f"根据本局{gao}告知书，你在法定期限内未提出陈述申辩。经查，你于2024年4月下旬滥伐杉木三十八株……"
                 "依据《中华人民共和国森林法》第七十六条第二款，决定：一、责令在原地补种树木一百九十株；"
                 "二、处罚款人民币壹万零叁佰贰拾元。"),
           ("p", "罚款于收到本决定书之日起十五日内缴纳。不服本决定的，可在六十日内申请行政复议，"
                 "或者在六个月内提起行政诉讼。"), closing(c, d)],
          "行政处罚决定书", [jue, gao], [pp("当事人", who)], [], d, True)
    d = c.day(40)
    c.add([("head", c.name), ("title", "催 告 书"), ("num", cui, "right"), ("p0", f"{who.name}："),
           ("p", f"本局于{ar_date(d - timedelta(days=40))}作出{jue}行政处罚决定，你至今未履行缴纳罚款的义务。"
                 "根据《中华人民共和国行政强制法》第三十五条，现催告你在收到本催告书之日起十日内履行，"
                 "逾期仍未履行的，本局将依法申请人民法院强制执行。"), closing(c, d)],
          "催告书", [cui, jue], [pp("当事人", who, False)], [], d, True,
          {"决定日": (d - timedelta(days=40)).isoformat()})
    return c


def case_food(w: World) -> Case:
    """市场监管, 食品: a 个体工商户 (字号, 经营者, 92… code), evidence kept, collective discussion."""
    c = Case("SJJ-1", "SJJ", w, date(2024, 6, 18))
    op = w.person()
    shop = O("青岚县沐阳副食便利店", w.code("92"), op)
    o1, o2, head = w.officer(), w.officer(), w.officer()
    li, gao, jue, bao = "青市监立〔2024〕118号", "青市监罚告〔2024〕96号", "青市监罚〔2024〕102号", "青市监保〔2024〕21号"
    d = c.day(0)
    c.add([("head", c.name), ("title", "现场笔录"),
           ("form", [[("当事人", 1), (shop.name, 2.2), ("经营者", 0.7), (op.name, 1.1)],
                     [("统一社会信用代码", 1), (shop.code, 2.2), ("组成形式", 0.7), ("个人经营", 1.1)],
                     [("经营者证件号码", 1), (op.idn, 2.2), ("电话", 0.7), (op.phone, 1.1)],
                     [("执法人员", 1), (f"{o1.name}（{o1.cert}）  {o2.name}（{o2.cert}）", 4)],
                     [("现场情况", 1), ("货架上摆放超过保质期的预包装饮料二十三瓶、饼干十一袋，与正常商品混放销售。", 4)]]),
           ("p0", f"当事人签字：{op.name}     {ar_date(d)}")],
          "现场检查笔录", [], [po("当事人", shop), pp("经营者", op)], [(o1, "承办"), (o2, "承办")], d, False)
    d = c.day(0)
    c.add([("head", c.name), ("title", "实施行政强制措施决定书（先行登记保存）"), ("num", bao, "right"),
           ("p0", f"{shop.name}（经营者：{op.name}）："),
           ("p", "你（单位）涉嫌经营超过保质期的食品，本局决定对下列物品先行登记保存，保存期间不得转移、损毁。"),
           ("form", [[("序号", 0.5), ("物品名称", 2), ("规格", 1), ("数量", 1)],
                     [("1", 0.5), ("果味饮料（已过保质期）", 2), ("500mL/瓶", 1), ("23瓶", 1)],
                     [("2", 0.5), ("苏打饼干（已过保质期）", 2), ("200g/袋", 1), ("11袋", 1)]]),
           closing(c, d)],
          "证据登记保存清单", [bao], [po("当事人", shop, False), pp("经营者", op, False)], [], d, True)
    d = c.day(1)
    c.add([("head", c.name), ("title", "立案审批表"), ("num", li, "right"),
           ("form", [[("当事人名称（字号）", 1.2), (shop.name, 3)], [("经营者姓名", 1.2), (op.name, 3)],
                     [("案源", 1.2), ("日常监督检查", 3)],
                     [("承办人", 1.2), (f"{o1.name} {o1.cert}", 1.5), (f"{o2.name} {o2.cert}", 1.5)],
                     [("负责人意见", 1.2), (f"同意立案  {head.name}  {cn_date(d)}", 3)]])],
          "立案审批表", [li], [po("当事人", shop, False), pp("经营者", op, False)],
          [(o1, "承办"), (o2, "承办")], d, False)
    c.docs[-1][1]["officers"].append({"name": head.name, "cert_no": None, "role": "批准"})
    d = c.day(3)
    b, parties = interview(c, op, [o1, o2], d, [
        ("过期食品是从哪里进的货？", "从县城批发市场进的，进货单据找不到了。"),
        ("这些过期食品卖了多少？", "大概卖了十几瓶，每瓶三块钱。")], "被询问人", org=shop, id_label="证件号码")
    c.add(b, "询问笔录", [], parties, [(o1, "承办"), (o2, "记录")], d, False)
    d = c.day(10)
    c.add([("head", c.name), ("title", "案件集体讨论记录"),
           ("form", [[("讨论时间", 1), (ar_date(d), 3)], [("主持人", 1), (head.name, 3)],
                     [("参加人员", 1), (f"{head.name}、{o1.name}、{o2.name}", 3)]]),
           ("p", f"承办人{o1.name}汇报：{shop.name}经营者{op.name}经营超过保质期食品一案，事实清楚，证据充分。"
                 "讨论意见：依据《中华人民共和国食品安全法》第一百二十四条，没收过期食品，并处罚款五万元。"),
           ("p0", f"记录人：{o2.name}")],
          "集体讨论记录", [], [po("当事人", shop, False), pp("经营者", op, False)],
          [(head, "批准"), (o1, "承办"), (o2, "记录")], d, False)
    for x in c.docs[-1][1]["officers"]:
        x["cert_no"] = None
    d = c.day(2)
    c.add([("head", c.name), ("title", "行政处罚告知书"), ("num", gao, "right"), ("p0", f"{shop.name}："),
           ("p", "经查，你（单位）经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第十项的规定。"
                 "本局拟没收过期食品，并处罚款人民币伍万元。你有权在收到本告知书之日起五个工作日内提出陈述、申辩，"
                 "并有权要求举行听证。"), closing(c, d)],
          "行政处罚事先告知书", [gao], [po("当事人", shop, False)], [], d, True)
    d = c.day(9)
    c.add([("head", c.name), ("title", "行政处罚决定书"), ("num", jue, "right"),
           ("p0", f"当事人：{shop.name}"), ("p0", "主体类型：个体工商户"),
           ("p0", f"统一社会信用代码：{shop.code}"), ("p0", f"经营者：{op.name}    身份证件号码：{op.idn}"),
           ("p0", f"经营场所：{COUNTY}城关镇长青街17号"),
           ("p", f"当事人经营超过保质期的食品一案，本局于{ar_date(date(2024, 6, 19))}立案调查，{gao}告知书送达后，"
                 "当事人未提出陈述申辩。依据《中华人民共和国食品安全法》第一百二十四条第一款第五项，决定："
                 "没收超过保质期的食品三十四件，并处罚款人民币伍万元。"),
           ("p", "当事人应自收到本决定书之日起十五日内缴纳罚款。不服本决定的，可以在六十日内申请行政复议，"
                 "也可以在六个月内直接向人民法院提起行政诉讼。"), closing(c, d)],
          "行政处罚决定书", [jue, gao], [po("当事人", shop), pp("经营者", op)], [], d, True,
          {"立案日": "2024-06-19"})
    return c


def case_commerce(w: World) -> Case:
    """商务局, 预付卡: a company and a natural person decided jointly, labelled 行政相对人."""
    c = Case("SWJ-1", "SWJ", w, date(2024, 8, 7))
    rep, partner = w.person(), w.person()
    co = O("青岚县启航健身服务有限公司", w.code("91"), rep)
    o1, o2 = w.officer(), w.officer()
    gao, jue = "青商罚告字〔2024〕第5号", "青商罚字〔2024〕第5号"
    d = c.day(0)
    b, parties = interview(c, partner, [o1, o2], d, [
        ("你和这家公司是什么关系？", f"我是{co.name}的股东，预付卡是我以个人名义收款的。"),
        ("发卡后有没有向商务主管部门备案？", "没有备案，也没有存管预收资金。")], "被询问人", org=co)
    c.add(b, "询问笔录", [], parties, [(o1, "承办"), (o2, "记录")], d, False)
    d = c.day(14)
    c.add([("head", c.name), ("title", "行政处罚事先告知书"), ("num", gao, "right"),
           ("p0", f"{co.name}、{partner.name}："),
           ("p", "你们未按规定办理单用途商业预付卡备案并存管预收资金，违反了《单用途商业预付卡管理办法（试行）》"
                 "第十四条。本局拟对你们作出罚款人民币贰万元的行政处罚。你们可在收到本告知书之日起五日内陈述、申辩。"),
           closing(c, d)],
          "行政处罚事先告知书", [gao], [po("当事人", co, False), pp("当事人", partner, False)], [], d, True)
    d = c.day(11)
    c.add([("head", c.name), ("title", "行政处罚决定书"), ("num", jue, "right"),
           ("p0", "行政相对人一："),
           ("form", [[("名称", 1), (co.name, 3)], [("注册号/统一社会信用代码", 1), (co.code, 3)],
                     [("法定代表人", 1), (rep.name, 1.3), ("证件号码", 0.7), (rep.idn, 1.6)]]),
           ("p0", "行政相对人二："),
           ("form", [[("姓名", 1), (partner.name, 1.3), ("性别", 0.7), ("男" if partner.male else "女", 1.6)],
                     [("身份证号", 1), (partner.idn, 1.3), ("电话", 0.7), (partner.phone, 1.6)]]),
           ("p", f"经调查，上述行政相对人共同发行单用途商业预付卡未备案。本局于{ar_date(d - timedelta(days=11))}"
                 f"以{gao}告知拟处罚内容，当事人未提出陈述申辩。依据《单用途商业预付卡管理办法（试行）》第三十六条，"
                 "决定对行政相对人共同处以罚款人民币贰万元。"),
           ("p", "不服本决定的，可在收到本决定书之日起六十日内申请行政复议或者六个月内提起行政诉讼。"),
           ("p0", f"执法人员：{o1.name}（执法证号{o1.cert}）  {o2.name}（执法证号{o2.cert}）"), closing(c, d)],
          "行政处罚决定书", [jue, gao],
          [po("当事人", co), pp("法定代表人", rep), pp("当事人", partner)],
          [(o1, "承办"), (o2, "承办")], d, True, {"告知日": (d - timedelta(days=11)).isoformat()})
    for served, role_party in ((co, True), (partner, False)):
        d = c.day(1 if role_party else 0)
        name = served.name
        c.add([("title", "送达回证"), ("num", c.name, "center"),
               ("form", [[("受送达人", 1), (name, 3)], [("送达文件", 1), (f"行政处罚决定书 {jue}", 3)],
                         [("送达方式", 1), ("邮寄送达" if role_party else "直接送达", 3)],
                         [("收件人签名", 1), (f"{rep.name if role_party else partner.name}  {ar_date(d)}", 3)],
                         [("送达人", 1), (f"{o1.name}、{o2.name}", 3)]]),
               ("closing", [c.name, cn_date(d)], True)],
              "送达回证", [jue],
              [po("受送达人", co, False), pp("法定代表人", rep, False)] if role_party
              else [pp("受送达人", partner, False)],
              [], d, True)
        c.docs[-1][1]["officers"] = [{"name": o.name, "cert_no": None, "role": "承办"} for o in (o1, o2)]
    return c


def case_weather(w: World) -> Case:
    """气象局, 施放气球: an events company; an agent with a law firm at the statement; officers in a table."""
    c = Case("QXJ-1", "QXJ", w, date(2024, 9, 20))
    rep, agent, wit = w.person(), w.person(), w.person()
    co = O("青岚县书瑶庆典策划有限公司", w.code("91"), rep)
    o1, o2, head = w.officer(), w.officer(), w.officer()
    li, jue = "青气立〔2024〕2号", "青气罚〔2024〕2号"
    d = c.day(0)
    c.add([("head", c.name), ("title", "现场勘验检查笔录"), ("num", f"案件编号：{li}", "right"),
           ("p0", f"时间：{ar_date(d)}10时至10时40分    地点：{COUNTY}城关镇滨江广场"),
           ("p0", f"执法人员：{o1.name}，执法证号{o1.cert}；{o2.name}，执法证号{o2.cert}"),
           ("p0", f"当事人：{co.name}    法定代表人：{rep.name}"),
           ("p0", f"见证人：{wit.name}    公民身份号码：{wit.idn}"),
           ("p", "检查情况：广场东侧系留氦气球六个，未设置警示标志，当事人未能出示施放气球资质证和施放活动许可。"),
           ("p0", f"见证人签名：{wit.name}    执法人员签名：{o1.name} {o2.name}")],
          "现场检查笔录", [li], [po("当事人", co, False), pp("法定代表人", rep, False), pp("见证人", wit)],
          [(o1, "承办"), (o2, "承办")], d, False)
    d = c.day(5)
    c.add([("head", c.name), ("title", "陈述申辩笔录"), ("num", li, "right"),
           ("form", [[("陈述申辩人", 1), (co.name, 3)], [("委托代理人", 1), (f"{agent.name}（青岚正源律师事务所律师）", 3)],
                     [("代理人证件号码", 1), (agent.idn, 3)],
                     [("承办人", 1), (f"{o1.name}  {o2.name}", 3)], [("时间", 1), (ar_date(d), 3)]]),
           ("p", "陈述申辩内容：当事人系初次违法，气球施放时间短且已主动撤除，请求从轻处罚。"),
           ("p0", f"代理人签名：{agent.name}")],
          "陈述申辩笔录", [li], [po("当事人", co, False), pp("委托代理人", agent)], [], d, False)
    c.docs[-1][1]["officers"] = [{"name": o.name, "cert_no": None, "role": "承办"} for o in (o1, o2)]
    d = c.day(6)
    c.add([("head", c.name), ("title", "气象行政处罚决定书"), ("num", jue, "right"),
           ("p0", f"当事人：{co.name}，统一社会信用代码{co.code}，法定代表人{rep.name}。"),
           ("p", f"本局于{ar_date(date(2024, 9, 20))}在滨江广场检查时发现，当事人未经许可施放系留气球。"
                 f"当事人委托{agent.name}律师提出申辩，本局予以部分采纳。依据《通用航空飞行管制条例》和"
                 "《施放气球管理办法》第二十九条，决定：给予警告，并处罚款人民币伍仟元。"),
           ("p", "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。"),
           closing(c, d)],
          "行政处罚决定书", [jue], [po("当事人", co), pp("法定代表人", rep, False), pp("委托代理人", agent, False)],
          [], d, True, {"检查日": "2024-09-20"})
    d = c.day(30)
    c.add([("head", c.name), ("title", "行政处罚结案审批表"), ("num", f"{li}  {jue}", "left"),
           ("form", [[("当事人", 1), (co.name, 3)], [("处罚结果", 1), ("警告，罚款伍仟元", 3)],
                     [("执行情况", 1), ("已全部履行", 3)]]),
           ("form", [[("承办人员", 1), ("执法证号", 1.5), ("签名日期", 1.5)],
                     [(o1.name, 1), (o1.cert, 1.5), (ar_date(d), 1.5)],
                     [(o2.name, 1), (o2.cert, 1.5), (ar_date(d), 1.5)]]),
           ("p0", f"局长审批：同意结案。{head.name}"), closing(c, d)],
          "结案报告", [li, jue], [po("当事人", co, False)], [(o1, "承办"), (o2, "承办")], d, True)
    c.docs[-1][1]["officers"].append({"name": head.name, "cert_no": None, "role": "批准"})
    return c


def case_traffic(w: World) -> Case:
    """公安交警: a 公安交通管理行政处罚决定书 (违法行为人, 驾驶证号 = ID number, 警号)."""
    c = Case("JJ-1", "JJ", w, date(2024, 10, 9))
    who = w.person()
    cop1, cop2 = w.officer(), w.officer()
    cop1.cert, cop2.cert = f"0{w.rng.randrange(10**5, 10**6)}", f"0{w.rng.randrange(10**5, 10**6)}"
    jue = f"编号：4499{w.rng.randrange(10**11, 10**12)}"
    num = "青公交决字〔2024〕第00417号"
    d = c.day(0)
    c.add([("head", c.name), ("title", "询问笔录"),
           ("p0", f"询问时间：{ar_date(d)}16时20分    询问地点：{c.name}秩序中队"),
           ("p0", f"询问人：{cop1.name}（警号{cop1.cert}）  记录人：{cop2.name}（警号{cop2.cert}）"),
           ("p0", f"被询问人：{who.name}  性别：{'男' if who.male else '女'}  身份证号码：{who.idn}  电话：{who.phone}"),
           ("p", "问：你今天下午驾驶小型轿车途经县城人民路时，是否饮过酒？"),
           ("p", "答：中午喝了一瓶啤酒，以为过了几个小时没事了。"),
           ("p", "问：车辆是谁的？"), ("p", "答：车是我朋友的，借给我开的。"),
           ("p0", f"被询问人：{who.name}")],
          "询问笔录", [], [pp("被询问人", who)],
          [(cop1, "承办"), (cop2, "记录")], d, False)
    d = c.day(0)
    c.add([("title", "公安交通管理行政处罚决定书"), ("num", num, "right"), ("num", jue, "left"),
           ("form", [[("被处罚人", 1), (who.name, 1.3), ("驾驶证/身份证号", 1), (who.idn, 1.9)],
                     [("联系方式", 1), (who.phone, 1.3), ("准驾车型", 1), ("C1", 1.9)],
                     [("车辆牌号", 1), ("测A·7K3Q9", 1.3), ("车辆类型", 1), ("小型轿车", 1.9)]]),
           ("p", f"被处罚人于{ar_date(d)}15时42分在县城人民路与滨江路口，实施饮酒后驾驶机动车的违法行为"
                 "（代码1711），违反了《中华人民共和国道路交通安全法》第二十二条第二款。依据第九十一条第一款，"
                 "决定处以罚款人民币壹仟伍佰元，暂扣机动车驾驶证六个月。"),
           ("p", "持本决定书在十五日内到指定银行缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"
                 "如不服本决定，可以在收到本决定书之日起六十日内向青岚县人民政府申请行政复议，"
                 "或者在六个月内向人民法院提起行政诉讼。"),
           ("p0", f"处罚地点：{c.name}秩序中队    交通警察：{cop1.name}  警号：{cop1.cert}"),
           ("p0", f"被处罚人签名：{who.name}"), closing(c, d)],
          "行政处罚决定书", [num], [pp("当事人", who)], [(cop1, "承办")], d, True)
    d = c.day(0)
    c.add([("title", "送达回证"), ("num", c.name, "center"),
           ("form", [[("送达文书", 1), (f"公安交通管理行政处罚决定书（{num}）", 3)],
                     [("受送达人", 1), (who.name, 3)], [("送达方式", 1), ("当场交付", 3)],
                     [("受送达人签名", 1), (f"{who.name}  {ar_date(d)}", 3)],
                     [("送达人", 1), (f"{cop1.name}（{cop1.cert}）", 3)]])],
          "送达回证", [num], [pp("受送达人", who, False)], [(cop1, "承办")], d, False)
    return c


CASES = (case_water, case_forest, case_food, case_commerce, case_weather, case_traffic)
MODES = ("colour", "grey", "bilevel")


def write_set(dest: Path, seed: int) -> dict:
    """Render every document into dest/scans/AGENCY/ under a random name, write dest/truth.json; returns the truth."""
    w = World(random.Random(f"devset4:{seed}"))
    cases = [f(w) for f in CASES]
    rng = random.Random(f"devset4-scan:{seed}")
    docs = [(c.agency, b, t) for c in cases for b, t in c.docs]
    rng.shuffle(docs)
    truth: dict[str, dict] = {}
    for i, (agency, blocks, t) in enumerate(docs):
        s = Scan.draw(rng, MODES[i % 3])
        pages = render(blocks, s, rng)
        folder = dest / "scans" / agency
        folder.mkdir(parents=True, exist_ok=True)
        path = write(pages, s, folder / f"{rng.getrandbits(40):010x}")
        truth[path.name] = {**t, "agency": agency, "unit": f"{agency}/{UNIT}", "pages": len(pages),
                            "scan": {"mode": s.mode, "dpi": s.dpi, "format": s.fmt, "skew_deg": round(s.skew, 2)},
                            "date_readable": not (t["date_under_seal"] and s.mode == "bilevel")}
    out = {"set": "devset4", "seed": seed,
           "units": {code: {"agency_name": a, "unit": UNIT, "unit_name": u} for code, (a, u) in AGENCIES.items()},
           "documents": dict(sorted(truth.items()))}
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "truth.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
