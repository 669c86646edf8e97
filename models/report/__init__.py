"""What people read: terminal views and the self-contained HTML report."""
