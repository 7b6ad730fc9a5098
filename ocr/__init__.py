"""OCR of page images through ocrmypdf, with a pluggable engine (PP-OCR on OpenVINO or ONNX Runtime, or tesseract)."""
from ocr.engines import ENGINES, check_engine
from ocr.page import OcrLine, OcrWord, PageOcr

__all__ = ["ENGINES", "OcrLine", "OcrWord", "PageOcr", "check_engine"]
