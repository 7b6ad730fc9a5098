"""Bank card and account numbers: Luhn-valid runs of 13-19 digits (stdnum.luhn), and digit runs labelled as a
person's account (银行卡号, 账号, 卡号). The account a fine is paid into (the treasury's or the agency's, on a line
with 缴至/代收/国库/财政/非税) is published for everyone and stays."""
from __future__ import annotations

import re

from stdnum import luhn

from redaction.detect.labels import (BANK_LABELS, ID_LABELS, label_before, officer_number_label,
                                     on_fine_account_line)
from redaction.detect.numbers import compact_digits, lookalike_count
from redaction.detect.scan import Found, Scan
from redaction.kinds import Kind

CARD = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){12,18}(?![0-9A-Za-z])")
# A payment card's number opens with its industry digit: 3-6 for cards (UnionPay 62, Visa 4, Mastercard 5, JCB 35)
# and 9 for some domestic cards; a Luhn-valid serial opening with 1, 2 (a date: 20240307…), 0, 7 or 8 is no card.
CARD_FIRST_DIGITS = "34569"
ACCOUNT = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){7,29}(?![0-9A-Za-z])")


def find(scan: Scan) -> list[Found]:
    out: list[Found] = []
    checked: list[frozenset] = []  # Luhn-valid cards read across a line end
    for vs in scan.each_view():
        for pattern, labelled_only in ((CARD, False), (ACCOUNT, True)):
            for m in pattern.finditer(vs.digits):
                pos = vs.line_pos[m.start()]
                number = compact_digits(m.group())
                label = label_before(scan.text, pos, BANK_LABELS + ID_LABELS)
                labelled = label in BANK_LABELS
                if labelled_only and not labelled:
                    continue
                if not labelled_only and not (luhn.is_valid(number) and (labelled or number[0] in CARD_FIRST_DIGITS)):
                    continue
                if on_fine_account_line(scan.text, pos) or officer_number_label(scan.text, pos):
                    out.append(scan.found(vs, m.start(), m.end(), None))
                    continue
                if labelled_only and scan.owner_kind(pos) in ("organisation", "officer"):
                    continue  # a company's account, not a person's (policy: labelled accounts of a person)
                valid = lookalike_count(vs.view.text[m.start():m.end()], m.group()) == 0
                out.append(scan.found(vs, m.start(), m.end(), Kind.bank_card, valid=valid))
                if not labelled_only and len(scan.page.lines_of(out[-1].refs)) > 1:
                    checked.append(out[-1].refs)
    # A card broken over a line end ("卡号6222 0210 / 0112 3459"): the label makes its first line's part an account
    # of its own, but the Luhn-checked whole read across the break is the number; the part would leave the rest.
    return [f for f in out if not any(f.refs < whole for whole in checked)]
