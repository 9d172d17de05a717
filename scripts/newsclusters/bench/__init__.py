"""Benchmarks of the build: a synthetic corpus of any size (`synthetic`) and the timed run (`run`)."""
