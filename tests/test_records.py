"""The schemas are the contract: Arrow schemas, `datasets` features and the card all follow from them."""

from __future__ import annotations

import pyarrow as pa
import yaml
from datasets import Features

from newsclusters.pipeline.records import CONFIGS, arrow_schema, field_docs, load_schemas

from conftest import RELEASE, json_objects


def test_every_schema_is_strict_and_described() -> None:
    schemas, _ = load_schemas()
    for name, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        for node in json_objects(schema):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, name
                for prop_name, prop in node["properties"].items():
                    assert "description" in prop or "$ref" in prop, f"{name}: {prop_name} has no description"


def test_arrow_schema_follows_the_json_schema() -> None:
    documents = arrow_schema("documents")
    assert documents.names == list(load_schemas()[0]["document"]["properties"])
    assert documents.field("removed").type == pa.list_(
        pa.field("item", pa.struct([pa.field("line", pa.int64(), False), pa.field("text", pa.string(), False),
                                    pa.field("rule", pa.string(), False)]), False)
    )
    assert documents.field("title").nullable and not documents.field("text").nullable
    nested = arrow_schema("clusters").field("documents").type.value_type
    assert [nested.field(i).name for i in range(nested.num_fields)] == [
        "doc_id", "title", "date", "source", "url", "text", "raw_sha256", "position", "source_doc_id", "origin",
        "timestamp",
    ]


def _card_yaml() -> dict:
    text = (RELEASE / "README.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_card_features_match_the_parquet_files_and_the_schemas() -> None:
    import pyarrow.parquet as pq

    infos = {info["config_name"]: info for info in _card_yaml()["dataset_info"]}
    assert set(infos) == set(CONFIGS)
    for config in CONFIGS:
        declared = Features._from_yaml_list(infos[config]["features"])  # noqa: SLF001
        derived = Features.from_arrow_schema(arrow_schema(config))
        assert declared == derived, config
        for path in (RELEASE / "data" / config).glob("*.parquet"):
            on_disk = pq.read_schema(path).remove_metadata()
            assert on_disk.equals(arrow_schema(config)), path
            assert Features.from_arrow_schema(on_disk) == declared


def test_field_table_lists_every_field_with_its_description() -> None:
    docs = {f.path: f for f in field_docs("clusters")}
    assert "documents[].raw_sha256" in docs
    assert docs["documents[].date"].type == "string (date) or null"
    assert docs["summary"].description.startswith("Human-written reference summary")
