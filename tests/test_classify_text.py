"""The text extractors read: rebuilt from OCR words, form layout undone, every value traced to its box."""
from __future__ import annotations

from classify.extract import extract
from classify.form import LABEL_ONLY
from classify.text import DocText, page_from_words

CELL = 40  # one character per 40 px cell in these fake pages


def _words(lines: list[str], x0: int = 100) -> list[dict]:
    """OCR words as PP-OCR gives them: a CJK character or a run of Latin letters and digits per word."""
    words = []
    for n, line in enumerate(lines):
        y = 100 + 60 * n
        x = x0
        run = ""
        for ch in line + " ":
            if ch.isascii() and ch.isalnum():
                run += ch
                continue
            if run:
                words.append({"text": run, "box": [x, y, x + 20 * len(run), y + 36], "conf": 0.99, "line": n})
                x += 20 * len(run)
                run = ""
            if ch != " ":
                words.append({"text": ch, "box": [x, y, x + 36, y + 36], "conf": 0.99, "line": n})
            x += CELL
    return words


def test_words_rebuild_the_normalised_page_text():
    page = page_from_words(1, _words(["询问笔录", "案号：测住建罚〔2024〕12号", "ＤＳＪ－ＴＥＳＴ"]))
    assert page.text == "询问笔录\n案号:测住建罚〔2024〕12号\nDSJ-TEST"


def test_a_value_is_traced_to_the_boxes_of_its_characters():
    doc = DocText.from_pages([page_from_words(1, _words(["送达回证", "案号：测住建罚〔2024〕12号"]))])
    case_no = extract(doc).first("case_no")
    assert case_no.value == "测住建罚〔2024〕12号" and case_no.page_no == 1
    (x0, y0, x1, y1), = case_no.boxes
    assert (y0, y1) == (160, 196)
    assert x0 == 100 + 3 * CELL  # after 案号：
    assert x1 > x0 + 8 * CELL


def test_a_wide_gap_between_cells_of_a_table_row_is_a_cell_edge():
    words = _words(["送达人"]) + [dict(w, box=[w["box"][0] + 400, w["box"][1], w["box"][2] + 400, w["box"][3]])
                                  for w in _words(["李样例"])]
    assert page_from_words(1, words).text == "送达人\t李样例"


def test_lines_wrapped_at_the_margin_are_joined_and_label_cells_meet_their_values():
    lines = ["本机关于2024年1月29日对你（单位）涉嫌销售超过保", "质期的食品一案立案调查。", "送达人", "李样例"]
    words = _words(lines)
    # The first line runs to the right margin; the others stop short of it.
    doc = DocText.from_pages([page_from_words(1, words)])
    view = doc.view(LABEL_ONLY)
    assert view.text == "本机关于2024年1月29日对你(单位)涉嫌销售超过保质期的食品一案立案调查。\n送达人:李样例"
    start = view.text.index("李样例")
    assert view.locate(start, start + 3)[1] == [(100, 280, 100 + 2 * CELL + 36, 316)]


def test_pages_without_words_fall_back_to_their_text():
    doc = DocText.from_pages([page_from_words(2, [], "询问笔录\n被询问人：张测试")])
    assert doc.text == "询问笔录\n被询问人:张测试"
    assert doc.locate(0, 4) == (2, [])


def _cell(text: str, x: int, y: int, line: int) -> list[dict]:
    """One OCR line of CJK characters starting at (x, y), 40 px a character."""
    return [{"text": ch, "box": [x + CELL * k, y, x + CELL * k + 36, y + 36], "conf": 0.99, "line": line}
            for k, ch in enumerate(text)]


def test_a_table_row_whose_cells_hold_different_numbers_of_lines_reads_cell_by_cell():
    # OCR orders lines by their top edge: the name cell's line comes before the label cell it belongs to, and
    # the wrapped label "身份证号 / 码" brackets the number. The row is read label, value, label, value.
    words = (_cell("测试乙", 400, 130, 0) + _cell("身份证号", 900, 108, 1)
             + [{"text": "110101199003070012", "box": [1200, 130, 1560, 166], "conf": 0.99, "line": 2}]
             + _cell("当事人姓名", 100, 132, 3) + _cell("码", 900, 152, 4))
    assert page_from_words(1, words).text == "当事人姓名\n测试乙\n身份证号码\n110101199003070012"


def test_a_value_a_cell_wrapped_beside_its_centred_label_is_one_line():
    words = (_cell("测试市某某食品有限", 500, 108, 0) + _cell("当事人名称", 100, 130, 1)
             + _cell("公司", 500, 152, 2) + _cell("住所", 100, 260, 3) + _cell("测试市人民路一号大院东侧", 500, 260, 4))
    doc = DocText.from_pages([page_from_words(1, words)])
    assert doc.text == "当事人名称\n测试市某某食品有限公司\n住所\n测试市人民路一号大院东侧"
    assert extract(doc).first("party", "name").value == "测试市某某食品有限公司"


def test_lines_of_running_text_and_a_signature_under_a_cell_keep_their_order():
    words = (_cell("建议立案调查。", 500, 108, 0) + _cell("承办人意见", 100, 130, 1)
             + _cell("签名：测试丙", 500, 152, 2) + _cell("二〇二四年一月五日", 500, 220, 3)
             + _cell("下一段的文字写满了整整一行", 100, 400, 4) + _cell("接着写", 100, 460, 5))
    text = page_from_words(1, words).text
    assert text == "承办人意见\n建议立案调查。\n签名:测试丙\n二〇二四年一月五日\n下一段的文字写满了整整一行\n接着写"


def test_a_header_row_of_labels_over_a_row_of_values_reads_each_label_with_the_value_under_it():
    code = "91330106MA2K7QXP5" + "X"
    words = (_cell("单位名称", 100, 100, 0) + _cell("统一社会信用代码", 700, 100, 1)
             + _cell("测试市某某食品有限公司", 100, 180, 2)
             + [{"text": code, "box": [700, 180, 1060, 216], "conf": 0.99, "line": 3}]
             + _cell("法定代表人", 100, 260, 4) + _cell("联系电话", 700, 260, 5)
             + _cell("韩样乙", 100, 340, 6)
             + [{"text": "13800000001", "box": [700, 340, 920, 376], "conf": 0.99, "line": 7}])
    view = DocText.from_pages([page_from_words(1, words)]).view(LABEL_ONLY)
    assert view.text == (f"单位名称:测试市某某食品有限公司\n统一社会信用代码:{code}\n"
                         "法定代表人:韩样乙\n联系电话:13800000001")


def test_a_header_over_one_row_per_officer_is_left_for_the_table_reader():
    def num(text: str, x: int, y: int, line: int) -> list[dict]:
        return [{"text": text, "box": [x, y, x + 20 * len(text), y + 36], "conf": 0.99, "line": line}]

    words = (_cell("结案报告", 100, 20, 0) + _cell("承办人员", 100, 100, 1) + _cell("执法证号", 500, 100, 2)
             + _cell("冯样甲", 100, 180, 3) + num("44990000001", 500, 180, 4)
             + _cell("韩样乙", 100, 260, 5) + num("44990000002", 500, 260, 6))
    found = extract(DocText.from_pages([page_from_words(1, words)])).fields
    certs = {f.group: f.value for f in found if f.kind == "officer" and f.attr == "cert_no"}
    names = {f.group: f.value for f in found if f.kind == "officer" and f.attr == "name"}
    assert {names[g]: c for g, c in certs.items()} == {"冯样甲": "44990000001", "韩样乙": "44990000002"}
