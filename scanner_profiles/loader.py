"""Loading and validating scanner profiles (`scanner_profiles/*.yaml`, plus EARCHIVE_PROFILE_DIR).

A bad profile fails loudly with the file, the key and what is allowed, so a
typo never silently changes how a batch is digitised.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from earchive.errors import NotFound, ProfileError

_BUILTIN_DIR = Path(__file__).parent


class ScannerProfile(BaseModel):
    """How one kind of scanner's output is checked and OCR'd.

    The dpi floors follow DA/T 31-2017 (纸质档案数字化规范): at least 200 dpi,
    300 dpi where text is small or dense.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    title: str
    engine: Literal["rapidocr", "tesseract"] = "rapidocr"
    # What runs PP-OCR's models (the rapidocr engine, and page orientation for both engines); the same text
    # either way. None: the EARCHIVE_PPOCR_RUNTIME setting (OpenVINO unless set).
    ppocr_runtime: Literal["openvino", "onnxruntime"] | None = None
    languages: list[Literal["chi_sim", "chi_tra", "eng"]] = ["chi_sim", "eng"]
    expected_dpi: int = Field(default=300, ge=100, le=1200)
    min_dpi: int = Field(default=200, ge=200, le=1200)
    colour_mode: Literal["bilevel", "gray", "colour", "any"] = "any"
    deskew: bool = True
    rotate: bool = True
    clean: bool = False
    seal_dropout: bool = True  # OCR reads through round red seals (ocr/seal.py); the page image keeps them
    remove_blank_pages: bool = False
    blank_page_ink_ratio: float = Field(default=0.002, gt=0, lt=0.1)
    page_segmentation_mode: int | None = Field(default=None, ge=0, le=13)
    pdfa_level: Literal["1b", "2b", "3b"] = "2b"
    optimize: int = Field(default=1, ge=0, le=3)

    @model_validator(mode="after")
    def _dpi_order(self) -> ScannerProfile:
        if self.expected_dpi < self.min_dpi:
            raise ValueError(f"expected_dpi ({self.expected_dpi}) is below min_dpi ({self.min_dpi})")
        return self


def _describe(err: dict) -> str:
    key = ".".join(str(p) for p in err["loc"]) or "(profile)"
    ctx = err.get("ctx") or {}
    allowed = ""
    if "expected" in ctx:
        allowed = f"; allowed: {ctx['expected']}"
    elif err["type"] == "extra_forbidden":
        allowed = f"; allowed keys: {', '.join(ScannerProfile.model_fields)}"
    return f"key '{key}': {err['msg']}{allowed} (got {err.get('input')!r})"


def load_profile(path: Path) -> ScannerProfile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ProfileError(f"scanner profile {path}: cannot be read as YAML ({e})") from e
    if not isinstance(data, dict):
        raise ProfileError(f"scanner profile {path}: expected a mapping of keys, got {type(data).__name__}")
    data.setdefault("name", path.stem)
    if data["name"] != path.stem:
        raise ProfileError(f"scanner profile {path}: key 'name' is {data['name']!r} but must match the file name {path.stem!r}")
    try:
        return ScannerProfile.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(_describe(err) for err in e.errors())
        raise ProfileError(f"scanner profile {path}: {problems}") from e


def _profile_dirs() -> list[Path]:
    dirs = [_BUILTIN_DIR]
    extra = os.environ.get("EARCHIVE_PROFILE_DIR")
    if extra:
        dirs.append(Path(extra))
    return dirs


@lru_cache(maxsize=4)
def _load_all(dirs: tuple[Path, ...]) -> dict[str, ScannerProfile]:
    profiles: dict[str, ScannerProfile] = {}
    for d in dirs:
        for path in sorted(d.glob("*.yaml")):
            profile = load_profile(path)
            profiles[profile.name] = profile  # an agency's folder may override a built-in profile
    return profiles


def list_profiles() -> list[ScannerProfile]:
    return list(_load_all(tuple(_profile_dirs())).values())


def get_profile(name: str) -> ScannerProfile:
    profiles = _load_all(tuple(_profile_dirs()))
    try:
        return profiles[name]
    except KeyError:
        raise NotFound(f"no scanner profile named {name!r}; available: {', '.join(sorted(profiles))}") from None
