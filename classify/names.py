"""Whether a run of characters is shaped like a person's or an organisation's name.

OCR text puts names beside words and fragments: "夏某第" (a pseudonym and the
next character), "·于某" (a minority name cut in two), "复核结果" (a phrase),
"张三李四" (two officers whose separating space normalisation removed). A
person's name is a surname from the list (single or compound) followed by one
or two characters, or by 某/某某 (the pseudonyms of published decisions), or a
minority name of parts joined by ·. An organisation's name ends in a known
organisation suffix and does not start with a word of the sentence around it.
These are shapes, not truth: a name that passes is still cross-checked against
the case's parties and the agency's officers (classify.entities).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# Single surnames of the Hundred Surnames that are common today. Left out on purpose: characters that are rare
# as surnames but common at the start of phrases in case files (同 复 对 经 当 法 承 和 由 以 其 上 明 原 …).
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜"
    "海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阎戈伏谷慕茅"
    .replace("明", "").replace("和", "").replace("原", "").replace("国", "").replace("平", "").replace("来", "")
    .replace("都", "").replace("位", "").replace("相", "").replace("时", ""))
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "钟离", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "赫连", "端木", "百里", "东郭",
    "南宫", "西门", "呼延", "万俟", "独孤", "拓跋", "完颜", "闻人", "司空", "第五"))
PSEUDONYM = "某"
# What a name field holds when it holds no name: a remark, a refusal (拒签 on a 留置送达), 见上 under a repeated
# block. Read by parties and by redaction's name search alike.
NOT_NAMES = {"无", "本人", "当事人", "签名", "签字", "盖章", "同上", "见证人", "不详",
             "拒签", "拒绝", "拒绝签名", "拒绝签字", "见上", "未到", "不在", "缺席", "代签", "未签", "已签", "签收",
             "收到", "详见", "另附", "附后", "空白", "暂无", "未知", "没有", "不清楚", "略", "未提供", "拒不签"}

# Characters a given name practically never holds, but the words around a name do.
_NOT_IN_GIVEN = frozenset("的了是在与或及对把被从向之其此该你我他她它们这那不没已须请要说问答称叫号第次个份员项条款表"
                          "证录签审核批准况题罚违异议提认执办询送告负责址话码于何间额式辆部局所队当次昨：:，,。；;、（）()")
# Words that are no names even where their first character is a surname.
_STOP_WORDS = frozenset((
    "许可", "复核", "结果", "提出", "原因", "情况", "金额", "时间", "方式", "当事", "经营", "管理", "施工", "生产",
    "销售", "市场", "项目", "工程", "罚款", "没收", "警告", "违法", "行为", "责令", "整改", "改正", "期限", "规定",
    "条例", "法律", "依据", "证据", "材料", "现场", "检查", "询问", "笔录", "记录", "签名", "签字", "盖章", "日期",
    "地点", "地址", "电话", "联系", "单位", "姓名", "性别", "民族", "职务", "年龄", "编号", "执法", "承办", "审核",
    "批准", "负责", "主持", "见证", "代理", "委托", "法定", "代表", "调查", "告知", "送达", "决定", "处罚", "复议",
    "诉讼", "听证", "陈述", "申辩", "意见", "事实", "理由", "认定", "没有", "以上", "以下", "如下", "上述", "本人",
    "属实", "一致", "核对", "确认", "查看", "宣读", "经办", "办理", "政府", "机关", "申请", "公司", "有限", "同意",
    "立案", "结案", "案件", "案由", "查处", "处理", "作出", "给予", "依法", "相关", "有关", "应当", "经查", "于是",
    "关于", "文书", "文号", "安全", "全部", "车辆", "方面", "高度", "成立", "路段", "金融", "万元",
    "程序", "范围", "严重", "常规", "齐全", "易燃", "章程", "毕业", "包括",
    "宁可", "符合", "简易", "车间", "管道", "连续", "费用", "卫生", "宗旨", "全面", "应急",
    "师傅", "商品", "商户", "权利", "强制", "海关", "丰富",
    "支付", "计算", "索取", "宣传", "门店", "费率",
    "封存", "劳动",
    "区域", "海域", "平方", "国家", "明确", "原告", "第一", "第二", "第三", "和解", "来源", "时限",
    # when, where and how, after a role word ("证人于当日", "司机路过")
    "当日", "当天", "当晚", "当月", "当年", "本月", "本日", "何时", "路过", "车上",
))

_HAN = r"\u4e00-\u9fff"
_MINORITY = re.compile(rf"[{_HAN}]{{1,8}}(?:·[{_HAN}]{{1,10}}){{1,3}}")

ORG_SUFFIXES = (
    "有限责任公司", "股份有限公司", "有限公司", "分公司", "公司", "集团", "个体工商户", "经营部", "门市部", "营业部",
    "批发部", "服务部", "商行", "商店", "便利店", "超市", "商场", "门店", "分店", "店", "厂", "加工厂", "加工坊",
    "作坊", "中心", "合作社", "事务所", "工作室", "医院", "诊所", "卫生院", "卫生室", "药房", "药店", "学校",
    "幼儿园", "培训学校", "酒店", "饭店", "宾馆", "旅馆", "餐馆", "餐厅", "食堂", "会所", "俱乐部", "网吧", "农场",
    "养殖场", "林场", "加油站", "充电站", "市场", "物业", "协会", "商会", "研究院", "研究所", "设计院", "项目部",
    "工地", "馆", "社", "场", "站", "院", "部", "行", "坊", "所", "村民委员会", "居民委员会", "业主委员会",
)
# Self-governing bodies that can be a case's party although their names end like an agency's (委员会).
_COMMUNITY_BODY = re.compile(r"(村民委员会|居民委员会|业主委员会|村委会|居委会)$")
_ORG_SUFFIX_RE = "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True))
ORG_SUFFIX = re.compile(rf"(?:{_ORG_SUFFIX_RE})$")
# An agency names itself in the same shape; it is never a party of its own case file.
_AGENCY_SUFFIX = re.compile(r"(局|人民政府|政府|委员会|大队|支队|中队|派出所|执法队|分局|办事处|管理处|管委会|法院|检察院)$")
# Words that open or run a sentence: a "name" holding them is a phrase.
_ORG_NOT_START = tuple("对向你我本该经由与和及系是为在于将被其据因从当依按如但且并请的")
_ORG_PHRASES = ("现场", "涉嫌", "一案", "违法", "未取得", "擅自", "决定", "处罚", "告知", "如下", "没有", "进行", "检查",
                "询问", "送达", "责令", "要求", "根据", "依据", "认定", "提出", "你单位", "本机关", "当事人", "在场", "到场", "离场", "退场",
                # Words of a decision's closing clauses ("你单位的上述行为", "在六个月内依法向人民法院提起行政诉讼").
                "上述", "依法", "提起", "个月", "之日", "法院",
                # Words of a fact's sentence that no name holds ("当事人所属重型半挂牵引车(号牌…)驶入…检测站").
                "号牌", "驶入", "驶离", "装载", "所属", "发现")
# "等" closes a list ("污水处理站集水井等有限空间作业场所"); in a name only as 中等, 高等 ….
_LIST_END = re.compile(r"(?<![中高初同平超])等(?!级)")
_ORG_CHARS = re.compile(rf"[{_HAN}()A-Za-z0-9·]+")


def surname_of(name: str) -> str | None:
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    if name[:1] in SINGLE_SURNAMES:
        return name[:1]
    return None


def is_person_name(name: str) -> bool:
    """张三, 王样例, 欧阳明华, 张某, 张某某, 阿不都·热合曼 — not 夏某第, ·于某, 你提出的, 复核结果."""
    if "·" in name:
        return bool(_MINORITY.fullmatch(name)) and len(name) <= 20
    surname = surname_of(name)
    if surname is None or not re.fullmatch(rf"[{_HAN}]+", name):
        return False
    given = name[len(surname):]
    if PSEUDONYM in given:
        return given in (PSEUDONYM, PSEUDONYM * 2)  # 张某, 张某某; 夏某第 is a pseudonym and its neighbour
    if not 1 <= len(given) <= 2:
        return False
    if any(c in _NOT_IN_GIVEN for c in given) or given in TITLES:
        return False
    return not any(name[i:i + 2] in _STOP_WORDS for i in range(len(name) - 1))


def is_org_name(name: str) -> bool:
    """测试市样例建材有限公司, 张三餐馆, 某某经营部 — not 对认定的违法事实没有异议, not an agency."""
    if not 4 <= len(name) <= 60 or not _ORG_CHARS.fullmatch(name):
        return False
    if re.search(r"\d+号", name):
        return False  # an address (样本路1号施工现场), not a name
    if name.count("(") != name.count(")") or name.startswith("("):
        return False  # a name and the bracket after it, not a name with a bracketed part
    if not ORG_SUFFIX.search(name) or (_AGENCY_SUFFIX.search(name) and not _COMMUNITY_BODY.search(name)):
        return False
    if name.startswith(_ORG_NOT_START) or any(p in name for p in _ORG_PHRASES) or _LIST_END.search(name):
        return False
    stem = ORG_SUFFIX.sub("", name)
    # A bare suffix word with one character before it (商店, 该厂) is no name; a long one-character suffix
    # (院, 部, 所) needs a longer stem so that 学院 or 全部 do not pass.
    return len(stem) >= (2 if len(name) - len(stem) >= 2 else 3)


def org_name_at(text: str, pos: int) -> str | None:
    """The longest organisation's name starting at `pos` (测试市样例建材有限公司 of 测试市样例建材有限公司（统一…）)."""
    return next(org_names_at(text, pos), None)


def org_names_at(text: str, pos: int) -> Iterator[str]:
    """Every organisation's name starting at `pos`, longest first: 某某有限公司统一社 (社 of 合作社) before
    某某有限公司, for a caller that knows what must follow the name."""
    m = _ORG_CHARS.match(text, pos)
    if not m:
        return
    run = m.group()[:60]
    for end in range(len(run), 3, -1):
        if ORG_SUFFIX.search(run[:end]) and is_org_name(run[:end]):
            yield run[:end]


def is_agency_name(name: str) -> bool:
    """某县自然资源局, 某市公安局某分局: the shape of an agency's own name (an organisation's run ending in an
    agency's suffix), which is never a party of its own case."""
    m = _ORG_CHARS.match(name)
    run = m.group() if m else ""
    return 4 <= len(run) <= 40 and bool(_AGENCY_SUFFIX.search(run)) and not _COMMUNITY_BODY.search(run) \
        and not run.startswith(_ORG_NOT_START)


def is_name_in_cell(token: str) -> bool:
    """A short run that fills a person's name cell on its own (当事人：时建国，男): a person's name although its
    surname is not on the list (rare surnames and those left out as phrase openers: 时, 国, 来 …). Only for a
    value a label names as a person; running text still needs is_person_name."""
    if is_person_name(token):
        return True
    if not 2 <= len(token) <= 3 or not re.fullmatch(rf"[{_HAN}]+", token):
        return False
    if any(c in _NOT_IN_GIVEN or c == PSEUDONYM for c in token[1:]) or token[0] in _NOT_IN_GIVEN:
        return False
    return not any(token[i:i + 2] in _STOP_WORDS for i in range(len(token) - 1))


def name_kind(name: str) -> str | None:
    """'person', 'organisation' or None (not a name)."""
    if is_org_name(name):
        return "organisation"
    if is_person_name(name):
        return "person"
    return None


def person_name_at(text: str, pos: int, end: int | None = None) -> str | None:
    """The person's name that starts at `pos`, not running into the word after it.

    A pseudonym takes all its 某; otherwise the name is the longest shape that the next character does not
    continue as a word (张三于2023年 → 张三 only when 张三于 fails the shape, so the shortest wins on a tie).
    """
    end = len(text) if end is None else end
    window = text[pos:min(end, pos + 20)]
    m = re.match(rf"[{_HAN}·]+", window)
    if not m:
        return None
    run = m.group()
    if "·" in run:
        mm = _MINORITY.match(run)
        return mm.group() if mm and is_person_name(mm.group()) else None
    surname = surname_of(run)
    if surname is None:
        return None
    after = run[len(surname):]
    if after.startswith(PSEUDONYM):
        n = 2 if after.startswith(PSEUDONYM * 2) else 1
        return surname + PSEUDONYM * n
    if len(run) <= 4 and is_person_name(run):
        return run
    for length in (len(surname) + 2, len(surname) + 1):
        candidate = run[:length]
        if len(candidate) == length and is_person_name(candidate) and _boundary(run[length:]):
            return candidate
    return None


# How a person is called by title (王明律师, 李主任): the name ends where the title starts, and a surname with a title
# alone is no name.
TITLES = ("律师", "主任", "科长", "队长", "所长", "局长", "经理", "老师", "医生", "会计", "师傅")
# What may follow a name in running text: a verb or preposition that opens the rest of the sentence.
_FOLLOWERS = ("涉嫌", "未", "于", "在", "的", "等", "擅自", "违反", "系", "是", "为", "对", "因", "经", "无", "已",
              "作出", "提出", "表示", "称", "承认", "同意", "拒绝", "签", "身份", "住", "男", "女", "个人", "一案",
              "实施", "存在", "从事", "经营", "使用", "销售", "生产", "进行", "拒不", "逾期", "不", "没有", "将",
              "与", "和", "及", "向", "所", "家", "户", "本人", "先生", "女士", "同志",
              *TITLES)


def _boundary(rest: str) -> bool:
    return not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest.startswith(_FOLLOWERS)


# What follows an organisation named in a sentence besides a person's followers: what the agency did to it.
_ORG_FOLLOWERS = ("给予", "处以", "下达", "送达", "立案", "罚款", "作", "所属", "名下", "法定代表人", "负责人",
                  "统一社会信用代码", "(", "（")


def ends_name(rest: str) -> bool:
    """Whether a name in running text may end before `rest`: the sentence goes on with a verb, a preposition
    or punctuation, never with a character that makes the name's last character part of a word
    (小区显著位置公示物业 | 服务内容, 对下列物品予以先行 | 登记保存 are cut words, not names)."""
    return _boundary(rest) or rest.startswith(_ORG_FOLLOWERS)


def split_names(run: str) -> list[str] | None:
    """A run of characters that is several people's names written together (张三李四王五), or None.

    Each part must be a name by shape; of several ways to cut, the one whose parts start with the most
    common surnames and are of even length wins. A run that is one name is returned as it is.
    """
    if is_person_name(run):
        return [run]
    best: tuple[float, list[str]] | None = None

    def walk(rest: str, parts: list[str]) -> None:
        nonlocal best
        if not rest:
            # A compound surname kept whole outweighs even lengths: 覃某上官某某 is 覃某 | 上官某某, never
            # 覃某上 | 官某某, as a part that ends with a compound surname's first character and a part that
            # starts with its second cut the surname in two.
            score = -len(parts) + sum(0.1 for p in parts if len(p) == len(parts[0])) \
                - sum(0.3 for a, b in zip(parts, parts[1:]) if a[-1] + b[0] in COMPOUND_SURNAMES)
            if best is None or score > best[0]:
                best = (score, list(parts))
            return
        for length in (2, 3, 4):
            part = rest[:length]
            if len(part) == length and is_person_name(part):
                walk(rest[length:], parts + [part])

    if 4 <= len(run) <= 16:
        walk(run, [])
    return best[1] if best and len(best[1]) > 1 else None
