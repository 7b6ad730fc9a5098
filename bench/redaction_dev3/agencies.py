"""Eight invented agencies of kinds no other set uses, each with its own wording of a case's facts.

Facts are templates: {key} is filled from the case (bench/redaction_dev3/cases.py) with a
labelled segment, so who a name belongs to is known wherever the prose puts it.
"""
from __future__ import annotations

AGENCIES = [
    {
        "code": "CXNY", "supplier": True, "unit": "ZFDD", "name": "澄溪县农业农村局", "unit_name": "澄溪县农业综合行政执法大队",
        "abbr": "澄农（农药）罚", "county": "澄溪县", "city": "澄溪县", "area": "0716",
        "address": "澄溪县城关镇稻香路88号", "cert": "letters",
        "cause": "经营假农药案",
        "facts": [
            ("经查，{party}于{date1}从{nb}处购进标称“草甘膦异丙胺盐”的农药120瓶，存放于{ad_party}的仓库内，并由其妻{fam1}负责对外销售。"
            "{date2}，{wit1}购买其中10瓶用于水稻田除草后，发现禾苗大面积枯黄，遂拨打{ph_wit1}向本机关反映。执法人员现场查获剩余农药68瓶，"
            "经抽样送检，有效成分含量不合格。{emp1}、{emp2}二人证实，上述农药系{party}安排其用车牌号为{plate}的三轮车运回。"),
            ("另查明，{wit2}称其在{date2}前后也曾从{party}处购买同批次农药，货款通过{wit2}本人的{bank}账户（卡号{card}）转入{fam1}的手机银行。")
        ],
        "violated": "《农药管理条例》第二十九条第一款",
        "basis": "《农药管理条例》第五十五条第一款",
        "party_kinds": ("business", "person"),
    },
    {
        "code": "FLSW", "unit": "JCJ1", "name": "国家税务总局枫岭市税务局第一稽查局", "unit_name": "枫岭市税务局第一稽查局",
        "abbr": "枫税一稽罚", "county": "枫岭市苇溪区", "city": "枫岭市", "area": "0728",
        "address": "枫岭市税苑路16号", "cert": "digits",
        "cause": "少缴税款及未按规定取得发票案",
        "facts": [
            ("经查，{party}在{date1}至{date2}期间，通过其财务人员{emp1}的个人银行卡（{bank}，卡号{card}）收取货款共计{amount}元，未按规定入账申报。"
            "据出纳{emp2}陈述，上述收款由{rep}口头安排，相关流水由{emp2}每月整理后交{rep}的妻子{fam1}核对。"),
            ("检查人员调取了{emp1}名下账户的交易明细，并对{wit1}（{ph_wit1}）、{wit2}等客户进行了询问，{wit1}说其货款均按{emp1}提供的账号支付。")
        ],
        "violated": "《中华人民共和国税收征收管理法》第六十三条第一款",
        "basis": "《中华人民共和国税收征收管理法》第六十三条第一款、《中华人民共和国发票管理办法》第三十九条",
        "party_kinds": ("company",),
    },
    {
        "code": "YXRF", "unit": "RFB", "name": "云岫县人民防空办公室", "unit_name": "云岫县人防工程执法监察室",
        "abbr": "云人防罚", "county": "云岫县", "city": "云岫县", "area": "0739",
        "address": "云岫县人民路209号行政中心东楼4层", "cert": "plate",
        "cause": "擅自改变人民防空工程主体结构案",
        "facts": [
            ("经查，{party}承租{org2}地下人防工程后，于{date1}起安排施工负责人{emp1}组织工人{emp2}、{wit2}等拆除防护密闭门一樘，"
            "并在临战封堵口处砌筑隔墙。现场物业管理员{wit1}说，施工车辆（{plate}）多次在夜间进出，其曾拨打{ph_wit1}向{emp1}劝阻未果。"),
            ("{nb}（住{ad_nb}）反映施工噪声扰民，并提供了现场照片四张。")
        ],
        "violated": "《中华人民共和国人民防空法》第二十七条",
        "basis": "《中华人民共和国人民防空法》第四十九条第（三）项",
        "party_kinds": ("company", "person"),
    },
    {
        "code": "TWYC", "supplier": True, "unit": "ZMK", "name": "桐湾区烟草专卖局", "unit_name": "桐湾区烟草专卖局专卖管理科",
        "abbr": "桐烟罚", "county": "桐湾区", "city": "鹭汀市桐湾区", "area": "0745",
        "address": "鹭汀市桐湾区烟叶街12号", "cert": "letters",
        "cause": "无烟草专卖零售许可证经营烟草制品零售业务案",
        "facts": [
            ("经查，{date1}，执法人员在{ad_party}检查时发现{party}存放卷烟38条，当事人未能出示烟草专卖零售许可证。"
            "{party}称卷烟系其表弟{fam1}驾驶{plate}号小型轿车从外地带回，由其子{fam2}通过微信联系买家，收款二维码绑定{fam2}的{bank}卡（{card}）。"),
            ("邻居{nb}证实曾多次看见{fam1}在夜间卸货，{wit1}、{wit2}均称曾从当事人处购买卷烟，每条加价三十元。")
        ],
        "violated": "《中华人民共和国烟草专卖法实施条例》第二十三条",
        "basis": "《中华人民共和国烟草专卖法实施条例》第五十七条",
        "party_kinds": ("person", "business"),
    },
    {
        "code": "LTJY", "unit": "JYZF", "name": "鹭汀市教育局", "unit_name": "鹭汀市教育行政执法支队",
        "abbr": "鹭教罚", "county": "鹭汀市", "city": "鹭汀市", "area": "0745",
        "address": "鹭汀市学府路1号", "cert": "other",
        "cause": "未经许可擅自开展学科类校外培训案",
        "facts": [
            ("经查，{party}于{date1}起，在{ad_party}租用民房，聘用{emp1}、{emp2}两名在职教师，面向初中学生开展数学、英语学科类培训。"
            "家长{wit1}说，其女儿经同小区家长{wit2}介绍报名，每期学费二千八百元，由{emp1}收取并转入{party}的{bank}账户（账号{card}）。"),
            ("学生家长通过电子邮箱{em_party}接收课程安排，{nb}称每到周末有二十余名学生进出。")
        ],
        "violated": "《中华人民共和国民办教育促进法》第十二条",
        "basis": "《中华人民共和国民办教育促进法》第六十四条",
        "party_kinds": ("person",),
    },
    {
        "code": "WTYB", "supplier": True, "unit": "JJJG", "name": "苇塘县医疗保障局", "unit_name": "苇塘县医疗保障基金监管所",
        "abbr": "苇医保罚", "county": "苇塘县", "city": "苇塘县", "area": "0719",
        "address": "苇塘县健康大道57号", "cert": "digits",
        "cause": "串换药品骗取医疗保障基金案",
        "facts": [
            ("经查，{party}于{date1}至{date2}期间，将参保人{wit1}、{wit2}、{fam1}等人购买的保健品串换为药品名目进行医保结算，"
            "涉及医保基金{amount}元。店员{emp1}称，结算系按负责人{rep}的要求操作，参保人{wit1}的医保卡由其儿媳{fam2}代为刷卡。"),
            ("{emp2}提供了其本人手机（{ph_emp2}）中与{rep}的聊天记录截图，另据{nb}反映，药店夜间仍有人员进出刷卡。")
        ],
        "violated": "《医疗保障基金使用监督管理条例》第十五条",
        "basis": "《医疗保障基金使用监督管理条例》第四十条第一款",
        "party_kinds": ("business", "company"),
    },
    {
        "code": "KSHS", "unit": "ZFZD", "name": "珂山海事局", "unit_name": "珂山海事局执法支队",
        "abbr": "珂海事罚", "county": "珂山港区", "city": "珂山市", "area": "0770",
        "address": "珂山市港湾路3号海事大楼", "cert": "digits",
        "cause": "船员未持有合格的适任证书擅自上岗案",
        "facts": [
            ("经查，{date1}，“鹭安69”轮在珂山港锚地作业时，由未持有适任证书的{emp1}担任值班驾驶员，船长{wit1}当时在船。"
            "{emp1}称其系经船东{party}的亲属{fam1}介绍上船，工资由{fam1}以现金方式支付。轮机员{emp2}、水手{wit2}的陈述与之相互印证。"),
            ("船东联系人{party}的电子邮箱为{em_party}，其在码头的接驳车辆为{plate}。")
        ],
        "violated": "《中华人民共和国船员条例》第八条",
        "basis": "《中华人民共和国船员条例》第五十五条",
        "party_kinds": ("person", "company"),
    },
    {
        "code": "NPYZ", "supplier": True, "unit": "SCJG", "name": "南浦市邮政管理局", "unit_name": "南浦市邮政管理局市场监管科",
        "abbr": "南邮管罚", "county": "南浦市", "city": "南浦市", "area": "0771",
        "address": "南浦市驿前街21号", "cert": "other",
        "cause": "未按规定验视内件收寄快件案",
        "facts": [
            ("经查，{date1}，{party}所属营业网点的快递员{emp1}收寄寄件人{wit1}（{ph_wit1}）交寄的快件一件，未当面验视内件即予收寄，"
            "快件寄往{wit2}，收件地址为{ad_wit2}。网点负责人{rep}称，{emp1}当日同时派送快件二百余件，由同事{emp2}代为录入面单信息。"),
            ("收件人{wit2}的家属{fam1}签收后发现内件为管制刀具，随即报警；{nb}作为在场人在开箱记录上签字。")
        ],
        "violated": "《快递暂行条例》第三十条",
        "basis": "《快递暂行条例》第四十五条",
        "party_kinds": ("company", "business"),
    },
]
