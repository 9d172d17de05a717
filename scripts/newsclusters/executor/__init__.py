"""How the stages run over a corpus of any size, on one machine's cores or a Dask cluster.

`engines` run tasks; `tasks` are the picklable units of work; `units` reads, cleans and validates
one unit of the corpus; `counts` is the corpus-wide line count; `spill` the on-disk runs between
stages; `plan` the corpus-wide checks and the shard plan; `shards` splits and writes Parquet.
Output bytes never depend on the engine or the number of workers.
"""
