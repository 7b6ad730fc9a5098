"""Cases and their case files (案卷): filing each classified document into its case, the archivist's
review, the table of contents, completeness and deadline checks against `rules/`, review scores,
statistics, archiving and export.

`casefiles.filing` is the entry point: it has `classify` read a document, stores what was read and
files the document by case.
"""
