"""Turning page text and query strings into the tokens of the embedded index.

Chinese has no spaces, and FTS5's trigram tokenizer cannot find two-character
strings such as the name 张三, so we tokenise ourselves and hand FTS5
(tokenizer unicode61) ready-made tokens separated by spaces:

- a run of CJK (any letter or digit at or above U+2E80) becomes its
  overlapping bigrams followed by its last character as a "terminal" token:
  张三丰 -> 张三 三丰 丰;
- a run of other letters and digits becomes one lower-cased word;
- everything else (punctuation, spaces) separates runs.

A query term becomes one FTS5 phrase of the same tokens, so adjacent bigrams in
order mean an exact substring, and punctuation between runs is ignored. The
terminal token lets a term end at a run boundary (张三，李四) and lets a
one-character term match as a prefix.

A line end between two CJK characters is not a boundary: OCR breaks a
paragraph into lines wherever the page wraps, so 先行 / 登记保存 on two lines is
still the phrase 先行登记保存 (as Elasticsearch's analyzers see it too).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import add

# Bump when index_tokens changes: the embedded index must then be rebuilt, because
# its contentless FTS table is cleaned by re-tokenising the stored text.
TOKENIZER_VERSION = 2  # 2: a line end between CJK characters joins the run

# Letters and digits (Unicode \w without "_") at or above U+2E80, or below it.
_RUNS = re.compile(r"([^\W_\x00-\u2e7f]+)|([^\W_\u2e80-\U0010ffff]+)")
_NARROW_CHAR = r"[^\W_\u2e80-\U0010ffff]"
_WIDE_CHAR = r"[^\W_\x00-\u2e7f]"
# A line end (with the spaces around it) between two CJK characters: the line wrapped inside a run.
_WRAP_IN_RUN = re.compile(rf"(?<={_WIDE_CHAR})[ \t]*\n[ \t]*(?={_WIDE_CHAR})")


def unwrap(text: str) -> str:
    """Page text with the line ends inside CJK runs removed, as the index sees it."""
    return _WRAP_IN_RUN.sub("", text) if "\n" in text else text


@dataclass(frozen=True)
class Segment:
    text: str
    wide: bool  # CJK run (bigrams) rather than a word


# Page text arrives with full-width forms unified; a query typed in a full-width
# input mode (２０２４, ＤＳＪ) is unified the same way here.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def segments(query: str) -> list[Segment]:
    """The CJK runs and words of a query string, in order; words lower-cased."""
    return [Segment(wide, True) if wide else Segment(narrow.lower(), False)
            for wide, narrow in _RUNS.findall(query.translate(_FULL_TO_HALF))]


def index_tokens(text: str) -> str:
    """Space-separated tokens to store for a page's text."""
    # On the hot path of indexing: no Segment objects, bigrams built by map().
    tokens: list[str] = []
    for wide, narrow in _RUNS.findall(unwrap(text)):
        if wide:
            if len(wide) > 1:
                tokens.append(" ".join(map(add, wide, wide[1:])))
            tokens.append(wide[-1])
        else:
            tokens.append(narrow.lower())
    return " ".join(tokens)


def _quote(token: str) -> str:
    # Tokens hold only letters and digits, but quote and escape anyway so no user
    # input can ever reach FTS5 as syntax (", *, NEAR, AND, -, ^ ...).
    return '"' + token.replace('"', '""') + '"'


def term_phrase(term: str) -> str | None:
    """One FTS5 phrase matching `term` as a substring; None if it has no letters or digits."""
    segs = segments(term)
    if not segs:
        return None
    exact: list[str] = []
    prefix: str | None = None
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if not seg.wide:
            exact.append(seg.text)
        elif len(seg.text) >= 2:
            s = seg.text
            exact.extend(s[j:j + 2] for j in range(len(s) - 1))
            if not last:
                exact.append(s[-1])  # the run must end here, where the next segment begins
        elif last:
            prefix = seg.text  # one trailing character: any bigram starting with it, or a terminal
        else:
            exact.append(seg.text)
    parts = [_quote(" ".join(exact))] if exact else []
    if prefix is not None:
        parts.append(_quote(prefix) + "*")
    return " + ".join(parts)


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH string for a query: its whitespace-separated terms ANDed.

    None when no term has a letter or digit (nothing can match).
    """
    phrases = [p for p in (term_phrase(t) for t in text.split()) if p]
    return " AND ".join(phrases) if phrases else None


def _wrapping(run: str) -> str:
    """A CJK run that may be broken by a line end between any two of its characters."""
    return r"[ \t]*\n?[ \t]*".join(map(re.escape, run))


def term_pattern(term: str) -> re.Pattern[str] | None:
    """A regex finding `term` in page text the way the index matches it (for snippets)."""
    segs = segments(term)
    if not segs:
        return None
    # Between segments the index ignores punctuation and spaces; so does the pattern.
    body = r"[\W_]*".join(_wrapping(s.text) if s.wide else re.escape(s.text) for s in segs)
    # A word matches whole, as in the index (123 in 罚123号, not in 1234).
    if not segs[0].wide:
        body = f"(?<!{_NARROW_CHAR})" + body
    if not segs[-1].wide:
        body += f"(?!{_NARROW_CHAR})"
    return re.compile(body, re.IGNORECASE)
