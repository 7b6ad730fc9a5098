"""The one settings object: EARCHIVE_* environment variables over an optional TOML file.

Per-agency rules (deadlines, retention, languages) are data in the database or
in rule files, never constants here.
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the file named by EARCHIVE_CONFIG (if any); env vars still win."""

    def get_field_value(self, field, field_name):  # pragma: no cover - unused protocol slot
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get("EARCHIVE_CONFIG")
        if not path:
            return {}
        with open(path, "rb") as f:
            data = tomllib.load(f)
        return data.get("earchive", data)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EARCHIVE_", extra="ignore")

    # Where everything lives on the embedded default.
    data_dir: Path = Path("var")
    database_url: str = ""  # default: sqlite:///<data_dir>/earchive.db
    store_dir: Path | None = None  # default: <data_dir>/store
    quarantine_dir: Path | None = None  # default: <data_dir>/quarantine

    # Search backend: "embedded" (SQLite FTS5 file) or "elasticsearch".
    search_backend: Literal["embedded", "elasticsearch"] = "embedded"
    search_index_path: Path | None = None  # default: <data_dir>/search.db
    elasticsearch_url: str = "http://127.0.0.1:9200"
    # Production: https:// URL, an API key, and the CA that signed the cluster's certificate.
    elasticsearch_api_key: str = ""  # "id:key" encoded as Elasticsearch gives it (base64)
    elasticsearch_ca_certs: Path | None = None  # PEM file; None: the system's trusted CAs
    elasticsearch_verify_certs: bool = True
    elasticsearch_replicas: int | None = Field(default=None, ge=0)  # None: 0 on one node, 1 once there are two
    elasticsearch_index_prefix: str = Field(default="earchive", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    elasticsearch_timeout_s: float = Field(default=10.0, gt=0)

    # OCR defaults; a scanner profile may override engine and languages.
    default_profile: str = "office"
    # What runs PP-OCR's models when the scanner profile does not say; the same text either way (ocr/ppocr.py).
    # Compiled OpenVINO models are kept in <data_dir>/cache/openvino.
    ppocr_runtime: Literal["openvino", "onnxruntime"] = "openvino"
    ocr_jobs: int = Field(default=2, ge=1, le=64)
    ocr_page_timeout_s: float = Field(default=180.0, gt=0)
    ocr_document_overhead_s: float = Field(default=60.0, gt=0)  # added to pages × page timeout
    ocr_memory_limit_mb: int = Field(default=6144, ge=512)
    max_pages_per_document: int = Field(default=500, ge=1)
    max_image_pixels: int = Field(default=120_000_000, ge=1_000_000)
    max_file_bytes: int = Field(default=1_000_000_000, ge=1024)
    # An agent's authorisation (授权委托书) on a retrieval slip: one scanned letter, never a case file.
    authorisation_max_bytes: int = Field(default=5 * 2**20, ge=1024)

    # Disc-archived media (media/): the largest single file taken in (a body camera splits clips at 4 GB);
    # vendors' naming patterns besides scanner_profiles/media; how often `earchive worker` re-hashes the store.
    media_max_file_bytes: int = Field(default=8 * 2**30, ge=1024)
    media_patterns_dir: Path | None = None
    fixity_interval_hours: float = Field(default=24.0, gt=0)

    # Task queue: "sqlite" needs no server; "redis://host:port/db" shares load across machines.
    queue_url: str = "sqlite"

    # Web app.
    secret_key: str = ""  # generated once into <data_dir>/secret_key when empty
    host: str = "127.0.0.1"  # the address the server binds; behind a reverse proxy on this machine keep loopback
    port: int = 8000
    # The production server (gunicorn, webapp/server.py): processes × threads answer requests at once.
    web_workers: int = Field(default=2, ge=1, le=64)  # processes: one per core
    web_threads: int = Field(default=8, ge=1, le=256)  # threads per process
    web_timeout_s: int = Field(default=60, ge=1)  # a worker process silent this long is killed and replaced
    web_graceful_timeout_s: int = Field(default=30, ge=1)  # on stop or restart, time to finish open requests
    web_keepalive_s: int = Field(default=5, ge=0)  # an idle kept-alive connection is closed after this
    # Reverse proxies in front that set X-Forwarded-For/-Proto/-Host: the app believes that many hops of them
    # (0: none, the server faces clients directly and the headers are ignored).
    trusted_proxies: int = Field(default=0, ge=0, le=5)
    cookie_secure: bool = True  # False only for plain HTTP on a closed network: cookies then travel in clear
    session_idle_minutes: int = Field(default=30, ge=1)
    session_absolute_hours: float = Field(default=12.0, gt=0)
    # Failed logins per (address, account) pair: this many are free, then waits double up to the cap.
    # An account is never locked for everyone: a guesser elsewhere slows only their own address.
    login_free_attempts: int = Field(default=5, ge=1)
    # Failed logins from one address over all accounts (many staff may share an office's NAT address).
    login_address_free_attempts: int = Field(default=20, ge=1)
    login_backoff_base_s: float = Field(default=2.0, gt=0)
    login_backoff_cap_s: float = Field(default=900.0, gt=0)

    # Access log (调阅登记): hash chain algorithm, signed checkpoints of its head.
    audit_hash: Literal["sha256", "sm3"] = "sha256"
    audit_dir: Path | None = None  # default: <data_dir>/audit (checkpoints and the public key)
    audit_key_path: Path | None = None  # default: <data_dir>/audit_signing_key (Ed25519, mode 0600)
    audit_checkpoint_every: int = Field(default=500, ge=1)  # entries between automatic checkpoints

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                   dotenv_settings, file_secret_settings):
        return (init_settings, env_settings, _TomlSource(settings_cls))

    def model_post_init(self, __context: Any) -> None:
        self.data_dir = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'earchive.db'}"
        self.store_dir = (self.store_dir or self.data_dir / "store").resolve()
        self.quarantine_dir = (self.quarantine_dir or self.data_dir / "quarantine").resolve()
        self.search_index_path = (self.search_index_path or self.data_dir / "search.db").resolve()
        self.audit_dir = (self.audit_dir or self.data_dir / "audit").resolve()
        self.audit_key_path = (self.audit_key_path or self.data_dir / "audit_signing_key").resolve()

    def ensure_dirs(self) -> None:
        for d in (self.data_dir, self.store_dir, self.quarantine_dir):
            d.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
