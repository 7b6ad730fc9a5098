"""The detectors on what the project's OCR engine really reads: a synthetic inquiry-record strip rendered with a
CJK font is read by ocr.engines.rapidocr_page, and each detection's boxes must cover the printed ink of its
span (whole, a number broken over two lines in two boxes) and leave the label before it readable."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from stdnum.cn import ric

from ocr.engines import rapidocr_page
from redaction.detect import DetectionContext, Person, detect_page
from redaction.kinds import Kind
from tests.scans import FONT, render_page, save

ID_NUMBER = "11010119900307123" + ric.calc_check_digit("110101199003071230")
LINES = [
    "询问笔录",
    f"被询问人：张测试 身份证号：{ID_NUMBER}",
    "联系电话：13800001234",
    "住址：测试市样例区示范路1号",
    "询问人：李样例 执法证号：13010012345",
    "其家属的电话是138000",
    "05678，平时不在本地。",
]
SIZE = (1700, 860)


def printed(line: int, before: str, span: str) -> tuple[int, int, int, int]:
    """The ink box (pixels darker than mid-grey) of `span` printed after `before` on `line` by
    tests.scans.render_page at 300 dpi, drawn alone at the same place."""
    font = ImageFont.truetype(FONT, 42)
    alone = Image.new("L", SIZE, 255)
    ImageDraw.Draw(alone).text((80 + font.getlength(before), 50 + line * 110), span, font=font, fill=0)
    ys, xs = np.nonzero(np.asarray(alone) < 128)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def covered(boxes, target) -> bool:
    """Whether the boxes together cover every pixel of the target box."""
    x0, y0, x1, y1 = target
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    for bx0, by0, bx1, by1 in boxes:
        mask[max(0, by0 - y0):max(0, by1 - y0), max(0, bx0 - x0):max(0, bx1 - x0)] = True
    return bool(mask.all())


def degraded(image: Image.Image, style: str) -> Image.Image:
    """The page as scanned: grey as rendered, or black-and-white (blurred, thresholded, with speckles)."""
    if style == "grey":
        return image
    rng = np.random.default_rng(14)
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.9))) < 150
    pixels |= rng.random(pixels.shape) < 0.0015
    bilevel = Image.fromarray(np.where(pixels, 0, 255).astype(np.uint8)).convert("1")
    bilevel.info["dpi"] = image.info["dpi"]
    return bilevel


@pytest.mark.parametrize("style", ["grey", "bilevel"])
def test_detections_on_a_real_ocr_reading_cover_the_printed_pii_and_leave_labels_and_officers(tmp_path, style):
    image = save(degraded(render_page(LINES, size=SIZE), style), tmp_path / "page.png")
    page = rapidocr_page(image, 300)
    ctx = DetectionContext(persons=[Person("张测试", "interviewee", 5)], officer_names={"李样例"},
                           officer_cert_nos={"13010012345"})
    found = detect_page(1, page.words_json(), ctx)
    kinds = sorted(d.kind.value for d in found)
    assert kinds == ["address", "id_number", "name", "phone", "phone"], [(d.kind.value, d.text) for d in found]

    def boxes_of(kind: Kind) -> list:
        return [b for d in found if d.kind is kind for b in d.boxes]

    assert covered(boxes_of(Kind.name), printed(1, "被询问人：", "张测试"))
    assert covered(boxes_of(Kind.id_number), printed(1, "被询问人：张测试 身份证号：", ID_NUMBER))
    assert covered(boxes_of(Kind.phone), printed(2, "联系电话：", "13800001234"))
    assert covered(boxes_of(Kind.address), printed(3, "住址：", "测试市样例区示范路1号"))
    (broken,) = [d for d in found if d.kind is Kind.phone and len(d.boxes) == 2]
    assert covered(broken.boxes[:1], printed(5, "其家属的电话是", "138000"))
    assert covered(broken.boxes[1:], printed(6, "", "05678"))
    assert all(d.subject == "party:5" for d in found if d.kind is not Kind.phone or len(d.boxes) == 1)
    assert broken.subject is None

    # The labels stay readable: no box reaches into the colon before its span.
    for line, label, kind in ((1, "被询问人：张测试 身份证号：", Kind.id_number), (2, "联系电话：", Kind.phone),
                              (3, "住址：", Kind.address)):
        colon_right = printed(line, label[:-1], "：")[2]
        colon_left = printed(line, label[:-1], "：")[0]
        assert all(b[0] >= (colon_left + colon_right) // 2 for b in boxes_of(kind)
                   if b[1] <= 50 + line * 110 + 42 and b[3] >= 50 + line * 110), label
