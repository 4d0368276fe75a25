"""Questionnaires and scoring: definitions, answers, scores, FHIR in and out.

The core (everything but ``apps``, ``models``, ``services`` and ``management``) is pure
Python and imports nothing else of Stegvis, so the design tool, the portals, statistics and
batch jobs can all use it.
"""
