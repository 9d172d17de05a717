"""Publishing: the release folder and the commands that make, check and compare releases.

`build` runs the whole pipeline into a staging folder and swaps it in (and verifies a release);
`publish` holds the release's files, checksums and the atomic swap; `card` and `croissant` describe
the release; `check` validates a published one; `cut` makes a new version and `diff` compares two.
"""
