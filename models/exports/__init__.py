"""Writers of the plan where people use it: CSV, Parquet, JSON, XLSX, ICS."""
