"""`earchive mark` and `earchive ingest --classification/--secrecy`: a document's 密级 and secrecy marks.

The operator at the command line marks as the archivist's office does; each
marking is a permission change in the access log and the document is
re-indexed (access_control.marking).
"""
from __future__ import annotations

import click

from records.classification import LEVELS

SECRECY_CHOICES = ("state_secret", "trade_secret")


def classification_options(command):
    """The --classification and --secrecy options, shared by `ingest` and `mark`."""
    command = click.option("--secrecy", "secrecy", multiple=True, type=click.Choice(SECRECY_CHOICES),
                           help="Mark as a state secret (国家秘密) or trade secret (商业秘密); repeatable.")(command)
    return click.option("--classification", "level", type=click.Choice(LEVELS),
                        help="密级: " + " < ".join(LEVELS))(command)


def marking_at_ingest(access_log, level: str | None, marks: list[str] | None, lines: list[str]):
    """The `on_new_document` hook of ingest that gives each new document the marking given on the command
    line, in the transaction that finishes it (so the index never holds it at a lower level); a line for
    each goes to `lines`. None when nothing was given."""
    from access_control.audit import Actor
    from access_control.marking import mark_labels, set_marking

    if level is None and marks is None:
        return None

    def mark(session, document) -> None:
        set_marking(session, access_log, Actor.operator(), None, document, level=level, marks=marks,
                    at_ingest=True)
        lines.append(f"#{document.id}: 密级 {document.classification}, 标记 {mark_labels(document.secrecy)}")

    return mark


def mark_documents(ctx, document_ids: list[int], level: str | None, marks: list[str] | None, *,
                   at_ingest: bool, reason: str = "") -> list[str]:
    """Mark each document (`marks` None keeps its marks); returns one line per document saying what it is now."""
    from access_control.audit import AccessLog, Actor
    from access_control.marking import mark_labels, set_marking
    from indexer.outbox import refresh_index
    from records.models import Document

    if level is None and marks is None:
        return []
    lines = []
    access_log = AccessLog(ctx.settings)
    with ctx.db.transaction() as s:
        for document_id in document_ids:
            document = s.get(Document, document_id)
            if document is None:
                raise click.ClickException(f"no document {document_id}")
            result = set_marking(s, access_log, Actor.operator(), None, document, level=level, marks=marks,
                                 reason=reason, at_ingest=at_ingest)
            lines.append(f"#{document_id}: 密级 {document.classification}, 标记 {mark_labels(document.secrecy)}"
                         + ("" if result.changes else "（未改变）"))
    access_log.committed()
    # The search filter ranks by the indexed level: until the index has it, a raised document would still be
    # found by people no longer cleared for it. No worker may be running to drain the outbox, so drain it now.
    refresh_index(ctx.db.session, ctx.search)
    return lines


@click.command("mark")
@click.argument("document_ids", nargs=-1, type=int, required=True)
@classification_options
@click.option("--clear-secrecy", is_flag=True, help="Remove the state-secret and trade-secret marks.")
@click.option("--reason", default="", help="Why (kept in the access log).")
def mark_command(document_ids: tuple[int, ...], level: str | None, secrecy: tuple[str, ...],
                 clear_secrecy: bool, reason: str) -> None:
    """Set documents' 密级 (--classification) and secrecy marks (--secrecy, --clear-secrecy)."""
    from shell.cli import _context

    if secrecy and clear_secrecy:
        raise click.UsageError("--secrecy and --clear-secrecy exclude each other")
    if level is None and not secrecy and not clear_secrecy:
        raise click.UsageError("give --classification, --secrecy or --clear-secrecy")
    marks = [] if clear_secrecy else (list(secrecy) if secrecy else None)
    for line in mark_documents(_context(), list(document_ids), level, marks, at_ingest=False, reason=reason):
        click.echo(line)
