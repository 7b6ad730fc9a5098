"""Document type and stage: every type of the label set, damaged titles, no titles, and the cost per page."""
from __future__ import annotations

import random
import time

import pytest

from classify.doc_type import classify_doc_type
from classify.extract import extract
from classify.labels import DOC_TYPES, OTHER, STAGES
from classify.text import DocText
from samples import build_case, build_document
from samples.more_documents import MORE_DOC_TYPES, build_more_document
from samples.text import DOC_TYPES as SAMPLE_TYPES

CASE = build_case(11)


def _spec(doc_type: str):
    if doc_type in SAMPLE_TYPES:
        return build_document(doc_type, CASE)
    return build_more_document(doc_type, CASE).spec


def _text(spec) -> str:
    return "\n".join(DocText.from_strings(spec.pages).text.split("\n"))


def test_every_type_of_the_label_set_has_a_generator():
    assert set(SAMPLE_TYPES) | set(MORE_DOC_TYPES) == set(DOC_TYPES)
    assert {t.stage for t in DOC_TYPES.values()} == set(STAGES)


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_each_type_is_recognised_with_its_stage(doc_type):
    result = classify_doc_type(_text(_spec(doc_type)))
    assert (result.code, result.stage) == (doc_type, DOC_TYPES[doc_type].stage)


def _damage(title: str, rng: random.Random) -> str:
    """What a seal or OCR does to a title: a character lost or misread."""
    chars = list(title)
    i = rng.randrange(len(chars))
    if rng.random() < 0.5:
        del chars[i]
    else:
        chars[i] = rng.choice("口日目田囗")
    return "".join(chars)


@pytest.mark.parametrize("doc_type", ["penalty_decision", "penalty_notice", "inquiry_record", "inspection_record",
                                      "service_receipt", "case_initiation_approval", "hearing_record",
                                      "legal_review_opinion", "payment_reminder", "seizure_decision"])
def test_a_damaged_title_is_still_recognised(doc_type):
    spec = _spec(doc_type)
    rng = random.Random(doc_type)
    spec.pages[0] = spec.pages[0].replace(spec.title, _damage(spec.title, rng), 1)
    assert classify_doc_type(_text(spec)).code == doc_type


@pytest.mark.parametrize("doc_type", ["penalty_decision", "inquiry_record", "inspection_record", "service_receipt",
                                      "case_initiation_approval", "penalty_notice"])
def test_without_any_title_the_body_decides(doc_type):
    spec = _spec(doc_type)
    spec.pages[0] = spec.pages[0].split("\n", 1)[1]
    assert classify_doc_type(_text(spec)).code == doc_type


def test_a_title_quoted_in_the_body_is_a_reference_not_a_title():
    text = "行政处罚决定书\n本机关于2024年2月14日向你(单位)送达了《行政处罚事先告知书》。\n《听证笔录》已归档。"
    assert classify_doc_type(text).code == "penalty_decision"


def test_a_longer_title_wins_over_the_title_it_contains():
    assert classify_doc_type("不予行政处罚决定书\n经查……").code == "non_penalty_decision"
    assert classify_doc_type("行政处罚决定书\n经查……").code == "penalty_decision"


def test_text_of_no_known_type_is_other_with_low_confidence():
    result = classify_doc_type("会议通知\n请各科室负责人于周一上午参加例会。")
    assert result.code == OTHER and result.stage is None and result.confidence <= 0.5


def test_classifying_a_page_costs_well_under_50_ms():
    docs = [DocText.from_strings(_spec(t).pages) for t in sorted(DOC_TYPES)]
    agencies = ["测试市示例区住房和城乡建设局", "测试市示例区市场监督管理局"]
    start = time.perf_counter()
    pages = 0
    for doc in docs:
        extract(doc, agencies)
        pages += len(doc.pages)
    per_page_ms = (time.perf_counter() - start) * 1000 / pages
    assert per_page_ms < 50


def test_a_type_is_found_by_code_or_by_any_of_its_titles():
    from classify.labels import doc_type_code

    assert doc_type_code("询问笔录") == "inquiry_record"
    assert doc_type_code("现场检查（勘验）笔录") == "inspection_record"
    assert doc_type_code("程序启动审批表") == doc_type_code("case_initiation_approval") == "case_initiation_approval"
    assert doc_type_code("会议通知") is None
