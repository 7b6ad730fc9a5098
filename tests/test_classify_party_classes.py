"""Parties and officers as #13 describes their failure classes: each test states one class with invented text.

Identifiers are made here with their check characters (GB 11643, GB 32100); names and places are synthetic.
"""
from __future__ import annotations

from classify.doc_type import classify_doc_type
from classify.extract import extract
from classify.ids import credit_check_char, id_check_char
from classify.parties import PARTY_ROLE_KINDS
from classify.text import DocText


def person_id(region: str = "330106", born: str = "19880412", seq: str = "023") -> str:
    first = region + born + seq
    return first + id_check_char(first)


def credit_code(body: str = "91330106MA2K7QXP5") -> str:
    return body + credit_check_char(body)


def parties(text: str) -> dict[tuple[str, str], dict]:
    """(role, name) -> the party's values, as the classifier reads them from one page of text."""
    out: dict[str, dict] = {}
    for f in extract(DocText.from_strings([text])).fields:
        if f.kind in PARTY_ROLE_KINDS:
            out.setdefault(f.group, {"role": f.kind})[f.attr] = f.value
    return {(v["role"], v.get("name")): v for v in out.values()}


def officers(text: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in extract(DocText.from_strings([text])).fields:
        if f.kind == "officer":
            out.setdefault(f.group, {})[f.attr] = f.value
    return {v["name"]: v for v in out.values()}


def test_a_label_a_table_cell_wrapped_around_its_value_is_put_back_together():
    # Two label cells of one row wrapped (统一社会信用|代码, 法定代表|人) and read with their values between them.
    code = credit_code()
    text = ("立案审批表\n当事人名\n演示市样板家具有限公司\n称\n统一社会信用\n法定代表\n" + code +
            "\n王样乙\n代码\n人\n地址:演示市样板路3号\n承办人:钱测丙\n执法证号:12340001\n"
            "负责人审\n同意立案。孙测丁\n2031.01.02\n批")
    got = parties(text)
    org = got[("party", "演示市样板家具有限公司")]
    assert org["kind"] == "organisation" and org["credit_code"] == code
    assert got[("legal_rep", "王样乙")]["kind"] == "person"
    assert "approver" in officers(text)["孙测丁"]["role"]


def test_an_addressee_read_on_one_line_with_the_number_above_it_names_the_party():
    text = ("演示县应急管理局\n履行行政处罚决定催告书\n演应急催字(2031)第0007号演示县样板五金商行有限公司:\n"
            "本局于2031年2月3日对你(单位)作出了行政处罚决定,现催告你(单位)自收到本催告书之日起十日内履行。")
    assert [k for k in parties(text)] == [("party", "演示县样板五金商行有限公司")]
    speck = text.replace("演应急催字(2031)第0007号演示县", "演应急催字:(2031)第0007号演示县")
    assert [k for k in parties(speck)] == [("party", "演示县样板五金商行有限公司")]


def test_an_addressee_alone_on_its_line_with_a_rare_surname_is_a_person():
    text = "当事人权利告知书\n昌样甲:\n本局正在调查你(单位)涉嫌无证经营一事。根据有关法律规定,现将你享有的权利告知如下:"
    assert [k for k in parties(text)] == [("party", "昌样甲")]


def test_the_party_named_in_the_prose_of_a_review_before_what_it_did():
    text = ("重大行政执法决定法制审核意见书\n稽查科:\n你单位于2031年3月1日报送的演示市样板纸业有限公司涉嫌"
            "超范围经营一案材料收悉。经审核,认定的事实清楚。\n审核意见:同意。")
    assert [k for k in parties(text)] == [("party", "演示市样板纸业有限公司")]


def test_a_word_cut_before_a_suffix_in_prose_is_no_organisation():
    # 先行 ends like a bank (行) and 公示物业 like a property company (物业): cut words, not names.
    text = ("责令改正通知书\n因你(单位)涉嫌销售假冒商品,本局决定对下列物品予以先行登记保存。"
            "你(单位)未在大堂显著位置公示物业服务内容,限期改正。")
    assert parties(text) == {}


def test_the_person_who_signs_for_a_served_document_is_a_recipient():
    text = ("送达回证\n受送达人:演示市样板印务有限公司\n送达文书名称及文号:《行政处罚决定书》\n"
            "送达方式:直接送达\n受送达人签收:韩样戊\n2031年5月6日\n送达人:钱测丙\n执法证号:12340001")
    assert set(parties(text)) == {("recipient", "演示市样板印务有限公司"), ("recipient", "韩样戊")}
    refused = text.replace("受送达人签收:韩样戊", "受送达人签收:拒签")
    assert set(parties(refused)) == {("recipient", "演示市样板印务有限公司")}


def test_a_reviewers_certificate_labelled_with_its_kind_is_paired_with_the_reviewer():
    text = ("法制审核意见书\n你单位报送的演示市样板纸业有限公司涉嫌超范围经营一案材料收悉。经审核,承办人钱测丙、"
            "孙测丁认定的事实清楚。\n审核意见:同意。\n审核人:周样己法制审核证号:SH000123\n审核日期:2031年3月2日")
    got = officers(text)
    assert got["周样己"]["cert_no"] == "SH000123" and "reviewer" in got["周样己"]["role"]
    assert "handler" in got["钱测丙"]["role"] and "handler" in got["孙测丁"]["role"]


def test_those_present_at_a_collective_discussion_are_officers_in_the_role_their_bracket_names():
    text = ("案件集体讨论记录\n主持人:郑样庚\n记录人:钱测丙\n出席人员\n周样己、委员甲\n列席人员\n孙测丁(承办人)\n"
            "讨论案件:演示市样板纸业有限公司涉嫌超范围经营案")
    got = officers(text)
    assert "approver" in got["郑样庚"]["role"] and got["孙测丁"]["role"] == "handler"
    assert got["周样己"]["role"] == "attendee" and "委员甲" not in got


def test_a_certificate_in_brackets_after_a_name_outside_any_label():
    text = ("行政处罚结案报告\n当事人:演示市样板纸业有限公司\n执行情况:已缴清罚款。\n钱测丙(执法证12340001)\n"
            "孙测丁(执法证号:12340002)\n审核人:周样己\n批准人:郑样庚")
    got = officers(text)
    assert got["钱测丙"]["cert_no"] == "12340001" and got["孙测丁"]["cert_no"] == "12340002"
    assert "approver" in got["郑样庚"]["role"] and "handler" not in got["郑样庚"]["role"]


def test_police_officers_with_their_numbers_and_a_head_with_a_rare_surname():
    text = ("受案登记表\n违法嫌疑人:韩样戊\n受案民警:钱测丙(警号012345)、孙测丁(警号012346)\n"
            "受案审批:同意。负责人:昌样辛2031年03月20日")
    got = officers(text)
    assert got["钱测丙"]["cert_no"] == "012345" and got["孙测丁"]["cert_no"] == "012346"
    assert "approver" in got["昌样辛"]["role"]


def test_the_agencys_own_representative_is_its_approving_head_not_a_party():
    text = ("强制执行申请书\n申请人:演示县应急管理局,住所地:演示县样板路1号\n法定代表人:郑样庚,职务:局长\n"
            f"被申请人:韩样戊,男,身份证号{person_id()},住演示县样板路2号")
    assert set(parties(text)) == {("party", "韩样戊")}
    assert officers(text)["郑样庚"]["role"] == "approver"


def test_a_person_sent_by_a_company_speaks_as_its_agent_and_the_company_is_the_party():
    block = ("陈述申辩笔录\n陈述申辩人:韩样戊 身份证号:" + person_id() + "\n委托单位:演示市样板纸业有限公司\n"
             "承办人:钱测丙 记录人:孙测丁\n韩样戊:我们承认违法事实。")
    assert set(parties(block)) == {("agent", "韩样戊"), ("party", "演示市样板纸业有限公司")}
    answer = ("询问笔录\n询问人:钱测丙\n记录人:孙测丁\n被询问人:韩样戊 性别:男\n问:你以什么身份接受询问?\n"
              "答:我受演示市样板纸业有限公司委托,作为委托代理人接受询问。\n被询问人:韩样戊")
    assert set(parties(answer)) == {("agent", "韩样戊"), ("party", "演示市样板纸业有限公司")}


def test_the_person_in_charge_at_the_site_is_the_party_or_the_companys_representative_not_a_witness():
    own_home = ("现场检查笔录\n检查地点:演示县样板路5号\n现场负责人:韩样戊 身份证号:" + person_id() +
                "\n检查情况:韩样戊于2031年1月2日擅自拆除承重墙。\n现场负责人(签名):韩样戊")
    assert set(parties(own_home)) == {("party", "韩样戊")}
    code = credit_code()
    company = ("现场检查笔录\n被检查单位:演示市样板纸业有限公司\n统一社会信用代码:" + code + " 法定代表人:韩样戊\n"
               "现场负责人:韩样戊 电话:13800001234\n现场负责人(签名):韩样戊")
    assert set(parties(company)) == {("party", "演示市样板纸业有限公司"), ("legal_rep", "韩样戊")}


def test_who_reported_a_matter_to_the_police_is_a_witness():
    text = "受案登记表\n报案人:韩样戊 性别:男\n违法嫌疑人:周样己\n简要案情:韩样戊报称周样己在其门前与他人争执。"
    assert set(parties(text)) == {("witness", "韩样戊"), ("party", "周样己")}


def test_a_number_its_cell_wrapped_is_joined_when_its_check_character_agrees():
    code = credit_code()
    text = (f"立案审批表\n当事人名称:演示市样板纸业有限公司\n统一社会信用代码:{code[:17]}\n负责人:韩样戊\n{code[17]}\n"
            "地址:演示市样板路3号")
    assert parties(text)[("party", "演示市样板纸业有限公司")]["credit_code"] == code
    wrong = "0" if code[17] != "0" else "1"
    broken = text.replace(f"\n{code[17]}\n", f"\n{wrong}\n")
    assert parties(broken)[("party", "演示市样板纸业有限公司")]["credit_code"] is None  # left for review as read


def test_a_number_read_before_the_party_label_of_its_row_is_the_partys():
    number = person_id()
    text = f"立案审批表\n身份证件号码:{number[:16]}当事人:韩样戊\n{number[16:]}\n住址:演示县样板路5号\n案由:无证经营"
    assert parties(text)[("party", "韩样戊")]["id_number"] == number


def test_an_organisations_name_its_cell_wrapped_is_joined_inside_its_suffix():
    cut = "结案报告\n当事人:演示市样板纸业有限责超范围经营\n任公司\n执行情况:已缴清罚款。"
    assert set(parties(cut)) == {("party", "演示市样板纸业有限责任公司")}
    code = credit_code()
    beside = (f"行政处罚决定书\n当事人名称|演示市样板纸业股份有限公\n统一社会信用代码丨{code[:17]}司\n{code[17]}\n"
              "法定代表人|韩样戊")
    org = parties(beside)[("party", "演示市样板纸业股份有限公司")]
    assert org["credit_code"] == code
    # A piece that only follows the suffix would take the next cell's words in: no name is made of it.
    assert ("party", "演示市样板纸业超范围经营有限公司") not in parties(cut.replace("任公司", "有限公司"))


def test_a_letter_to_parties_decided_against_jointly_names_each_of_them():
    text = ("演示县样板局\n行政处罚事先告知书\n演样罚告〔2031〕4号\n演示县样板体育服务有限公司、韩样庚:\n"
            "你们未按规定办理备案,违反了有关规定。本局拟对你们作出罚款的行政处罚。")
    assert set(parties(text)) == {("party", "演示县样板体育服务有限公司"), ("party", "韩样庚")}
    # A list whose pieces are not all names is no list of addressees.
    prose = text.replace("演示县样板体育服务有限公司、韩样庚:", "关于备案、存管:")
    assert ("party", "关于备案") not in parties(prose) and ("party", "存管") not in parties(prose)


def test_joint_parties_numbered_in_their_blocks_are_each_a_party_with_their_identifiers():
    code, pid, rep_id = credit_code(), person_id(), person_id(born="19790923", seq="015")
    text = ("演示县样板局\n行政处罚决定书\n演样罚字〔2031〕第6号\n行政相对人一:\n名称:演示县样板健身服务有限公司\n"
            f"统一社会信用代码:{code}\n法定代表人:韩样辛 证件号码:{rep_id}\n当事人二:\n姓名:钱样壬\n性别:女\n"
            f"身份证号:{pid}\n经调查,上述行政相对人共同违法,决定共同处以罚款。")
    got = parties(text)
    assert got[("party", "演示县样板健身服务有限公司")]["credit_code"] == code
    assert got[("legal_rep", "韩样辛")]["id_number"] == rep_id
    assert got[("party", "钱样壬")]["id_number"] == pid


def test_officers_in_a_table_with_a_certificate_column_are_paired_row_by_row():
    # 姓名 | 执法证号 | 职责, each cell read on a line of its own; a row whose duty is 审核 is the reviewer's.
    text = ("结案报告\n当事人:演示县样板砂石有限公司\n办案人员:\n姓名\n执法证号:职责\n韩样甲\n31990000417\n主办\n"
            "钱样乙\n31990000425\n协办\n孙样丙\n31990000433\n法制审核\n负责人意见:同意结案。\n周样丁\n")
    got = officers(text)
    assert {n: o.get("cert_no") for n, o in got.items()} == {
        "韩样甲": "31990000417", "钱样乙": "31990000425", "孙样丙": "31990000433", "周样丁": None}
    assert got["孙样丙"]["role"] == "reviewer" and got["韩样甲"]["role"] == "handler"
    assert got["周样丁"]["role"] == "approver"
    # The header glued to the first row's cell by the layout (执法证号:签名日期:韩样甲); a date column is no number.
    glued = ("结案审批表\n当事人:演示县样板砂石有限公司\n承办人员\n执法证号\n签名日期:韩样甲\n31990000417\n"
             "2031年10月31日\n钱样乙\n31990000425\n2031年10月31日\n")
    assert {n: o.get("cert_no") for n, o in officers(glued).items()} == {
        "韩样甲": "31990000417", "钱样乙": "31990000425"}


def test_a_head_who_signs_straight_after_the_words_of_an_approval_is_the_approver():
    for text in ("立案审批表\n承办人:韩样甲\n负责人意见:同意立案周样丁二〇三一年六月十九日\n",
                 "结案审批表\n当事人:演示县样板砂石有限公司\n局长审批:同意结案。周样丁\n"):
        assert "approver" in officers(text)["周样丁"]["role"]


def test_an_addressee_with_its_operator_in_brackets_is_the_business_and_the_operator_its_representative():
    text = ("演示县样板局\n行政处罚事先告知书\n演样罚告〔2031〕9号\n演示县样板五金商店（经营者：韩样丁）：\n"
            "你（单位）涉嫌销售不合格产品，本局拟对你作出罚款的行政处罚。")
    got = parties(text)
    assert ("party", "演示县样板五金商店") in got
    assert ("legal_rep", "韩样丁") in got
    assert ("party", "韩样丁") not in got


def test_the_person_whose_case_an_officer_handled_is_the_party_named_in_a_reviews_prose():
    text = ("演示县样板局\n法制审核意见书\n钱样甲、孙样乙同志承办的韩样丙涉嫌非法占用林地一案（演样罚〔2031〕2号），\n"
            "经审核，事实清楚，证据确实充分，同意承办人意见。\n审核人：李样丁")
    got = parties(text)
    assert ("party", "韩样丙") in got
    assert not any(name in ("钱样甲", "孙样乙", "李样丁") for _, name in got)


def test_a_business_and_its_operator_named_together_before_the_case_in_prose():
    text = ("演示县样板局\n案件集体讨论记录\n主持人\n钱样甲\n承办人孙样乙汇报：演示县样板百货商店经营者韩样戊"
            "销售过期食品一案，事实清楚，证据充分。\n记录人：李样丁")
    got = parties(text)
    assert ("party", "演示县样板百货商店") in got
    assert got[("legal_rep", "韩样戊")]["represents"] == "演示县样板百货商店"
    assert not any(name in ("钱样甲", "孙样乙", "李样丁") for _, name in got)


def test_an_employee_naming_the_companys_representative_in_an_answer_names_its_legal_representative():
    text = ("询问笔录\n询问人:钱样甲\n被询问人:孙样乙\n工作单位:演示县样板建材有限公司\n职务:仓库管理员\n"
            "问:你在公司做什么?\n答:我在演示县样板建材有限公司管仓库,我们公司的法定代表人是韩样己。\n"
            "问:以上记录是否属实?\n答:属实。")
    got = parties(text)
    assert got[("legal_rep", "韩样己")]["represents"] == "演示县样板建材有限公司"
    assert ("interviewee", "孙样乙") in got


def test_a_representative_named_only_as_an_example_without_a_party_organisation_is_not_read():
    text = "询问笔录\n被询问人:孙样乙\n问:你们单位的负责人是谁?\n答:不知道,负责人是谁我没问过。"
    got = parties(text)
    assert not any(role == "legal_rep" for role, _ in got)


def test_an_addressee_with_its_operator_read_onto_the_line_of_the_number_above_it():
    text = ("演示县样板局\n责令改正通知书\n演样责改〔2031〕3号演示县样板小吃店(负责人:韩样庚):\n"
            "你单位涉嫌未取得许可从事餐饮服务,责令你单位立即改正。")
    got = parties(text)
    assert ("party", "演示县样板小吃店") in got
    assert got[("legal_rep", "韩样庚")]["represents"] == "演示县样板小吃店"


def test_a_party_label_with_a_note_in_brackets_alone_on_its_line_stands_over_its_value():
    text = "演示县样板局\n立案审批表\n当事人名称（字号）\n演示县样板杂货商店\n案件来源\n投诉举报\n承办人\n钱样甲"
    got = parties(text)
    assert ("party", "演示县样板杂货商店") in got


def test_an_agent_the_party_sent_named_only_in_a_decisions_prose():
    text = ("演示县样板局\n行政处罚决定书\n演样罚〔2031〕8号\n当事人：演示县样板广告有限公司，法定代表人韩样甲。\n"
            "本局于2031年5月2日检查时发现，当事人未经许可设置户外广告。当事人委托钱样乙律师提出陈述申辩，"
            "本局不予采纳。决定：罚款人民币三千元。")
    got = parties(text)
    assert ("agent", "钱样乙") in got
    assert ("party", "钱样乙") not in got


def test_a_party_entrusting_a_task_to_a_firm_names_no_agent():
    text = ("演示县样板局\n行政处罚决定书\n当事人：演示县样板广告有限公司\n"
            "当事人委托演示县样板印刷厂制作广告牌，未经许可设置。决定：罚款人民币三千元。")
    got = parties(text)
    assert not any(role == "agent" for role, _ in got)


def test_who_signed_as_the_receiver_of_a_document_served_on_a_company_is_recorded():
    text = ("送达回证\n演示县样板局\n受送达人\n演示县样板装饰工程有限公司\n送达文件\n行政处罚决定书\n送达方式\n直接送达\n"
            "收件人签名\n韩样辛2031年6月3日\n送达人\n钱样甲、孙样乙")
    got = parties(text)
    assert ("recipient", "演示县样板装饰工程有限公司") in got
    assert any(name == "韩样辛" for _, name in got)
    assert not any(name in ("钱样甲", "孙样乙") for _, name in got)


def test_a_name_ends_where_the_title_after_it_starts():
    # 王明律师: the agent is 王明, and 王律师 alone (a surname and a title) names nobody.
    text = ("询问笔录\n被询问人：测样甲  身份证号：" + person_id() + "\n"
            "委托代理人：范样乙律师（演示律师事务所）\n问：你是否需要律师到场？答：王律师已经到了。")
    got = parties(text)
    assert ("agent", "范样乙") in got
    assert not any(name and ("律" in name or name == "王律") for _, name in got)


def test_on_a_power_of_attorney_the_principal_is_the_party_and_the_trustee_its_agent():
    code, agent_id = credit_code(), person_id(seq="047")
    text = ("授权委托书\n委托人：演示市样板物流有限公司\n统一社会信用代码：" + code + "\n法定代表人：韩样丙\n"
            "受托人：陶样丁　身份证号：" + agent_id + "\n现委托上述受托人在本案中作为我方委托代理人。\n"
            "代理权限：一般授权\n委托人（盖章）：演示市样板物流有限公司\n2031年3月4日")
    got = parties(text)
    assert got[("party", "演示市样板物流有限公司")]["credit_code"] == code
    assert got[("agent", "陶样丁")]["id_number"] == agent_id
    assert ("legal_rep", "韩样丙") in got
    assert classify_doc_type(text).code == "power_of_attorney"


def test_a_heading_over_a_table_says_whose_rows_follow():
    # "当事人基本情况" over "名称 | 某某公司 | 统一社会信用代码 | 91…": the row under the heading names the party.
    code = credit_code("91440305MA5F2KQ1X")
    text = ("行政处罚决定书\n当事人基本情况\n名称\t演示市样板种业有限公司\t统一社会信用代码\t" + code +
            "\n法定代表人\t雷样甲\t职务\t执行董事\n住所\t演示市样板镇示范路12号\n经查，当事人于2031年2月销售劣种子。")
    got = parties(text)
    org = got[("party", "演示市样板种业有限公司")]
    assert org["credit_code"] == code and org["address"] == "演示市样板镇示范路12号"
    assert got[("legal_rep", "雷样甲")]["represents"] == "演示市样板种业有限公司"
    assert "address" not in got[("legal_rep", "雷样甲")]


def test_a_header_row_of_labels_gives_each_cell_below_its_meaning():
    pid = person_id(region="350102", seq="063")
    text = ("询问笔录\n被询问人姓名\t性别\t年龄\t身份证号码\n岑样乙\t女\t37\t" + pid + "\n询问地点：演示市样板所")
    got = parties(text)
    assert got[("interviewee", "岑样乙")]["id_number"] == pid
    assert got[("interviewee", "岑样乙")]["sex"] == "女"


def test_a_row_whose_cells_ocr_joined_still_ends_the_name_at_the_next_label():
    # No gap between the cells: the name ends where a label used as one (here before a number) begins, and an
    # organisation's name is not run into 统一社会信用代码 because 社 ends some names (合作社).
    pid, code = person_id(seq="071"), credit_code("91330106MA2K9TTR3")
    text = ("现场检查笔录\n被检查单位演示县样板农机专业合作社统一社会信用代码" + code + "\n"
            "现场负责人邵样丙身份证号" + pid + "\n见证人(签名)蔺样丁")
    got = parties(text)
    assert got[("party", "演示县样板农机专业合作社")]["credit_code"] == code
    assert got[("witness", "邵样丙")]["id_number"] == pid
    assert ("witness", "蔺样丁") in got


def test_an_identifier_in_the_addressees_brackets_is_theirs():
    code = credit_code("91350102MA8T4LLQ2")
    text = ("行政处罚事先告知书\n演农罚告〔2031〕7号\n演示市样板饲料有限公司（统一社会信用代码：" + code + "）：\n"
            "经查，你单位于2031年1月生产不合格饲料……")
    assert parties(text)[("party", "演示市样板饲料有限公司")]["credit_code"] == code


def test_officers_in_a_table_under_one_label_a_header_row_or_a_sentence_keep_their_certificates():
    rows = "立案审批表\n承办人\t滕测一\t执法证号\t52010031\n\t向测二\t\t52010032\n"
    grid = "询问笔录\n询问人\t执法证号\t记录人\t执法证号\n滕测一\t52010031\t向测二\t52010032\n"
    prose = "现场检查笔录\n我们是演示县农业农村局的执法人员滕测一、向测二，执法证号为52010031、52010032，这是我们的证件。"
    for text in (rows, grid, prose):
        got = officers(text)
        assert (got["滕测一"]["cert_no"], got["向测二"]["cert_no"]) == ("52010031", "52010032"), text
    assert officers(grid)["向测二"]["role"] == "recorder"


def test_the_company_giving_authority_under_委托单位_is_the_party():
    code = credit_code("91350102MA8T5MMQ3")
    text = ("授权委托书\n委托单位：演示市样板药房有限公司\n统一社会信用代码：" + code + "\n法定代表人：贺样甲职务：经理\n"
            "受委托人：龙样乙工作单位：演示律师事务所职务：律师\n现委托龙样乙作为我方代理人。")
    got = parties(text)
    assert got[("party", "演示市样板药房有限公司")]["credit_code"] == code
    assert ("agent", "龙样乙") in got and ("legal_rep", "贺样甲") in got
    # On a 检验委托书 the same label names the agency, which is no party.
    assert parties("检验委托书\n委托单位：演示市市场监督管理局\n检验项目：菌落总数") == {}


def test_certificates_with_letters_and_hyphens_under_证件号_or_two_read_as_one_run_are_each_officers():
    assert officers("送达回证\n送达人\n尹测甲 (JX-97-281)\n")["尹测甲"]["cert_no"] == "JX-97-281"
    got = officers("询问笔录\n询问人：凌测乙证件号4497010217覃测丙证件号4497010295\n记录人：谭测丁")
    assert (got["凌测乙"]["cert_no"], got["覃测丙"]["cert_no"]) == ("4497010217", "4497010295")
    got = officers("现场检查笔录\n执法人员：欧阳测戊、温测己\n执法证号：NJ97020403NJ97020361\n")
    assert (got["欧阳测戊"]["cert_no"], got["温测己"]["cert_no"]) == ("NJ97020403", "NJ97020361")
    # A person's 证件号码 is no officer's certificate.
    assert "cert_no" not in officers("询问笔录\n询问人：凌测乙\n被询问人：钱样庚 证件号码：110101199003071233").get(
        "凌测乙", {})


def test_who_answers_for_a_sole_proprietorship_or_a_partnership_is_its_representative():
    code = credit_code("91350102MA8T6NNQ4")
    for label in ("投资人", "执行事务合伙人", "法人"):
        got = parties(f"行政处罚决定书\n当事人：演示县样板商贸中心\n统一社会信用代码：{code}\n{label}：何样甲\n")
        assert got[("legal_rep", "何样甲")]["represents"] == "演示县样板商贸中心", label
    assert parties("询问笔录\n被询问人：何样甲\n问：你们是独立法人吗？答：是独立法人。") == \
        {("interviewee", "何样甲"): {"role": "interviewee", "name": "何样甲", "kind": "person"}}


def test_the_note_of_a_service_receipt_says_as_what_the_signer_took_it():
    text = ("测试县农机局\n送达回证\n受送达人:测试县某某农机有限公司\n送达人:郑样甲(NJ001)\n"
            "受送达人签名或盖章\n韩样乙\n2024年5月6日\n备注:由测试县某某农机有限公司委托代理人韩样乙签收。")
    found = parties(text)
    assert found[("agent", "韩样乙")]["represents"] == "测试县某某农机有限公司"
    assert ("recipient", "韩样乙") not in found
    rep = parties(text.replace("委托代理人韩样乙签收", "法定代表人韩样乙签收"))
    assert rep[("legal_rep", "韩样乙")]["represents"] == "测试县某某农机有限公司"


def test_a_note_naming_some_other_organisation_changes_nobody():
    text = ("测试县农机局\n送达回证\n受送达人:测试县某某农机有限公司\n受送达人签名或盖章\n韩样乙\n"
            "备注:由测试县另一家物流有限公司法定代表人韩样乙签收。")
    assert ("legal_rep", "韩样乙") not in parties(text)


def test_the_person_a_witness_is_asked_about_is_the_party():
    text = ("询问笔录\n被询问人:许样丙\n性别:男\n"
            "问:现依法就冯样丁涉嫌殴打他人一事向你调查了解情况，你听清楚了吗？\n答:听清楚了。")
    assert ("party", "冯样丁") in parties(text)
    # "就" in an ordinary sentence names nobody.
    assert not any(r == "party" for r, _ in parties("询问笔录\n被询问人:许样丙\n答:冯样丁就走了。"))


def test_an_organisation_described_in_an_answer_takes_its_code_and_representative():
    code = credit_code("91330106MA2K7QXP5")
    text = ("询问笔录\n被询问人:吕样戊\n性别:女\n"
            "问:现依法就测试市某某诊所有限公司涉嫌违法执业一事向你调查了解情况。\n"
            f"答:公司全称是测试市某某诊所有限公司，统一社会信用代码{code}，法定代表人是苏样己，住所在测试市。")
    found = parties(text)
    assert found[("party", "测试市某某诊所有限公司")]["credit_code"] == code
    assert found[("legal_rep", "苏样己")]["represents"] == "测试市某某诊所有限公司"


def test_the_person_told_of_a_penalty_is_the_party():
    text = f"行政处罚告知笔录\n告知人:郑样甲\n被告知人:冯样丁\t性别:男\n身份证号码:{person_id()}\n告知内容:拟作出罚款。"
    assert found_party_id(text, "冯样丁") == person_id()


def found_party_id(text: str, name: str) -> str | None:
    return parties(text)[("party", name)].get("id_number")


def test_a_person_who_signs_as_the_party_of_an_organisation_answers_for_it():
    text = ("测试县文化执法大队\n证据先行登记保存通知书\n测试县某某书社:\n因你单位涉嫌违法，本机关决定先行登记保存。\n"
            "执法人员:郑样甲\n当事人签收:冯样丁\n2024年3月21日")
    assert parties(text)[("legal_rep", "冯样丁")]["represents"] == "测试县某某书社"
    # A person party signs for themselves.
    own = text.replace("测试县某某书社:", "冯样丁:").replace("你单位", "你")
    assert ("legal_rep", "冯样丁") not in parties(own)


def test_the_code_described_after_a_name_read_once_with_one_character_otherwise_is_still_its_own():
    code = credit_code("91330106MA2K7QXP5")
    # The interviewee's 工作单位 names the company (read 侧 for 测 there); the answer describes it with its code.
    text = ("询问笔录\n被询问人:吕样戊\n性别:女\n工作单位:侧试市某某物流有限公司\n职务:驾驶员\n"
            f"问:请介绍一下单位的基本情况。\n答:公司全称是测试市某某物流有限公司，统一社会信用代码{code}，法定代表人是苏样己。")
    found = [v for (role, _), v in parties(text).items() if role == "party"]
    assert [p.get("credit_code") for p in found] == [code]
