"""earchive: application-wide glue — settings, errors and the command line."""
