"""PP-OCR's models on the runtime that runs them: OpenVINO (the default) or ONNX Runtime.

`rapidocr-openvino` and `rapidocr-onnxruntime` (both 1.4.4) ship the same
PP-OCRv4 ONNX files and the same pipeline code; only the session that runs a
model differs. On OpenVINO a page costs about half the CPU time (2.15 against 3.91
CPU-s a page, one thread, on the 20 benchmark pages of bench/ocr_throughput.py).

Two things the OpenVINO package does not do are done here, by compiling each
model ourselves (`_OpenVinoSession`):
- f32 precision. OpenVINO's CPU plugin computes in bfloat16 wherever the CPU
  has AVX512-BF16 or AMX; the text then depends on the machine and differs
  from ONNX Runtime's (9 lines of 426 on the 20 benchmark pages, CER 2.03%
  against 1.98%). In f32 every line is the same as ONNX Runtime's.
- A model cache under the data dir: a compiled model is kept as a blob, so a
  worker's start-up reads it instead of compiling again.

An OCR worker calls `configure` once with the settings' runtime and cache
folder; a scanner profile may name another runtime (`runtime_for`).
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as distribution_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from earchive.errors import ConfigError, MissingDependency

if TYPE_CHECKING:  # numpy only names the arrays here; the CLI imports this module for model_cache_dir alone
    import numpy as np

log = logging.getLogger(__name__)

RUNTIMES = ("openvino", "onnxruntime")
_PACKAGE = {"openvino": "rapidocr_openvino", "onnxruntime": "rapidocr_onnxruntime"}  # import names
MODEL_FILES = ("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx")
# The modules of rapidocr-openvino 1.4.4 that each build an OpenVINOInferSession for their model.
_OPENVINO_MODEL_MODULES = ("ch_ppocr_det.text_detect", "ch_ppocr_cls.text_cls", "ch_ppocr_rec.text_recognize")

_configured: dict[str, Any] = {"runtime": None, "cache_dir": None}


def model_cache_dir(data_dir: Path) -> Path:
    """Where compiled OpenVINO models are kept: beside the data they serve, so a fresh install compiles once."""
    return data_dir / "cache" / "openvino"


def configure(runtime: str, cache_dir: Path | None) -> None:
    """This process's default runtime (the EARCHIVE_PPOCR_RUNTIME setting) and OpenVINO's model cache folder."""
    if runtime not in RUNTIMES:
        raise ConfigError(f"unknown PP-OCR runtime {runtime!r}; set EARCHIVE_PPOCR_RUNTIME or a scanner profile's "
                          f"ppocr_runtime to one of {', '.join(RUNTIMES)}")
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:  # a read-only data dir costs a compile per worker, not the batch
            log.warning("OpenVINO model cache %s cannot be created (%s); models are compiled each start", cache_dir, e)
            cache_dir = None
    _configured.update(runtime=runtime, cache_dir=cache_dir)


def runtime_for(choice: str | None) -> str:
    """The runtime a page is read with: the scanner profile's choice, else this process's default."""
    if choice:
        return choice
    if _configured["runtime"] is None:  # not an OCR worker (a test, a bench script): the settings say
        from earchive.settings import get_settings

        return get_settings().ppocr_runtime
    return _configured["runtime"]


def _threads() -> int:
    # One thread: earchive parallelises across documents, one worker process per core.
    return int(os.environ.get("EARCHIVE_OCR_THREADS", "1"))


# -- OpenVINO: each model compiled here, in f32, through the model cache ------------------------

@lru_cache(maxsize=1)
def _openvino_core():
    import openvino as ov

    core = ov.Core()  # one for the process: the three models share the CPU plugin and its cache
    if _configured["cache_dir"] is not None:
        core.set_property({"CACHE_DIR": str(_configured["cache_dir"])})
    return core


@lru_cache(maxsize=None)
def _compiled(model_path: str):
    """A model compiled once per process: the orientation's detector and the engine's share theirs."""
    with _allocation_failure_as_memory_error():
        return _openvino_core().compile_model(model_path, "CPU", {
            "INFERENCE_PRECISION_HINT": "f32",  # the same text as ONNX Runtime, whatever the CPU (module docstring)
            "INFERENCE_NUM_THREADS": _threads(),
            # Pinning would tie the thread that runs the model, a worker's main thread, to the first core of
            # the process's mask: every worker to core 0, two workers on two cores at half speed.
            "ENABLE_CPU_PINNING": False,
        })


@contextmanager
def _allocation_failure_as_memory_error() -> Iterator[None]:
    """OpenVINO's CPU plugin reports a failed allocation (the worker's memory limit) as a RuntimeError;
    it has no exception class of its own for it, so its message is the only sign."""
    try:
        yield
    except RuntimeError as e:
        if "Failed to allocate" in str(e):
            raise MemoryError(f"OpenVINO: {str(e).strip().splitlines()[-1]}") from e
        raise


class _OpenVinoSession:
    """One compiled PP-OCR model, called as rapidocr's own session is: a batch in, the first output out.

    The output is the request's own buffer, valid until the next call; a worker reads one page at a time
    (ocrmypdf runs with jobs=1 in it).
    """

    def __init__(self, config: dict) -> None:
        self._request = _compiled(str(config["model_path"])).create_infer_request()

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        with _allocation_failure_as_memory_error():
            self._request.infer([batch])
        return self._request.get_output_tensor().data


@contextmanager
def _sessions_built_here(runtime: str) -> Iterator[None]:
    """While rapidocr-openvino's detector, classifier and recogniser are built, they build `_OpenVinoSession`s.

    The package builds each model's session itself and takes nothing but a thread count for it, so its name
    for the session class is swapped while they are built (the package is pinned to 1.4.4). Where the swap
    stopped taking effect, the text would come out of bfloat16 again: tests/test_ocr_runtimes.py compares it.
    """
    if runtime != "openvino":
        yield
        return
    modules = [importlib.import_module(f"{_PACKAGE[runtime]}.{name}") for name in _OPENVINO_MODEL_MODULES]
    originals = [m.OpenVINOInferSession for m in modules]
    for m in modules:
        m.OpenVINOInferSession = _OpenVinoSession
    try:
        yield
    finally:
        for m, original in zip(modules, originals):
            m.OpenVINOInferSession = original


# -- the detector's input, normalised by table ------------------------------------------------------

def _normalised_by_table(text_detector: Any) -> Any:
    """`text_detector` (rapidocr's TextDetector, either runtime) with its input normalised by a lookup table.

    The package normalises a page as `(pixels.astype(float32) * scale - mean) / std` with `mean` and `std`
    float64 arrays: the whole page is computed in float64, 0.11 CPU-s on a 300 dpi page (a twentieth of the
    page's OCR), for a value that depends only on the byte and its channel. The table holds those 256 values
    per channel, computed by the same expression, so every element is the package's own to the bit
    (tests/test_ocr_runtimes.py compares them); OpenCV's LUT then fills the page in 7 ms.
    """
    make = text_detector.get_preprocess  # builds a pre-processing op per image, sized to it

    def get_preprocess(max_wh: int) -> Any:
        op = make(max_wh)
        op.normalize = partial(_normalise_by_table, op, op.normalize)  # its own __call__ calls it
        return op

    text_detector.get_preprocess = get_preprocess
    return text_detector


def _normalise_by_table(op: Any, package_normalize: Any, img: np.ndarray) -> np.ndarray:
    import cv2
    import numpy as np

    if img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != len(op.mean) or len(op.std) != len(op.mean):
        return package_normalize(img)  # not what the table is for: the package's own arithmetic
    values = np.arange(256, dtype=np.uint8)[:, None].astype("float32")  # each byte, cast as the package casts it
    table = ((values * op.scale - op.mean) / op.std).astype(np.float32)  # the package's expression
    return cv2.LUT(img, table.reshape(256, 1, -1))


# -- the pipeline and its parts, per runtime ------------------------------------------------------

def _thread_options(runtime: str) -> dict[str, int]:
    if runtime == "openvino":
        return {"inference_num_threads": _threads()}
    return {"intra_op_num_threads": _threads(), "inter_op_num_threads": 1}


@lru_cache(maxsize=2)
def engine(runtime: str):
    """The whole PP-OCR pipeline (detection, line direction, recognition) on `runtime`."""
    package = importlib.import_module(_PACKAGE[runtime])
    with _sessions_built_here(runtime):
        pipeline = package.RapidOCR(**_thread_options(runtime))
    _normalised_by_table(pipeline.text_det)
    return pipeline


@lru_cache(maxsize=2)
def _model_config(runtime: str) -> dict:
    main = importlib.import_module(f"{_PACKAGE[runtime]}.main")
    config = main.update_model_path(main.read_yaml(main.DEFAULT_CFG_PATH))
    for model in ("Det", "Cls", "Rec"):
        config[model].update(_thread_options(runtime))
    return config


def detector(runtime: str, **overrides: Any):
    """PP-OCR's text-line detector alone, with `overrides` of its settings (a new model instance each call)."""
    package = importlib.import_module(f"{_PACKAGE[runtime]}.ch_ppocr_det")
    with _sessions_built_here(runtime):
        return _normalised_by_table(package.TextDetector({**_model_config(runtime)["Det"], **overrides}))


def line_classifier(runtime: str):
    """PP-OCR's 0°/180° line classifier alone (a new model instance each call)."""
    package = importlib.import_module(f"{_PACKAGE[runtime]}.ch_ppocr_cls")
    with _sessions_built_here(runtime):
        return package.TextClassifier(_model_config(runtime)["Cls"])


def line_crops(runtime: str, image: np.ndarray, boxes: np.ndarray) -> list[np.ndarray]:
    """The detected lines cut out and set upright, as the pipeline cuts them (no model is loaded for it)."""
    package = importlib.import_module(_PACKAGE[runtime])
    return package.RapidOCR.get_crop_img_list(None, image, boxes)  # keeps no state


def version(runtime: str) -> str:
    distribution = _PACKAGE[runtime].replace("_", "-")
    runner = f"OpenVINO {version_of('openvino')} f32" if runtime == "openvino" else \
        f"ONNX Runtime {version_of('onnxruntime')}"
    return f"{distribution} {version_of(distribution)} (PP-OCRv4, {runner})"


def version_of(distribution: str) -> str:
    try:
        return distribution_version(distribution)
    except PackageNotFoundError:
        return "not installed"


def check(runtime: str) -> None:
    """Fail early, with what to install, when the runtime or the models are missing; imports nothing."""
    if runtime not in RUNTIMES:
        raise ConfigError(f"unknown PP-OCR runtime {runtime!r}; set EARCHIVE_PPOCR_RUNTIME or a scanner profile's "
                          f"ppocr_runtime to one of {', '.join(RUNTIMES)}")
    distribution = _PACKAGE[runtime].replace("_", "-")
    package = importlib.util.find_spec(_PACKAGE[runtime])
    if package is None or importlib.util.find_spec(runtime) is None:
        raise MissingDependency(f"the PP-OCR engine on {runtime} needs {distribution} and {runtime}; "
                                "reinstall earchive with `pip install -e .`")
    models = Path(next(iter(package.submodule_search_locations))) / "models"
    missing = [m for m in MODEL_FILES if not (models / m).is_file()]
    if missing:
        raise MissingDependency(f"PP-OCR model files missing in {models}: {', '.join(missing)}; reinstall {distribution}")
