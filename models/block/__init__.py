"""Blocks of weeks: periodisation, the load ramp, and the one chain that walks an athlete's weeks."""
