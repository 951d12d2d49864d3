"""Word lists for synthetic content, most frequent first (ranks feed a Zipf-like sampler).

The field's everyday words overlap the seed articles on purpose (contact, matter, sync,
token...), so the noise competes with the real answers the way a large knowledge base would.
The noise is about other products, though, and does not copy the seeds' own field names or
fixes: a query that names a seed product or its screens still has one right answer, so the dev
set measures whether ranking holds up, not whether it can tell two identical scenarios apart.
"""

# Extra products a vendor's support team answers for. Invented names: no real vendor's.
SYSTEMS = [
    ("lexbill-e-billing", "LexBill e-Billing", "e-Billing"),
    ("docuvault-document-management", "DocuVault Document Management", "DocuVault"),
    ("trustline-trust-accounting", "Trustline Trust Accounting", "Trust Accounting"),
    ("casepoint-case-management", "CasePoint Case Management", "CasePoint"),
    ("timekeep-time-capture", "TimeKeep Time Capture", "TimeKeep"),
    ("clearconflict-conflict-checking", "ClearConflict Conflict Checking", "Conflicts"),
    ("courtdocket-calendaring", "CourtDocket Calendaring", "Docketing"),
    ("payfirm-payments", "PayFirm Client Payments", "PayFirm"),
]

OBJECTS = [
    "contact", "matter", "invoice", "time entry", "user", "bill", "document", "client",
    "payment", "trust account", "ledger", "template", "disbursement", "receipt", "task",
    "workflow", "email", "folder", "timekeeper", "rate", "expense", "report", "calendar event",
    "hold notice", "custodian", "LEDES file", "credit note", "write-off", "retainer",
    "cost recovery", "bank feed", "journal", "tax code", "approval", "signature request",
    "conflict search", "court date", "reminder", "precedent", "matter type", "fee earner",
    "budget", "purchase order", "vendor", "integration", "webhook", "API key", "session",
    "login", "mailbox", "export", "import", "batch", "sync job", "numbering sequence",
]

FAILURES = [
    "not syncing", "fails to save", "shows an error", "is missing", "is duplicated",
    "not updating", "cannot be found", "is rejected", "stuck in pending", "times out",
    "shows the wrong total", "cannot be deleted", "is locked", "disappears", "loads slowly",
    "has the wrong status", "cannot be opened", "was sent twice", "does not appear in search",
    "is out of balance", "is assigned the wrong number", "is not visible", "fails validation",
    "keeps reverting", "will not print",
]

CAUSES = [
    "the access token expired", "the integration user was disabled", "a required field is empty",
    "the sync job did not run", "the user lacks permission", "the tax group is not mapped",
    "the matter is closed", "the rate table is out of date", "the webhook URL is wrong",
    "the template was edited", "the bank feed was disconnected", "the period is locked",
    "a duplicate record exists", "the cache is stale", "the file is too large",
    "the browser blocked the pop-up", "single sign-on settings changed", "the licence lapsed",
]

EVENTS = [
    "an upgrade", "a password change", "the nightly sync", "month-end close", "a new user joined",
    "the firm changed its name", "a migration", "a restore from backup", "enabling SSO",
    "changing the billing period", "a bulk import", "merging two contacts",
]

ROLES = [
    "a fee earner", "an accounts clerk", "the administrator", "a paralegal", "a partner",
    "the billing team", "a new user", "the integration user", "a legal assistant",
]

VERBS = [
    "create", "save", "sync", "open", "export", "approve", "send", "post", "edit", "import",
    "reconcile", "print", "submit", "merge", "archive", "restore", "assign", "close",
]

MENU_ROOTS = [
    "Admin", "Settings", "Billing", "Accounts", "Matters", "Contacts", "Documents", "Trust",
    "Reports", "Integrations", "Users", "Security", "Workflow", "Preferences", "Time",
]

MENU_ITEMS = [
    "Firm", "General", "Numbering", "Sync", "Permissions", "Templates", "Tax", "Rates",
    "Connections", "Defaults", "Advanced", "Email", "Bank Accounts", "Fields", "Roles",
    "Other Options", "Audit Log", "Schedules", "Mappings", "Notifications", "Portal", "Export",
]

FIELDS = [
    "Matter Type", "Responsible Partner", "Billing Frequency", "Client Reference", "Rate Table",
    "Trust Account", "Status", "Practice Area", "Currency", "Invoice Layout", "Cost Centre",
    "Office", "Fee Scale", "Retention Period", "Approval Limit", "Payment Terms",
]

VALUES = [
    "Enabled", "Disabled", "Yes", "No", "Automatic", "Manual", "Daily", "Monthly", "Default",
    "Shared", "Separate", "Active", "Inactive",
]

ERROR_CODES = ["E-1001", "E-2040", "E-3315", "E-4012", "E-5120", "401", "403", "409", "500"]

# Everyday English for notes, in rough frequency order.
EVERYDAY = (
    "the a to it is you this that and of for on if in be can with your not are or when then "
    "will after before any again first have may still should only some more also next time "
    "check make sure try wait minutes few change page screen again click choose open close "
    "back once while other same new old right wrong each every someone usually often please "
    "note keep save later today morning office team support help call ask reply email number "
    "list item name date field button window tab top bottom left side line step order value "
    "setting option message error warning problem issue work working works slow fast done"
).split()
