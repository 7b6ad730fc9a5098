"""Who may do what: roles, accounts, sessions and login throttling, the one access policy,
retrieval slips with their watermarked copies, and the hash-chained access log."""
