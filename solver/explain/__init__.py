"""Why a week looks as it does, and why no week can be planned: conflicts, fixes, score analysis."""
