"""Ingest: scans in, originals stored write-once, OCR'd to PDF/A, pages recorded and queued for the index."""
