"""Domain model and database access: agencies, units, cases, documents, pages, batches."""
