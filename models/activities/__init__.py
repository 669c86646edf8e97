"""Completed training: activity files read into one table, matched to the plan, judged."""
