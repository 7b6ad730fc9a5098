"""The packages whose tables live on records.models.Base; imported so that migrations see them all."""
from __future__ import annotations

import importlib

MODEL_MODULES = ("records.models", "access_control.models", "classify.models", "casefiles.models", "redaction.models", "media.models")


def import_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
