"""The command line: thin, JSON lines out, errors as one readable message and a non-zero exit."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from newsclusters.cli import main

from conftest import RAW, SEED_CLUSTER, tree_bytes


def test_clean_prints_json_lines(capsys: pytest.CaptureFixture[str], gold: list[dict]) -> None:
    files = sorted(SEED_CLUSTER.glob("*.txt"))
    assert main(["clean", *map(str, files)]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in results] == [g["id"] for g in gold]
    assert [(r["title"], r["date"], r["text"]) for r in results] == [(g["title"], g["date"], g["text"]) for g in gold]
    assert set(results[0]) == {"id", "title", "date", "text", "removed"}


def test_clean_explain_shows_rule_per_removed_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", "--explain", str(SEED_CLUSTER / "004_43b94baa6551b378.txt")]) == 0
    out = capsys.readouterr().out
    assert "line   11  more_from_outlet_v1" in out and "More from WWD" in out


def test_clean_jsonl_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "p1", "text": "A Headline\nBody sentence one.\nRELATED: x"}) + "\n", "utf-8")
    assert main(["clean", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl")]) == 0
    result = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert result["id"] == "p1" and result["title"] == "A Headline" and result["text"] == "Body sentence one."


def test_clean_loads_only_the_cleaner() -> None:
    """`clean` runs per file or per batch: the CLI must not import the pipeline's heavy libraries to start."""
    heavy = ("pyarrow", "datasets", "jsonschema", "ftfy", "importlib.metadata", "newsclusters.release")
    probe = f"import sys, newsclusters.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    declared = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert exit_.value.code == 0 and capsys.readouterr().out == f"newsclusters {declared}\n"


def test_clean_jsonl_bad_line_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "p1"}\n', "utf-8")
    assert main(["clean", "--jsonl", str(source)]) == 1
    assert f"{source}: line 1: expected a JSON object with 'id' and 'text'" in capsys.readouterr().err


def test_build_error_is_one_message_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "balenciaga-campaign-apology-2022" / "cluster.json").write_text("{broken", "utf-8")
    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cluster.json: invalid JSON at line 1 column 2" in err and "Traceback" not in err
    assert not out.exists()


def test_build_verify_validate_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    card = tmp_path / "DATACARD.md"
    assert main(["build", "--raw", str(RAW), "--out", str(out), "--card", str(card)]) == 0
    assert card.read_bytes() == (out / "README.md").read_bytes()
    assert main(["verify", "--raw", str(RAW), "--out", str(out), "--card", str(card)]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["validate", "--raw", str(RAW)]) == 0
    before = tree_bytes(out)
    (out / "README.md").write_text("tampered", "utf-8")
    assert main(["verify", "--raw", str(RAW), "--out", str(out)]) == 1
    assert "README.md: SHA-256 differs from SHA256SUMS" in capsys.readouterr().err
    assert set(tree_bytes(out)) == set(before)


def test_validate_rejects_a_release_with_a_wrong_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    path = out / "data" / "documents" / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["url"]).append_column("link", pa.array([None] * table.num_rows, pa.string())), path)
    assert main(["validate", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Parquet schema differs from schema/document.schema.json" in err


def test_validate_checks_the_parquet_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    path = out / "data" / "documents" / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    pq.write_table(table, path, write_page_index=False)  # same rows, no page index
    assert main(["validate", str(out)]) == 1
    assert "row group 0 has no page index" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_build_shows_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["build", "--raw", str(RAW), "--out", str(tmp_path / "dataset"), "--card", str(tmp_path / "card.md")]) == 0
    shown = terminal.getvalue()
    for stage in ("count lines", "read+clean+validate", "check corpus", "split+write"):
        assert f"\r{stage}: 1/1 parts, 5 documents, " in shown
    assert shown.count("docs/s") == 4 and shown.count("\n") >= 4  # each finished stage keeps its line


def test_build_is_quiet_when_not_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--raw", str(RAW), "--out", str(tmp_path / "dataset"), "--card", str(tmp_path / "card.md")]) == 0
    assert "docs/s" not in capsys.readouterr().err
