"""The floor: a bare Django app that renders one small template, served like Stegvis.

`make bench-web` runs it under gunicorn next to the real app and reports each page's
throughput as a share of this one's, measured in the same run (benchmarks/web/).
"""
