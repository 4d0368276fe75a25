"""The FHIR Bulk Data `$export` of one program's responses, pseudonymised (docs/api.md).

`services` starts, runs, cancels and reads back an export; `files` writes its NDJSON and
codebook with the research export's own code (stegvis/statistics/research).
"""
