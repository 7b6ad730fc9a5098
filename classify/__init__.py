"""Reading one case-file document: its type and stage, and every field (case number, parties, officers,
devices, dates, measures) with confidence, provenance and the boxes it was read from.

`classify.extract` reads one document's text (pure); `classify.entities` files it under the parties,
officers and devices it names. Cases, their files, checks and scores are `casefiles/`.
"""
