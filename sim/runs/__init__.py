"""Running a scenario and writing what it produced: replicates, provenance, and
all-or-nothing files.
"""
