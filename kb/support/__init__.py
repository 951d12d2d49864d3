"""Still stuck -> a ticket: the hand-off to support, and how often visitors needed one."""
