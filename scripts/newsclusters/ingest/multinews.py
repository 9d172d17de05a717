"""Multi-News as its authors released it: one example per line of `<split>.src` (or `.src.cleaned`),
its summary on the same line of the matching `<split>.tgt`.

The articles of an example are joined by `|||||` and their newlines written as the token
`NEWLINE_CHAR`; both are undone here as the Hugging Face loader does (token -> "\\n", each article
stripped). Summaries start with "– " (an en dash) in the release: it is a bullet, not text, and is
dropped. (The Hugging Face loader means to drop it with `lstrip("- ")`, but its ASCII hyphen never
matches the en dash, so summaries loaded from the Hub keep it: strip it before comparing.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsclusters.errors import ResearchInputError
from newsclusters.ingest.common import (
    Example,
    Naming,
    Options,
    Read,
    attempt,
    check_text,
    cluster_line,
    count_lines,
    document_lines,
    source_lines,
    split_articles,
)
from newsclusters.pipeline.corpus import Corpus, License
from newsclusters.wording import counted

PREFIX = "multinews"
SUMMARY_AUTHOR = "Multi-News (Fabbri et al., 2019)"
CORPUS = Corpus(
    name="Multi-News",
    description=("Multi-News (Fabbri et al., 2019) is a multi-document summarization dataset of news stories "
                 "from newser.com: each example pairs the summary an editor of the site wrote about a story with "
                 "the source articles that summary cites. Its official train, validation and test splits are kept."),
    homepage="https://github.com/Alex-Fabbri/Multi-News",
    authors=("Alexander R. Fabbri", "Irene Li", "Tianwei She", "Suyi Li", "Dragomir R. Radev"),
    citation=("@inproceedings{fabbri2019multinews,\n"
              "  title     = {Multi-News: a Large-Scale Multi-Document Summarization Dataset and Abstractive "
              "Hierarchical Model},\n"
              "  author    = {Fabbri, Alexander R. and Li, Irene and She, Tianwei and Li, Suyi and "
              "Radev, Dragomir R.},\n"
              "  booktitle = {Proceedings of the 57th Annual Meeting of the Association for Computational "
              "Linguistics},\n"
              "  year      = {2019},\n"
              "  eprint    = {1906.01749},\n"
              "  archivePrefix = {arXiv}\n"
              "}"),
    source_datasets=("extended|alexfabbri/multi_news",),
    annotations_creators=("expert-generated",),  # newser.com's editors
    license=License(
        id="other", name="multi-news",
        terms=("- **Article texts** (`text`, `title`): the copyright of their publishers, as collected by "
               "Multi-News; no licence to them is granted here. Non-commercial research only; do not "
               "redistribute them commercially.\n"
               "- **Reference summaries** (`summary`): written by newser.com's editors and distributed by the "
               "Multi-News authors on the terms of its homepage; use them as those terms allow.")),
    summaries=("Each reference summary was written by an editor of newser.com about the story its articles "
               "report, professionally and for the site's readers, not to a summarization guideline "
               "(Fabbri et al., 2019). Ingest drops the en dash each released summary starts with, a bullet, "
               "and changes nothing else."),
)
NEWLINE_TOKEN = "NEWLINE_CHAR"
# The "– " every release summary starts with (a hyphen, as some loaders write it, only with a space after it: '-5 C').
SUMMARY_BULLET = re.compile(r"\A(?:\u2013\s*|-\s+)")


def is_source(path: Path) -> bool:
    """An articles file: a 'src' part in its name ('test.src', 'val.src.cleaned', 'train.txt.src.tokenized')."""
    return "src" in path.name.split(".")[1:]


def summary_candidates(path: Path) -> list[Path]:
    """Where the summaries of an articles file may be: 'src' -> 'tgt' in its name, else '<stem>.tgt'.

    'train.txt.src.tokenized' pairs with 'train.txt.tgt.tokenized'; 'test.src.cleaned' with
    'test.tgt.cleaned' or, as released, 'test.tgt'.
    """
    parts = path.name.split(".")
    at = parts.index("src", 1)
    swapped = path.with_name(".".join([*parts[:at], "tgt", *parts[at + 1:]]))
    plain = path.with_name(".".join([*parts[:at], "tgt"]))
    return [swapped] if swapped == plain else [swapped, plain]


def summaries_file(path: Path) -> Path:
    """The .tgt file paired with an articles file (an error if there is none)."""
    candidates = summary_candidates(path)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = " and ".join(map(str, candidates))
    raise ResearchInputError(str(path), f"no summaries file beside it (looked for {looked})")


def inputs(paths: Sequence[Path]) -> list[Path]:
    """The articles files to read: a .tgt given along with its articles file is dropped, one alone is an error."""
    sources = [p for p in paths if is_source(p)]
    partners = {c.resolve() for p in sources for c in summary_candidates(p)}
    for path in paths:
        if not is_source(path) and path.resolve() not in partners:
            raise ResearchInputError(str(path), "not a Multi-News articles file (expected a name like 'test.src' or "
                                     "'test.src.cleaned'; its summaries are read from the matching .tgt)")
    return sources


def articles(line: str) -> list[str]:
    """The articles of one .src line, with their newlines restored."""
    return split_articles(line.replace(NEWLINE_TOKEN, "\n"))


def summary(line: str) -> str:
    """The summary of one .tgt line, without the leading "– " bullet."""
    return SUMMARY_BULLET.sub("", line.strip(), count=1)


def example(articles_text: object, summary_text: object, *, naming: Naming, index: int, source: str, line: int,
            summaries: str, field: str = "articles", newline_token: bool = True) -> Example:
    """One example: the cluster line (pinned to the file's split) and a document line per article.

    The original release writes newlines as NEWLINE_CHAR and keeps its summaries in a second file
    (`summaries`); the Hub's records have real newlines and the summary beside the articles.
    """
    split = str(naming.split)
    cluster_id = naming.cluster_id(index, split)
    joined = check_text(articles_text, source, line, cluster_id, field)
    reference = summary(check_text(summary_text, summaries, line, cluster_id, "summary"))
    if not reference.strip():
        raise ResearchInputError(summaries, "blank summary", line=line, record=cluster_id, field="summary")
    cluster = cluster_line(cluster_id, reference, naming.summary_author, split,
                           source_cluster_id=f"{Path(source).name}:{line}")
    texts = articles(joined) if newline_token else split_articles(joined)
    documents = document_lines(cluster_id, [{"text": text} for text in texts])
    return Example(source, line, cluster, documents, field)


def read(path: Path, naming: Naming, options: Options) -> Iterator[Read]:
    """The examples of an articles file and its summaries, streamed line by line from both (a bad one as
    its problem)."""
    tgt = summaries_file(path)
    src_count, tgt_count = count_lines(path), count_lines(tgt)
    if src_count != tgt_count:
        raise ResearchInputError(
            str(path), f"{counted(src_count, 'example')} but {tgt} has {counted(tgt_count, 'summary', 'summaries')}; "
            f"the files diverge at line {min(src_count, tgt_count) + 1}, where "
            f"{tgt if tgt_count < src_count else path} ends",
            line=min(src_count, tgt_count) + 1)
    for index, ((number, src_line), (_, tgt_line)) in enumerate(zip(source_lines(path), source_lines(tgt))):
        yield attempt(lambda: example(src_line, tgt_line, naming=naming, index=index, source=str(path), line=number,
                                      summaries=str(tgt)))
