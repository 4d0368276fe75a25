"""The statistics' materialised summaries: built per enrollment, refreshed by a task.

build.py turns one batch of enrollments into rows, refresh.py finds the enrollments touched
since the last run (or all of them) and records how far the summaries reach, reads.py gives
the pages their figures from the rows. docs/statistics.md, "Summaries".
"""
