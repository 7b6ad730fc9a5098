"""What a redaction hides and why: the kinds of data found on a page, the three legal reasons, and their grounds.

The reasons are the three categories the rules keep out of copies and
publications: 国家秘密, 商业秘密, 个人隐私 (000:27, 001:35-36, 002 记录办法:29,
002 公示办法:5; 003:24 and 004:23 forbid leaking them).
"""
from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    state_secret = "state_secret"
    trade_secret = "trade_secret"
    privacy = "privacy"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]

    @property
    def ground(self) -> str:
        """The law and the reason, as printed on a withheld page: never the content."""
        return REASON_GROUNDS[self]


REASON_LABELS = {Reason.state_secret: "国家秘密", Reason.trade_secret: "商业秘密", Reason.privacy: "个人隐私"}

REASON_GROUNDS = {
    Reason.state_secret: "涉及国家秘密，依《中华人民共和国保守国家秘密法》及本机关行政执法全过程记录办法"
                         "（调用、复制涉密记录须按保密规定管理）不予提供",
    Reason.trade_secret: "涉及商业秘密，依行政执法全过程记录调用规定（当事人调用记录，涉及商业秘密的除外）不予提供",
    Reason.privacy: "涉及他人个人隐私，依《中华人民共和国个人信息保护法》及行政执法全过程记录调用规定不予提供",
}


class Kind(StrEnum):
    """What a redaction box covers. The detectors find all but `manual`, `seal` and `signature`."""

    id_number = "id_number"          # 居民身份证号码 (18 characters, GB 11643 check digit)
    phone = "phone"                  # mobile and fixed-line numbers
    bank_card = "bank_card"          # bank card / account numbers (Luhn)
    credit_code = "credit_code"      # 统一社会信用代码 of a natural-person business (个体工商户, "92…")
    email = "email"
    plate = "plate"                  # 机动车号牌
    address = "address"              # a natural person's street address
    name = "name"                    # a natural person's name (never an officer's)
    trade_secret = "trade_secret"    # a term on the case's trade-secret list
    state_secret = "state_secret"    # drawn by an archivist over a secret passage
    signature = "signature"          # a signature or fingerprint, drawn by an archivist
    manual = "manual"                # anything else an archivist draws

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def default_reason(self) -> Reason:
        if self is Kind.trade_secret:
            return Reason.trade_secret
        if self is Kind.state_secret:
            return Reason.state_secret
        return Reason.privacy


KIND_LABELS = {
    Kind.id_number: "身份证号", Kind.phone: "电话号码", Kind.bank_card: "银行卡号", Kind.credit_code: "统一社会信用代码",
    Kind.email: "电子邮箱", Kind.plate: "车牌号", Kind.address: "住址", Kind.name: "姓名",
    Kind.trade_secret: "商业秘密", Kind.state_secret: "国家秘密", Kind.signature: "签名/指印", Kind.manual: "其他",
}
