"""Reports written beside comparisons (the migration-path report and its figures).
"""
