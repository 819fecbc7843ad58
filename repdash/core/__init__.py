"""The pure core: sales math, game rules and calendar rules.

Nothing in here does I/O or imports Textual (tests/system/test_import_hygiene.py proves it).
"""
