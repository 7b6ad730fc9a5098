"""Synthetic, clearly fictional case-file pages for the demo, the tests and the benchmarks.

build a document's text (build_case, build_document), typeset and degrade it
like a scan (render_document, Degrade), write it in the ingester's input
formats (write_pdf, write_tiff, write_jpegs, write_pngs, write_sample_set), and
score OCR output against the ground truth (cer).
"""
from samples.cases import CaseContext, build_case
from samples.cer import cer, levenshtein
from samples.degrade import Degrade
from samples.files import (
    FILE_FORMATS,
    write_jpegs,
    write_pdf,
    write_pngs,
    write_rendered,
    write_sample_set,
    write_tiff,
)
from samples.identities import Officer, Party, is_valid_credit_code, is_valid_id_number
from samples.render import RenderedDocument, render_document
from samples.text import DOC_TYPES, DocumentSpec, build_document, generate_document

__all__ = [
    "DOC_TYPES",
    "FILE_FORMATS",
    "CaseContext",
    "Degrade",
    "DocumentSpec",
    "Officer",
    "Party",
    "RenderedDocument",
    "build_case",
    "build_document",
    "cer",
    "generate_document",
    "is_valid_credit_code",
    "is_valid_id_number",
    "levenshtein",
    "render_document",
    "write_jpegs",
    "write_pdf",
    "write_pngs",
    "write_rendered",
    "write_sample_set",
    "write_tiff",
]
