"""devset4: a fourth case-file generator, written blind as a development set (see build.py)."""
