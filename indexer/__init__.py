"""Full-text search: the backend contract, its embedded and Elasticsearch implementations, the outbox drain."""
from __future__ import annotations

from earchive.errors import ConfigError
from earchive.settings import Settings
from indexer.base import SearchBackend


def make_backend(settings: Settings) -> SearchBackend:
    """The search backend named by `settings.search_backend`."""
    if settings.search_backend == "embedded":
        from indexer.embedded import EmbeddedBackend

        assert settings.search_index_path is not None  # filled in by Settings.model_post_init
        return EmbeddedBackend(settings.search_index_path)
    if settings.search_backend == "elasticsearch":
        from indexer.elasticsearch import ElasticsearchBackend  # imported late: only deployments that use it

        return ElasticsearchBackend.from_settings(settings)
    raise ConfigError(f"unknown search backend {settings.search_backend!r}; "
                      f"set EARCHIVE_SEARCH_BACKEND to embedded or elasticsearch")
