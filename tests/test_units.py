"""Naming a unit: codes are unique only within an agency, so `--unit` takes AGENCY/UNIT and refuses a bare
code that two agencies use, naming the candidates, instead of taking whichever it finds first."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from earchive import settings as settings_module
from earchive.errors import NotFound
from earchive.settings import Settings
from records.admin import AmbiguousUnit, ensure_unit, unit_by_ref
from records.db import Database, upgrade_database
from records.models import Case
from shell.cli import main


def two_agencies_with_unit_u1(database: Database) -> dict[str, int]:
    with database.transaction() as s:
        units = {"A/U1": ensure_unit(s, "A", "甲局", "U1", "一中队"),
                 "B/U1": ensure_unit(s, "B", "乙局", "U1", "一中队"),
                 "B/U2": ensure_unit(s, "B", "乙局", "U2", "二中队")}
        return {ref: unit.id for ref, unit in units.items()}


def test_a_code_two_agencies_use_is_refused_with_both_candidates(database: Database) -> None:
    two_agencies_with_unit_u1(database)
    with database.session() as s, pytest.raises(AmbiguousUnit) as refused:
        unit_by_ref(s, "U1")
    assert "A/U1" in refused.value.message and "B/U1" in refused.value.message


def test_agency_slash_unit_names_exactly_one_unit(database: Database) -> None:
    ids = two_agencies_with_unit_u1(database)
    with database.session() as s:
        assert unit_by_ref(s, "A/U1").id == ids["A/U1"]
        assert unit_by_ref(s, "B/U1").id == ids["B/U1"]
        assert unit_by_ref(s, "U2").id == ids["B/U2"]  # unique: the bare code is enough


def test_an_unknown_unit_lists_the_known_ones(database: Database) -> None:
    two_agencies_with_unit_u1(database)
    with database.session() as s, pytest.raises(NotFound) as missing:
        unit_by_ref(s, "C/U1")
    assert "A/U1, B/U1, B/U2" in missing.value.message


def test_cases_list_on_the_command_line_takes_agency_slash_unit(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EARCHIVE_DATA_DIR", str(tmp_path))
    settings_module.get_settings.cache_clear()
    url = Settings(data_dir=tmp_path).database_url
    upgrade_database(url)
    database = Database(url)
    ids = two_agencies_with_unit_u1(database)
    with database.transaction() as s:
        s.add_all([Case(unit_id=ids["A/U1"], case_no="甲罚〔2024〕1号"), Case(unit_id=ids["B/U1"], case_no="乙罚〔2024〕9号")])
    database.dispose()

    ambiguous = CliRunner().invoke(main, ["cases", "list", "--unit", "U1", "--json"])
    assert ambiguous.exit_code == 3 and "A/U1" in ambiguous.output and "B/U1" in ambiguous.output
    listed = CliRunner().invoke(main, ["cases", "list", "--unit", "B/U1", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "乙罚〔2024〕9号" in listed.output and "甲罚〔2024〕1号" not in listed.output
