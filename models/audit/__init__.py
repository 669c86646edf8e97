"""The plain-Python auditor: one check per rule id, a week, a plan table, a squad's shared sessions."""
