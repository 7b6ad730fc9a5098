"""The second held-out case-file set (#13 item 8), written blind: nobody tunes on it or reads its failures.

Its author read neither the classifier nor the other generators' documents:
other agencies (交通运输, 生态环境, 文化市场, 应急管理, 城市管理, 卫生健康,
公安 治安), other wording, other layouts (its own Pillow typesetting, seals and
scan degradation). bench/casefiles_eval.py --set heldout2 builds it and
reports figures on it; the figures may be quoted, its failures are not to be
read, and no rule, word list or threshold is to be fitted to it.

    identities  fictional persons and organisations with valid 身份证号 / 统一社会信用代码
    sheet       a document as blocks, and the truth written beside them
    agencies    seven fictional agencies: numbering, officers, house styles
    matters     the thirteen cases: parties, facts, dates, numbers, which papers
    papers      one builder per kind of paper
    press       typesetting onto A4 pages, seals
    scanner     scan degradation, PDF and TIFF files
    build       the set on disk and truth.json
"""
