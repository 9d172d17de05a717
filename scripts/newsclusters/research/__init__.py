"""What a summarization researcher does with a release: score, compare, describe, export.

Pure functions over plain values (cluster rows as dicts, lists of strings); reading a release is
in `release.py`, the one module here that touches files. Nothing in the build imports this package
except the card, which reports its numbers.
"""
