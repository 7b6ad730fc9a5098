"""Rule files (data, not code): completeness and deadline rules and the case-file review scheme, in YAML."""
