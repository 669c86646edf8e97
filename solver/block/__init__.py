"""Blocks solved week by week along the chain: plan_block, and re-planning from today."""
