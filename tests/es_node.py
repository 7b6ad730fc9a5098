"""The test Elasticsearch node: a backend under a throwaway prefix, and stopping and starting
the node that scripts/elasticsearch.sh runs (for outage tests)."""
from __future__ import annotations

import subprocess
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from earchive.errors import SearchUnavailable
from indexer.elasticsearch import ElasticsearchBackend

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch.sh"


@contextmanager
def es_test_backend(server_url: str) -> Iterator[ElasticsearchBackend]:
    """An ElasticsearchBackend under a prefix of its own, every write searchable at once; dropped after."""
    backend = ElasticsearchBackend(server_url, index_prefix=f"earchive-t-{uuid.uuid4().hex[:12]}", replicas=0,
                                   refresh_writes=True, swap_grace_s=0.2)
    try:
        yield backend
    finally:
        try:
            backend.drop()
        except SearchUnavailable as e:  # a test that stopped the node and failed before restarting it
            warnings.warn(f"test indices {backend.alias}-* left behind: {e.message}")
        backend.close()


def node_script(command: str, timeout: float = 180) -> str:
    """Run `scripts/elasticsearch.sh COMMAND`; its stdout."""
    done = subprocess.run(["bash", str(SCRIPT), command], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"scripts/elasticsearch.sh {command} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def script_runs_node_at(url: str) -> bool:
    """Whether `url` is the node scripts/elasticsearch.sh manages (so a test may stop and start it)."""
    try:
        return node_script("url").rstrip("/") == url.rstrip("/") and subprocess.run(
            ["bash", str(SCRIPT), "status"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError, RuntimeError):
        return False
