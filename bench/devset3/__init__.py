"""A third, independent development set for case assembly and parties (#13): its own agencies, number
series, layouts and wording, rendered and degraded with the samples package's image code.

`bench/casefiles_eval.py --set devset3` builds, ingests and scores it. It is a DEVELOPMENT set: the
classifier may be tuned on it (by general rules), unlike bench/heldout/.
"""
