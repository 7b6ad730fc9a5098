"""The quarantine area: rejected inputs kept with the reason, so nothing handed in is ever lost."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import unicodedata
import uuid
from pathlib import Path

from ingest.names import readable_name


def safe_name(name: str, limit: int = 200) -> str:
    """A file name fit for display and for a path component: no separators, controls or odd bytes."""
    name = name.encode("utf-8", "replace").decode("utf-8", "replace")
    name = "".join("_" if unicodedata.category(c).startswith("C") or c in "/\\" else c for c in name)
    name = name.strip().lstrip(".") or "unnamed"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 2] + "…." + ext) if dot and len(ext) < 10 else name[:limit]
    return name


def quarantine(root: Path, files: list[Path], source_name: str, reason: str, message: str) -> Path:
    day = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d")
    dest = root / day / f"{uuid.uuid4().hex[:12]}-{safe_name(source_name, 80)}"
    dest.mkdir(parents=True)
    copied = []
    raw_names = {}  # copied name -> the original name's bytes, hex, where they were not UTF-8
    for f in files:
        if f.is_file():
            name = readable_name(f.name)
            target = dest / safe_name(name.text, 120)
            shutil.copyfile(f, target)
            copied.append(target.name)
            if name.raw is not None:
                raw_names[target.name] = name.raw_hex
    record = {"source": source_name, "reason": reason, "message": message, "files": copied,
              "quarantined_at": dt.datetime.now(dt.timezone.utc).isoformat()}
    if raw_names:
        record["original_names_hex"] = raw_names
    (dest / "reason.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return dest
