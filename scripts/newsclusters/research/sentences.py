"""English sentence splitting that needs no downloaded model: for rougeLsum and the extractive baselines.

The splitter is nltk's `PunktSentenceTokenizer()` with its default, untrained parameters, run on
each paragraph line of a cleaned text (the release stores one paragraph per line, so a line break
is always a boundary). It is deterministic and works offline; `nltk.sent_tokenize` would need the
trained English punkt model, which cannot be downloaded here.

The untrained model knows no abbreviations, so it splits after "Mr." or "U.S." followed by a
capitalised word where the trained English model would not: sentence counts, Lead and rougeLsum
differ slightly from numbers computed with `nltk.sent_tokenize`. Scores are comparable between
systems scored by this package, which all share this splitter.
"""

from __future__ import annotations

from functools import cache

from nltk.tokenize.punkt import PunktSentenceTokenizer


@cache
def _punkt() -> PunktSentenceTokenizer:
    """One untrained tokenizer per process: building it is cheap but not free, and it is read-only."""
    return PunktSentenceTokenizer()


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` in order: each non-blank line split by punkt, stripped, empty ones dropped."""
    tokenizer = _punkt()
    sentences: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        sentences.extend(s for s in (part.strip() for part in tokenizer.tokenize(line)) if s)
    return sentences
