"""Files in and out: the one plan-table reader, the one atomic writer, athlete files, batch folders."""
