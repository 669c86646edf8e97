"""The file names of a squad on disk, shared by its readers and writers."""

YAML_NAME = "squad.yaml"             # a squad as one YAML file (also written by a batch)
ATHLETES_CSV = "athletes.csv"        # the spreadsheet form: one row per athlete
AVAILABILITY_CSV = "availability.csv"  # ... and one row per availability window
GROUPS_YAML = "groups.yaml"          # training groups, group sessions and facilities
# the squad-session sections a squad YAML may hold beside ``athletes:``
SECTIONS = ("training_groups", "facilities", "requires", "group_sessions", "joint")
