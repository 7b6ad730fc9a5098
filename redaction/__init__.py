"""Redaction (遮盖/脱敏): keeping state secrets, trade secrets and other people's personal data out of released copies
and publications, and proving it before anything leaves (000:27, 001:35-36, 002 记录办法:29, 002 公示办法:5)."""
