"""Every class of bad raw input: a clear message (file, record, field), exit status 1, release untouched.

Each case breaks a private copy of the bundled corpus in one way, runs `newsclusters build` into a
folder that already holds a good release, and checks what a curator would see.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from newsclusters.cli import main
from newsclusters.limits import Limits
from newsclusters.release.build import build_release

from conftest import SEED_CLUSTER, tree_bytes

CLUSTER = SEED_CLUSTER.name  # `raw_copy` holds this cluster alone
DOCS = sorted(p.name for p in SEED_CLUSTER.glob("*.txt"))
DOC = "002_b0343c4e5a5c96f4.txt"


def _meta(raw: Path) -> dict:
    return json.loads((raw / CLUSTER / "cluster.json").read_text("utf-8"))


def _set_meta(raw: Path, **changes: object) -> None:
    meta = {**_meta(raw), **changes}
    (raw / CLUSTER / "cluster.json").write_text(json.dumps(meta), "utf-8")


def _doc_meta(raw: Path, entry: dict) -> None:
    _set_meta(raw, documents={DOC: entry})


def _jsonl(raw: Path, name: str, lines: list[object]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    (raw / name).write_text("".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines), "utf-8")


def _doc_line(cluster: str = "wire-story", name: str = "a", text: str = "The wire story text.", **extra: object) -> dict:
    return {"type": "document", "cluster_id": cluster, "name": name, "text": text, **extra}


def _cluster_line(cluster: str = "wire-story", **extra: object) -> dict:
    return {"type": "cluster", "cluster_id": cluster, "summary": "The wire story in brief.", "summary_author": "A", **extra}


def _zst(lines: list[dict]) -> bytes:
    """Lines as one zstd frame, as ingest writes a shard."""
    text = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
    return zstandard.ZstdCompressor(level=3, write_checksum=True).compress(text)


def _corrupt_block(data: bytes) -> bytes:
    """Compressed data with its middle bytes inverted: headers intact, the payload no longer decodes."""
    middle = len(data) // 2
    return data[:middle - 2] + bytes(b ^ 0xFF for b in data[middle - 2:middle + 2]) + data[middle + 2:]


def _write(raw: Path, rel: str, data: bytes) -> None:
    (raw / rel).parent.mkdir(parents=True, exist_ok=True)
    (raw / rel).write_bytes(data)


def _outside(raw: Path) -> Path:
    target = raw.parent / "outside.txt"
    target.write_text("Secret text outside the corpus.", "utf-8")
    return target


# (id, how to break the corpus, extra CLI options, fragments the message must contain)
CASES: list[tuple[str, Callable[[Path], None], list[str], list[str]]] = [
    ("impossible_date_header", lambda r: _write(r, f"{CLUSTER}/{DOC}", b" date 2022-13-45 The story starts here.\n"), [],
     [f"{CLUSTER}/{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'date': line 1: date header 'date 2022-13-45' is not a real date"]),
    ("invalid_utf8", lambda r: _write(r, f"{CLUSTER}/{DOC}", b"Caf\xe9 au lait.\n"), [],
     [f"{CLUSTER}/{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'text': not valid UTF-8 at line 1, byte 4 of the line "
      "(offset 3 in the file)", "declare its \"encoding\""]),
    ("utf16_with_bom", lambda r: _write(r, f"{CLUSTER}/{DOC}", "Text.".encode("utf-16")), [],
     [f"{CLUSTER}/{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'text': UTF-16 text (byte-order mark)"]),
    ("declared_unknown_encoding", lambda r: _set_meta(r, encoding="klingon"), [],
     ["cluster.json: $.encoding: unknown text encoding 'klingon'"]),
    ("declared_encoding_does_not_fit", lambda r: (_set_meta(r, encoding="ascii"),
                                                  _write(r, f"{CLUSTER}/{DOC}", "Café.".encode("utf-8"))), [],
     [f"{CLUSTER}/{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'text': not valid declared encoding 'ascii' at line 1, "
      "byte 4 of the line (offset 3 in the file)"]),
    ("binary_file", lambda r: _write(r, f"{CLUSTER}/{DOC}", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), [],
     [f"{CLUSTER}/{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'text': binary content: NUL character"]),
    ("empty_cluster_json", lambda r: _write(r, f"{CLUSTER}/cluster.json", b""), [],
     ["cluster.json: invalid JSON at line 1 column 1"]),
    ("malformed_cluster_json", lambda r: _write(r, f"{CLUSTER}/cluster.json", b'{"summary": "x",}'), [],
     ["cluster.json: invalid JSON at line 1 column 17"]),
    ("cluster_json_not_an_object", lambda r: _write(r, f"{CLUSTER}/cluster.json", b"[1, 2]"), [],
     [f"cluster.json: record '{CLUSTER}': $: [1, 2] is not of type 'object'"]),
    ("cluster_json_duplicate_key", lambda r: _write(r, f"{CLUSTER}/cluster.json",
                                                    b'{"summary": "a", "summary": "b", "summary_author": "x"}'), [],
     ["cluster.json: invalid JSON at line 1 column 18: duplicate key 'summary'"]),
    ("jsonl_duplicate_key", lambda r: _write(r, "wire.jsonl", b'{"type": "cluster", "cluster_id": "wire-story", '
                                             b'"summary": "S.", "summary": "T.", "summary_author": "A"}\n'), [],
     ["wire.jsonl:1: invalid JSON at column 66: duplicate key 'summary'"]),
    ("cluster_json_not_utf8", lambda r: _write(r, f"{CLUSTER}/cluster.json",
                                               '{"summary": "Café", "summary_author": "x"}'.encode("latin-1")), [],
     ["cluster.json: not valid UTF-8 at line 1, byte 17 of the line (offset 16 in the file)"]),
    ("summary_missing", lambda r: _write(r, f"{CLUSTER}/cluster.json", b'{"summary_author": "x"}'), [],
     [f"cluster.json: record '{CLUSTER}': $.summary: 'summary' is a required property"]),
    ("summary_blank", lambda r: _set_meta(r, summary="   "), [],
     [f"cluster.json: record '{CLUSTER}': $.summary: must not be blank (it is '   ')"]),
    ("summary_placeholder", lambda r: _set_meta(r, summary="TBD."), [],
     [f"cluster.json: record '{CLUSTER}': $.summary: 'TBD.' is a placeholder, not a reference summary"]),
    ("jsonl_summary_placeholder", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(summary="[summary here]"), _doc_line()]),
     [], ["wire.jsonl:1: record 'wire-story': $.summary: '[summary here]' is a placeholder"]),
    ("summary_without_words", lambda r: _set_meta(r, summary="..."), [],
     [f"cluster.json: record '{CLUSTER}': $.summary: '...' has no words"]),
    ("summary_author_blank", lambda r: _set_meta(r, summary_author="\t"), [],
     [f"cluster.json: record '{CLUSTER}': $.summary_author: must not be blank (it is '\\t')"]),
    ("summary_author_template", lambda r: _set_meta(r, summary_author="Your name"), [],
     [f"cluster.json: record '{CLUSTER}': $.summary_author: 'Your name' is the README template's; name who wrote"]),
    ("jsonl_summary_author_without_words", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(summary_author="..."),
                                                                             _doc_line()]),
     [], ["wire.jsonl:1: record 'wire-story': $.summary_author: '...' names nobody"]),
    ("metadata_url_template", lambda r: _doc_meta(r, {"url": "https://..."}), [],
     [f"cluster.json: record '{CLUSTER}': $.documents['{DOC}'].url: 'https://...' is the README template's"]),
    ("jsonl_document_url_template", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(url="https://...")]),
     [], ["wire.jsonl:2: record 'wire-story/a': $.url: 'https://...' is the README template's"]),
    ("unknown_metadata_field", lambda r: _set_meta(r, sumary="typo"), [],
     [f"cluster.json: record '{CLUSTER}': $: Additional properties are not allowed ('sumary' was unexpected)"]),
    ("bad_split_pin", lambda r: _set_meta(r, split="dev"), [],
     [f"cluster.json: record '{CLUSTER}': $.split: 'dev' is not one of ['train', 'validation', 'test']"]),
    ("missing_cluster_json", lambda r: (r / CLUSTER / "cluster.json").unlink(), [],
     [f"{CLUSTER}/cluster.json: missing"]),
    ("metadata_for_missing_file", lambda r: _set_meta(r, documents={"999.txt": {"source": "WWD"}}), [],
     [f"cluster.json: record '{CLUSTER}': $.documents['999.txt']: metadata for a file that is not in"]),
    ("metadata_path_escapes_root", lambda r: _set_meta(r, documents={"../../etc/passwd.txt": {}}), [],
     [f"cluster.json: record '{CLUSTER}': $.documents: '../../etc/passwd.txt' must start with a letter or digit"]),
    ("metadata_bad_url", lambda r: _doc_meta(r, {"url": "not a url"}), [],
     [f"cluster.json: record '{CLUSTER}': $.documents['{DOC}'].url: 'not a url' is not a 'uri'"]),
    ("metadata_bad_date", lambda r: _doc_meta(r, {"date": "28/11/2022"}), [],
     [f"cluster.json: record '{CLUSTER}': $.documents['{DOC}'].date: '28/11/2022' is not a 'date'"]),
    ("metadata_date_contradicts_header", lambda r: _set_meta(r, documents={"000_d831c819d0f14eff.txt": {"date": "2021-01-01"}}),
     [], [f"000_d831c819d0f14eff.txt: record '{CLUSTER}/000_d831c819d0f14eff': $.date: metadata says '2021-01-01' but line 1"]),
    ("symlinked_document_outside_root", lambda r: (r / CLUSTER / "evil.txt").symlink_to(_outside(r)), [],
     [f"{CLUSTER}/evil.txt: symbolic link points outside the raw folder"]),
    ("cluster_json_nested_too_deep", lambda r: _write(r, f"{CLUSTER}/cluster.json", b'{"summary": "S.", "summary_author": '
                                                      b'"A", "category": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"), [],
     ["cluster.json: invalid JSON: arrays or objects nested too deep to read"]),
    ("jsonl_line_nested_too_deep", lambda r: _jsonl(r, "wire.jsonl", [
        _cluster_line(), '{"type": "document", "cluster_id": "wire-story", "name": "b", "text": "T.", "x": '
        + "[" * 5000 + "]" * 5000 + "}", _doc_line()]), [],
     ["wire.jsonl:2: invalid JSON: arrays or objects nested too deep to read"]),
    ("jsonl_url_with_a_final_newline", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(),
                                                                          _doc_line(url="https://example.com/a\n")]),
     [], ["wire.jsonl:2: record 'wire-story/a': $.url: 'https://example.com/a\\n' is not a 'uri'"]),
    ("declared_codec_makes_a_surrogate", lambda r: (_set_meta(r, encoding="utf-7"),
                                                    _write(r, f"{CLUSTER}/{DOC}", b"The council met. +2AA-")), [],
     [f"{DOC}, record '{CLUSTER}/{DOC[:-4]}', field 'text': decoded as 'utf-7', it holds a lone surrogate at character 17"]),
    ("symlink_loop", lambda r: ((r / CLUSTER / "loop1.txt").symlink_to("loop2.txt"),
                                (r / CLUSTER / "loop2.txt").symlink_to("loop1.txt")), [],
     [f"{CLUSTER}/loop1.txt: symbolic link loop", f"{CLUSTER}/loop2.txt: symbolic link loop"]),
    ("symlinked_clusters_in_a_loop", lambda r: ((r / "story-a").symlink_to("story-b"), (r / "story-b").symlink_to("story-a")),
     [], ["story-a: symbolic link loop", "story-b: symbolic link loop"]),
    ("symlink_to_nothing", lambda r: (r / CLUSTER / "c.txt").symlink_to("missing.txt"), [],
     [f"{CLUSTER}/c.txt: symbolic link to nothing (", f"{CLUSTER}/missing.txt is not there)"]),
    ("symlink_chain_to_nothing", lambda r: ((r / CLUSTER / "d.txt").symlink_to("missing.txt"),
                                            (r / CLUSTER / "e.txt").symlink_to("d.txt")), [],
     [f"{CLUSTER}/e.txt: symbolic link to nothing (", f"{CLUSTER}/missing.txt is not there)"]),
    ("symlink_through_a_file", lambda r: (r / CLUSTER / "f.txt").symlink_to("cluster.json/x"), [],
     [f"{CLUSTER}/f.txt: symbolic link that can't be followed (Not a directory)"]),
    ("symlinked_cluster_outside_root", lambda r: (r / "evil-story").symlink_to(r.parent), [],
     ["evil-story: symbolic link points outside the raw folder"]),
    ("bad_cluster_folder_name", lambda r: (r / "Bad Story").mkdir(), [],
     ["Bad Story: cluster folder name must be a lowercase slug"]),
    ("unexpected_file_in_raw_root", lambda r: _write(r, "notes.md", b"# notes"), [],
     ["notes.md: unexpected file; the raw folder holds cluster folders and *.jsonl[.gz|.zst] files"]),
    ("unexpected_file_in_cluster", lambda r: _write(r, f"{CLUSTER}/photo.jpg", b"\xff\xd8"), [],
     [f"{CLUSTER}/photo.jpg: unexpected entry; raw documents are '<name>.txt' files"]),
    ("document_name_with_a_space", lambda r: _write(r, f"{CLUSTER}/005 copy.txt", b"A copy."), [],
     [f"{CLUSTER}/005 copy.txt: file name has a space; document file names may hold only letters, digits, "
      "'.', '_' and '-'", "rename it to '005-copy.txt'"]),
    ("document_suffix_in_capitals", lambda r: _write(r, f"{CLUSTER}/005.TXT", b"Text."), [],
     [f"{CLUSTER}/005.TXT: the suffix must be a lowercase '.txt'"]),
    ("cluster_without_documents", lambda r: (_write(r, "empty-story/cluster.json",
                                                    b'{"summary": "S.", "summary_author": "A"}')), [],
     ["empty-story: cluster has no .txt documents"]),
    ("file_over_size_limit", lambda r: None, ["--max-file-bytes", "3000"],
     [f"{CLUSTER}/004_43b94baa6551b378.txt: file is 5213 bytes; the limit is 3000"]),
    ("line_over_length_limit", lambda r: None, ["--max-line-chars", "500"],
     [f"{CLUSTER}/004_43b94baa6551b378.txt, record '{CLUSTER}/004_43b94baa6551b378', field 'text': line 39 is",
      "the limit is 500"]),
    ("raw_folder_missing", lambda r: shutil.rmtree(r), [], ["raw folder not found"]),
    ("jsonl_malformed_line", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), '{"type": "document",']), [],
     ["wire.jsonl:2: invalid JSON at column 21"]),
    # json's own message ends 'Unterminated string starting at': the place is given once, before it
    ("jsonl_unterminated_string", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), '{"type": "document", "text": "ab']),
     [], ["wire.jsonl:2: invalid JSON at column 30: Unterminated string\n"]),
    ("jsonl_schema_violation", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), {"type": "document", "cluster_id": "wire-story", "name": "a"}]),
     [], ["wire.jsonl:2: record 'wire-story/a': $.text: 'text' is a required property"]),
    ("jsonl_duplicate_document_id", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(), _doc_line(text="Other.")]),
     [], ["wire.jsonl:3: record 'wire-story/a': $.name: duplicate document id, first given at", "wire.jsonl:2"]),
    ("jsonl_conflicting_split_pins", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(split="test"), _doc_line(),
                                                                          _cluster_line(split="train")]), [],
     ["wire.jsonl:3: record 'wire-story': $.split: conflicts with the metadata at", "('test' there, 'train' here)"]),
    ("jsonl_summary_for_unknown_cluster", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line("ghost-story"), _cluster_line(), _doc_line()]),
     [], ["wire.jsonl:1: record 'ghost-story': no document of this cluster was read (none is given, or each was "
          "refused: see its problems)"]),
    # Its one document refused (a line over the limit): not 'a summary for an unknown cluster'.
    ("jsonl_cluster_whose_documents_were_refused", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(
        text="The river rose. " * 40)]), ["--max-line-chars", "500"],
     ["wire.jsonl:2, record 'wire-story/a', field 'text': ", "the limit is 500",
      "wire.jsonl:1: record 'wire-story': no document of this cluster was read"]),
    ("jsonl_documents_without_cluster_metadata", lambda r: _jsonl(r, "wire.jsonl", [_doc_line()]), [],
     ["wire.jsonl:1: record 'wire-story': $.cluster_id: no cluster metadata line"]),
    ("jsonl_cluster_also_a_folder", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(CLUSTER), _doc_line(CLUSTER)]), [],
     [f"wire.jsonl:1: cluster '{CLUSTER}' is also a folder"]),
    # Without a cluster line: a shard's cluster id typed wrong must not add an article to a curated cluster.
    ("jsonl_document_into_a_folder_cluster", lambda r: _jsonl(r, "wire.jsonl", [_doc_line(CLUSTER, name="009")]), [],
     [f"wire.jsonl:1: record '{CLUSTER}/009': $.cluster_id: cluster '{CLUSTER}' is a folder (",
      "give each cluster in one place"]),
    ("jsonl_invalid_utf8_line", lambda r: _write(r, "wire.jsonl", json.dumps(_cluster_line()).encode() + b"\n\xff\xfe\n"), [],
     ["wire.jsonl:2: not valid UTF-8 at byte 0 of the line"]),
    ("jsonl_gz_corrupt", lambda r: _write(r, "wire.jsonl.gz", gzip.compress(b'{"a": 1}\n')[:12] + b"garbage"), [],
     ["wire.jsonl.gz: "]),
    ("jsonl_zst_truncated", lambda r: _write(r, "wire.jsonl.zst", _zst([_cluster_line(), _doc_line()])[:-6]), [],
     ["wire.jsonl.zst: cannot read: zstd data ends inside a frame: the file is truncated"]),
    ("raw_folder_given_one_level_too_high", lambda r: _jsonl(r / "nested-raw", "wire.jsonl", [_cluster_line(), _doc_line()]),
     [], ["nested-raw: a raw folder itself (JSON Lines shards, corpus.json or splits.lock), not a story cluster: "
          "did you mean --raw"]),
    ("jsonl_zst_not_zstd", lambda r: _write(r, "wire.jsonl.zst", b'{"type": "cluster"}\n' * 4), [],
     ["wire.jsonl.zst: corrupt compressed data: not zstd data (bad frame magic number)"]),
    ("jsonl_zst_corrupt_block", lambda r: _write(r, "wire.jsonl.zst", _corrupt_block(_zst([_cluster_line(), _doc_line()]))), [],
     ["wire.jsonl.zst: corrupt compressed data: "]),
    ("jsonl_gz_corrupt_deflate", lambda r: _write(r, "wire.jsonl.gz", _corrupt_block(gzip.compress(b'{"a": 1}\n' * 50))), [],
     ["wire.jsonl.gz: "]),
    ("jsonl_zst_empty", lambda r: _write(r, "wire.jsonl.zst", b""), [],
     ["wire.jsonl.zst: cannot read: empty file: compressed data holds at least a header"]),
    ("jsonl_gz_empty", lambda r: _write(r, "wire.jsonl.gz", b""), [],
     ["wire.jsonl.gz: cannot read: empty file"]),
    ("jsonl_bad_cluster_id", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line("Wire Story"), _doc_line("Wire Story")]), [],
     ["wire.jsonl:1: record 'Wire Story': $.cluster_id: 'Wire Story' must be a lowercase slug"]),
    ("jsonl_text_lone_surrogate", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(text="It \ud800 rose.")]),
     [], ["wire.jsonl:2: $.text: holds a lone surrogate (the escape \\ud800, half of a UTF-16 pair): not text"]),
    ("cluster_json_lone_surrogate", lambda r: _set_meta(r, summary="Officials said \udc80 so."), [],
     ["cluster.json: $.summary: holds a lone surrogate (the escape \\udc80"]),
    ("jsonl_position_past_int64", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(position=10**23)]), [],
     ["wire.jsonl:2: record 'wire-story/a': $.position: 100000000000000000000000 is greater than the maximum"]),
    ("jsonl_name_with_a_final_newline", lambda r: _jsonl(r, "wire.jsonl", [_cluster_line(), _doc_line(name="a\n")]), [],
     ["wire.jsonl:2: record 'wire-story/a\\n': $.name: 'a\\n' must start with a letter or digit"]),
    ("encoding_not_a_text_codec", lambda r: _set_meta(r, encoding="hex"), [],
     ["cluster.json: $.encoding: 'hex' is not a text encoding"]),
    ("too_many_documents_all_boilerplate", lambda r: [
        _write(r, f"{CLUSTER}/{doc}", b"RELATED: Something else\n\nMore from WWD\n") for doc in DOCS[:4]], [],
     ["4 of 5 documents rejected (all_boilerplate: 4); a build allows up to 5% of the documents (--max-rejected) "
      "or 3, whichever is more; nothing was published", f"{CLUSTER}/{DOC}: all_boilerplate"]),
]


@pytest.fixture(scope="module")
def good_release(seed_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good") / "dataset"
    build_release(seed_raw, out)
    return out


def test_there_are_at_least_30_classes() -> None:
    assert len(CASES) >= 30 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name, breaks, options, fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_input_fails_clearly_and_leaves_release_unchanged(
    name: str, breaks: Callable[[Path], None], options: list[str], fragments: list[str],
    good_release: Path, raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(good_release, out)
    before = tree_bytes(out)
    breaks(raw_copy)
    status = main(["build", "--raw", str(raw_copy), "--out", str(out), *options])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    assert tree_bytes(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".newsclusters-staging", ".newsclusters-backup"))]


def test_a_shards_problems_are_listed_in_line_order(raw_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # A document line is validated in a batch with the lines after it: its problem was listed after those of
    # a later line that is not JSON.
    _jsonl(raw_copy, "wire.jsonl", [_cluster_line(), _doc_line(name="a\n"), '{"type": "document",', _doc_line(name="b"),
                                    '{"type": "cluster"'])
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    lines = [int(line.split("wire.jsonl:")[1].split(":")[0]) for line in err.splitlines() if "wire.jsonl:" in line]
    assert lines == [2, 3, 5], err


def test_all_problems_are_reported_together(raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(raw_copy, f"{CLUSTER}/{DOC}", b"\xff")
    _set_meta(raw_copy, split="dev")
    _write(raw_copy, "notes.md", b"x")
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "3 problems; nothing was published" in err
    assert not (tmp_path / "out").exists()


# --- input that is accepted -------------------------------------------------------------------


def _doc_result(out: Path, doc_id: str) -> dict:
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "data" / "documents").to_pylist()  # every split's files
    return next(r for r in rows if r["doc_id"] == doc_id)


def test_bom_and_crlf_are_accepted(raw_copy: Path, seed_raw: Path, tmp_path: Path) -> None:
    path = raw_copy / CLUSTER / DOC
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    build_release(raw_copy, tmp_path / "a")
    build_release(seed_raw, tmp_path / "b")
    doc_id = f"{CLUSTER}/{DOC[:-4]}"
    assert _doc_result(tmp_path / "a", doc_id)["text"] == _doc_result(tmp_path / "b", doc_id)["text"]


def test_a_declared_utf_8_drops_the_byte_order_mark_as_the_default_does(raw_copy: Path, tmp_path: Path) -> None:
    """With "encoding": "UTF8" the mark stayed: the date header went unread and became the title."""
    _write(raw_copy, "bom-story/a.txt", b"\xef\xbb\xbfdate 2024-01-02\nThe council met on Tuesday and voted.")
    _write(raw_copy, "bom-story/cluster.json", json.dumps(
        {"summary": "S.", "summary_author": "A", "encoding": "UTF8"}).encode())
    build_release(raw_copy, tmp_path / "out")
    row = _doc_result(tmp_path / "out", "bom-story/a")
    assert (row["date"], row["title"], row["text"]) == ("2024-01-02", None, "The council met on Tuesday and voted.")


def test_declared_encoding_is_used(raw_copy: Path, tmp_path: Path) -> None:
    _write(raw_copy, "latin-story/a.txt", "Le café a ouvert lundi à Paris.".encode("cp1252"))
    _write(raw_copy, "latin-story/cluster.json", json.dumps(
        {"summary": "S.", "summary_author": "A", "encoding": "cp1252"}).encode())
    build_release(raw_copy, tmp_path / "out")
    assert _doc_result(tmp_path / "out", "latin-story/a")["text"] == "Le café a ouvert lundi à Paris."


def test_mojibake_is_repaired_and_attributed(raw_copy: Path, tmp_path: Path) -> None:
    _write(raw_copy, "moji-story/a.txt", "Kardashian said she wasnâ€™t told about it.\n\nSecond line.".encode("utf-8"))
    _write(raw_copy, "moji-story/cluster.json", b'{"summary": "S.", "summary_author": "A"}')
    build_release(raw_copy, tmp_path / "out")
    row = _doc_result(tmp_path / "out", "moji-story/a")
    assert row["text"].split("\n")[0] == "Kardashian said she wasn’t told about it."
    assert {"line": 1, "text": "Kardashian said she wasnâ€™t told about it.", "rule": "mojibake_repair_v2"} in row["removed"]


def test_content_drops_are_reported_and_counted(raw_copy: Path, tmp_path: Path) -> None:
    for i in range(30):
        _write(raw_copy, f"story-{i:02d}/a.txt", f"Story number {i} happened today.".encode())
        _write(raw_copy, f"story-{i:02d}/cluster.json", b'{"summary": "S.", "summary_author": "A"}')
    _write(raw_copy, "story-00/b.txt", b"   \n")  # empty
    _write(raw_copy, "story-01/b.txt", b"Story number 1 happened today.")  # duplicate of story-01/a
    _write(raw_copy, "zz-story/a.txt", b"RELATED: Other\n")  # all boilerplate, leaves the cluster empty
    _write(raw_copy, "zz-story/cluster.json", b'{"summary": "S.", "summary_author": "A"}')
    out = tmp_path / "out"
    build_release(raw_copy, out, limits=Limits(max_rejected_share=0.1))  # 3 of 38 documents
    report = [json.loads(line) for line in (out / "rejections.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["reason"]) for r in report] == [
        ("story-00/b", "empty_document"), ("story-01/b", "duplicate_document"),
        ("zz-story/a", "all_boilerplate"), ("zz-story", "empty_cluster"),
    ]
    assert report[1]["detail"] == "same text as 'story-01/a'" and report[1]["source"] == "story-01/b.txt"
    card = (out / "README.md").read_text("utf-8")
    assert "| `duplicate_document` |" in card and "(4 in this release)" in card
    assert main(["verify", "--raw", str(raw_copy), "--out", str(out), "--max-rejected", "0.1"]) == 0


def test_rejection_threshold_can_be_raised(raw_copy: Path, tmp_path: Path) -> None:
    for doc in DOCS[:4]:
        _write(raw_copy, f"{CLUSTER}/{doc}", b"RELATED: Something else\n")
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"), "--max-rejected", "0.8"]) == 0


def test_one_drop_in_a_small_corpus_builds(raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(raw_copy, f"{CLUSTER}/{DOC}", b"RELATED: Something else\n")  # 1 of 5 documents: 20%, over the 5% share
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 0
    assert "clusters: test=1, documents: test=4" in capsys.readouterr().out


def test_jsonl_shards_in_every_compression_build_like_folders(tmp_path: Path) -> None:
    import zstandard

    lines = [_cluster_line(split="train"), _doc_line(name="a", text="Wire text one.\n\nRELATED: x"),
             _doc_line(name="b", text="Wire text two.", source="Wire", date="2024-01-02")]
    encoded = "".join(json.dumps(line) + "\n" for line in lines).encode()
    for suffix, data in [(".jsonl", encoded), (".jsonl.gz", gzip.compress(encoded, mtime=0)),
                         (".jsonl.zst", zstandard.ZstdCompressor().compress(encoded)),
                         (".jsonl", codecs.BOM_UTF8 + encoded)]:  # an editor's byte-order mark, as raw texts may have
        raw = tmp_path / f"{suffix.strip('.')}-{len(data)}" / "raw"
        raw.mkdir(parents=True)
        (raw / f"part-0{suffix}").write_bytes(data)
        result = build_release(raw, raw.parent / "out")
        assert result.rows == {"clusters": {"train": 1}, "documents": {"train": 2}}
        row = _doc_result(raw.parent / "out", "wire-story/b")
        assert (row["source"], row["date"], row["text"]) == ("Wire", "2024-01-02", "Wire text two.")


def test_symlink_inside_the_root_is_read(raw_copy: Path, tmp_path: Path) -> None:
    os.symlink(raw_copy / CLUSTER / DOC, raw_copy / CLUSTER / "alias.txt")
    out = tmp_path / "out"
    build_release(raw_copy, out, limits=Limits(max_rejected_share=0.5))
    report = [json.loads(line) for line in (out / "rejections.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["reason"]) for r in report] == [(f"{CLUSTER}/alias", "duplicate_document")]


def test_jsonl_lines_are_checked_in_bulk_and_reported_in_line_order(tmp_path: Path) -> None:
    """Document and cluster lines go through the vectorized checks; problems keep the shard's line order."""
    from newsclusters.pipeline.raw import ClusterMetadata, LooseDocument, discover, read_unit

    _jsonl(tmp_path, "wire.jsonl", [
        _doc_line(date="2024-02-30"),                    # 1: bad date
        _cluster_line(),                                 # 2: fine, no split pin (an absent optional key)
        _cluster_line("other-story", split=None),        # 3: null where the schema wants a split name
        ["not", "an", "object"],                         # 4: neither kind
        _cluster_line("third-story", summary=""),        # 5: empty summary
        _doc_line(name="b"),                             # 6: fine
    ])
    problems: list[str] = []
    units, _ = discover(tmp_path)
    items = list(read_unit(tmp_path, units[0], problems))
    assert [(type(i).__name__, i.cluster_id) for i in items] == [
        (ClusterMetadata.__name__, "wire-story"), (LooseDocument.__name__, "wire-story")]
    assert [p.split(": record")[0].rsplit(":", 1)[1] for p in problems] == ["1", "3", "4", "5"]  # '' once
    assert "$.date: '2024-02-30' is not a 'date'" in problems[0]
    assert "$.split: None is not one of" in problems[1]
    assert "$.summary: '' should be non-empty" in problems[3]


def test_the_zstd_walk_accepts_whole_streams_and_finds_every_cut() -> None:
    """Several frames, a skippable frame, RLE blocks and checksums pass; a stream cut anywhere does not."""
    import io

    from newsclusters.pipeline.raw import check_zstd_frames

    text = "".join(json.dumps(_doc_line(name=f"d{i}", text=f"Line {i} " * 40)) + "\n" for i in range(400)).encode()
    first = zstandard.ZstdCompressor(level=3, write_checksum=True).compress(text)
    runs = zstandard.ZstdCompressor(level=3).compress(b"\n" * 1_000_000)  # RLE blocks: one byte each
    skippable = (0x184D2A51).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    whole = skippable + first + runs
    check_zstd_frames(io.BytesIO(whole))
    boundaries = {len(skippable), len(skippable) + len(first)}  # a cut there leaves whole frames
    for cut in range(1, len(whole)):
        if cut in boundaries:
            continue
        with pytest.raises(EOFError):
            check_zstd_frames(io.BytesIO(whole[:cut]))


def test_the_raw_reader_knows_a_release_by_the_file_every_release_holds() -> None:
    from newsclusters.pipeline.raw import RELEASE_MARK
    from newsclusters.release.publish import CHECKSUMS

    assert RELEASE_MARK == CHECKSUMS
