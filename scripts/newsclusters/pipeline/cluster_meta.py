"""What a cluster folder's `cluster.json` declares for one raw file, read the same way by a build and by
`newsclusters clean` on that file, so a curator sees the text the build will clean.

Kept free of jsonschema: `clean` imports it and starts in milliseconds. The build also validates the
whole file against schema/cluster_source.schema.json (pipeline/raw.py).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Any

from newsclusters.pipeline.strict_json import parse_json

METADATA_FILE = "cluster.json"

# A reference summary still to be written, as curators mark one: a marker word ('TBD', 'TODO', 'xxx') with at most
# filler around it ('Summary: TBD', '[TODO]', 'xxx xxx'), or one of a few whole phrases. Published, it would be
# a reference that summarizers are trained and scored against. Words that are also real summaries of a
# corpus ('None', 'Missing', 'Test') are not markers: a corpus's own one-word summary is not refused.
PLACEHOLDER_MARKERS = frozenset({"tbd", "tba", "tbc", "todo", "fixme", "xxx", "wip", "placeholder"})
PLACEHOLDER_FILLER = frozenset({"summary", "reference", "here", "goes", "the", "a", "insert", "add", "write", "to",
                                "be", "come", "coming", "soon", "written", "added", "done", "pending", "missing"})
# The values of the README's cluster.json template, copied as they stand.
TEMPLATE_SUMMARY = "80-150 words, following the guidelines in the card."
TEMPLATE_AUTHOR = "Your name"
TEMPLATE_URL = "https://..."
_NOT_WORD = re.compile(r"[\W_]+")
PLACEHOLDER_PHRASES = frozenset({"n a", "summary", "summary here", "insert summary", "insert summary here",
                                 "the summary goes here", "summary goes here", "to be written", "to be added",
                                 "coming soon", "summary to be written", "summary to be added", "summary pending",
                                 " ".join(_NOT_WORD.sub(" ", TEMPLATE_SUMMARY.lower()).split())})


def parse_cluster_json(data: bytes) -> Any:
    """The parsed file: UTF-8 (a BOM allowed), strict JSON (a key given twice is an error).

    Raises UnicodeDecodeError or ValueError; the caller names the file.
    """
    return parse_json(data.decode("utf-8-sig"))


def own_entry(metadata: Mapping[str, Any], file_name: str) -> Mapping[str, Any]:
    """The file's entry under `documents` (empty when it has none)."""
    documents = metadata.get("documents")
    entry = documents.get(file_name) if isinstance(documents, Mapping) else None
    return entry if isinstance(entry, Mapping) else {}


def declared_encoding(metadata: Mapping[str, Any], file_name: str) -> tuple[Any, str]:
    """(encoding, where it is declared): the file's own, else the cluster's; (None, '') for UTF-8."""
    if (own := own_entry(metadata, file_name).get("encoding")) is not None:
        return own, f"$.documents['{file_name}'].encoding"
    if (shared := metadata.get("encoding")) is not None:
        return shared, "$.encoding"
    return None, ""


def encoding_problem(name: Any) -> str | None:
    """Why `name` cannot decode a raw file, or None when Python knows the codec."""
    try:
        codec = codecs.lookup(name)
    except (LookupError, TypeError):
        return f"unknown text encoding {name!r}; use a Python codec name such as 'cp1252'"
    if not getattr(codec, "_is_text_encoding", True):  # 'hex', 'base64', 'zlib', 'rot13': bytes to bytes
        return f"{name!r} is not a text encoding; use a Python codec name such as 'cp1252'"
    return None


def placeholder_summary(summary: Any) -> str | None:
    """What makes `summary` a stand-in rather than a reference summary, or None.

    The schema only asks for a non-blank string, and 'TBD' is one: published, it would be a reference
    that systems are scored against.
    """
    if not isinstance(summary, str) or not summary.strip():
        return None  # not a string, or blank: the schema says so
    words = _NOT_WORD.sub(" ", summary).lower().split()
    shown = summary.strip()[:40]
    if not words:
        return f"{shown!r} has no words"
    marked = bool(PLACEHOLDER_MARKERS.intersection(words)) and set(words) <= PLACEHOLDER_MARKERS | PLACEHOLDER_FILLER
    if marked or " ".join(words) in PLACEHOLDER_PHRASES or words[:2] == ["lorem", "ipsum"]:
        return f"{shown!r} is a placeholder, not a reference summary"
    return None


def summary_problem(summary: Any, where: str, record: str) -> str | None:
    """A placeholder summary as a build reports it (file, record, field, what to do), for a cluster.json or a
    JSONL line."""
    why = placeholder_summary(summary)
    return (f"{where}: record {record!r}: $.summary: {why}; write the summary (guidelines in DATACARD.md) or "
            "leave the cluster out until it is written") if why else None


def placeholder_author(author: Any) -> str | None:
    """Why `summary_author` names nobody (the template's 'Your name', or no word at all), or None.

    The card credits the summaries' authors: a release would credit 'Your name'.
    """
    if not isinstance(author, str) or not author.strip():
        return None  # the schema says so
    if author.strip() == TEMPLATE_AUTHOR:
        return f"{TEMPLATE_AUTHOR!r} is the README template's; name who wrote the summary"
    return None if _NOT_WORD.sub("", author) else f"{author.strip()[:40]!r} names nobody"


def placeholder_url(url: Any) -> str | None:
    """Why a document's `url` is a stand-in (the template's 'https://...'), or None: it would name no site."""
    return (f"{url!r} is the README template's; give the article's address or leave `url` out"
            if isinstance(url, str) and url.strip() == TEMPLATE_URL else None)


def metadata_problems(metadata: Mapping[str, Any], where: str, record: str) -> list[str]:
    """What of a cluster's metadata (a cluster.json or a cluster line) is a stand-in, each as a build reports it."""
    found = [summary_problem(metadata.get("summary"), where, record)]
    if why := placeholder_author(metadata.get("summary_author")):
        found.append(f"{where}: record {record!r}: $.summary_author: {why}")
    documents = metadata.get("documents")
    for name, entry in (documents.items() if isinstance(documents, Mapping) else ()):
        if isinstance(entry, Mapping) and (why := placeholder_url(entry.get("url"))):
            found.append(f"{where}: record {record!r}: $.documents['{name}'].url: {why}")
    return [problem for problem in found if problem]
