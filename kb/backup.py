"""What a backup holds: every model except the ones rebuilt or worthless after a restore.

A deny list rather than an allow list, so a model added later is backed up without anyone
remembering to add it here.
"""

EXCLUDED = [
    "contenttypes",  # recreated by migrate; referred to by natural key
    "auth.permission",  # likewise
    "sessions",  # sign-ins do not survive a restore
    "axes",  # lockout counters: transient
    "kb.ratelimitbucket",  # rate-limit windows: transient
    "kb.indexchange",  # the index is rebuilt from the content after a restore
]


def dumpdata_options() -> dict:
    # Keep primary keys: history rows, admin log entries and search-log clicks refer to objects
    # by id; contenttypes and permissions go by natural key because a new database numbers them
    # differently.
    return {"natural_foreign": True, "exclude": EXCLUDED}
