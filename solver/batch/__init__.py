"""The batch driver: athletes and squad units as tasks, on local cores or a Dask cluster."""
