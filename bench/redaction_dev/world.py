"""Synthetic people, places, organisations and numbers of this development set (valid check digits computed here).

Place names are invented (no real province or city); numbers are synthetic: mobiles 1xx0000xxxx, fixed lines with
an invented area code, ID numbers and credit codes with their check digits (GB 11643, GB 32100), Luhn-valid cards.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import uscc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "端木")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
ETHNIC_1 = ("阿依", "买买提", "艾力", "吐尔逊", "热依拉", "古丽", "阿不都", "努尔", "帕提", "迪力", "扎西", "次仁",
            "阿卜杜", "巴图", "其其格", "卓玛")
ETHNIC_2 = ("热合曼", "艾山", "库尔班", "吾斯曼", "尼亚孜", "阿木提", "多吉", "旺堆", "巴特尔", "娜仁", "阿布拉")
PLACE = "青川云岭临江石桥清河白沙东湖北坪南塘西岭柳溪枫林松涛梅岗桃源杏花荷塘竹溪兰亭翠屏金沙银湾望江凤鸣龙泉鹤山"
ROAD_END = ("路", "大道", "街", "巷", "大街")
ORG_KIND = ("贸易有限公司", "建筑工程有限公司", "餐饮管理有限公司", "物业服务有限公司", "商贸有限责任公司", "科技有限公司",
            "建材有限公司")
SHOP = ("便利店", "小吃店", "五金店", "百货商行", "烟酒店", "理发店", "副食店", "汽车修理部", "农资店")
PROVINCE_CHARS = "鄂湘赣皖豫川"


def place(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.sample(PLACE, n))


@dataclass
class World:
    """Invented administrative geography: a province, cities, counties, towns."""

    province: str
    city: str
    district: str
    county: str
    area_code: str

    @classmethod
    def make(cls, rng: random.Random) -> World:
        return cls(province=place(rng) + "省", city=place(rng) + "市", district=place(rng) + "区",
                   county=place(rng) + "县", area_code=rng.choice(("0712", "0739", "0796", "0557", "0391")))


def person_name(rng: random.Random, style: str | None = None) -> str:
    style = style or rng.choices(("three", "two", "compound", "ethnic"), (60, 25, 8, 7))[0]
    if style == "compound":
        return rng.choice(COMPOUND) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    if style == "ethnic":
        return rng.choice(ETHNIC_1) + "·" + rng.choice(ETHNIC_2)
    given = rng.choice(GIVEN) if style == "two" else "".join(rng.sample(GIVEN, 2))
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random, female: bool | None = None) -> str:
    region = rng.choice(("420102", "430103", "360104", "340111", "410105", "510107", "421023", "430522"))
    y, m, d = rng.randint(1950, 2003), rng.randint(1, 12), rng.randint(1, 28)
    seq = rng.randint(10, 99) * 10 + (rng.randrange(0, 10, 2) if female else rng.randrange(1, 10, 2)
                                      if female is False else rng.randint(0, 9))
    body = f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "150", "186", "177", "135", "189", "158")) + "0000" + f"{rng.randint(0, 9999):04d}"


def fixed_line(w: World, rng: random.Random) -> str:
    return f"{w.area_code}-5{rng.randint(0, 9999999):07d}"


def bank_card(rng: random.Random) -> str:
    body = rng.choice(("622202", "621700", "622848", "623058", "621226")) + "".join(
        str(rng.randint(0, 9)) for _ in range(rng.choice((12, 12, 10))))
    return body + luhn.calc_check_digit(body)


def credit_code(rng: random.Random, natural_person: bool) -> str:
    kind = "92" if natural_person else "91"
    region = rng.choice(("420102", "430103", "360104", "340111"))
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = kind + region + "".join(rng.choice(chars) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def plate(rng: random.Random) -> str:
    p = rng.choice(PROVINCE_CHARS) + rng.choice("ABCDEFGHJK")
    tail = "".join(rng.choice("0123456789") for _ in range(3)) + "".join(rng.choice("0123456789ABCDEFGHJK")
                                                                      for _ in range(2))
    return p + rng.choice(("", "·")) + rng.choice((tail, "D" + tail))


def email(rng: random.Random) -> str:
    return f"{rng.choice(('user', 'test', 'demo', 'sample'))}{rng.randint(10, 999)}@example.com"


def street_address(w: World, rng: random.Random, with_province: bool | None = None) -> str:
    """An urban home: 省 市 区 路 号 (栋 单元 室 | 小区 栋 室)."""
    head = (w.province if (with_province if with_province is not None else rng.random() < 0.4) else "") + w.city
    head += w.district
    road = place(rng) + rng.choice(ROAD_END)
    tail = rng.choice((
        f"{rng.randint(1, 300)}号{place(rng)}小区{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室",
        f"{rng.randint(1, 300)}号{rng.randint(1, 12)}幢{rng.randint(101, 2904)}室",
        f"{rng.randint(1, 300)}号附{rng.randint(1, 9)}号",
        f"{rng.randint(1, 300)}号院{rng.randint(1, 9)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 1802)}",
    ))
    return head + road + tail


def rural_address(w: World, rng: random.Random) -> str:
    """A village home: 县 镇/乡 村 组 (号)."""
    town = place(rng) + rng.choice(("镇", "乡"))
    village = place(rng) + "村"
    group = rng.choice((f"{rng.randint(1, 12)}组", f"{'一二三四五六七八九'[rng.randint(0, 8)]}组",
                        f"{rng.randint(1, 9)}组{rng.randint(1, 80)}号", f"{place(rng)}湾{rng.randint(1, 60)}号"))
    return rng.choice(("", w.city)) + w.county + town + village + group


def home_address(w: World, rng: random.Random) -> str:
    return rural_address(w, rng) if rng.random() < 0.4 else street_address(w, rng)


def business_address(w: World, rng: random.Random) -> str:
    return w.city + w.district + place(rng) + rng.choice(ROAD_END) + f"{rng.randint(1, 400)}号"


def organisation(w: World, rng: random.Random) -> str:
    return w.city + place(rng) + rng.choice(ORG_KIND)


def shop(w: World, rng: random.Random) -> str:
    return w.district + place(rng) + rng.choice(SHOP)


def birth(rng: random.Random) -> str:
    return f"{rng.randint(1955, 2002)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
