"""The manager's board shows each rep's "% CRM-backed this week" in a narrow CRM column (issue 24
follow-up): it fits at every width from 80 columns, and a rep's board has no such column."""

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
        assert dict((k, w) for k, _, w in cols)["coach"] >= 16


def test_the_crm_cell_says_the_share_flags_a_low_one_and_dims_none():
    assert (crm_text(82).plain, str(crm_text(82).style)) == ("82%", "")
    assert (crm_text(100).plain, crm_text(0).plain) == ("100%", "0%")
    low = crm_text(49)
    assert low.plain == "49%" and "yellow" in str(low.style)  # the board's warning colour
    assert "yellow" not in str(crm_text(50).style)
    none = crm_text(None)
    assert none.plain == "—" and str(none.style) == "dim"
