"""Dates in every Chinese style, with times and spans, and the meaning each has in its document."""
from __future__ import annotations

import datetime as dt

import pytest

from classify.dates import cn_number, find_dates
from classify.form import label_hits
from classify.chronology import out_of_order
from classify.meanings import document_date, extract_dates
from records.text import normalise_text


@pytest.mark.parametrize("text, iso", [
    ("2024年3月5日", "2024-03-05"),
    ("2024年03月05日", "2024-03-05"),
    ("２０２４年３月５日", "2024-03-05"),
    ("二〇二四年三月五日", "2024-03-05"),
    ("二O二四年十二月三十一日", "2024-12-31"),
    ("二〇二四年十月二十日", "2024-10-20"),
    ("2024-03-05", "2024-03-05"),
    ("2024.3.5", "2024-03-05"),
    ("2024/3/5", "2024-03-05"),
    ("2024年3月5日9时30分", "2024-03-05T09:30"),
    ("2024年3月5日 14:05", "2024-03-05T14:05"),
    ("2024.03.05 9:30", "2024-03-05T09:30"),
])
def test_styles(text, iso):
    found = find_dates(normalise_text(text))
    assert [d.iso for d in found] == [iso]


def test_a_span_keeps_its_start_and_end_times():
    d = find_dates("询问时间:2024年3月5日9时30分至11时09分")[0]
    assert d.iso == "2024-03-05T09:30" and d.end_time == dt.time(11, 9)


def test_a_year_that_lost_its_first_digit_under_a_seal_is_settled_by_the_format():
    d = find_dates("〇二四年三月六日")[0]
    assert d.iso == "2024-03-06" and "year_digit_restored" in d.problems


@pytest.mark.parametrize("text, iso", [("测试市示例区生态环境局\n二〇二三年七月二十二白", "2023-07-22"),
                                       ("二0二三年八月二十七由\n", "2023-08-27"),
                                       ("落款日期:2023年8月27曰。", "2023-08-27")])
def test_a_closing_day_mark_read_as_a_look_alike_is_settled_by_the_format_for_a_person_to_check(text, iso):
    d = find_dates(normalise_text(text))[0]
    assert d.iso == iso and "day_mark_misread" in d.problems and d.confidence <= 0.6


def test_ten_read_as_a_look_alike_between_the_digits_of_a_day_is_settled_for_a_person_to_check():
    d = find_dates("测试市示例区住房和城乡建设局\n二〇二三年十一月二米八日")[0]
    assert d.iso == "2023-11-28" and "numeral_misread" in d.problems and d.confidence <= 0.6


def test_a_look_alike_inside_running_text_is_no_day_mark():
    assert [d.iso for d in find_dates("二〇二三年七月二十二白天在现场")] == []


@pytest.mark.parametrize("text, problem", [("二〇二三年月九日", "incomplete_date"), ("2024年2月30日", "impossible_date")])
def test_incomplete_or_impossible_dates_are_kept_for_review_not_guessed(text, problem):
    d = find_dates(text)[0]
    assert d.date is None and problem in d.problems and d.confidence < 0.5


def test_chinese_numbers():
    assert [cn_number(t) for t in ("五", "十", "十五", "二十", "三十一")] == [5, 10, 15, 20, 31]
    assert cn_number("十十") is None


def _meanings(text: str, doc_type: str) -> dict[str, str]:
    text = normalise_text(text)
    return {f.attr: f.value for f in extract_dates(text, label_hits(text), doc_type)}


def test_labels_give_meanings():
    text = "询问笔录\n询问时间:2024年3月5日9时30分至10时\n……\n2024年3月5日"
    assert _meanings(text, "inquiry_record") == {"inquired": "2024-03-05T09:30"}


def test_running_text_gives_meanings():
    text = ("行政处罚决定书\n本机关于2024年1月29日对你(单位)涉嫌某某一案立案调查。"
            "当事人自2023年12月1日起擅自施工。本机关于2024年2月14日向你(单位)送达了《行政处罚事先告知书》。\n"
            "测试市示例区市场监督管理局\n二〇二四年三月六日")
    assert _meanings(text, "penalty_decision") == {"filed": "2024-01-29", "started": "2023-12-01",
                                                   "notified": "2024-02-14", "decided": "2024-03-06"}


def test_approval_form_dates_follow_their_officer():
    text = ("立案审批表\n受案时间:2024-01-29\n承办人意见:建议立案。承办人:李样例2024-01-29\n"
            "法制审核意见:同意。审核人:徐测试2024-01-30\n负责人审批意见:同意。负责人:刘某2024-01-31")
    assert _meanings(text, "case_initiation_approval") == {
        "filed": "2024-01-29", "proposed": "2024-01-29", "reviewed": "2024-01-30", "approved": "2024-01-31"}


def test_a_service_receipt_signed_by_the_party_is_served():
    text = "送达回证\n受送达人签收:张测试2024年3月9日\n备注:无"
    assert _meanings(text, "service_receipt") == {"served": "2024-03-09"}


def test_two_different_dates_of_one_meaning_are_flagged():
    text = "现场检查笔录\n检查时间:2024年3月5日9时\n……\n2024年3月7日"
    found = {f.attr: f for f in extract_dates(text, label_hits(text), "inspection_record")}
    assert found["inspected"].value == "2024-03-05T09:00"
    assert "dates_disagree" in found["inspected"].problems


# -- #13: a document's own date, dates after the ingest, the case's order -------------------------------------

DECISION = ("行政处罚决定书\n测住建罚决〔2023〕12号\n当事人：张某某\n"
            "本机关于2023年3月1日对你涉嫌未取得施工许可证擅自施工一案立案调查。你于2023年2月1日在样本路1号擅自施工。"
            "本机关于2023年4月2日作出不予采纳的复核决定，于2023年4月3日向你送达了《行政处罚事先告知书》。\n"
            "测试市示例区住房和城乡建设局\n{date}\n（本决定书一式两份，一份送达当事人，一份存档。）")


def test_a_decisions_own_date_is_its_closing_date_not_a_date_its_body_cites():
    found = _meanings(DECISION.format(date="二〇二三年六月一日"), "penalty_decision")
    assert found == {"filed": "2023-03-01", "violated": "2023-02-01", "notified": "2023-04-03",
                     "decided": "2023-06-01"}


@pytest.mark.parametrize("doc_type, title, meaning", [("case_closing_report", "结案报告", "closed"),
                                                      ("payment_reminder", "催告书", "reminded")])
def test_the_own_date_of_a_closing_report_or_reminder(doc_type, title, meaning):
    text = (f"{title}\n张某某：\n本机关于2023年6月1日作出行政处罚决定，于2023年6月3日送达你。\n"
            "测试市示例区住房和城乡建设局\n2023年7月20日")
    found = _meanings(text, doc_type)
    assert found[meaning] == "2023-07-20" and found["served"] == "2023-06-03"


def test_a_date_after_the_ingest_keeps_what_was_read_but_no_value_and_goes_to_review():
    text = normalise_text(DECISION.format(date="2028年6月1日"))
    found = {f.attr: f for f in extract_dates(text, label_hits(text), "penalty_decision", dt.date(2023, 6, 5))}
    decided = found["decided"]
    assert decided.value is None and decided.raw == "2028年6月1日" and "after_ingest" in decided.problems
    assert decided.blocking
    dates = {f.attr: (f.value, f.problems) for f in found.values()}
    assert document_date("penalty_decision", dates) is None  # not 2023-04-03 or another date of its body


def test_a_document_without_a_date_of_its_own_meaning_is_dated_by_its_own_acts_first():
    assert document_date("inquiry_record", {"inquired": ("2023-03-02T09:00", ()), "decided": ("2023-01-01", ())}) \
        == dt.date(2023, 3, 2)
    assert document_date("penalty_decision", {"decided": ("2023-06-01", ())}) == dt.date(2023, 6, 1)


def test_a_date_that_breaks_the_cases_order_is_named():
    others = [("case_initiation_approval", dt.date(2023, 3, 1)), ("penalty_notice", dt.date(2023, 4, 3)),
              ("inquiry_record", dt.date(2023, 1, 1))]
    assert out_of_order("penalty_decision", dt.date(2023, 6, 1), others) == []
    assert out_of_order("penalty_decision", dt.date(2023, 2, 1), others) == ["case_initiation_approval",
                                                                             "penalty_notice"]
    assert out_of_order("inquiry_record", dt.date(2020, 1, 1), others) == []  # no fixed place in the order


def test_a_year_whose_zero_was_read_as_a_numeral_is_settled_by_the_format():
    # 二〇二四 under a seal read as 二二二四: only 20xx fits a case file; a person checks the repair.
    d = find_dates("二二二四年四月七日")[0]
    assert d.date == dt.date(2024, 4, 7) and "year_digit_restored" in d.problems


def test_an_approval_form_is_dated_by_the_heads_approval():
    text = normalise_text("立案审批表\n受案时间：2024年2月18日\n承办人意见：建议立案。承办人：王执法 2024年2月18日\n"
                          "负责人审批意见：同意立案。负责人：李局长 2024年2月20日")
    found = extract_dates(text, label_hits(text), "case_initiation_approval")
    dates = {f.attr: (f.value, tuple(f.problems)) for f in found}
    assert document_date("case_initiation_approval", dates) == dt.date(2024, 2, 20)


def test_a_closing_report_is_dated_by_the_heads_approval_not_by_the_decision_it_cites():
    text = normalise_text("结案报告\n决定日期：2024年4月7日\n承办人意见：建议结案。\n负责人意见：同意。负责人：冯测 2024年5月29日")
    found = extract_dates(text, label_hits(text), "case_closing_report")
    dates = {f.attr: (f.value, tuple(f.problems)) for f in found}
    assert document_date("case_closing_report", dates) == dt.date(2024, 5, 29)


def test_a_signers_date_after_the_signers_certificate_number():
    text = normalise_text("法制审核意见书\n审核意见：同意。\n法制审核人员：郑测杰（执法证号：42019130651）2024年4月2日")
    found = extract_dates(text, label_hits(text), "legal_review_opinion")
    assert {f.attr: f.value for f in found}.get("reviewed") == "2024-04-02"


def test_a_closing_date_whose_day_mark_a_seal_took_is_read_for_review():
    from classify.dates import find_dates

    found = find_dates("样河县农业农村局\n2020年10月7\n")
    assert [(d.iso, d.problems) for d in found] == [("2020-10-07", ("day_mark_missing",))]
    assert found[0].confidence < 0.8  # a person checks it
    # Its 日 read as a stroke at the line's end.
    assert [(d.iso, d.problems) for d in find_dates("样河县农业农村局\n2020年10月271\n")] == \
        [("2020-10-27", ("day_mark_misread",))]
    # Inside running text a date without 日 is no date: 自2020年10月7至9日 is read whole or not at all.
    assert [d.iso for d in find_dates("罚款2020年10月7号前缴清")] == []


def test_a_form_signed_step_by_step_is_dated_by_its_last_consent():
    from classify.dates import approval_date

    # The head's label is broken over the line end (负责人审 / 批), so no label names the approval; the form's first
    # cell holds the day the matter came in, the handler's request a later day, the head's consent the last.
    form = "\n".join(["样河县农业农村局立案审批表", "受案时间", "2020.04.01", "承办机构", "拟立案调查，请审批。", "意见",
                      "2020.04.02", "法制审核", "符合立案条件。审核人：样例戊", "负责人审", "同意立案。样例己2020.04.06", "批"])
    assert approval_date(form) == dt.date(2020, 4, 6)
    # A 日期 cell below each signer; the reviewer consents first, the head last.
    table = "\n".join(["审批表", "审核意见", "同意。样例戊", "日期", "2020.05.11", "负责人意", "同意，按拟处理意见执行。样例己",
                       "日期", "2020.05.13", "见"])
    assert approval_date(table) == dt.date(2020, 5, 13)
    # A consent dated after the ingest (2028 misread for 2020) cannot be the approval.
    late = table.replace("2020.05.13", "2028.05.13")
    assert approval_date(late, not_after=dt.date(2026, 1, 1)) == dt.date(2020, 5, 11)
    # A form nobody consented on has no approval date.
    assert approval_date("立案审批表\n受案时间\n2020.04.01\n拟立案调查，请审批。\n2020.04.02") is None


@pytest.mark.parametrize("text, iso, problem", [
    # 年 lost between a Chinese-numeral year and its month: the 〇's place says where the year ends.
    ("测试某局\n二〇二三七月十五日\n", "2023-07-15", "year_mark_missing"),
    ("测试某局\n二〇二五十一月三日\n", "2025-11-03", "year_mark_missing"),
    # and the first digit under a seal as well
    ("测试某局\n〇二三五月九日\n", "2023-05-09", "year_digit_restored"),
    # 日 read as a Latin letter at the line end
    ("测试某局\n二〇二三年五月九E\n", "2023-05-09", "day_mark_misread"),
    # 四 read as 匹 inside the year
    ("测试某局\n二〇二匹年一月二日\n", "2024-01-02", "numeral_misread"),
    # the first 二 read with a stroke more (三〇二三): no case file is dated 3023
    ("测试某局\n三〇二三年二月六日\n", "2023-02-06", "year_digit_restored"),
])
def test_a_chinese_numeral_signature_date_damaged_by_ocr_is_read_for_review(text, iso, problem):
    found = [d for d in find_dates(text) if d.date]
    assert [d.iso for d in found] == [iso]
    assert problem in found[0].problems and found[0].confidence <= 0.9


def test_chinese_numerals_without_a_zero_in_the_years_place_are_no_date():
    assert find_dates("共计二二三四五月") == []
    assert find_dates("第一二三四条") == []


def test_a_closing_date_whose_year_a_seal_took_is_dated_after_every_act_it_reports_for_review():
    text = normalise_text("行政处罚决定书\n2024年11月4日，执法人员检查发现……于2024年11月8日立案调查。\n"
                          "本机关于2024年12月2日送达了告知书。\n演示县样板局\n首\n一月九日")
    found = {f.attr: f for f in extract_dates(text, label_hits(text), "penalty_decision")}
    assert found["decided"].value == "2025-01-09"  # after 2024-12-02, so the year turned
    assert "year_inferred" in found["decided"].problems


def test_a_document_without_its_own_date_is_not_dated_by_an_earlier_act_it_cites():
    dates = {"inspected": ("2030-07-14", ()), "notified": ("2030-08-14", ())}
    assert document_date("penalty_decision", dates) is None
    # A hearing it announces may lie ahead of it; the record of an inspection is dated by the inspection.
    assert document_date("inspection_record", {"inspected": ("2030-07-14", ()), "hearing": ("2030-09-01", ())}) \
        == dt.date(2030, 7, 14)


def test_the_heads_consent_dates_the_form_across_the_rest_of_a_wrapped_label():
    from classify.dates import approval_date
    form = ("承办机构意见:同意,报请负责人审批。\n冯样丙\n2020年4月5日\n"
            "负责人审批:同意立案,由冯样丙承办。\n意见\n韩样丁\n2020年4月6日")
    assert approval_date(form) == dt.date(2020, 4, 6)


def test_a_decision_whose_own_date_is_unreadable_is_not_dated_by_the_filing_it_cites():
    from classify.meanings import document_date

    # "本机关于2024年3月22日对…立案调查" is the only date read; the closing date under the seal was not.
    assert document_date("penalty_decision", {"filed": ("2024-03-22", ())}) is None
    assert document_date("penalty_decision", {"filed": ("2024-03-22", ()), "signed": ("2024-04-23", ())}) \
        == dt.date(2024, 4, 23)
    # Other papers still take a date of their own act where their own kind of date is missing.
    assert document_date("inquiry_record", {"inquired": ("2024-03-23", ())}) == dt.date(2024, 3, 23)
