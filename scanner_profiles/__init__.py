"""Scanner profiles: per-scanner settings as YAML files, validated on load."""
from scanner_profiles.loader import ScannerProfile, get_profile, list_profiles, load_profile

__all__ = ["ScannerProfile", "get_profile", "list_profiles", "load_profile"]
