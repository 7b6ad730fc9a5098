"""Who may do what: roles, password hashing, accounts and the one access policy."""
