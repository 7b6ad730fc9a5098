"""From command-line paths to sources: one source is one document (a file, or a folder of page images)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.names import readable_name
from ingest.quarantine import safe_name

IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".jpe", ".png"}
BATCH_SHEET = "batch.csv"  # columns: file, pages — the page counts the scanning operator declared


@dataclass
class Source:
    name: str  # display name, made safe
    files: list[Path]
    declared_pages: int | None = None
    raw_name: bytes | None = None  # the name's bytes on disk when they are not UTF-8 (see ingest/names.py)


def source_for(path: Path, files: list[Path], declared: dict[str, int] | None = None) -> Source:
    """A source named after `path` (a file, or the folder of its pages), whatever bytes that name is made of.

    declared: page counts from the batch sheet, by file name as people read it.
    """
    name = readable_name(path.name)
    return Source(safe_name(name.text), files, (declared or {}).get(name.text), name.raw)


def _natural_key(p: Path):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)]


def _declared(folder: Path) -> dict[str, int]:
    sheet = folder / BATCH_SHEET
    if not sheet.is_file():
        return {}
    data = sheet.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel on a Chinese Windows: GBK
        text = data.decode("gb18030", "replace")
    return {row["file"].strip(): int(row["pages"]) for row in csv.DictReader(io.StringIO(text, newline=""))
            if row.get("file") and (row.get("pages") or "").strip().isdigit()}


def collect_sources(paths: list[Path], folder_as_document: bool = False) -> list[Source]:
    """Files become one source each; with `folder_as_document`, a folder of page images is one source."""
    sources: list[Source] = []
    for path in paths:
        if path.is_dir():
            sources.extend(_walk(path, folder_as_document))
        else:
            sources.append(source_for(path, [path]))
    return sources


def _walk(folder: Path, folder_as_document: bool) -> list[Source]:
    declared = _declared(folder)
    entries = sorted((p for p in folder.iterdir() if not p.name.startswith(".") and p.name != BATCH_SHEET),
                     key=_natural_key)
    files = [p for p in entries if p.is_file()]
    sources: list[Source] = []
    if folder_as_document and files and all(p.suffix.lower() in IMAGE_SUFFIXES for p in files):
        sources.append(source_for(folder, files, declared))
    else:
        sources.extend(source_for(p, [p], declared) for p in files)
    for sub in (p for p in entries if p.is_dir()):
        sub_sources = _walk(sub, folder_as_document)
        if folder_as_document and len(sub_sources) == 1 and sub_sources[0].declared_pages is None:
            sub_sources[0].declared_pages = declared.get(readable_name(sub.name).text)
        sources.extend(sub_sources)
    return sources
