"""The joint CP-SAT model of a squad unit: athletes who share group sessions and facilities."""
