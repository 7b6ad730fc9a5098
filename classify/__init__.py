"""Classification of case-file documents: type and stage, fields with confidence and provenance,
case assembly, the archivist's review, completeness and deadline checks, review scores, statistics.

`classify.extract` reads one document's text (pure); `classify.service` stores the result and files the
document by case; `classify.checks` and `classify.scoring` judge a case file against `rules/`.
"""
