"""The CP-SAT model of one athlete-week: variables, one constraint function per rule id, solve."""
