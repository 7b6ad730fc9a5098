"""The held-out evaluation set (#13 item 8): fictional case files the classifier was not written against.

An independent generator: its own agencies, wording, layouts (Pillow, Debian's
Noto CJK and WenQuanYi fonts), seals and scan degradation, sharing no code or
text with samples/. Nobody tunes the classifier on it; bench/casefiles_eval.py
reports figures on it beside the samples set.

    model      documents as blocks, and their truth
    identity   身份证号 (GB 11643) and 统一社会信用代码 (GB 32100) with valid check characters
    agencies   seven agencies, their numbering and house styles
    facts      what a case is about; date and amount wording
    documents  one builder per kind of paper
    cases      the thirteen cases and their papers
    layout     typesetting and round seals
    scan       scan degradation and PDF / TIFF files
    build      the set on disk and truth.json
"""
