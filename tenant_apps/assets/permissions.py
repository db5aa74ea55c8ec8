"""Permission codes of the fixed asset register (ADR 0075): categories, assets (register, dispose
or undo a disposal, delete one never depreciated), the monthly depreciation runs and the
register as a report."""

from __future__ import annotations

PERMISSIONS = [
    "assets.category.view",
    "assets.category.create",
    "assets.category.change",
    "assets.asset.view",
    "assets.asset.create",
    "assets.asset.change",
    "assets.asset.delete",
    "assets.asset.export",
    "assets.depreciation.view",
    "assets.depreciation.create",
    "assets.depreciation.delete",
]
