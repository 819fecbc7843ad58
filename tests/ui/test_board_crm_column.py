"""The manager's board shows each rep's "% CRM-backed this week" in a narrow CRM column (issue 24
follow-up): it fits at every width from 80 columns, a rep's board has no such column, and neither has
the board of a team where nobody imports from a CRM."""

from __future__ import annotations

import pytest

from repdash.ui.screens.team_text import crm_text, standings_columns


@pytest.mark.parametrize("crm", [False, True])
def test_every_column_fits_from_80_columns(crm):
    for width in range(80, 241):
        cols = standings_columns(width, crm=crm)
        used = sum(w + 2 for _, _, w in cols) + 2  # a cell of padding either side, the scrollbar
        assert used <= width, (width, cols)
        assert ("crm" in [k for k, _, _ in cols]) == crm
        coach = dict((k, w) for k, _, w in cols)["coach"]
        assert coach >= (19 if width >= 100 else 16), (width, coach)  # "Setting the example" from 100


def test_the_crm_cell_says_the_share_flags_a_low_one_and_dims_none():
    assert (crm_text(82).plain, str(crm_text(82).style)) == ("82%", "")
    assert (crm_text(100).plain, crm_text(0).plain) == ("100%", "0%")
    low = crm_text(49)
    assert low.plain == "49%" and "yellow" in str(low.style)  # the board's warning colour
    assert "yellow" not in str(crm_text(50).style)
    none = crm_text(None)
    assert none.plain == "—" and str(none.style) == "dim"


async def _standings(tmp_path, who: str) -> tuple[list[str], dict[str, str]]:
    """(column titles, CRM cell by name) of `who`'s board once the team view is in."""
    import pendulum
    from textual.widgets import DataTable

    from repdash.store.local import LocalStore
    from repdash.ui.team_app import TeamApp

    app = TeamApp(LocalStore(tmp_path / who), clock=lambda: pendulum.parse("2026-11-26T10:30:00+01:00"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if getattr(app.screen, "view", None):
                break
        await pilot.pause()
        table = app.screen.query_one("#standings-table", DataTable)
        keys = [str(c.key.value) for c in table.columns.values()]
        titles = [str(c.label) for c in table.columns.values()]
        cells = {}
        for i in range(table.row_count):
            row = table.get_row_at(i)
            if "crm" in keys:
                cells[str(row[1])] = str(row[keys.index("crm")])
        return titles, cells


async def test_on_a_signed_team_the_manager_sees_the_crm_column_and_a_rep_does_not(tmp_path, run_cli):
    from crm_team import ANA_SHARE, crm_team

    crm_team(tmp_path, run_cli)
    titles, cells = await _standings(tmp_path, "mia")
    assert "CRM" in titles
    assert cells["Ana Smith"] == f"{ANA_SHARE}%" and cells["Ben"] == "—"
    titles, cells = await _standings(tmp_path, "ben")
    assert "CRM" not in titles and cells == {}


async def test_a_team_that_never_imported_from_a_crm_keeps_the_room_for_coaching(tmp_path, run_cli):
    url = str(tmp_path / "team") + "/"
    (tmp_path / "team").mkdir()
    for who, args in (
        ("mia", ("init", "--name", "Mia", "--manager", "--team", url, "--tz", "Europe/Berlin")),
        ("ben", ("init", "--name", "Ben", "--team", url, "--tz", "Europe/Berlin")),
        ("mia", ("sync",)),
        ("ben", ("sync",)),
        ("mia", ("team", "admit", "Ben")),
        ("ben", ("log", "call", "3")),
        ("ben", ("sync",)),
        ("mia", ("sync",)),
    ):
        res = run_cli(*args, home_dir=tmp_path / who)
        assert res.code == 0, (who, args, res.err)
    titles, _ = await _standings(tmp_path, "mia")
    assert "CRM" not in titles  # a manager's board, but nobody's week has a CRM-backed share
    assert titles == [title for _, title, _ in standings_columns(80, crm=False)]
