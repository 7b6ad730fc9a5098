"""earchive's kernel: settings, errors and loading, imported by every package and importing none of them."""
