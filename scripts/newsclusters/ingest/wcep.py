"""WCEP (Gholipour Ghalandari et al., 2020): one news event per JSON line, gzipped or plain
(`train.jsonl.gz`, `val.jsonl.gz`, `test.jsonl.gz`; WCEP-10 and WCEP-100 alike).

An event has `id`, `date`, `category`, `summary` and `articles`, each article `id` (CommonCrawl
articles only), `url`, `title`, `time` (newspaper3k's ISO publication time, or null), `text` and
`origin` ('WCEP' for the sources the editors cited, 'CommonCrawl' for those found by retrieval).
Everything is kept: the event as the cluster's source_cluster_id (a string), date and category;
each article's id, url, title and origin, its `time` verbatim as `timestamp` and, when it parses
as an ISO time, its day as `date`. Other event fields (`wiki_links`, `reference_urls`,
`collection`) have no place in the schema and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError
from newsclusters.ingest.common import (
    Example,
    Naming,
    Options,
    Read,
    as_id,
    attempt,
    check_text,
    cluster_line,
    document_lines,
    json_records,
    require,
)
from newsclusters.pipeline.corpus import Corpus, License
from newsclusters.wording import json_type

PREFIX = "wcep"
SUMMARY_AUTHOR = "WCEP (Gholipour Ghalandari et al., 2020)"
CORPUS = Corpus(
    name="WCEP",
    description=("WCEP (Gholipour Ghalandari et al., 2020) is a multi-document summarization dataset of news "
                 "events from the Wikipedia Current Events Portal: each event's short summary, written by "
                 "Wikipedia editors, with the news articles the editors cited, extended with related articles "
                 "found in the Common Crawl News dataset (each article's `origin` says which). Its official "
                 "splits are kept."),
    homepage="https://github.com/complementizer/wcep-mds-dataset",
    authors=("Demian Gholipour Ghalandari", "Chris Hokamp", "Nghia The Pham", "John Glover", "Georgiana Ifrim"),
    citation=("@inproceedings{gholipour2020wcep,\n"
              "  title     = {A Large-Scale Multi-Document Summarization Dataset from the {W}ikipedia Current "
              "Events Portal},\n"
              "  author    = {Gholipour Ghalandari, Demian and Hokamp, Chris and Pham, Nghia The and Glover, John "
              "and Ifrim, Georgiana},\n"
              "  booktitle = {Proceedings of the 58th Annual Meeting of the Association for Computational "
              "Linguistics},\n"
              "  year      = {2020},\n"
              "  eprint    = {2005.10070},\n"
              "  archivePrefix = {arXiv}\n"
              "}"),
    source_datasets=("extended|wcep",),
    annotations_creators=("crowdsourced",),  # Wikipedia's editors
    license=License(
        id="other", name="wcep",
        terms=("- **Article texts** (`text`, `title`): the copyright of their publishers, as collected by WCEP "
               "(from the cited pages and Common Crawl News); no licence to them is granted here. "
               "Non-commercial research only; do not redistribute them commercially.\n"
               "- **Reference summaries** (`summary`): text of the Wikipedia Current Events Portal, which "
               "Wikipedia publishes under [CC BY-SA](https://creativecommons.org/licenses/by-sa/4.0/): "
               "attribute Wikipedia's contributors, and share what you adapt from them alike.")),
    summaries=("Each reference summary is the event's entry on the Wikipedia Current Events Portal, written by "
               "Wikipedia editors for the portal, not to a summarization guideline (Gholipour Ghalandari et "
               "al., 2020); ingest keeps it unchanged."),
)
SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")
CLUSTER_FIELDS = {"source_cluster_id": "id"}  # line field -> WCEP field, for messages
DOCUMENT_FIELDS = {"timestamp": "time", "date": "time", "source_doc_id": "id"}


def day_of(time: Any) -> str | None:
    """The day (YYYY-MM-DD) of an ISO time as written ('2019-03-14T23:10:00-05:00' -> '2019-03-14'),
    or None when it is not one: the timestamp is still kept verbatim."""
    if not isinstance(time, str):
        return None
    try:
        return datetime.fromisoformat(time.strip()).date().isoformat()
    except ValueError:
        return None


def example(record: Any, *, naming: Naming, index: int, source: str, line: int) -> Example:
    """One event: the cluster line (pinned to the file's split) and a document line per article."""
    split = str(naming.split)
    cluster_id = naming.cluster_id(index, split)
    summary = check_text(require(record, "summary", source, line, cluster_id), source, line, cluster_id, "summary")
    articles = require(record, "articles", source, line, cluster_id)
    if not isinstance(articles, list):
        raise ResearchInputError(source, f"expected a list of articles, got {json_type(articles)}", line=line,
                                 record=cluster_id, field="articles")
    documents = [_article(a, source, line, cluster_id, i) for i, a in enumerate(articles)]
    cluster = cluster_line(cluster_id, summary, naming.summary_author, split,
                           source_cluster_id=as_id(record.get("id"), source, line, cluster_id, "id"),
                           date=record.get("date"), category=record.get("category"))
    return Example(source, line, cluster, document_lines(cluster_id, documents), "articles",
                   fields=CLUSTER_FIELDS, document_fields=DOCUMENT_FIELDS)


def _article(article: Any, source: str, line: int, cluster_id: str, position: int) -> dict[str, Any]:
    where = f"articles[{position}]"
    if not isinstance(article, dict):
        raise ResearchInputError(source, f"expected an article object, got {json_type(article)}", line=line,
                                 record=cluster_id, field=where)
    if article.get("text") is None:
        raise ResearchInputError(source, "missing field", line=line, record=cluster_id, field=f"{where}.text")
    time = article.get("time")
    return {
        "text": check_text(article["text"], source, line, cluster_id, f"{where}.text"),
        "title": article.get("title"),
        "url": article.get("url"),
        "date": day_of(time),
        "timestamp": time,
        "source_doc_id": as_id(article.get("id"), source, line, cluster_id, f"{where}.id"),
        "origin": article.get("origin"),
    }


def read(path: Path, naming: Naming, options: Options) -> Iterator[Read]:
    """The events of one split file, streamed line by line (a bad one as its problem)."""
    for index, (line, record) in enumerate(json_records(path)):
        yield record if isinstance(record, ResearchInputError) else attempt(
            lambda: example(record, naming=naming, index=index, source=str(path), line=line))
