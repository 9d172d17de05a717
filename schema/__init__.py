"""The JSON Schemas, shipped inside the installed package as `newsclusters.schema` (data only)."""
