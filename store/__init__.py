"""The write-once object store: originals byte-exact under their SHA-256, derived artefacts beside them."""
from store.objects import ObjectStore, sha256_file

__all__ = ["ObjectStore", "sha256_file"]
