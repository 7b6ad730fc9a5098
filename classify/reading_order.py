"""The reading order of a page's OCR lines where a form's table rows scramble it.

OCR orders its text lines by their top edge. In a table row whose cells hold
different numbers of lines, the cells are centred on one another, so a row
reads in the wrong order: the value cell's single line comes before its label
cell's wrapped first half, and a label centred beside a wrapped value lands
between the value's lines ("霍文 / 身份证号 / 4598… / 当事人姓名 / 码"). Here the
lines that stand side by side in one row (their heights overlap, their widths
do not) are read as that row: cell by cell from left to right, each cell top
to bottom, and a cell's line that wraps at the cell's edge is joined to the
line that continues it ("身份证号" + "码", "某某有限" + "公司").

Pure geometry on the lines' boxes; a page without boxes keeps its order.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Box = tuple[int, int, int, int]

# Two lines are side by side in one row when this share of the shorter one's height is shared. Lines of
# running text never overlap that much, even on a page levelled to within a degree.
ROW_OVERLAP = 0.25
_TERMINAL = set("。；;！？!?")
# A line that opens a field or a date is never the rest of the line above it.
_OPENS_FIELD = re.compile(r"^(?:[^:：]{1,10}[:：]|\s*(?:19|20)\d\d\s*年|\s*[二〇一]{4}年)")


@dataclass
class OcrLine:
    key: object
    box: Box
    text: str


def _height(b: Box) -> int:
    return b[3] - b[1]


def _side_by_side(a: Box, b: Box) -> bool:
    shared_height = min(a[3], b[3]) - max(a[1], b[1])
    shared_width = min(a[2], b[2]) - max(a[0], b[0])
    return shared_height >= ROW_OVERLAP * min(_height(a), _height(b)) and shared_width <= 0


def _overlap_x(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0


def _clusters(items: list[int], linked: Callable[[int, int], bool]) -> list[list[int]]:
    """Connected groups of `items` under the relation `linked`, each in the order of `items`."""
    parent = {i: i for i in items}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, i in enumerate(items):
        for j in items[n + 1:]:
            if linked(i, j):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in items:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _continues(above: OcrLine, below: OcrLine, cell_left: int, cell_right: int) -> bool:
    """Whether `below` is the rest of `above`, wrapped at the cell's right edge: `above` reaches that edge and
    ends no sentence, `below` starts at the cell's left edge, is shorter, and opens no field or date."""
    h = max(_height(above.box), _height(below.box))
    text = above.text.rstrip()
    return (bool(text) and text[-1] not in _TERMINAL
            and above.box[2] >= cell_right - 0.5 * h
            and abs(below.box[0] - cell_left) <= h
            and below.box[2] < above.box[2] - h
            and not _OPENS_FIELD.match(below.text))


def reading_order(lines: Sequence[OcrLine]) -> list[tuple[int, list[object]]]:
    """The page's text lines in reading order, each as (its row's number, the keys of the OCR lines it joins).
    The cells of one table row share their row's number."""
    if len(lines) < 2:
        return [(n, [ln.key]) for n, ln in enumerate(lines)]
    index = list(range(len(lines)))
    rows = _clusters(index, lambda i, j: _side_by_side(lines[i].box, lines[j].box))
    rows.sort(key=lambda row: (min(lines[i].box[1] for i in row), min(row)))
    out: list[tuple[int, list[object]]] = []
    for number, row in enumerate(rows):
        if len(row) == 1:
            out.append((number, [lines[row[0]].key]))
            continue
        cells = _clusters(sorted(row, key=lambda i: lines[i].box[0]),
                          lambda i, j: _overlap_x(lines[i].box, lines[j].box))
        cells.sort(key=lambda cell: min(lines[i].box[0] for i in cell))
        for cell in cells:
            cell.sort(key=lambda i: lines[i].box[1])
            left = min(lines[i].box[0] for i in cell)
            right = max(lines[i].box[2] for i in cell)
            current = [cell[0]]
            for i in cell[1:]:
                if _continues(lines[current[-1]], lines[i], left, right):
                    current.append(i)
                else:
                    out.append((number, [lines[k].key for k in current]))
                    current = [i]
            out.append((number, [lines[k].key for k in current]))
    return out
