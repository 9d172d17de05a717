"""The dataset card (README.md with the YAML `datasets` reads), CITATION.cff, LICENSE.md, croissant.json.

Every number here is computed from the published records and every field description comes from
the schemas: nothing is typed in by hand except prose. Whose data it is comes from the raw folder:
NewsClusters's own clusters, or a corpus ingested from elsewhere (`corpus`, from its corpus.json),
which the card names, licenses and cites as that corpus, cleaned by NewsClusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from datasets import Features

from newsclusters.executor.shards import Stats
from newsclusters.executor.units import REJECTION_REASONS, Rejection
from newsclusters.pipeline import leakage
from newsclusters.pipeline.clean import MOJIBAKE_RULE, Cleaner
from newsclusters.pipeline.corpus import CORPUS, ENGLISH, Corpus
from newsclusters.pipeline.leakage import Leakage
from newsclusters.pipeline.ledger import LEDGER
from newsclusters.pipeline.records import CONFIGS, DEFAULT_CONFIG, arrow_schema, field_docs
from newsclusters.pipeline.split import SPLIT_POLICY, SPLIT_SALT, SPLITS
from newsclusters.release.bibtex_fields import CFF_TYPES, cff_doi, cff_pages, entry_fields
from newsclusters.release.croissant import croissant_text
from newsclusters.release.publish import (
    CARD,
    CHANGELOG,
    CHECKSUMS,
    CITATION,
    CROISSANT,
    LEAKAGE,
    LICENSE,
    REJECTIONS,
    release_files,
)
from newsclusters.versioning import POLICY, Release, changelog
from newsclusters.wording import counted, spanning

PRETTY_NAME = "NewsClusters"
AUTHORS = "NewsClusters contributors"
# The project's address, defined once: the card's contact and citation, the BibTeX and CITATION.cff
# read it, and the issues page is where questions and takedown requests go.
REPOSITORY = "https://github.com/newsclusters/newsclusters"
ISSUES = f"{REPOSITORY}/issues"
DESCRIPTION = ("A multi-document summarization dataset of news story clusters: articles from different outlets "
               "about one story, cleaned of web boilerplate by named, audited rules, each cluster paired with a "
               "human-written reference summary; rebuilt byte for byte from the raw texts.")
LICENSE_NAME = "newsclusters-research"

# The terms, defined once: the card's Licensing section and the release's LICENSE.md. Three separate
# things with separate owners: the code, the annotations, and the news texts.
LICENSE_TERMS = f"""\
- **Code.** The `newsclusters` code that builds, checks and evaluates a release: the MIT licence.
- **Annotations.** The reference summaries, the cleaning audit (`removed`, `{REJECTIONS}`,
  `{LEAKAGE}`), the metadata and the dataset card:
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).
- **News texts.** The article texts (`text`, `title`) remain the copyright of their publishers; no
  licence to them is granted here. They are distributed for non-commercial research only, each with
  the source attribution (`source`, `url`) its curator recorded (the card counts the documents that
  have one), as in other news summarization datasets; do not redistribute them commercially."""

TAKEDOWN = f"""\
A publisher, or a person named in an article, can ask for an article or a cluster to be removed by
opening an issue at {ISSUES} naming its `doc_id` or `cluster_id` (or writing to the maintainers listed
there). The maintainers take the raw text and its metadata out of the raw folder, rewrite whatever
of the cluster's reference summary only that article supported, and cut a MINOR release
(`newsclusters release`), whose `newsclusters diff` against the previous version lists exactly the
removed documents (and a summary so changed); the removed cluster keeps its line in the split ledger,
so the split of every other cluster is untouched. Earlier versions stay as published; the release notes
ask users to move to the new one."""

VERSIONING = (
    f"{POLICY}\n`newsclusters release X.Y.Z` refuses a bump smaller than what changed, a larger one unless the "
    "release asks for it, and any cluster that changed split unless the release declares it."
)

SUMMARY_GUIDELINES = """\
1. Read every article in the cluster first; summarise the story the cluster tells, not one article.
2. Write 80 to 150 words of neutral, plain prose in one paragraph, in the third person.
3. Every statement must be supported by at least one article in the cluster; add nothing from
   outside it (no background knowledge, no dates or numbers the articles do not give).
4. Prefer facts reported by several articles; attribute claims and quotations to who made them.
5. Leave out opinion, speculation and the outlets' own commentary; do not copy boilerplate.
6. Record yourself as `summary_author` in cluster.json; a second person checks each statement
   against the articles before the cluster is released."""


def rejection_counts(rejections: Sequence[Rejection]) -> dict[str, int]:
    counts = Counter(r.reason for r in rejections)
    return {reason: counts.get(reason, 0) for reason in REJECTION_REASONS}


# What a build of another corpus adds of its own, and under which terms.
ADDITIONS_TERMS = f"""\
- **This build's additions.** The cleaning audit (`removed`, `{REJECTIONS}`, `{LEAKAGE}`)
  and this card: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), by the {AUTHORS}; the
  `newsclusters` code that built it: the MIT licence."""


def display_name(corpus: Corpus | None) -> str:
    """The release's name: NewsClusters, or the ingested corpus cleaned by it."""
    return PRETTY_NAME if corpus is None else f"{corpus.name}, cleaned by {PRETTY_NAME}"


_SIZE_STEPS = ("", "K", "M", "B", "T")  # the Hub's size categories: powers of ten from 1K to 1T


def size_category(documents: int) -> str:
    """The Hub's size category of a release of this many documents ('n<1K', '100K<n<1M', ..., 'n>1T')."""
    if documents < 1_000:
        return "n<1K"
    for exponent in range(3, 12):
        if documents < 10 ** (exponent + 1):
            low, high = (f"{10 ** (e % 3)}{_SIZE_STEPS[e // 3]}" for e in (exponent, exponent + 1))
            return f"{low}<n<{high}"
    return "n>1T"


def _language_caveat(corpus: Corpus | None) -> str:
    """What the texts' language means for the cleaning and the scores."""
    if corpus is None or all(tag.split("-")[0] == "en" for tag in corpus.language):
        return "English-language news"  # 'en-GB' too
    return (f"News in {', '.join(f'`{tag}`' for tag in corpus.language)} (the `language` of corpus.json). The "
            "cleaning rules were written and measured on English pages and find less of other languages' "
            "boilerplate, and `rouge-score`, which `newsclusters evaluate` and the baselines use, drops every letter "
            "outside ASCII")


def yaml_header(stats: Stats, release: Release, corpus: Corpus | None = None,
                digests: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The card's YAML: what the Hub shows and `datasets` reads (configs, features, split sizes).

    Each config's `description` names the release and its files' digest (`config_digest`), which a
    loaded dataset keeps in `info.description`, and which sets the rows `datasets` caches apart. Its
    citation, homepage and licence are there too: `datasets` reads them into `info`, so a loaded split
    says what to cite.
    """
    version = release.version
    licence = {"license": "other", "license_name": LICENSE_NAME} if corpus is None else (
        {"license": corpus.license.id} | ({"license_name": corpus.license.name} if corpus.license.name else {}))
    # (Not `version`: the builder's config sets `info.version`, 0.0.0 for local files; the description names it.)
    cited = {"citation": _citations(release, corpus),
             "homepage": corpus.homepage if corpus is not None and corpus.homepage else REPOSITORY,
             "license": licence["license"]}
    configs = []
    infos = []
    for config in CONFIGS:
        splits = {s: stats.rows[config][s] for s in SPLITS if s in stats.rows[config]}
        entry: dict[str, Any] = {"config_name": config}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [{"split": s, "path": f"data/{config}/{s}-*.parquet"} for s in splits]
        configs.append(entry)
        features = Features.from_arrow_schema(arrow_schema(config))
        described = {} if digests is None else {"description": (
            f"{display_name(corpus)} {version}, config {config}; SHA-256 of its {CHECKSUMS} lines: {digests[config]}")}
        infos.append(
            {
                "config_name": config,
                **described,
                **cited,
                "features": features._to_yaml_list(),  # noqa: SLF001 - the format datasets reads back
                "splits": [
                    {"name": s, "num_bytes": stats.nbytes[config][s], "num_examples": n} for s, n in splits.items()
                ],
            }
        )
    return {
        "pretty_name": display_name(corpus),
        "language": list(ENGLISH if corpus is None else corpus.language),
        **licence,
        "license_link": LICENSE,  # a file of the release: the Hub links it, and it travels with the data
        "annotations_creators": ["expert-generated"] if corpus is None else list(corpus.annotations_creators),
        "language_creators": ["found"],
        "multilinguality": ["monolingual" if len(corpus.language if corpus else ENGLISH) == 1 else "multilingual"],
        "size_categories": [size_category(stats.documents)],
        "source_datasets": ["original"] if corpus is None else list(corpus.source_datasets or ["extended"]),
        "task_categories": ["summarization"],
        "task_ids": ["news-articles-summarization"],
        "tags": ["multi-document-summarization", "news"],
        "configs": configs,
        "dataset_info": infos,
    }


def bibtex(release: Release) -> str:
    version, year = release.version, release.date[:4]
    key = "newsclusters_" + version.replace(".", "_")
    return (
        f"@misc{{{key},\n"
        f"  title     = {{{{{PRETTY_NAME}}}: a reproducible multi-document news summarization dataset}},\n"
        f"  author    = {{{{{AUTHORS}}}}},\n"
        f"  year      = {{{year}}},\n"
        f"  version   = {{{version}}},\n"
        f"  howpublished = {{\\url{{{REPOSITORY}}}}},\n"
        f"  note      = {{Dataset release {version}}}\n"
        f"}}"
    )


def citation_cff(release: Release, corpus: Corpus | None = None) -> str:
    version, released = release.version, release.date
    keywords = ["summarization", "multi-document summarization", "news", "dataset"]
    if corpus is None:
        data: dict[str, Any] = {
            "cff-version": "1.2.0",
            "message": "If you use this dataset, please cite it as below.",
            "type": "dataset",
            "title": f"{PRETTY_NAME}: a reproducible multi-document news summarization dataset",
            "version": version,
            "date-released": released,
            "authors": [{"name": AUTHORS}],
            "repository-code": REPOSITORY,
            "license-url": f"{REPOSITORY}/blob/main/dataset/{LICENSE}",
            "keywords": keywords,
        }
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    source_authors = [{"name": name} for name in corpus.authors] or [{"name": f"The authors of {corpus.name}"}]
    source = _preferred_citation(corpus, source_authors)
    data = {
        "cff-version": "1.2.0",
        "message": (f"This release is {corpus.name}, cleaned by {PRETTY_NAME} {version}: cite {corpus.name} "
                    + ("(preferred-citation; its paper's BibTeX is in the card) " if corpus.citation else
                       "(preferred-citation; as its authors ask: no BibTeX was recorded for it) ")
                    + f"and {PRETTY_NAME} (references)."),
        "type": "dataset",
        "title": display_name(corpus),
        "version": version,
        "date-released": released,
        "authors": [*source_authors, {"name": AUTHORS}],
        **({"license-url": corpus.license.url} if corpus.license.url else {}),
        "keywords": keywords,
        "preferred-citation": source,
        "references": [{"type": "software", "title": PRETTY_NAME, "authors": [{"name": AUTHORS}],
                        "version": version, "repository-code": REPOSITORY}],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _preferred_citation(corpus: Corpus, authors: list[dict[str, str]]) -> dict[str, Any]:
    """The source corpus as CITATION.cff's preferred citation: its paper, read from its BibTeX, when it has one."""
    authors = [dict(author) for author in authors]  # copies: shared dicts would be written as YAML anchors
    entry = entry_fields(corpus.citation) if corpus.citation else None
    if entry is None or "title" not in entry[1]:
        cited: dict[str, Any] = {"type": "data", "title": corpus.name, "authors": authors}
    else:
        kind, fields = entry
        cited = {"type": CFF_TYPES.get(kind, "generic"), "title": fields["title"], "authors": authors}
        if fields.get("year", "").isdigit():
            cited["year"] = int(fields["year"])
        for bib, cff in (("booktitle", "collection-title"), ("journal", "journal"), ("publisher", "publisher")):
            if fields.get(bib):
                cited[cff] = fields[bib]
        if fields.get("doi") and (doi := cff_doi(fields["doi"])):
            cited["doi"] = doi
        cited.update(cff_pages(fields.get("pages", "")))
        if fields.get("eprint") and fields.get("archiveprefix", "").lower() == "arxiv":
            cited["identifiers"] = [{"type": "other", "value": f"arXiv:{fields['eprint']}",
                                     "description": "The paper on arXiv"}]
    if corpus.homepage:
        cited["url"] = corpus.homepage
    return cited


def _citations(release: Release, corpus: Corpus | None) -> str:
    """BibTeX: NewsClusters's, after the source corpus's paper for an ingested corpus."""
    if corpus is None or corpus.citation is None:
        return bibtex(release)
    return corpus.citation.strip() + "\n\n" + bibtex(release)


def croissant(folder: Path, release: Release, corpus: Corpus | None = None) -> str:
    """croissant.json for the release files already in `folder` (all but itself and the checksums)."""
    files = [name for name in release_files(folder) if name != CROISSANT]
    if corpus is None:
        description, url, license_url = DESCRIPTION, REPOSITORY, f"{REPOSITORY}/blob/main/dataset/{LICENSE}"
    else:  # the terms travel with the release as LICENSE.md when the source publishes none
        description, url, license_url = corpus.description, corpus.homepage or REPOSITORY, corpus.license.url or LICENSE
    return croissant_text(folder, files, name=display_name(corpus), version=release.version,
                          date_published=release.date, description=description,
                          citation=_citations(release, corpus), url=url, license_url=license_url)


def changelog_text(history: tuple[Release, ...], corpus: Corpus | None = None) -> str:
    """CHANGELOG.md: NewsClusters's versions; for an ingested corpus, where its changes are found instead.

    NewsClusters's notes describe its own clusters, not what a new pipeline version changed in another
    corpus: that is what `newsclusters diff` between two builds shows.
    """
    if corpus is None:
        return changelog(history)
    release = history[-1]
    return (f"# Changelog\n\nThis build of {corpus.name} was made with {PRETTY_NAME} {release.version} "
            f"({release.date}). What changed between two builds of it (documents added or removed, texts "
            "cleaned differently, clusters that changed split, removals per rule): `newsclusters diff OLD NEW`. "
            f"What changed in the pipeline: {PRETTY_NAME}'s changelog, {REPOSITORY}/blob/main/CHANGELOG.md.\n")


def licence_terms(corpus: Corpus | None) -> str:
    """The terms of the card's Licensing section and LICENSE.md."""
    return LICENSE_TERMS if corpus is None else f"{corpus.license.terms.rstrip()}\n{ADDITIONS_TERMS}"


def takedown(corpus: Corpus | None) -> str:
    if corpus is None:
        return TAKEDOWN
    where = f" ({corpus.homepage})" if corpus.homepage else ""
    return (f"The texts and summaries are {corpus.name}'s: ask its maintainers{where} to remove an article "
            "from the corpus. To drop it from this build, ingest the corpus again without it (the raw shards are "
            "zstd-compressed JSON Lines, written by `newsclusters ingest`) and rebuild; `newsclusters diff OLD NEW` "
            "lists what the rebuild took out.")


def _removal(corpus: Corpus | None) -> str:
    """Who takes an article out: NewsClusters's maintainers for its own texts, the source corpus's for an ingested one."""
    if corpus is None:
        return ("To have an\narticle or a cluster taken out, ask the maintainers (see Dataset Card Contact): it is "
                "removed from\nthe raw texts and the next release is rebuilt without it.")
    return (f"To have an\narticle taken out, ask {corpus.name}'s maintainers, as the Takedown paragraph under "
            "Licensing says.")


def license_text(release: Release, corpus: Corpus | None = None) -> str:
    """The release's LICENSE.md: the terms of the card's Licensing section, and who to ask."""
    if corpus is None:
        title = f"# {PRETTY_NAME} {release.version}: licence ({LICENSE_NAME})"
        ask = f"{ISSUES} (see the card, `{CARD}`, section \"Dataset Card Contact\")"
    else:
        named = corpus.license.name or corpus.license.id
        title = f"# {display_name(corpus)} {release.version}: licence ({named})"
        ask = (f"{corpus.name}'s maintainers ({corpus.homepage or 'see where it is distributed'}) for the texts and "
               f"summaries; {ISSUES} for this build's additions")
    return (f"{title}\n\n{licence_terms(corpus)}\n\n"
            f"Questions about these terms: {ask}.\n\n"
            f"## Takedown\n\n{takedown(corpus)}\n")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _rule_rows(stats: Stats) -> list[list[Any]]:
    reasons = Cleaner().reasons
    return [[f"`{name}`", reason, stats.removed_by_rule.get(name, 0)] for name, reason in reasons.items()]


def _example(stats: Stats) -> str:
    cluster = stats.example or {"cluster_id": "", "summary": "", "summary_author": "", "documents": [{"text": ""}]}
    doc = cluster["documents"][0]
    first = doc["text"].split("\n", 1)[0]
    shown = {
        "cluster_id": cluster["cluster_id"],
        "summary": cluster["summary"][:120] + "...",
        "summary_author": cluster["summary_author"],
        "documents": [{**doc, "text": first[:120] + "..."}, "..."],
    }
    return yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100)


def _size_caveat(clusters: int) -> str:
    if clusters < 1_000:
        return (f"{counted(clusters, 'cluster')} {'is' if clusters == 1 else 'are'} far too few to train on: use "
                "this release to evaluate, or as a reference for the pipeline. Scores on a few clusters have very "
                "wide confidence intervals; report them with the intervals `newsclusters evaluate` gives.")
    return (f"{counted(clusters, 'cluster')}. Compare scores across systems on the same split and release version, "
            "with the bootstrap intervals `newsclusters evaluate` gives.")


def _leakage_text(leaks: Leakage) -> str:
    found, moved, remaining = len(leaks.rows), len(leaks.moves), leaks.remaining()
    return (
        f"Near-duplicate documents across splits (MinHash LSH over word {leakage.SHINGLE_WORDS}-gram shingles, "
        f"{leakage.NUM_PERM} permutations in {leakage.BANDS} bands, estimated Jaccard similarity >= "
        f"{leakage.THRESHOLD}): a cluster split by hash joins its near-duplicates' split: the split of those "
        "pinned or already published if any (the earliest of them), else the earliest of the group (train, then "
        "validation, then test). Pinned and published clusters keep their split; pairs left across splits "
        f"are reported. In this release: {counted(found, 'pair', bold=True)} across splits found, "
        f"{counted(moved, 'cluster', bold=True)} moved, {counted(remaining, 'pair', bold=True)} left across "
        f"splits. Every pair is listed in `{LEAKAGE}`."
    )


def _intro(release: Release, corpus: Corpus | None) -> str:
    """The version line and the first paragraph of the summary: whose data, built by what."""
    if corpus is None:
        return f"""Version **{release.version}** ({release.date}). {release.note}

## Dataset Summary

{PRETTY_NAME} is a multi-document summarization dataset of news story clusters. Each cluster
groups articles from different outlets about one story and pairs them with a human-written
reference summary. The articles are cleaned of web boilerplate by named, audited rules, every
record is validated against a JSON Schema, and the whole release is rebuilt byte for byte from the
raw texts by the package's scripts."""
    return f"""Built with {PRETTY_NAME} **{release.version}** ({release.date}): the cleaning rules, schemas and split
policy of that version of the pipeline. The texts and reference summaries are {corpus.name}'s, under
its terms (see Licensing); cite it first (see Citation).

## Dataset Summary

{corpus.description.strip()}

This build of {corpus.name} keeps its raw texts exactly as ingested (`newsclusters ingest`, which
also wrote the `{CORPUS}` this card is named from), cleans the articles of web boilerplate by named,
audited rules, validates every record against a JSON Schema, and is rebuilt byte for byte from the
raw texts by {PRETTY_NAME}'s scripts."""


def _annotations(corpus: Corpus | None) -> str:
    if corpus is None:
        return f"""The reference summaries of clusters curated for {PRETTY_NAME} are written by people following these
guidelines:

{SUMMARY_GUIDELINES}

The author of each summary is recorded in `summary_author`. (A corpus ingested from elsewhere is
built as a release of its own, named and licensed as that corpus, with its own summaries.)"""
    return f"""{corpus.summaries.strip()}

Each cluster's `summary_author` names who wrote its summary."""


def _summaries_caveat(corpus: Corpus | None) -> str:
    what = "they summarise what the articles say, which is not the same as what happened."
    if corpus is None:
        return ("Reference summaries are abstractive, each written by one author (checked by a second person for\n"
                f"  curated clusters); {what}")
    return f"Reference summaries are {corpus.name}'s, written as Annotations says; {what}"


def _citation(release: Release, corpus: Corpus | None) -> str:
    ours = f"```bibtex\n{bibtex(release)}\n```"
    if corpus is None:
        return ours
    if corpus.citation is None:
        source = (f"Cite {corpus.name} as its authors ask: its `{CORPUS}` records no citation "
                  "(add its paper's BibTeX there as `citation`, and rebuild).")
    else:
        source = (f"Cite {corpus.name}, whose texts and summaries these are:\n\n"
                  f"```bibtex\n{corpus.citation.strip()}\n```")
    return f"{source}\n\nCite {PRETTY_NAME} too, which cleaned and packaged them:\n\n{ours}"


def _versioning(release: Release, corpus: Corpus | None) -> str:
    if corpus is None:
        return f"""{VERSIONING}

The version and its one-line note are defined once, in the package's release history; this card,
`{CITATION}`, the BibTeX above, `{CHANGELOG}` and `{CROISSANT}` (Croissant 1.0 metadata, with the
SHA-256 of every file) follow from it. `{CHECKSUMS}` lists the checksum of every released file, and
`newsclusters verify` rebuilds the release from the raw texts and checks it byte for byte. What
changed since the version a paper used: `newsclusters diff OLD NEW`, and `{CHANGELOG}`."""
    return f"""This build carries the version of the {PRETTY_NAME} pipeline that made it, {release.version}: the same
raw folder built by the same version gives the same bytes. Report the version with your results.
`{CHECKSUMS}` lists the checksum of every file, `{CROISSANT}` is Croissant 1.0 metadata with the
SHA-256 of every file, and `newsclusters verify` rebuilds the release from the raw texts and checks it
byte for byte. What a rebuild with another version changed: `newsclusters diff OLD NEW`."""


def _contact(corpus: Corpus | None) -> str:
    if corpus is None:
        return f"""{PRETTY_NAME} is maintained by the {AUTHORS} at the project's repository, {REPOSITORY}, which holds
the code, the raw texts and the issue tracker. Questions, corrections and takedown requests (a
publisher, or a person named in an article, asking for it to be removed): open an issue at
{ISSUES}, naming the `doc_id` or `cluster_id`."""
    where = corpus.homepage or "where it is distributed"
    return f"""Questions about {corpus.name}, its texts or its summaries, and requests to remove an article: its
maintainers ({where}). Questions about the cleaning, the audit or the packaging: {ISSUES}, naming
the `doc_id` or `cluster_id` and the {PRETTY_NAME} version."""


def render_card(release: Release, stats: Stats, rejections: Sequence[Rejection], leaks: Leakage | None = None,
                research: str = "", corpus: Corpus | None = None, digests: Mapping[str, str] | None = None) -> str:
    """The card; `research` is the summarization section (statistics, baselines), already rendered.

    `corpus` is the ingested corpus the release was built from, None for NewsClusters's own clusters;
    `digests` the `config_digest` of each config's files.
    """
    leaks = Leakage({}, ()) if leaks is None else leaks
    header = yaml.safe_dump(yaml_header(stats, release, corpus, digests), sort_keys=False,
                            allow_unicode=True, width=100)
    chooser = "its curator" if corpus is None else corpus.name
    splits_used = [s for s in SPLITS if s in stats.rows[DEFAULT_CONFIG]]
    split_rows = [[f"`{c}`", *[stats.rows[c].get(s, 0) for s in splits_used]] for c in CONFIGS]
    rejected = rejection_counts(rejections)
    removed_total = sum(stats.removed_by_rule.values())
    mean_words = stats.words / max(1, stats.documents)
    mean_size = stats.documents / max(1, stats.clusters)
    mean_summary = stats.summary_words / max(1, stats.clusters)
    policy = ", ".join(f"{name} {share}%" for name, share in SPLIT_POLICY)
    field_tables = "\n\n".join(
        f"#### `{config}`\n\n"
        + _table(["field", "type", "description"], [[f"`{f.path}`", f.type, f.description] for f in field_docs(config)])
        for config in CONFIGS
    )
    dates = f" ({spanning(stats.date_min, stats.date_max)})" if stats.dated else ""
    return f"""---
{header}---

# Dataset Card for {display_name(corpus)}

{_intro(release, corpus)}

This release holds {counted(stats.clusters, "cluster", bold=True)} and {counted(stats.documents, "document", bold=True)}
({stats.words} words of cleaned article text; {spanning(stats.words_min, stats.words_max)} words per
document, mean {mean_words:.1f}). Clusters have {spanning(stats.cluster_size_min, stats.cluster_size_max)}
documents (mean {mean_size:.1f}); reference summaries have
{spanning(stats.summary_words_min, stats.summary_words_max)} words (mean {mean_summary:.1f}). {stats.dated} of
{stats.documents} documents carry a publication date{dates},
{stats.titles} a headline, {stats.attributed} the name of their outlet (`source`) and {stats.linked} their address
(`url`).

```python
from datasets import load_dataset

clusters = load_dataset("path/to/dataset")                # default config: one row per cluster
documents = load_dataset("path/to/dataset", "documents")  # one row per article, with its audit
```

A loaded split's `info.description` names the release and the SHA-256 of its config's lines in
`{CHECKSUMS}`: the rows say which release they came from.

## Uses

**Direct use.** Training and evaluating multi-document summarizers (articles in, summary out);
evaluating single-document summarizers or headline generation on the `documents` config; studying
boilerplate removal through the per-line `removed` audit.

**Recommended evaluation.** Score a summarizer's outputs (`{{"cluster_id", "summary"}}` JSON lines) with
`newsclusters evaluate --release <this folder> --split test --predictions P.jsonl`: ROUGE-1, ROUGE-2
and ROUGE-Lsum F1 as `rouge-score` computes them (Porter stemming, Lsum over one sentence per
line), with 95% bootstrap intervals. Report the release version with the scores, and compare with
the baselines below, scored the same way.

**Out-of-scope use.** Commercial redistribution of the article texts; drawing conclusions about
news coverage at large from a handful of clusters; treating the reference summaries as fact-checked
beyond the articles they summarise.

## Dataset Structure

Two configs. `clusters` (default) has one row per story cluster with its documents nested;
`documents` has one row per article, with its `cluster_id` and the `removed` audit of the cleaner.
Documents always share their cluster's split.

### Data Instances

An abridged `clusters` row:

```yaml
{_example(stats)}```

### Data Fields

Generated from the JSON Schemas in `schema/`, which every record is validated against.

{field_tables}

### Data Splits

Splits are assigned per cluster: by a SHA-256 hash of the cluster id with salt `{SPLIT_SALT}`
({policy}), unless the cluster is pinned to a split: by the `split` of its `cluster.json`, or by the
official split of the corpus it was ingested from. A cluster a past release published keeps its split
(the split ledger, `{LEDGER}` in the raw folder, written by each release): adding or removing other
clusters never moves it, and a release that moves one must declare it (see Versioning). The salt,
the shares and the ledger are part of the versioned split policy. A split with no rows is not published.

{_leakage_text(leaks)}

{_table(["config", *splits_used], split_rows)}
{research}
## Dataset Creation

### Curation Rationale

Existing multi-document news summarization datasets (Multi-News, WCEP) ship article text with web
boilerplate left in (newsletter prompts, captions, related-story links), which summarizers learn
to copy and metrics reward. {PRETTY_NAME} keeps the raw texts exactly as received, removes
boilerplate with named rules whose every decision is recorded, and publishes nothing that has not
passed its schema, so that a release can be audited, reproduced and extended.

### Source Data

Articles come as plain text extracted from news web pages: one file per article in
`raw/<cluster_id>/` beside the curator's `cluster.json`, or lines of JSON Lines shards, which is how
`newsclusters ingest` brings in existing corpora (Multi-News, WCEP). The raw texts are kept byte for
byte, each with its SHA-256 in `raw_sha256`. Outlet names, URLs and dates come from the curator's
metadata or the source corpus, else are null; an ingested article also keeps its position in its
source example (`position`), its own id, origin and timestamp, and its cluster the source's id
(`source_cluster_id`), event date and category; `summary_author` names who wrote the reference.

**Processing.** raw -> clean -> validate -> split -> publish. Raw text is UTF-8 unless its metadata
declares another encoding; mojibake is repaired (`{MOJIBAKE_RULE}`). Cleaning
normalises white space only (no-break and other Unicode spaces become a space, runs collapse, one
paragraph per line) and never changes words, quotes or spelling. Each raw line is kept, moved to
`title`/`date`, or removed by one of these rules; a long table-layout row is judged cell by cell,
and a reader-comment thread run into a line of article text is cut out of it. Every piece taken
out is listed in the document's `removed` with its rule. In this release {stats.kept_lines} lines were
kept as article text and {removed_total} were taken out:

{_table(["rule", "why such lines are not article text", "lines"], _rule_rows(stats))}

**Rejected records.** Input that cannot be read or breaks a schema fails the build. Records that are
readable but have nothing to contribute are left out and listed, with the reason, in
`{REJECTIONS}` ({sum(rejected.values())} in this release):

{_table(["reason", "meaning", "records"], [[f"`{k}`", REJECTION_REASONS[k], n] for k, n in rejected.items()])}

### Annotations

{_annotations(corpus)}

### Personal and Sensitive Information

The articles are published journalism and name public figures; they may also name private people
and discuss sensitive topics. No information beyond the published articles was added. {_removal(corpus)}

## Bias, Risks, and Limitations

- {_size_caveat(stats.clusters)}
- {_language_caveat(corpus)}; the coverage of a story reflects the outlets {chooser} chose, not news at
  large.
- Rule-based cleaning errs towards keeping text: some boilerplate may remain, and every removal is
  listed in `removed` so it can be checked.
- {_summaries_caveat(corpus)}

### Licensing

{licence_terms(corpus)}

The same terms are in `{LICENSE}`, which the YAML header's `license_link` points to.

**Takedown.** {takedown(corpus)}

## Citation

{_citation(release, corpus)}

Machine-readable citation metadata is in `{CITATION}`.

## Versioning

{_versioning(release, corpus)}

## Dataset Card Contact

{_contact(corpus)}
"""
