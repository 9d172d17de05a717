"""The stages, in the order the data flows: raw -> clean -> validate -> split.

`raw` reads a corpus as received; `clean` (with the rule registry in `rules`) takes boilerplate out
of one text; `records` and `validate` hold the schemas' contract; `split`, `ledger` and `leakage`
decide which split a cluster belongs to. Functions on plain values (str, dicts, Arrow tables): no
parallelism and no release files here; `executor` runs these over a corpus, `release` publishes.
"""
