"""The exchange format of one whole biennial proposal (docs/exchange-format.md)."""

FORMAT_NAME = "cinterfor-programme-and-budget"
FORMAT_VERSION = 1
