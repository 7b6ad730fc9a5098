"""OCR of page images through ocrmypdf, with a pluggable engine (PP-OCR via ONNX Runtime, or tesseract)."""
from ocr.engines import ENGINES, OcrLine, OcrWord, PageOcr, check_engine

__all__ = ["ENGINES", "OcrLine", "OcrWord", "PageOcr", "check_engine"]
