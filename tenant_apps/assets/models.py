"""The fixed asset register and its depreciation (Companies Act 2013 Schedule II; ADR 0075).

An asset's cost is already in the books when it is registered (a vendor bill whose line went to
a fixed asset ledger, a journal, or the opening balances): registering posts nothing. The
register posts the depreciation, a month at a time (`DepreciationRun`, one entry per month), and
the disposal (one entry that takes the asset and its accumulated depreciation out of the books
and books the profit or loss).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from tenant_apps.core.fields import MoneyField
from tenant_apps.core.models import BaseModel


class DepreciationMethod(models.TextChoices):
    SLM = "slm", "Straight line"
    WDV = "wdv", "Written-down value"


class AssetCategory(BaseModel):
    """A class of assets (Schedule II, Part C): its ledgers, method, useful life and residual
    value, the defaults of each asset registered in it."""

    name = models.CharField(max_length=100, unique=True)
    method = models.CharField(
        max_length=3, choices=DepreciationMethod.choices, default=DepreciationMethod.WDV
    )
    useful_life_months = models.PositiveIntegerField()
    residual_percent = models.DecimalField(max_digits=5, decimal_places=2, default=5)
    asset_account = models.ForeignKey("finance.Account", on_delete=models.PROTECT, related_name="+")
    accumulated_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, related_name="+"
    )
    depreciation_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    # income-tax depreciation (s.32, Rule 5; ADR 0075 addendum): the block of assets the
    # category's assets join, and the block's rate (Appendix I)
    tax_block = models.CharField(max_length=100, blank=True, default="")
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # additional depreciation of new plant and machinery in a manufacturing business
    # (s.32(1)(iia); ADR 0076): the default of each asset registered in the category
    tax_additional_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="s.32(1)(iia): percent of a new asset's cost in its first year (20; 0: none)",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(useful_life_months__gt=0), name="assets_category_life_positive"
            ),
            models.CheckConstraint(
                condition=Q(residual_percent__gte=0, residual_percent__lt=100),
                name="assets_category_residual_percent",
            ),
            models.CheckConstraint(
                condition=Q(tax_block="", tax_rate__isnull=True)
                | (~Q(tax_block="") & Q(tax_rate__gt=0, tax_rate__lte=100)),
                name="assets_category_tax_block",
            ),
            models.CheckConstraint(
                condition=Q(tax_additional_rate__gte=0, tax_additional_rate__lte=100)
                & (~Q(tax_block="") | Q(tax_additional_rate=0)),
                name="assets_category_tax_additional",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssetStatus(models.TextChoices):
    ACTIVE = "active", "In use"
    DISPOSED = "disposed", "Disposed"


class Asset(BaseModel):
    """One asset. Depreciation runs from `in_use_date` on `cost`, or, for an asset brought into
    these books with depreciation already charged, from `opening_date` on `cost` less
    `opening_depreciation` over what is left of its useful life."""

    number = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    category = models.ForeignKey(AssetCategory, on_delete=models.PROTECT, related_name="assets")
    bill = models.ForeignKey(
        "invoicing.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        help_text="The vendor bill that capitalised it",
    )
    cost_centre = models.ForeignKey(
        "finance.CostCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        help_text="The job or department its depreciation belongs to (ADR 0069)",
    )
    purchase_date = models.DateField()
    in_use_date = models.DateField(help_text="Put to use: depreciation counts from this day")
    cost = MoneyField()
    residual_value = MoneyField()
    method = models.CharField(max_length=3, choices=DepreciationMethod.choices)
    useful_life_months = models.PositiveIntegerField()
    rate = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="WDV: the yearly rate that brings the book value to the residual value",
    )
    opening_date = models.DateField(null=True, blank=True)
    opening_depreciation = MoneyField(help_text="Charged before `opening_date`")
    status = models.CharField(
        max_length=10, choices=AssetStatus.choices, default=AssetStatus.ACTIVE
    )
    disposal_date = models.DateField(null=True, blank=True)
    disposal_proceeds = MoneyField(null=True, blank=True)
    disposal_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disposal_depreciation = MoneyField(
        null=True, blank=True, help_text="Depreciation since the last run, to the disposal day"
    )
    disposal_gain = MoneyField(null=True, blank=True, help_text="+ profit, - loss")
    disposal_entry = models.ForeignKey(
        "finance.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disposal_reason = models.CharField(max_length=500, blank=True, default="")
    # capitalised from capital work in progress (ADR 0077): the ledger its cost was on and the
    # entry that moved it to the category's asset ledger
    cwip_account = models.ForeignKey(
        "finance.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capitalisation_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tax_additional_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="s.32(1)(iia): additional depreciation, percent of cost (0: not eligible, "
        "e.g. second-hand, an office or a road vehicle)",
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="assets_asset_cost_positive"),
            models.CheckConstraint(
                condition=Q(tax_additional_rate__gte=0, tax_additional_rate__lte=100),
                name="assets_asset_tax_additional",
            ),
            models.CheckConstraint(
                condition=Q(cwip_account__isnull=True, capitalisation_entry__isnull=True)
                | Q(
                    cwip_account__isnull=False,
                    capitalisation_entry__isnull=False,
                    bill__isnull=True,
                    opening_date__isnull=True,
                ),
                name="assets_asset_capitalised",
            ),
            models.CheckConstraint(
                condition=Q(residual_value__gte=0, opening_depreciation__gte=0)
                & Q(residual_value__lte=F("cost") - F("opening_depreciation")),
                name="assets_asset_book_value",
            ),
            models.CheckConstraint(
                condition=Q(useful_life_months__gt=0), name="assets_asset_life_positive"
            ),
            models.CheckConstraint(
                condition=Q(in_use_date__gte=F("purchase_date")),
                name="assets_asset_in_use_after_purchase",
            ),
            models.CheckConstraint(
                condition=Q(opening_date__isnull=True, opening_depreciation=0)
                | Q(opening_date__gte=F("in_use_date")),
                name="assets_asset_opening",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=AssetStatus.ACTIVE,
                    disposal_date__isnull=True,
                    disposal_entry__isnull=True,
                )
                | Q(
                    status=AssetStatus.DISPOSED,
                    disposal_date__isnull=False,
                    disposal_entry__isnull=False,
                    disposal_proceeds__isnull=False,
                    disposal_gain__isnull=False,
                ),
                name="assets_asset_disposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class DepreciationRunStatus(models.TextChoices):
    POSTED = "posted", "Posted"
    CANCELLED = "cancelled", "Cancelled"


class DepreciationRun(BaseModel):
    """A month's depreciation of every asset in use: one entry dated the month's end. Months go
    in order; one posted run per month; the latest is cancelled first."""

    month = models.DateField(help_text="The month's first day")
    date = models.DateField(help_text="The month's last day: the entry's date")
    status = models.CharField(
        max_length=10, choices=DepreciationRunStatus.choices, default=DepreciationRunStatus.POSTED
    )
    total = MoneyField()
    journal_entry = models.ForeignKey(
        "finance.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status="posted"),
                name="assets_run_one_posted_per_month",
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="assets_run_total_positive"),
        ]

    def __str__(self) -> str:
        return f"Depreciation {self.month:%B %Y}"


class DepreciationLine(models.Model):
    """One asset's depreciation in a run, and where it leaves the asset."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(DepreciationRun, on_delete=models.CASCADE, related_name="lines")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="depreciation_lines")
    amount = MoneyField()
    accumulated = MoneyField(help_text="Depreciation to the month's end, opening included")
    book_value = MoneyField(help_text="Cost less accumulated depreciation")

    class Meta:
        ordering = ["run_id", "asset_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "asset"], name="assets_line_once_per_run"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="assets_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_id}: {self.amount}"


class TaxBlockOpening(BaseModel):
    """A block's written-down value for income tax at a fiscal year's start, as the last
    return (or the tax audit report) carried it; later years follow from the register."""

    block = models.CharField(max_length=100)
    year_start = models.DateField()
    wdv = MoneyField()

    class Meta:
        ordering = ["block", "year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year_start"], name="assets_tax_opening_once_a_year"
            ),
            models.CheckConstraint(condition=Q(wdv__gte=0), name="assets_tax_opening_wdv"),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year_start}: {self.wdv}"


class AssetSettings(BaseModel):
    """The company's choices for the register: whether each month's depreciation is posted by
    itself early in the next month (ADR 0075); whether its income-tax working claims additional
    depreciation (ADR 0076)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    auto_depreciate = models.BooleanField(
        default=False, help_text="Post last month's depreciation each morning until it is done"
    )
    tax_additional = models.BooleanField(
        default=False,
        help_text="Claim additional depreciation (s.32(1)(iia)): not under the s.115BAA rates",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="assets_settings_singleton")
        ]

    def __str__(self) -> str:
        return "Fixed asset settings"
