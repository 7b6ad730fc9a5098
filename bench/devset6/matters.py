"""The thirteen cases: who, what, when, under which numbers, and which papers survive in the loose pile.

Two cases are two matters of one company before one agency (a precision
test: same party, same staff, other cause, other months and numbers).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.devset6.agencies import Agency, Officer, make_agencies
from bench.devset6.identities import Organisation, Person, Registry


@dataclass
class Staff:
    person: Person
    job: str


@dataclass
class Matter:
    key: str
    agency: Agency
    party: Person | Organisation
    cause: str  # 案由, without 涉嫌
    fact: str  # what was done, after the party's name and the place
    place: str
    law: str
    basis: str
    penalty: str
    source: str
    qa: list[tuple[str, str]]
    papers: list[tuple[str, dict]]
    officers: list[Officer] = field(default_factory=list)
    staff: Staff | None = None
    agent: Staff | None = None
    witness: Staff | None = None
    items: list[tuple[str, str, str]] = field(default_factory=list)  # preserved goods: name, spec, quantity
    hearing: bool = False
    plea: str = ""
    dates: dict[str, date] = field(default_factory=dict)
    serials: dict[str, int] = field(default_factory=dict)

    def no(self, kind: str) -> str:
        return self.agency.number(kind, self.dates["occur"].year, self.serials[kind])

    @property
    def label(self) -> str:
        return self.no("立案")

    @property
    def is_org(self) -> bool:
        return isinstance(self.party, Organisation)


def _dates(rng: random.Random, start: date) -> dict[str, date]:
    d = {"occur": start, "inspect": start + timedelta(days=rng.choice((0, 0, 1)))}
    d["file"] = d["inspect"] + timedelta(days=rng.randint(1, 3))
    d["interview"] = d["file"] + timedelta(days=rng.randint(1, 5))
    d["interview2"] = d["interview"] + timedelta(days=rng.randint(1, 4))
    d["mandate"] = d["interview2"] - timedelta(days=1)
    d["notice"] = d["interview2"] + timedelta(days=rng.randint(12, 25))
    d["notice_served"] = d["notice"] + timedelta(days=rng.randint(0, 2))
    d["statement"] = d["notice_served"] + timedelta(days=rng.randint(1, 3))
    d["review"] = d["notice_served"] + timedelta(days=rng.randint(6, 9))
    d["discussion"] = d["review"] + timedelta(days=rng.randint(1, 3))
    d["decision"] = d["discussion"] + timedelta(days=rng.randint(1, 4))
    d["decision_served"] = d["decision"] + timedelta(days=rng.randint(1, 3))
    d["reminder"] = d["decision_served"] + timedelta(days=rng.randint(35, 45))
    d["paid"] = d["decision_served"] + timedelta(days=rng.randint(5, 14))
    d["close"] = max(d["paid"], d["reminder"]) + timedelta(days=rng.randint(10, 20))
    return d


def build_matters(seed: int) -> list[Matter]:
    rng = random.Random(f"heldout2:{seed}")
    reg = Registry(rng)
    ag = make_agencies(reg)

    def person(addr: str, male: bool | None = None) -> Person:
        return reg.person(addr, male)

    def org(name: str, addr: str, sole: bool = False) -> Organisation:
        return reg.organisation(name, addr, person(f"汀澜市{rng.choice(('鹭洲区', '砾阳区'))}"
                                                   f"{rng.choice(('滨湖花园', '金桂苑', '临江府', '书香里'))}"
                                                   f"{rng.randint(1, 18)}栋{rng.randint(1, 28)}0{rng.randint(1, 4)}室"),
                                sole)

    chem = org("汀澜市澄源化工有限公司", "汀澜市砾阳区桂湾工业园纬三路8号")
    chem_staff = Staff(person("汀澜市砾阳区桂湾村四组21号"), "安全环保部经理")
    truck = org("汀澜市恒舟物流有限公司", "汀澜市鹭洲区港前大道1099号")
    m: list[Matter] = [
        Matter("JT-1", ag["JT"], truck, "违法超限运输",
               "所属重型半挂牵引车（号牌桂Z·3K752）装载钢材驶入G357国道汀澜超限检测站，经检测车货总质量61.38吨，"
               "超过限定标准12.38吨", "G357国道汀澜超限检测站",
               "《公路安全保护条例》第三十三条第一款", "《公路安全保护条例》第六十六条、《超限运输车辆行驶公路管理规定》第四十三条第（二）项",
               "罚款人民币叁仟元整（¥3000.00）", "检查发现",
               [("这辆车是谁的？你和车主是什么关系？", "车是恒舟物流公司的，我是公司聘用的驾驶员，按公司调度单出车。"),
                ("本次运输的货物是什么？从哪里装货？", "是螺纹钢，在鹭洲港三号码头装的，要运到枫渡县的工地。"),
                ("装货时是否知道已经超过限定标准？", "装的时候是码头按调度单装的，具体多重我没有过磅。")],
               [("filing", {}), ("interview", {"who": "staff"}), ("mandate", {}), ("interview", {"who": "agent"}),
                ("notice", {}), ("decision", {}), ("receipt", {"served": "decision", "signer": "agent"}),
                ("closing", {})],
               staff=Staff(person("汀澜市鹭洲区沙井村七组5号", True), "驾驶员"),
               agent=Staff(person("汀澜市鹭洲区港前大道1099号员工宿舍3-208"), "安全管理员")),
        Matter("JT-2", ag["JT"], person("汀澜市砾阳区书香里6栋1单元502室", True), "未取得道路运输经营许可擅自从事网约车经营",
               "驾驶小型轿车（号牌桂Z·D8Q21）通过手机软件招揽乘客，从汀澜高铁站载客至砾阳区滨湖花园，收取车费人民币85元，"
               "未取得《网络预约出租汽车运输证》和《网络预约出租汽车驾驶员证》", "汀澜高铁站南广场落客区",
               "《网络预约出租汽车经营服务管理暂行办法》第十三条", "《网络预约出租汽车经营服务管理暂行办法》第三十四条第（一）项",
               "罚款人民币伍仟元整", "检查发现",
               [("你驾驶的车辆是谁的？", "车是我自己的，登记在我名下。"),
                ("这趟车的乘客是怎么联系到你的？收了多少钱？", "乘客在手机软件上下单，我接的单，软件显示车费85元。"),
                ("你是否取得网约车运输证和驾驶员证？", "都没有办，我想先跑一段时间再去办。")],
               [("filing", {"title": "立案登记表"}), ("inspection", {}), ("preservation", {}),
                ("interview", {"who": "party"}), ("notice", {}), ("statement", {}), ("decision", {})],
               witness=Staff(person("汀澜市鹭洲区金桂苑9栋1802室", False), "乘客"),
               items=[("小型轿车（号牌桂Z·D8Q21）", "白色", "1辆"), ("车辆行驶证", "—", "1本")],
               plea="我是初次跑车，家里经济困难，请求从轻处罚。"),
        Matter("HB-1", ag["HB"], chem, "大气污染物超标排放",
               "在生产过程中，2号反应釜配套废气排放口排放的非甲烷总烃浓度为138mg/m³，超过《大气污染物综合排放标准》"
               "规定的排放限值120mg/m³", "汀澜市砾阳区桂湾工业园纬三路8号厂区",
               "《中华人民共和国大气污染防治法》第十八条", "《中华人民共和国大气污染防治法》第九十九条第（二）项",
               "罚款人民币壹拾伍万元整", "日常监督检查",
               [("监测当天2号反应釜是否正常生产？", "正常生产，当天投料两批。"),
                ("废气处理设施的活性炭多久更换一次？", "按规程应每月更换，这次拖了将近两个月没有换。"),
                ("对监测结果有无异议？", "没有异议，我们已经安排整改。")],
               [("filing", {}), ("inspection", {}), ("interview", {"who": "staff"}), ("notice", {}),
                ("review", {}), ("discussion", {}), ("decision", {})],
               staff=chem_staff, witness=Staff(person("汀澜市砾阳区桂湾村二组3号"), "桂湾社区工作人员"), hearing=True),
        Matter("HB-2", ag["HB"], chem, "危险废物贮存不符合规定",
               "将生产过程中产生的废活性炭（危险废物，类别HW49）约2.6吨露天堆放于厂区东侧空地，未设置危险废物识别标志，"
               "未采取防扬散、防流失、防渗漏措施", "汀澜市砾阳区桂湾工业园纬三路8号厂区东侧空地",
               "《中华人民共和国固体废物污染环境防治法》第七十七条、第七十九条",
               "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（一）项、第（六）项",
               "罚款人民币壹拾壹万元整", "群众举报",
               [("厂区东侧堆放的是什么物品？", "是废气处理设施换下来的废活性炭。"),
                ("为什么没有放进危废贮存间？", "贮存间在改造，临时堆在外面，打算等转运。"),
                ("堆放了多长时间？", "大概二十来天。")],
               [("filing", {}), ("inspection", {}), ("interview", {"who": "staff"}), ("notice", {}), ("decision", {}),
                ("receipt", {"served": "decision", "signer": "head"})],
               staff=chem_staff),
        Matter("WH-1", ag["WH"], org("苇塘县星汇网络会所有限公司", "苇塘县城关镇兴隆街56号二楼"), "接纳未成年人进入互联网上网服务营业场所",
               "经营的星汇网咖接纳2名未成年人进入营业场所上网，且未在显著位置悬挂未成年人禁入标志", "苇塘县城关镇兴隆街56号二楼星汇网咖",
               "《互联网上网服务营业场所管理条例》第二十一条", "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
               "警告，并处罚款人民币壹万元整", "上级交办",
               [("当晚是否核对了上网人员的身份证件？", "人多的时候只看了一眼，没有一一核对。"),
                ("店内是否悬挂了未成年人禁入标志？", "原来有，装修时取下来了，还没有挂回去。")],
               [("inspection", {}), ("interview", {"who": "staff"}), ("filing", {}), ("notice", {}), ("decision", {}),
                ("closing", {})],
               staff=Staff(person("苇塘县城关镇新华路17号"), "网管")),
        Matter("WH-2", ag["WH"], org("苇塘县墨香书社", "苇塘县城关镇文昌路102号", sole=True), "发行非法出版物",
               "在其经营场所销售无合法出版单位、无书号的非法出版物《速成围棋三百问》《少儿心算一本通》共计46册",
               "苇塘县城关镇文昌路102号墨香书社",
               "《出版管理条例》第三十六条", "《出版管理条例》第六十二条第（一）项",
               "没收非法出版物46册，并处罚款人民币贰仟元整", "投诉举报",
               [("这些图书是从哪里进的货？", "是一个上门推销的人卖给我的，没有开发票。"),
                ("一共进了多少册？卖出去多少？", "进了六十册左右，卖了十几册，每册十五元。")],
               [("inspection", {}), ("preservation", {}), ("interview", {"who": "head"}), ("notice", {}),
                ("decision", {}), ("receipt", {"served": "decision", "signer": "head"})],
               witness=Staff(person("苇塘县城关镇文昌路98号"), "相邻商户"),
               items=[("《速成围棋三百问》", "16开", "28册"), ("《少儿心算一本通》", "32开", "18册")]),
        Matter("YJ-1", ag["YJ"], org("汀澜市鹭洲区祥沣食品有限公司", "汀澜市鹭洲区沙井工业区6号"), "未对有限空间作业场所设置安全警示标志及未开展安全培训",
               "未对污水处理站集水井等有限空间作业场所进行辨识并设置明显的安全警示标志，且未对有关从业人员进行有限空间作业安全培训",
               "汀澜市鹭洲区沙井工业区6号污水处理站",
               "《中华人民共和国安全生产法》第三十五条、第二十八条第一款",
               "《中华人民共和国安全生产法》第九十九条第（一）项、第九十七条第（三）项",
               "罚款人民币肆万伍仟元整", "检查发现",
               [("污水处理站集水井是否进行过有限空间辨识？", "没有做过辨识，也没有建台账。"),
                ("进入集水井清淤的员工是否接受过专门培训？", "没有专门培训过，只是口头交代注意事项。")],
               [("inspection", {}), ("filing", {}), ("interview", {"who": "staff"}), ("notice", {}), ("review", {}),
                ("discussion", {}), ("decision", {}), ("reminder", {}), ("closing", {})],
               staff=Staff(person("汀澜市鹭洲区沙井村三组40号"), "安全员"), hearing=True),
        Matter("YJ-2", ag["YJ"], org("汀澜锐达机械制造有限公司", "汀澜市鹭洲区临港路233号"), "特种作业人员未取得相应资格上岗作业",
               "安排1名未取得特种作业操作证书的人员在二号车间从事电焊作业", "汀澜市鹭洲区临港路233号二号车间",
               "《中华人民共和国安全生产法》第三十条第一款", "《中华人民共和国安全生产法》第九十七条第（七）项",
               "罚款人民币叁万元整", "检查发现", [],
               [("filing", {}), ("inspection", {}), ("notice", {}), ("receipt", {"served": "notice", "signer": "head"}),
                ("decision", {})]),
        Matter("CG-1", ag["CG"], person("汀澜市砾阳区桂湾村五组18号", False), "未取得建设工程规划许可证进行建设",
               "未取得建设工程规划许可证，在其位于砾阳区桂湾村五组18号的自有住宅楼顶擅自搭建彩钢瓦结构建筑物，"
               "占地面积约46.5平方米", "汀澜市砾阳区桂湾村五组18号",
               "《中华人民共和国城乡规划法》第四十条第一款", "《中华人民共和国城乡规划法》第六十四条",
               "责令于收到本决定书之日起十五日内自行拆除上述违法建设", "投诉举报",
               [("楼顶的彩钢瓦建筑是什么时候搭建的？", "今年开春请人搭的，用来堆放杂物。"),
                ("搭建前是否办理了规划许可手续？", "没有办，以为自己家楼顶可以搭。")],
               [("filing", {}), ("inspection", {"title": "现场勘验笔录"}), ("interview", {"who": "party"}),
                ("notice", {}), ("decision", {}), ("receipt", {"served": "decision", "signer": "party"}),
                ("reminder", {})],
               witness=Staff(person("汀澜市砾阳区桂湾村一组2号", True), "桂湾村民委员会工作人员")),
        Matter("CG-2", ag["CG"], org("汀澜市砾阳区老码头烧烤店", "汀澜市砾阳区滨江路77号", sole=True), "擅自超出门窗外墙经营",
               "在砾阳区滨江路与桂香街交叉口店铺门前人行道上摆放餐桌、烧烤炉具超出门窗外墙经营，占用人行道面积约30平方米",
               "汀澜市砾阳区滨江路77号门前人行道",
               "《汀澜市市容和环境卫生管理条例》第二十一条第一款", "《汀澜市市容和环境卫生管理条例》第五十二条第（三）项",
               "罚款人民币伍佰元整", "日常巡查",
               [("门前人行道上的餐桌是谁摆放的？", "是我店里摆的，晚上客人多坐不下。")],
               [("inspection", {}), ("interview", {"who": "head"}), ("decision", {}),
                ("receipt", {"served": "decision", "signer": "head"})]),
        Matter("WJ-1", ag["WJ"], org("枫渡县康和口腔诊所有限公司", "枫渡县城南镇迎宾大道301号"), "使用非卫生技术人员从事医疗卫生技术工作",
               "使用未取得医师资格证书和医师执业证书的人员在诊所内从事洗牙、补牙等口腔诊疗活动", "枫渡县城南镇迎宾大道301号诊所内",
               "《医疗机构管理条例》第二十七条", "《医疗机构管理条例》第四十七条、《医疗机构管理条例实施细则》第八十一条",
               "警告，并处罚款人民币伍仟元整", "投诉举报",
               [("检查时在三号诊室为患者补牙的人员有何资质？", "他是诊所招的助理，还没有考下医师资格证。"),
                ("该人员在诊所工作多长时间？", "大概四个月，平时也给患者洗牙。")],
               [("filing", {}), ("inspection", {}), ("interview", {"who": "staff"}), ("mandate", {}), ("notice", {}),
                ("decision", {}), ("receipt", {"served": "decision", "signer": "agent"})],
               staff=Staff(person("枫渡县城南镇迎宾大道288号", False), "护士长"),
               agent=Staff(person("汀澜市鹭洲区临江府3栋1101室"), "汀澜明衡律师事务所律师")),
        Matter("WJ-2", ag["WJ"], person("枫渡县清溪镇集贸市场东侧民房", True), "未取得医疗机构执业许可证擅自执业",
               "未取得《医疗机构执业许可证》，在枫渡县清溪镇集贸市场东侧租用的民房内擅自开展输液、注射等诊疗活动",
               "枫渡县清溪镇集贸市场东侧民房",
               "《中华人民共和国基本医疗卫生与健康促进法》第三十八条第一款",
               "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款",
               "没收违法所得人民币1860元及药品、器械，并处罚款人民币叁万元整", "投诉举报",
               [("你在这里从事诊疗活动多长时间了？", "大概半年，主要给附近老人打针输液。"),
                ("是否取得医疗机构执业许可证？", "没有，我以前在乡卫生院干过，以为可以自己看。"),
                ("收费情况如何？", "每次收二三十元，一共大概收了一千八百多元。")],
               [("filing", {}), ("inspection", {}), ("preservation", {}), ("interview", {"who": "party"}),
                ("notice", {}), ("decision", {})],
               witness=Staff(person("枫渡县清溪镇清溪村三组12号", True), "清溪村民委员会主任"),
               items=[("葡萄糖注射液", "250ml", "14瓶"), ("一次性输液器", "—", "32支"), ("听诊器", "—", "1副")]),
        Matter("GA-1", ag["GA"], person("汀澜市鹭洲区沙井村七组11号", True), "殴打他人",
               "在鹭洲区沙井村七组村道上因琐事与邻居发生争执，用拳头殴打对方面部，致对方鼻部软组织挫伤",
               "鹭洲区沙井村七组村道",
               "《中华人民共和国治安管理处罚法》第四十三条第一款", "《中华人民共和国治安管理处罚法》第四十三条第一款",
               "行政拘留五日，并处罚款人民币贰佰元", "110指令",
               [("你为什么殴打对方？", "他家的车堵在我家门口，说了几次不挪，吵起来我一时冲动打了他一拳。"),
                ("你打了对方几下？用什么打的？", "就用右拳打了一下，打在脸上。")],
               [("filing", {"title": "受案登记表"}), ("interview", {"who": "party"}), ("interview", {"who": "witness"}),
                ("notice", {"title": "行政处罚告知笔录"}), ("decision", {}),
                ("receipt", {"served": "decision", "signer": "party"})],
               witness=Staff(person("汀澜市鹭洲区沙井村七组14号", False), "村民")),
    ]
    for x in m:
        month = {"HB-1": 3, "HB-2": 7}.get(x.key) or rng.randint(2, 7)
        x.dates = _dates(rng, date(2024, month, rng.randint(1, 28)))
    used: dict[tuple[str, str], set[int]] = {}
    for x in m:
        x.officers = rng.sample(x.agency.officers, 2)
        for kind in x.agency.numbers:
            pool = used.setdefault((x.agency.code, kind), set())
            top = {"立案": 160, "决定": 420, "告知": 420}.get(kind, 60)
            n = rng.randint(3, top)
            while n in pool:
                n = rng.randint(3, top)
            pool.add(n)
            x.serials[kind] = n
    for code, kind in used:  # within a year an agency's series run in date order
        mine = sorted((x for x in m if x.agency.code == code), key=lambda x: x.dates["occur"])
        for x, n in zip(mine, sorted(x.serials[kind] for x in mine)):
            x.serials[kind] = n
    for x in m:
        if rng.random() < 0.5 and "告知" in x.serials:
            x.serials["告知"] = x.serials["决定"]  # some agencies number a 告知书 with its decision's serial
    return m
