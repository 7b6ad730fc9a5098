"""Place names of the agencies' own jurisdictions, to mend one misread character in a party's name.

A local agency's parties are registered where it is: 某市某区某某有限公司 opens with the agency's city and
district. OCR misreads a rare character of a place name (汀 as 江) on some scans and not on others, so one
company becomes two names across a case. The agencies' names, typed when they were registered, are the
authority for how the local places are written. A name that opens with a place of the same length and the
same ending (市, 县, 区) that differs from a known place in exactly one character, and is itself no known
place, is mended to the known place. Nothing else in a name is touched.
"""
from __future__ import annotations

import re
from functools import lru_cache

from classify.fuzzy import one_char_apart

_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治区|自治州|自治县|省|市|州|盟|县|旗|区)")


@lru_cache(maxsize=64)
def local_places(agency_names: tuple[str, ...]) -> frozenset[str]:
    """The places an agency's name opens with: 某某市, then 某某区 or 某某县 under it."""
    places: set[str] = set()
    for name in agency_names:
        pos = 0
        while m := _PLACE.match(name, pos):
            places.add(m.group())
            pos = m.end()
    return frozenset(places)


def mend_places(name: str, places: frozenset[str]) -> str:
    """`name` with each place it opens with mended to the known place one misread character away."""
    pos = 0
    while pos < len(name):
        known = next((p for p in places if name.startswith(p, pos)), None)
        if known is None:
            read = name[pos:]
            known = next((p for p in sorted(places, key=len, reverse=True)
                          if len(read) > len(p) and read[len(p) - 1] == p[-1]
                          and read[:len(p)] not in places and one_char_apart(read[:len(p)], p)), None)
            if known is None:
                break
            name = name[:pos] + known + name[pos + len(known):]
        pos += len(known)
    return name
