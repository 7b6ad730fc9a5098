"""A held-out labelled set for the redaction detectors (issue #14, "Measured"): see README.md beside this file."""
