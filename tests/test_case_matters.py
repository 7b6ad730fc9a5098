"""A matter's documents that carry no number of its, or a number of a series of their own (#13 item 1): filed with
the matter by the party the unit knows, named anywhere in their text; a case a document opened alone merged on the
record when its matter turns up; a cited number whose prefix OCR cut short.

Synthetic texts: 样湖 is a made-up county's market-supervision bureau, its parties and officers invented.
"""
from __future__ import annotations

from sqlalchemy import select

from casefiles.filing import classify_document
from casefiles.merges import unmerge
from casefiles.models import CaseMerge, CaseNumber
from access_control.audit import Actor
from classify.models import DocumentClassification
from classify.ids import credit_check_char, id_check_char
from records.models import Case, Document
from tests.test_cases_assembly import ctx, file_document, unit_id  # noqa: F401 - fixtures
from tests.test_case_numbers import _queued

CODE = "91330100MA2B3C4D5" + credit_check_char("91330100MA2B3C4D5")  # GB 32100 check character computed
COMPANY = "样湖县测试光学眼镜有限公司"
OTHER = "样湖县示例五金商行有限公司"
OTHER_CODE = "91330100MA7K8L9M0" + credit_check_char("91330100MA7K8L9M0")


def filing(company: str, code: str, serial: int, month: int) -> list[str]:
    return ["样湖县市场监督管理局立案审批表", f"编号：样湖市监立〔2022〕{serial}号", f"受案日期：2022年{month}月2日",
            f"当事人：{company}", f"统一社会信用代码：{code}", "案由：涉嫌销售不合格眼镜片",
            "承办人：测试丙　执法证号：33010000011", f"2022年{month}月2日"]


def decision(company: str, code: str, serial: int, month: int) -> list[str]:
    return ["行政处罚决定书", f"样湖市监罚决〔2022〕{serial}号", f"当事人：{company}", f"统一社会信用代码：{code}",
            f"你单位涉嫌销售不合格眼镜片一案，本局决定罚款人民币叁仟元整。", "样湖县市场监督管理局",
            f"2022年{month}月25日"]


def _case(ctx, doc_id: int) -> int | None:
    with ctx.db.session() as s:
        return s.get(Document, doc_id).case_id


def test_a_record_without_a_number_joins_the_matter_whose_party_its_prose_names(ctx, tmp_path, unit_id):
    first = file_document(ctx, tmp_path, unit_id, [filing(COMPANY, CODE, 21, 4)], "filing.png").id
    file_document(ctx, tmp_path, unit_id, [filing(OTHER, OTHER_CODE, 22, 4)], "other.png")
    # A 法制审核意见书 names the company only inside a sentence; no field of it reads a party.
    review = ["法制审核意见书", "稽查科：", f"你科于2022年4月20日报送的{COMPANY}涉嫌销售不合格", "眼镜片一案材料收悉，经审核，事实清楚。",
              "审核人：测试丁", "审核日期：2022年04月22日"]
    doc = file_document(ctx, tmp_path, unit_id, [review], "review.png").id
    assert _case(ctx, doc) == _case(ctx, first)


def test_a_notice_of_its_own_series_joins_the_matter_its_addressee_line_names(ctx, tmp_path, unit_id):
    first = file_document(ctx, tmp_path, unit_id, [filing(COMPANY, CODE, 31, 6)], "filing.png").id
    file_document(ctx, tmp_path, unit_id, [filing(OTHER, OTHER_CODE, 32, 6)], "other.png")
    # A 先行登记保存通知书 numbered in the 保 series, its party only in the addressee line (the company's name
    # broken over the line end): one more number of the matter, not a case of its own.
    notice = ["先行登记保存证据通知书", "样湖市监保〔2022〕5号", "样湖县测试光学眼镜有", "限公司：",
              "因你单位涉嫌销售不合格眼镜片，对下列物品予以先行登记保存。", "样湖县市场监督管理局", "2022年6月3日"]
    doc = file_document(ctx, tmp_path, unit_id, [notice], "notice.png").id
    case = _case(ctx, first)
    assert _case(ctx, doc) == case
    with ctx.db.session() as s:
        assert s.get(DocumentClassification, doc).case_link == "identity"
        numbers = set(s.scalars(select(CaseNumber.number).where(CaseNumber.case_id == case)))
        assert numbers == {"样湖市监立〔2022〕31号", "样湖市监保〔2022〕5号"}
        assert s.get(Case, case).case_no == "样湖市监立〔2022〕31号"


def test_a_numbered_notice_far_from_the_matters_dates_opens_its_own_case(ctx, tmp_path, unit_id):
    first = file_document(ctx, tmp_path, unit_id, [filing(COMPANY, CODE, 41, 1)], "filing.png").id
    # The same company named, but ten months later and with another cause: another matter.
    notice = ["责令改正通知书", "样湖市监改〔2022〕9号", f"{COMPANY}：", "你单位未按规定公示营业执照，责令改正。",
              "样湖县市场监督管理局", "2022年11月8日"]
    doc = file_document(ctx, tmp_path, unit_id, [notice], "order.png").id
    assert _case(ctx, doc) not in (None, _case(ctx, first))


def test_a_case_a_document_opened_alone_is_merged_into_its_matter_on_the_record(ctx, tmp_path, unit_id):
    # The notice arrives before anything of its matter: no party is known yet, it opens a case alone.
    notice = ["先行登记保存证据通知书", "样湖市监保〔2022〕7号", f"{COMPANY}：",
              "因你单位涉嫌销售不合格眼镜片，对下列物品予以先行登记保存。", "样湖县市场监督管理局", "2022年8月3日"]
    alone = file_document(ctx, tmp_path, unit_id, [notice], "notice.png").id
    lone_case = _case(ctx, alone)
    # The decision (another series, its serial unrelated) names the company with its credit code.
    dec = file_document(ctx, tmp_path, unit_id, [decision(COMPANY, CODE, 58, 8)], "decision.png").id
    assert lone_case is not None and _case(ctx, dec) != lone_case
    with ctx.db.transaction() as s:  # `earchive classify --all`
        for doc in s.scalars(select(Document).order_by(Document.id)):
            classify_document(s, doc)
    assert _case(ctx, alone) == _case(ctx, dec)
    with ctx.db.session() as s:
        merge = s.scalars(select(CaseMerge)).one()
        assert (merge.reason, merge.status, merge.merged_by) == ("shared_identity", "merged", "earchive:classify")
        moved = merge.moved["documents"]
        assert moved in ([alone], [dec])
        assert moved[0] in _queued(s)  # the archivist checks the merge
        merge_id = merge.id
    with ctx.db.transaction() as s:  # a person says they are two matters: undone, and never merged again
        unmerge(s, merge_id, Actor(None, "archivist"), "保存通知书属另一起案件")
    with ctx.db.transaction() as s:
        for doc in s.scalars(select(Document).order_by(Document.id)):
            classify_document(s, doc)
    assert _case(ctx, alone) != _case(ctx, dec)
    with ctx.db.session() as s:
        assert len(list(s.scalars(select(CaseMerge)))) == 1


def test_a_cited_number_whose_prefix_lost_its_first_characters_is_the_known_number(ctx, tmp_path, unit_id):
    dec = file_document(ctx, tmp_path, unit_id, [decision(COMPANY, CODE, 63, 9)], "decision.png").id
    # A reminder whose quoted decision number lost 样湖 at a torn line start; its own number is new, its party
    # read nowhere.
    reminder = ["催告书", "样湖市监催〔2022〕12号", "市监罚决〔2022〕63号）决定对你单位罚款叁仟元，至今未缴纳。",
                "样湖县市场监督管理局", "2022年12月1日"]
    doc = file_document(ctx, tmp_path, unit_id, [reminder], "reminder.png").id
    case = _case(ctx, dec)
    assert _case(ctx, doc) == case
    with ctx.db.session() as s:
        numbers = set(s.scalars(select(CaseNumber.number).where(CaseNumber.document_id == doc)))
        assert numbers == {"样湖市监催〔2022〕12号", "样湖市监罚决〔2022〕63号"}


def test_an_approval_form_is_dated_by_the_heads_consent_not_by_its_first_cell(ctx, tmp_path, unit_id):
    form = ["样湖县市场监督管理局立案审批表", "编号：样湖市监立〔2022〕71号", "受案日期", "2022.10.03", f"当事人：{COMPANY}",
            "承办机构", "拟立案查处，请审批。稽查科", "意见", "2022.10.04", "法制审核", "符合立案条件。审核人：测试丁",
            "负责人审", "同意立案。测试戊2022.10.06", "批"]
    doc = file_document(ctx, tmp_path, unit_id, [form], "form.png").id
    with ctx.db.session() as s:
        assert str(s.get(DocumentClassification, doc).doc_date) == "2022-10-06"


SHOP = "样湖县测试墨香书社"
SHOP_CODE = "92330100MA2B3C4D5" + credit_check_char("92330100MA2B3C4D5")
OPERATOR_ID = "33010019800101001" + id_check_char("33010019800101001")


def test_a_record_without_a_number_ties_two_fragments_of_its_matter(ctx, tmp_path, unit_id):
    # The 保 notice names the shop only on its addressee line, with no code: it opens a case of its own.
    notice = ["先行登记保存证据通知书", "样湖市监保〔2022〕7号", f"{SHOP}：", "因你单位涉嫌销售非法出版物，对下列物品予以先行登记保存。",
              "执法人员：郑样甲　执法证号：33010000011", "样湖县市场监督管理局", "2022年3月21日"]
    first = file_document(ctx, tmp_path, unit_id, [notice], "notice.png").id
    # The 告知书 reads the shop with its code and its operator with an ID number: another fragment.
    told = ["行政处罚事先告知书", "样湖市监告〔2022〕36号", f"当事人：{SHOP}", f"统一社会信用代码：{SHOP_CODE}",
            f"经营者：韩样乙，身份证号码：{OPERATOR_ID}", "你单位涉嫌销售非法出版物，本局拟作出罚款。", "样湖县市场监督管理局",
            "2022年4月8日"]
    second = file_document(ctx, tmp_path, unit_id, [told], "told.png").id
    assert _case(ctx, first) != _case(ctx, second)
    # The operator's 询问笔录, without a number: the shop of the one, the operator's ID number of the other, the
    # officer and the days of the first. It is what ties them: one matter, merged on the record.
    record = ["询问笔录", "询问时间：2022年3月23日", "询问人：郑样甲　执法证号：33010000011",
              f"被询问人：韩样乙　身份证号码：{OPERATOR_ID}", f"工作单位：{SHOP}　职务：经营者",
              "问：你店销售的图书从哪里进的货？", "答：从外地书贩处购进。"]
    doc = file_document(ctx, tmp_path, unit_id, [record], "record.png").id
    assert _case(ctx, doc) == _case(ctx, first) == _case(ctx, second)
    with ctx.db.session() as s:
        assert s.scalars(select(CaseMerge)).first() is not None
    # Classified again (`earchive classify --all`), the merge holds: no document of it leaves by its own number.
    for _ in range(2):
        with ctx.db.transaction() as s:
            for each in s.scalars(select(Document).order_by(Document.id)):
                classify_document(s, each)
    assert _case(ctx, doc) == _case(ctx, first) == _case(ctx, second)


def test_a_document_an_earlier_reading_filed_with_another_matter_is_not_held_there_by_its_own_number(
        ctx, tmp_path, unit_id):
    from casefiles.numbers import set_document_numbers

    filed = file_document(ctx, tmp_path, unit_id, [filing(COMPANY, CODE, 21, 4)], "filing.png").id
    same = file_document(ctx, tmp_path, unit_id, [decision(COMPANY, CODE, 58, 4)], "decision.png").id
    # The same company's next matter, a year later.
    later = ["行政处罚决定书", "样湖市监罚决〔2023〕5号", f"当事人：{COMPANY}", f"统一社会信用代码：{CODE}",
             "你单位涉嫌销售不合格眼镜片一案，本局决定罚款人民币伍仟元整。", "样湖县市场监督管理局", "2023年3月25日"]
    other = file_document(ctx, tmp_path, unit_id, [later], "later.png").id
    assert _case(ctx, filed) == _case(ctx, same) != _case(ctx, other)
    # An earlier reading (documents arriving in another order, an older classifier) had filed the 立案审批表 with
    # the later matter, its number among that case's.
    with ctx.db.transaction() as s:
        doc = s.get(Document, filed)
        doc.case_id = _case(ctx, other)
        set_document_numbers(s, doc, doc.case_id, "样湖市监立〔2022〕21号", "own", ())
    with ctx.db.transaction() as s:  # `earchive classify --all`
        for doc in s.scalars(select(Document).order_by(Document.id)):
            classify_document(s, doc)
    assert _case(ctx, filed) == _case(ctx, same) != _case(ctx, other)


def test_a_record_without_a_number_never_ties_two_matters_of_one_party_months_apart(ctx, tmp_path, unit_id):
    # The same shop and officer: a 保 notice in March with the shop's code, a 告知书 in November (another matter)
    # naming the shop without it.
    notice = ["先行登记保存证据通知书", "样湖市监保〔2022〕8号", f"当事人：{SHOP}", f"统一社会信用代码：{SHOP_CODE}",
              "因你单位涉嫌销售非法出版物，对下列物品予以先行登记保存。", "执法人员：郑样甲　执法证号：33010000011",
              "样湖县市场监督管理局", "2022年3月21日"]
    first = file_document(ctx, tmp_path, unit_id, [notice], "notice.png").id
    told = ["行政处罚事先告知书", "样湖市监告〔2022〕90号", f"{SHOP}：", "你单位涉嫌无照经营，本局拟作出罚款。",
            "执法人员：郑样甲　执法证号：33010000011", "样湖县市场监督管理局", "2022年11月8日"]
    second = file_document(ctx, tmp_path, unit_id, [told], "told.png").id
    # The March 询问笔录 names the shop with its code and the same officer: it belongs to the first matter only.
    record = ["询问笔录", "询问时间：2022年3月23日", "询问人：郑样甲　执法证号：33010000011",
              f"被询问人：韩样乙　身份证号码：{OPERATOR_ID}", f"工作单位：{SHOP}　职务：经营者",
              f"答：店的统一社会信用代码是{SHOP_CODE}。"]
    doc = file_document(ctx, tmp_path, unit_id, [record], "record.png").id
    assert _case(ctx, first) != _case(ctx, second)
    assert _case(ctx, doc) == _case(ctx, first)
