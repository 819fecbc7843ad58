"""Which export columns mean what, per CRM: screen labels and API field names.

Every alias is compared loosely (`values.norm`: case, spaces and punctuation ignored), so
"Close Date", "closedate" and "CLOSE_DATE" are one header. The sources of every name are listed
in docs/crm-import.md (the vendors' own field references). A field may have several columns in
one file (a Salesforce task export has both `TaskSubtype` and `Type`): the first one with a value
in a row is used.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The canonical fields a row is read into.
ID = "id"
OWNER = "owner"
OWNER_ID = "owner_id"
TYPE = "type"  # activity type / subtype: tells a call from a meeting in a mixed export
STATUS = "status"  # task status, call status, meeting status, deal status (won/lost/open)
CALL_STATUS = "call_status"
DONE = "done"  # a yes/no "done" / "closed" flag
DONE_AT = "done_at"
WHEN = "when"
DATE = "date"
TIME = "time"  # a separate time of day, local
TIME_UTC = "time_utc"  # a separate time of day in UTC (Pipedrive's API due_time)
START = "start"
DISPOSITION = "disposition"
DIRECTION = "direction"
OUTCOME = "outcome"
STAGE = "stage"
WON = "won"
FORECAST = "forecast"
AMOUNT = "amount"
AMOUNT_CENTS = "amount_cents"
CLOSE_DATE = "close_date"
STAGE_DATE = "stage_date"
MODIFIED = "modified"
CREATED = "created"
SUBJECT = "subject"

FIELDS = (
    ID, OWNER, OWNER_ID, TYPE, STATUS, CALL_STATUS, DONE, DONE_AT, WHEN, DATE, TIME, TIME_UTC, START,
    DISPOSITION, DIRECTION, OUTCOME, STAGE, WON, FORECAST, AMOUNT, AMOUNT_CENTS, CLOSE_DATE, STAGE_DATE,
    MODIFIED, CREATED, SUBJECT,
)  # fmt: skip

# What the presence of a column says about the records of a file (checked in this order).
DEAL_HINTS = (STAGE, WON, FORECAST)
CALL_HINTS = (CALL_STATUS, DISPOSITION, DIRECTION)
MEETING_HINTS = (OUTCOME, START)


class Vendor(NamedTuple):
    name: str  # the --from value
    label: str  # shown to the rep
    columns: dict[str, tuple[str, ...]]  # canonical field -> header aliases, best first
    prefix: str = ""  # a regex for entity prefixes of screen exports ("Deal - Title")


SALESFORCE = Vendor(
    "salesforce",
    "Salesforce",
    {
        ID: ("Id", "Activity ID", "Opportunity ID", "Task ID", "Event ID"),
        OWNER: ("Assigned", "Assigned To", "Opportunity Owner", "Owner Name", "Owner.Name", "Owner Full Name"),
        OWNER_ID: ("OwnerId", "Owner ID", "Assigned To ID", "Opportunity Owner ID"),
        TYPE: ("TaskSubtype", "Task Subtype", "EventSubtype", "Event Subtype", "Type"),
        STATUS: ("Status",),
        DONE: ("IsClosed", "Closed"),
        DONE_AT: ("CompletedDateTime", "Completed Date/Time"),
        START: ("StartDateTime", "Start", "ActivityDateTime"),
        DATE: ("ActivityDate", "Due Date", "Date"),
        DISPOSITION: ("CallDisposition", "Call Result"),
        DIRECTION: ("CallType", "Call Type"),
        STAGE: ("StageName", "Stage"),
        WON: ("IsWon", "Won"),
        FORECAST: ("ForecastCategoryName", "Forecast Category"),
        AMOUNT: ("Amount",),
        CLOSE_DATE: ("CloseDate", "Close Date"),
        STAGE_DATE: ("LastStageChangeDate", "Last Stage Change Date"),
        MODIFIED: ("LastModifiedDate", "Last Modified Date"),
        CREATED: ("CreatedDate", "Created Date"),
        SUBJECT: ("Subject", "Name", "Opportunity Name"),
    },
)

HUBSPOT = Vendor(
    "hubspot",
    "HubSpot",
    {
        ID: ("hs_object_id", "Record ID"),
        OWNER: ("Activity assigned to", "Call owner", "Meeting owner", "Deal owner", "Owner"),
        OWNER_ID: ("hubspot_owner_id", "HubSpot Owner ID"),
        CALL_STATUS: ("hs_call_status", "Call status"),
        DISPOSITION: ("hs_call_disposition", "Call outcome"),
        DIRECTION: ("hs_call_direction", "Call direction"),
        OUTCOME: ("hs_meeting_outcome", "Meeting outcome", "Outcome"),
        START: ("hs_meeting_start_time", "Meeting start time", "Start time"),
        WHEN: ("hs_timestamp", "Activity date", "Timestamp"),
        STAGE: ("dealstage", "Deal Stage"),
        WON: ("hs_is_closed_won", "Is Closed Won"),
        DONE: ("hs_is_closed", "Is closed"),
        AMOUNT: ("amount", "Amount"),
        CLOSE_DATE: ("closedate", "Close Date"),
        MODIFIED: ("hs_lastmodifieddate", "Last Modified Date"),
        CREATED: ("hs_createdate", "createdate", "Create Date", "Created at"),
        SUBJECT: ("hs_call_title", "Call Title", "hs_meeting_title", "Meeting name", "dealname", "Deal Name"),
    },
)

PIPEDRIVE = Vendor(
    "pipedrive",
    "Pipedrive",
    {
        ID: ("id", "ID"),
        OWNER: ("Assigned to user", "Owner", "owner_name", "Deal owner"),
        OWNER_ID: ("user_id", "owner_id"),
        TYPE: ("type", "Type"),
        DONE: ("done", "Done"),
        DONE_AT: ("marked_as_done_time", "Marked as done time"),
        DATE: ("due_date", "Due date"),
        TIME_UTC: ("due_time",),
        TIME: ("Due time",),
        STATUS: ("status", "Status"),
        STAGE: ("stage_id", "Stage"),
        AMOUNT: ("value", "Value"),
        CLOSE_DATE: ("won_time", "Won time", "close_time", "Deal closed on"),
        STAGE_DATE: ("stage_change_time", "Last stage change"),
        MODIFIED: ("update_time", "Update time"),
        CREATED: ("add_time", "Deal created", "Add time"),
        SUBJECT: ("subject", "Subject", "title", "Title"),
    },
    prefix=r"(activity|deal)\s*-\s*",
)

CLOSE = Vendor(
    "close",
    "Close",
    {
        ID: ("id",),
        OWNER: ("user_name", "User"),
        OWNER_ID: ("user_id",),
        STATUS: ("status_type", "status", "Status Type"),
        STAGE: ("status_label", "Status Label"),
        DISPOSITION: ("disposition",),
        DIRECTION: ("direction",),
        START: ("starts_at", "Starts At"),
        WHEN: ("activity_at", "date_created", "Date Created"),
        AMOUNT: ("value_formatted", "Value Formatted"),
        AMOUNT_CENTS: ("value",),
        CLOSE_DATE: ("date_won", "Date Won"),
        MODIFIED: ("date_updated", "Date Updated"),
        CREATED: ("date_created",),
        SUBJECT: ("title", "lead_name", "note"),
    },
)

ZOHO = Vendor(
    "zoho",
    "Zoho CRM",
    {
        ID: ("id", "Record Id", "Activity ID", "アクティビティID"),
        OWNER: ("Call Owner", "Deal Owner", "Host", "Owner", "Owner Name"),
        OWNER_ID: ("Owner_Id", "Owner Id", "SMOWNERID", "SM owner ID", "SM所有者ID"),
        DIRECTION: ("Call_Type", "Call Type", "通話タイプ"),
        CALL_STATUS: ("Call_Status", "Call Status", "通話ステータス"),
        DISPOSITION: ("Call_Result", "Call Result", "通話結果"),
        WHEN: ("Call_Start_Time", "Call Start Time", "通話開始時刻"),
        START: ("Start_DateTime", "From"),
        STAGE: ("Stage",),
        AMOUNT: ("Amount",),
        CLOSE_DATE: ("Closing_Date", "Closing Date"),
        MODIFIED: ("Modified_Time", "Modified Time", "変更時刻"),
        CREATED: ("Created_Time", "Created Time", "作成時刻"),
        SUBJECT: ("Subject", "件名", "Event_Title", "Title", "Deal_Name", "Deal Name"),
    },
)

VENDORS: dict[str, Vendor] = {v.name: v for v in (SALESFORCE, HUBSPOT, PIPEDRIVE, CLOSE, ZOHO)}
NAMES = tuple(VENDORS)


def header_key(vendor: Vendor, header: str) -> str:
    """A header as compared: the vendor's entity prefix dropped, then `norm`."""
    from repdash.core.crm.values import norm

    text = header.strip().lstrip("\ufeff")
    if vendor.prefix:
        text = re.sub(rf"^{vendor.prefix}", "", text, flags=re.IGNORECASE)
    return norm(text)


def alias_table(vendor: Vendor) -> dict[str, str]:
    """normalised header -> canonical field (the first field listing an alias keeps it)."""
    from repdash.core.crm.values import norm

    table: dict[str, str] = {}
    for field, aliases in vendor.columns.items():
        for alias in aliases:
            table.setdefault(norm(alias), field)
    return table


def detect(headers: list[str]) -> str | None:
    """The vendor whose columns a header row matches best, or None when no vendor or two tie."""
    scores = []
    for vendor in VENDORS.values():
        table = alias_table(vendor)
        fields = {table[k] for k in (header_key(vendor, h) for h in headers) if k in table}
        if ID in fields:
            scores.append((len(fields), vendor.name))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]
