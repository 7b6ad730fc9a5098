"""A case's trade-secret terms (商业秘密事项): listed by an archivist, hidden wherever they appear (000:27, 001:36)."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from access_control.audit import AccessLog, Actor, Event
from earchive.errors import EarchiveError, ExitCode, NotFound
from records.models import Case
from redaction.models import TradeSecretTerm

MIN_TERM_CHARS = 2


class TermError(EarchiveError):
    exit_code = ExitCode.bad_args
    http_status = 400


def case_terms(session: Session, case_id: int) -> list[str]:
    return list(session.scalars(select(TradeSecretTerm.term).where(TradeSecretTerm.case_id == case_id)
                                .order_by(TradeSecretTerm.id)))


def add_terms(session: Session, access_log: AccessLog, actor: Actor, case_id: int, terms: Iterable[str]) -> int:
    """Add terms to the case's list; the access log records how many, never the terms (they are the secret)."""
    if session.get(Case, case_id) is None:
        raise NotFound(f"案件 {case_id} 不存在")
    known = set(case_terms(session, case_id))
    added = 0
    for raw in terms:
        term = unicodedata.normalize("NFKC", raw).strip()
        if len("".join(term.split())) < MIN_TERM_CHARS:
            raise TermError(f"商业秘密事项至少 {MIN_TERM_CHARS} 个字：过短的词会遮盖大量无关内容")
        if term not in known:
            session.add(TradeSecretTerm(case_id=case_id, term=term, added_by=actor.username))
            known.add(term)
            added += 1
    access_log.record(session, actor, Event("redaction", record_kind="case", record_id=case_id, case_id=case_id,
                                            detail={"op": "trade_secret_terms_added", "count": added}))
    return added
