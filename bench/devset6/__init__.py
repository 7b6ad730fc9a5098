"""A sixth case-file development set (#13). Written blind in session 19 as the second held-out set
(bench/heldout2), scored on its aggregates three times, then made a development set in session 21: its
failures were read and fixed by class, so its figures are no longer held-out figures. bench/heldout3 took its
place. Its random salts still say "heldout2", so that the same seed still writes the same set.

Its author read neither the classifier nor the other generators' documents:
other agencies (交通运输, 生态环境, 文化市场, 应急管理, 城市管理, 卫生健康,
公安 治安), other wording, other layouts (its own Pillow typesetting, seals and
scan degradation). bench/casefiles_eval.py --set devset6 builds it and
reports figures on it.

    identities  fictional persons and organisations with valid 身份证号 / 统一社会信用代码
    sheet       a document as blocks, and the truth written beside them
    agencies    seven fictional agencies: numbering, officers, house styles
    matters     the thirteen cases: parties, facts, dates, numbers, which papers
    papers      one builder per kind of paper
    press       typesetting onto A4 pages, seals
    scanner     scan degradation, PDF and TIFF files
    build       the set on disk and truth.json
"""
