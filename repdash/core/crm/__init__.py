"""CRM exports as the rep's activity (issue 24): pure parsing, mapping and reconciling.

`vendors` holds each CRM's column names (screen labels and API names), `rules` the mapping
defaults and overrides, `values` the cell readers, `parse` the file -> activities step and
`reconcile` the activities -> changes-to-the-log step. No I/O and no clock: `now` and the
rep's zone are arguments.
"""

from repdash.core.crm.parse import Activity, CrmFileError, Parsed, parse_export
from repdash.core.crm.reconcile import DayKind, Plan, Stored, backed_share, plan
from repdash.core.crm.rules import DEFAULTS, KEYS, RuleError, check_overrides, parse_value, rules_for
from repdash.core.crm.vendors import NAMES, VENDORS, detect

__all__ = [
    "DEFAULTS",
    "KEYS",
    "NAMES",
    "VENDORS",
    "Activity",
    "CrmFileError",
    "DayKind",
    "Parsed",
    "Plan",
    "RuleError",
    "Stored",
    "backed_share",
    "check_overrides",
    "detect",
    "parse_export",
    "parse_value",
    "plan",
    "rules_for",
]
