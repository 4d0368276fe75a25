"""The pseudonymised research export: scope, pseudonyms, tables, codebook and the streamed ZIP.

See docs/statistics.md, "Research export", for what leaves Stegvis and why.
"""
