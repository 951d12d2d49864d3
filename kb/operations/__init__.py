"""The operator's tools behind the management commands: backups (backup), and files replaced
whole or not at all (atomic_files)."""
