"""The corpus-level line count: a sharded aggregation of story clusters that feeds corpus_repeated_v5
and, by site, site_repeated_v4."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.parquet as pq

from newsclusters.executor.counts import count_unit, frequent_in_bucket
from newsclusters.executor.plan import Sizing
from newsclusters.limits import Limits
from newsclusters.pipeline.clean import count_cluster_lines, decode_raw, line_keys
from newsclusters.pipeline.raw import LooseDocument, discover, jsonl_texts, read_unit
from newsclusters.pipeline.rules import site_key, site_line_key, site_of
from newsclusters.release.build import build_release

from conftest import write_cluster

STRIP = "Weekend Edition Extra"  # short, not prose, on every page of one site
QUOTE = "The minister said the new rules would take effect in January, after a final vote in parliament."


def _corpus(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(6):
        text = f"Story {i} opened with news from the harbour town on Monday morning.\n\n{QUOTE}\n\n{STRIP}"
        if i % 2:
            write_cluster(raw, f"story-{i}", {"a.txt": text})
        else:
            line = {"type": "document", "cluster_id": f"story-{i}", "name": "a", "text": text}
            meta = {"type": "cluster", "cluster_id": f"story-{i}", "summary": "S.", "summary_author": "A"}
            (raw / f"part-{i}.jsonl").write_text(json.dumps(meta) + "\n" + json.dumps(line) + "\n", "utf-8")


def test_counts_are_exact_per_bucket(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _corpus(raw)
    units, problems = discover(raw, unit_bytes=1)
    assert not problems and len(units) == 6
    spill = tmp_path / "spill"
    assert sum(count_unit(raw, u, i, spill, 4, Limits()) for i, u in enumerate(units)) == 6
    frequent: dict[int, int] = {}
    for bucket in range(4):
        frequent.update(frequent_in_bucket(spill, bucket, min_clusters=4))
    (strip_key,) = line_keys(STRIP)
    (quote_key,) = line_keys(QUOTE)
    assert frequent == {strip_key: 6, quote_key: 6}


def test_build_removes_site_boilerplate_but_keeps_repeated_prose(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _corpus(raw)
    out = tmp_path / "dataset"
    build_release(raw, out, sizing=Sizing(unit_raw_bytes=1, partition_raw_bytes=200))
    rows = pq.read_table(out / "data" / "documents").to_pylist()
    assert len(rows) == 6
    for row in rows:
        assert STRIP not in row["text"] and QUOTE in row["text"]
        assert {"line": 5, "text": STRIP, "rule": "corpus_repeated_v5"} in row["removed"]


def test_the_count_pass_reads_a_shard_as_the_main_pass_does(tmp_path: Path) -> None:
    """`jsonl_texts` skips validation; on lines the main pass accepts it must give the very same texts."""
    texts = ["\ufeffLeading mark\nSecond line", "Plain text\r\nwith CRLF", "Σ at the end Σ\nnext"]
    lines = [{"type": "cluster", "cluster_id": "c", "summary": "S.", "summary_author": "A"}]
    lines += [{"type": "document", "cluster_id": "c", "name": f"d{i}", "text": t} for i, t in enumerate(texts)]
    shard = tmp_path / "part.jsonl.gz"
    with gzip.open(shard, "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(x) + "\n" for x in lines))
    problems: list[str] = []
    units, _ = discover(tmp_path)
    main = [decode_raw(item.document.data, item.document.source) for item in read_unit(tmp_path, units[0], problems)
            if isinstance(item, LooseDocument)]
    assert not problems and main == ["Leading mark\nSecond line", *texts[1:]]
    assert list(jsonl_texts(shard, Limits())) == [("c", text, None) for text in main]


def test_the_count_pass_leaves_bad_lines_and_shards_to_the_main_pass(tmp_path: Path) -> None:
    shard = tmp_path / "part.jsonl"
    shard.write_bytes(b'{"type": "document", "cluster_id": "c", "text": "kept"}\n{not json\n\xff\xfe\n'
                      b'{"type": "document", "cluster_id": "c", "text": 7}\n[1, 2]\n\n{"type": "cluster", "text": "no"}\n'
                      b'{"type": "document", "cluster_id": 3, "text": "no cluster id"}\n')
    assert list(jsonl_texts(shard, Limits())) == [("c", "kept", None)]
    corrupt = tmp_path / "broken.jsonl.gz"
    corrupt.write_bytes(gzip.compress(b'{"type": "document", "cluster_id": "c", "text": "a"}\n')[:-12])
    assert list(jsonl_texts(corrupt, Limits())) in ([], [("c", "a", None)])  # whatever was readable; no exception


SUBHEAD = "What Happens Next"  # short, not prose: a subhead of the wire story every copy carries


def test_a_syndicated_cluster_keeps_its_subheads_and_counts_once_across_shards(tmp_path: Path) -> None:
    """Five outlets' copies of one story, spread over two shards and a folder layout elsewhere: the
    shared subhead is one cluster's line, so it stays; a strip on four other stories' pages goes."""
    raw = tmp_path / "raw"
    raw.mkdir()
    story = "Copy {i} said the flood barrier would be finished before the winter storms arrive next year."
    docs = [{"type": "document", "cluster_id": "flood-story", "name": f"copy-{i}",
             "text": f"{story.format(i=i)}\n\n{SUBHEAD}\n\nThe council said more work would follow in spring and summer."}
            for i in range(5)]
    meta = {"type": "cluster", "cluster_id": "flood-story", "summary": "S.", "summary_author": "A"}
    (raw / "part-a.jsonl").write_text("".join(json.dumps(x) + "\n" for x in [meta, *docs[:3]]), "utf-8")
    (raw / "part-b.jsonl").write_text("".join(json.dumps(x) + "\n" for x in docs[3:]), "utf-8")
    for i in range(4):
        write_cluster(raw, f"other-{i}", {"a.txt": f"Story {i} opened with news from the harbour town on Monday.\n\n{STRIP}"})
    units, _ = discover(raw, unit_bytes=1)
    spill = tmp_path / "spill"
    for i, unit in enumerate(units):
        count_unit(raw, unit, i, spill, 2, Limits())
    frequent = {k: v for bucket in range(2) for k, v in frequent_in_bucket(spill, bucket, min_clusters=1).items()}
    (subhead_key,) = line_keys(SUBHEAD)
    (strip_key,) = line_keys(STRIP)
    assert frequent[subhead_key] == 1 and frequent[strip_key] == 4

    out = tmp_path / "dataset"
    build_release(raw, out, sizing=Sizing(unit_raw_bytes=1, partition_raw_bytes=200))
    rows = {r["doc_id"]: r for r in pq.read_table(out / "data" / "documents").to_pylist()}
    assert all(SUBHEAD in rows[f"flood-story/copy-{i}"]["text"] for i in range(5))
    others = [r for r in rows.values() if r["cluster_id"].startswith("other-")]
    assert len(others) == 4 and all(STRIP not in r["text"] for r in others)


TEMPLATE = "Harbour Gazette Weekend Pages"  # short, not prose: on the pages of one site only


def _sited_corpus(raw: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Two stories from the Gazette (one in a JSONL shard, one in a folder), a second copy of the first
    story from the Gazette, and a story from another site: (text, site) by cluster, as written."""
    story = "Story {0} opened with news from the harbour town on Monday morning, the council said."
    pages = {
        "story-0": [(f"{story.format(0)}\n\n{TEMPLATE}", "https://www.gazette.co.uk/a/0"),
                    (f"{story.format(0)} An update.\n\n{TEMPLATE}", "https://news.gazette.co.uk/a/0-update")],
        "story-1": [(f"{story.format(1)}\n\n{TEMPLATE}", "https://gazette.co.uk/b/1")],
        "story-2": [(f"{story.format(2)}\n\n{TEMPLATE}", "https://www.other.com/c/2")],
    }
    raw.mkdir(parents=True)
    lines = [{"type": "cluster", "cluster_id": "story-0", "summary": "S.", "summary_author": "A"}]
    lines += [{"type": "document", "cluster_id": "story-0", "name": f"d{i}", "text": text, "url": url}
              for i, (text, url) in enumerate(pages["story-0"])]
    (raw / "part-0.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    for cluster in ("story-1", "story-2"):
        ((text, url),) = pages[cluster]
        write_cluster(raw, cluster, {"a.txt": text},
                      {"summary": "S.", "summary_author": "A", "documents": {"a.txt": {"url": url}}})
    return {c: [(text, site_of(url)) for text, url in docs] for c, docs in pages.items()}


def test_the_count_pass_counts_a_line_by_site_as_count_cluster_lines_does(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    written = _sited_corpus(raw)
    units, problems = discover(raw, unit_bytes=1)
    assert not problems and len(units) == 3
    spill = tmp_path / "spill"
    for i, unit in enumerate(units):
        count_unit(raw, unit, i, spill, 2, Limits())
    found = {k: v for b in range(2) for k, v in frequent_in_bucket(spill, b, min_clusters=3).items()}
    counts = count_cluster_lines([[t for t, _ in docs] for docs in written.values()],
                                 [[s for _, s in docs] for docs in written.values()])
    lines = set().union(*(line_keys(t) for docs in written.values() for t, _ in docs))
    site_pairs = {site_line_key(k, site_key(s)): k for docs in written.values() for t, s in docs for k in line_keys(t)}
    assert found == {k: n for k, n in counts.items()
                     if (k in lines and n >= 3) or (k in site_pairs and n >= 2 and counts[site_pairs[k]] < 3)}
    (template,) = line_keys(TEMPLATE)
    assert found[template] == 3 and site_line_key(template, site_key("gazette.co.uk")) not in found  # the line's

    found = {k: v for b in range(2) for k, v in frequent_in_bucket(spill, b).items()}  # a line in 4+ clusters
    assert found == {site_line_key(template, site_key("gazette.co.uk")): 2}  # two stories; the update is one


def test_build_removes_a_sites_template_from_its_pages_only(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _sited_corpus(raw)
    out = tmp_path / "dataset"
    build_release(raw, out, sizing=Sizing(unit_raw_bytes=1, partition_raw_bytes=200))
    rows = {r["doc_id"]: r for r in pq.read_table(out / "data" / "documents").to_pylist()}
    gazette = ["story-0/d0", "story-0/d1", "story-1/a"]
    assert all(TEMPLATE not in rows[d]["text"] for d in gazette)
    assert all({"line": 3, "text": TEMPLATE, "rule": "site_repeated_v4"} in rows[d]["removed"] for d in gazette)
    assert TEMPLATE in rows["story-2/a"]["text"]  # the same words on one page of another site
