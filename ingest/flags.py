"""Quality flags on a document: what is wrong with a scan and what the archivist should do, in Chinese."""
from __future__ import annotations

NO_TEXT_READ = "no_text_read"

# Flags the OCR engine raises on a page (PageOcr.flags), or ingest on what the engine returned, with what
# the archivist should do.
_OCR_FLAGS = {
    NO_TEXT_READ: "第{page}页未识别出任何文字。若该页不是空白页，请核对扫描件（透明背景、字迹过淡、扫描方向等）"
                  "并重新扫描；若确为空白页，审核时确认文书类型即可",
    "seal_on_bilevel": "第{page}页为黑白扫描且盖有印章，印章下的文字（如落款日期）无法识别；DA/T 31-2017 "
                       "要求有红头、印章的页面采用彩色模式扫描，请用彩色模式重新扫描本页",
}


def flag(code: str, message: str, page: int | None = None) -> dict:
    return {"code": code, "page": page, "message": message}


def ocr_flag(code: str, page: int) -> dict:
    return flag(code, _OCR_FLAGS[code].format(page=page), page)
