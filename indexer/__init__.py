"""Full-text search: the backend contract, its embedded implementation and the outbox drain."""
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
    raise ConfigError(f"search backend {settings.search_backend!r} is not available yet; "
                      f"set EARCHIVE_SEARCH_BACKEND=embedded")
