"""What a summarization researcher does with a release: score, compare, describe, export.

Functions over plain values (cluster rows as dicts, lists of strings) at the core; reading a release
is `release.py`'s, and the commands' outputs (predictions, scores, the Multi-News export, figures)
are written at the end of the module that makes them. Nothing in the build imports this package
except the card, which reports its numbers.
"""
