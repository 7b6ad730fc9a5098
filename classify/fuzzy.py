"""Edit distances for text that OCR or a seal has damaged."""
from __future__ import annotations


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def substring_distance(pattern: str, text: str) -> tuple[int, int]:
    """Fewest edits turning `pattern` into some substring of `text`, and where that substring ends.

    (Sellers' algorithm: the substring may start anywhere in `text` at no cost.)
    """
    if not pattern:
        return 0, 0
    column = list(range(len(pattern) + 1))
    best, best_end = column[-1], 0
    for j, ct in enumerate(text, 1):
        previous_diag, column[0] = column[0], 0
        for i, cp in enumerate(pattern, 1):
            cost = previous_diag + (cp != ct)
            previous_diag = column[i]
            column[i] = min(column[i] + 1, column[i - 1] + 1, cost)
        if column[-1] < best:
            best, best_end = column[-1], j
    return best, best_end


def similarity(pattern: str, text: str) -> float:
    """1.0 when `pattern` occurs in `text`; less by the share of characters that must change."""
    if not pattern:
        return 0.0
    if pattern in text:
        return 1.0
    distance, _ = substring_distance(pattern, text)
    return max(0.0, 1.0 - distance / len(pattern))


def closest(value: str, known: list[str], max_ratio: float = 0.2) -> tuple[str, int] | None:
    """The known string nearest to `value`, if within max_ratio of its length in edits and clearly nearer
    than any other (a tie or a near-tie settles nothing)."""
    ranked = sorted((levenshtein(value, k), k) for k in known)
    if not ranked:
        return None
    distance, best = ranked[0]
    if distance > max(1, int(len(best) * max_ratio)):
        return None
    if distance and len(ranked) > 1 and ranked[1][0] <= distance + 1:
        return None
    return best, distance


def one_char_apart(a: str, b: str) -> bool:
    """Two readings of one word with one character read otherwise (郑样甲 / 郑祥甲, 汀澜市 / 江澜市)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1
