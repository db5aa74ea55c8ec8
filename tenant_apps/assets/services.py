"""Every write of the fixed asset register (ADR 0075): categories, registering an asset (no
posting: its cost is in the books already), the monthly depreciation runs, disposals.

Runs and disposals take one advisory lock per schema, so what an asset has been charged is read
and written by one of them at a time. A run charges each asset in use what the formula gives to
the month's end less what posted runs charged it already (a late-registered asset catches up in
its first run); a disposal charges the rest to its day and takes the asset out of the books.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from tenant_apps.assets import depreciation as dep
from tenant_apps.assets.models import (
    Asset,
    AssetCategory,
    AssetSettings,
    AssetStatus,
    DepreciationLine,
    DepreciationMethod,
    DepreciationRun,
    DepreciationRunStatus,
    TaxBlockOpening,
)
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import schema_lock, sequence_next
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.ledger import Posting

ZERO = Decimal("0")
ASSET_SERIES = "FA"
RUN_SERIES = "DEP"
DISPOSAL_SERIES = "FAD"
CAPITALISATION_SERIES = "FAC"
CWIP_ROLE = "capital_wip"
DISPOSAL_ROLE = "asset_disposal"
# where the money a disposal fetched may be booked: the bank, the cash, or a plain ledger (a
# clearing ledger the sale invoice credited, scrap sales); never a control ledger
PROCEEDS_ROLES = ("", "bank", "cash")
BILLED_STATUSES = ("posted", "partly_paid", "paid")
CATEGORY_FIELDS = (
    "name",
    "method",
    "useful_life_months",
    "residual_percent",
    "asset_account",
    "accumulated_account",
    "depreciation_account",
    "is_active",
    "tax_block",
    "tax_rate",
    "tax_additional_rate",
)


def _refuse(field: str, detail: str, code: str) -> ApplicationError:
    return ApplicationError(detail, code=code, fields={field: [detail]})


def _lock() -> None:
    schema_lock("assets")


def year_start() -> dep.YearStart:
    company = CompanySettings.objects.get(singleton=True)
    return dep.YearStart(company.fiscal_year_start_month, company.fiscal_year_start_day)


def basis_of(asset: Asset) -> dep.Basis:
    return dep.basis(
        method=asset.method,
        cost=asset.cost,
        residual=asset.residual_value,
        in_use=asset.in_use_date,
        life_months=asset.useful_life_months,
        opening_date=asset.opening_date,
        opening_depreciation=asset.opening_depreciation,
        rate=asset.rate,
    )


def posted_depreciation(asset_ids: list[int]) -> dict[int, Decimal]:
    """What posted runs charged each asset (disposals' own charge is not a run line)."""
    rows = (
        DepreciationLine.objects.filter(
            asset_id__in=asset_ids, run__status=DepreciationRunStatus.POSTED
        )
        .values("asset_id")
        .annotate(total=Sum("amount"))
    )
    return {r["asset_id"]: r["total"] for r in rows}


# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------
def _ledger_problem(account: Any, type_: str, role: str) -> str | None:
    """Why a category cannot post to `account`: a group, inactive, of another type, or a
    ledger other modules keep (bank, cash, parties, taxes: any role but `role`)."""
    if account.is_group:
        return f"{account.code} {account.name} is a group: pick a ledger."
    if not account.is_active:
        return f"{account.code} {account.name} is inactive."
    if account.type != type_:
        return f"{account.code} {account.name} is not an {type_} ledger."
    if account.role not in ("", role):
        return f"{account.code} {account.name} is the {account.get_role_display()} ledger."
    return None


def _category_check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for field, type_, role in (
        ("asset_account", "asset", ""),
        ("accumulated_account", "asset", "accumulated_depreciation"),
        ("depreciation_account", "expense", "depreciation"),
    ):
        problem = _ledger_problem(values[field], type_, role)
        if problem:
            errors[field] = [problem]
    others = AssetCategory.objects.all()
    if values.get("pk") is not None:
        others = others.exclude(pk=values["pk"])
    block, rate = values.get("tax_block", ""), values.get("tax_rate")
    if not block and values.get("tax_additional_rate"):
        errors.setdefault("tax_additional_rate", []).append(
            "Additional depreciation is claimed in a block of assets: name the block first."
        )
    if bool(block) != (rate is not None):
        errors.setdefault("tax_rate" if block else "tax_block", []).append(
            "A block of assets for income tax has a name and a rate, or neither."
        )
    elif block and values.get("pk") is None:  # a change of rate carries to the block (update)
        other = others.filter(tax_block=block).exclude(tax_rate=rate).order_by("name").first()
        if other is not None:
            errors.setdefault("tax_rate", []).append(
                f"The block {block} is at {(other.tax_rate or 0):.4g}% in {other.name}: "
                "one block, one rate."
            )
    if others.filter(accumulated_account=values["asset_account"]).exists():
        errors.setdefault("asset_account", []).append(
            "This ledger keeps another category's accumulated depreciation."
        )
    if others.filter(asset_account=values["accumulated_account"]).exists():
        errors.setdefault("accumulated_account", []).append(
            "This ledger keeps another category's cost."
        )
    if values["asset_account"] == values["accumulated_account"]:
        errors.setdefault("accumulated_account", []).append(
            "Accumulated depreciation is kept on a ledger of its own, not the assets' ledger."
        )
    if errors:
        raise ApplicationError("The category is not right.", code="invalid", fields=errors)


def _category_save(category: AssetCategory, values: dict[str, Any], user: Any) -> AssetCategory:
    _category_check({**values, "pk": category.pk})
    for field, value in values.items():
        setattr(category, field, value)
    category.updated_by = user
    fields = None if category.pk is None else [*values, "updated_by", "updated_at"]
    try:
        with transaction.atomic():
            category.save(update_fields=fields)
    except IntegrityError as exc:
        raise _refuse(
            "name", f"A category named {values['name']!r} exists already.", "duplicate"
        ) from exc
    return category


def category_create(*, user: Any, data: dict[str, Any]) -> AssetCategory:
    values = {f: data[f] for f in CATEGORY_FIELDS if f in data}
    values.setdefault("is_active", True)
    values.setdefault("tax_block", "")
    values.setdefault("tax_rate", None)
    values.setdefault("tax_additional_rate", ZERO)
    with transaction.atomic(durable=True):
        return _category_save(AssetCategory(created_by=user), values, user)


def category_update(*, user: Any, category: AssetCategory, data: dict[str, Any]) -> AssetCategory:
    """Change a category: its assets keep the method, life, residual value and additional
    depreciation rate they were registered with; new assets take the new defaults and ledgers.
    Renaming the block of the last category in it takes the block's entered openings along."""
    with transaction.atomic(durable=True):
        category = AssetCategory.objects.select_for_update().get(pk=category.pk)
        old_block = category.tax_block
        values = {f: data.get(f, getattr(category, f)) for f in CATEGORY_FIELDS}
        saved = _category_save(category, values, user)
        if old_block and saved.tax_block != old_block:
            _tax_openings_follow(old_block, saved.tax_block, user)
        if saved.tax_block:  # one block, one rate: the block's other categories follow
            AssetCategory.objects.filter(tax_block=saved.tax_block).exclude(
                tax_rate=saved.tax_rate
            ).update(tax_rate=saved.tax_rate, updated_by=user, updated_at=timezone.now())
        return saved


def _tax_openings_follow(old: str, new: str, user: Any) -> None:
    """A block renamed (its last category moved to a new name): its entered openings go with it.
    Moved into a block that exists, or left with no block, they stay where they are (another
    category may bring the old name back); a year entered under both names is refused."""
    if AssetCategory.objects.filter(tax_block=old).exists() or not new:
        return
    if AssetCategory.objects.filter(tax_block=new).count() > 1:
        return  # joined a block that has its own openings
    moving = TaxBlockOpening.objects.filter(block=old)
    clash = (
        TaxBlockOpening.objects.filter(block=new, year_start__in=moving.values("year_start"))
        .order_by("year_start")
        .first()
    )
    if clash is not None:
        raise _refuse(
            "tax_block",
            f"{new} has an opening entered for {clash.year_start:%d %b %Y}, and so has {old}: "
            "remove one of them first.",
            "conflict",
        )
    moving.update(block=new, updated_by=user, updated_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# Assets
# ---------------------------------------------------------------------------------------------
def _bill_left(bill: Any, account: Any) -> Decimal:
    """What the bill put on `account` and no asset registered from it holds yet."""
    from tenant_apps.finance.models import JournalLine

    put = JournalLine.objects.filter(entry_id=bill.journal_entry_id, account=account).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    held = Asset.objects.filter(bill=bill, category__asset_account=account).aggregate(
        s=Sum("cost")
    )["s"]
    return (put["d"] or ZERO) - (put["c"] or ZERO) - (held or ZERO)


def _asset_check(values: dict[str, Any], category: AssetCategory) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, text: str) -> None:
        errors.setdefault(field, []).append(text)

    if not category.is_active:
        add("category", f"The category {category.name} is inactive.")
    if values.get("cost_centre") is not None:
        problem = ledger.cost_centre_problem(values["cost_centre"])
        if problem:
            add("cost_centre", problem)
    cost, residual = values["cost"], values["residual_value"]
    opening_date, opening = values["opening_date"], values["opening_depreciation"]
    if values["in_use_date"] < values["purchase_date"]:
        add("in_use_date", "An asset is put to use on or after the day it was bought.")
    if opening and opening_date is None:
        add("opening_date", "Give the day the depreciation charged before these books ends.")
    if opening_date is not None and opening_date < values["in_use_date"]:
        add("opening_date", "The opening day is on or after the day it was put to use.")
    if opening >= cost:
        add("opening_depreciation", "Depreciation already charged is less than the cost.")
    elif residual > cost - opening:
        add("residual_value", "The residual value is at most the book value.")
    elif (
        opening_date is not None
        and opening_date > dep.life_end(values["in_use_date"], values["useful_life_months"])
        and cost - opening > residual
    ):
        add(
            "opening_depreciation",
            "Its useful life ended before the opening day: the depreciation charged by then "
            "leaves only the residual value.",
        )
    elif values["method"] == DepreciationMethod.WDV and residual <= 0 and cost - opening > 0:
        add(
            "residual_value",
            "The written-down value method needs a residual value above zero (5 % of cost "
            "under Schedule II); use the straight line to write an asset down to nothing.",
        )
    if errors:
        raise ApplicationError("The asset is not right.", code="invalid", fields=errors)


def asset_create(*, user: Any, data: dict[str, Any]) -> Asset:
    """Register an asset. Defaults from its category: method, useful life, residual value (its
    percentage of the cost), additional depreciation rate. Its cost is in the books already, or
    comes out of capital work in progress now:

    - a vendor bill named as its source must have put at least the cost on the category's
      asset ledger, less what assets registered from it hold (nothing is posted);
    - a capital work-in-progress ledger named as its source (ADR 0077) must hold the cost on
      the day it is put to use and today; one entry (series FAC) on that day moves the cost to
      the category's asset ledger."""
    from tenant_apps.invoicing.models import Document

    values = _asset_values(data)
    category, cost = values["category"], values["cost"]
    bill, cwip = data.get("bill"), data.get("cwip_account")
    if cwip is not None and (bill is not None or values["opening_date"] is not None):
        raise _refuse(
            "cwip_account",
            "An asset capitalised from work in progress comes on no bill and is not brought "
            "forward: its cost is on the work-in-progress ledger until now.",
            "invalid",
        )
    with transaction.atomic(durable=True):
        if bill is not None:
            bill = Document.objects.select_for_update().get(pk=bill.pk)
            if bill.kind != "bill" or bill.status not in BILLED_STATUSES:
                raise _refuse("bill", f"{bill} is not a posted vendor bill.", "invalid")
            left = _bill_left(bill, category.asset_account)
            if cost > left:
                account = category.asset_account
                raise _refuse(
                    "cost",
                    f"Bill {bill.number} leaves ₹{left:,.2f} on {account.code} {account.name} "
                    f"for new assets; this one costs ₹{cost:,.2f}.",
                    "over_bill",
                )
            values["bill"] = bill
        if cwip is not None:
            _lock()  # capitalisations from one ledger, one at a time
            _cwip_check(cwip, values["in_use_date"], cost)
        asset = _asset_save(values, user)
        if cwip is not None:
            _capitalise(asset, cwip, user)
        return asset


def cwip_held(account: Any, day: dt.date) -> Decimal:
    """What a capital work-in-progress ledger holds for new assets: its balance on `day` or,
    if less, its balance after every posting (a later capitalisation took some)."""
    from tenant_apps.finance.models import JournalLine

    got = JournalLine.objects.filter(account=account).aggregate(
        on_day=Sum(F("debit") - F("credit"), filter=Q(date__lte=day)),
        latest=Sum(F("debit") - F("credit")),
    )
    return min(got["on_day"] or ZERO, got["latest"] or ZERO)


def _cwip_check(account: Any, day: dt.date, cost: Decimal) -> None:
    name = f"{account.code} {account.name}"
    if account.role != CWIP_ROLE or account.is_group or not account.is_active:
        raise _refuse(
            "cwip_account",
            f"{name} is not an active capital work-in-progress ledger.",
            "invalid",
        )
    held = cwip_held(account, day)
    if cost > held:
        raise _refuse(
            "cost",
            f"{name} holds ₹{held:,.2f} on {day:%d %b %Y} for new assets; this one costs "
            f"₹{cost:,.2f}.",
            "over_cwip",
        )


def _capitalise(asset: Asset, cwip: Any, user: Any) -> None:
    """Post the move of the asset's cost from work in progress to its ledger."""
    text = f"{asset.number} {asset.name}"
    asset.capitalisation_entry = ledger.entry_post(
        date=asset.in_use_date,
        narration=f"Capitalised from {cwip.code} {cwip.name}: {text}",
        postings=[
            Posting(asset.category.asset_account, debit=asset.cost, description=text),
            Posting(cwip, credit=asset.cost, description=f"{text}: put to use"),
        ],
        source_type="assets.capitalisation",
        source_id=asset.pk,
        series=CAPITALISATION_SERIES,
        currency=base_currency(),
        exchange_rate=Decimal(1),
        user=user,
    )
    asset.cwip_account = cwip
    asset.save(update_fields=["cwip_account", "capitalisation_entry"])


def _asset_values(data: dict[str, Any]) -> dict[str, Any]:
    """The asset's fields from the input and its category's defaults, checked (400s on the
    fields)."""
    category: AssetCategory = data["category"]
    cost = round_money(data["cost"])
    values: dict[str, Any] = {
        "name": data["name"],
        "description": data.get("description", ""),
        "cost_centre": data.get("cost_centre"),
        "category": category,
        "purchase_date": data["purchase_date"],
        "in_use_date": data.get("in_use_date") or data["purchase_date"],
        "cost": cost,
        "method": data.get("method") or category.method,
        "useful_life_months": data.get("useful_life_months") or category.useful_life_months,
        "opening_date": data.get("opening_date"),
        "opening_depreciation": round_money(data.get("opening_depreciation") or ZERO),
        "tax_additional_rate": data.get("tax_additional_rate", category.tax_additional_rate),
    }
    residual = data.get("residual_value")
    values["residual_value"] = round_money(
        residual if residual is not None else cost * category.residual_percent / 100
    )
    _asset_check(values, category)
    return values


def _asset_save(values: dict[str, Any], user: Any) -> Asset:
    """Number and save a checked asset (inside the caller's transaction)."""
    asset = Asset(created_by=user, updated_by=user, **values)
    if asset.method == DepreciationMethod.WDV:
        asset.rate = basis_of(asset).rate
    asset.number = sequence_next(series=ASSET_SERIES, on_date=asset.purchase_date)
    asset.save()
    return asset


def assets_import(
    *,
    user: Any,
    rows: list[tuple[int, dict[str, Any]]],
    errors: dict[str, list[str]] | None = None,
) -> list[Asset]:
    """Register one asset per row (an existing register brought in), all or none: every row is
    checked first and its errors come back as `rows.<row number>.<field>`, with the file's own
    (`errors`, from reading it)."""
    errors = dict(errors or {})
    read: list[tuple[int, dict[str, Any]]] = []
    for number, data in rows:
        try:
            read.append((number, _asset_values(data)))
        except ApplicationError as exc:
            for field, messages in exc.fields.items():
                errors[f"rows.{number}.{field}"] = messages
    # the same asset registered already (a file imported twice) or on an earlier row
    seen: dict[tuple[Any, ...], str] = {
        _import_key(a.name, a.category_id, a.in_use_date, a.cost): f"in the register as {a.number}"
        for a in Asset.objects.filter(in_use_date__in={v["in_use_date"] for _, v in read})
    }
    for number, values in read:
        key = _import_key(
            values["name"], values["category"].pk, values["in_use_date"], values["cost"]
        )
        if key in seen:
            errors.setdefault(f"rows.{number}.name", []).append(
                f"{values['name']} is {seen[key]} already (same category, day put to use and cost)."
            )
        seen.setdefault(key, f"on row {number}")
    if errors:
        raise ApplicationError(
            f"{len({k.split('.')[1] for k in errors})} row(s) have errors; nothing was imported.",
            code="import_invalid",
            fields=dict(sorted(errors.items(), key=lambda kv: (int(kv[0].split(".")[1]), kv[0]))),
        )
    with transaction.atomic(durable=True):
        return [_asset_save(values, user) for _, values in read]


def _import_key(name: str, category: int, in_use: dt.date, cost: Decimal) -> tuple[Any, ...]:
    """What makes an imported row the same asset as one registered (or an earlier row)."""
    return (name.strip().casefold(), category, in_use, round_money(cost))


ASSET_CHANGEABLE = ("name", "description", "cost_centre", "tax_additional_rate")


def asset_update(*, user: Any, asset: Asset, data: dict[str, Any]) -> Asset:
    """Change what does not touch the figures: the name, the description, the cost centre (the
    runs and the disposal from now on book the depreciation to it), the rate of additional
    depreciation claimed for income tax (a working, never posted)."""
    with transaction.atomic(durable=True):
        _lock()  # not while a run or a disposal reads it
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        centre = data.get("cost_centre")
        if centre is not None and (problem := ledger.cost_centre_problem(centre)):
            raise _refuse("cost_centre", problem, "invalid")
        if (
            "cost_centre" in data
            and asset.status == AssetStatus.DISPOSED
            and centre != asset.cost_centre
        ):
            raise _refuse(
                "cost_centre", f"{asset} is disposed: its depreciation is booked.", "disposed"
            )
        fields = [f for f in ASSET_CHANGEABLE if f in data]
        for field in fields:
            setattr(asset, field, data[field])
        asset.updated_by = user
        asset.save(update_fields=[*fields, "updated_by", "updated_at"])
        return asset


def asset_delete(*, user: Any, asset: Asset) -> None:
    """Delete an asset registered by mistake: never depreciated (not even by a cancelled run)
    nor disposed. An asset capitalised from work in progress has that entry reversed on its
    day: the cost is back on the work-in-progress ledger."""
    with transaction.atomic(durable=True):
        _lock()
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if asset.status != AssetStatus.ACTIVE:
            raise ApplicationError(
                f"{asset} is disposed: it stays in the register.", code="disposed"
            )
        if asset.depreciation_lines.exists():
            raise ApplicationError(
                f"{asset} has depreciation runs in its history: dispose of it instead.",
                code="has_depreciation",
            )
        if asset.capitalisation_entry is not None:
            ledger.entry_reverse(
                entry=asset.capitalisation_entry,
                date=asset.capitalisation_entry.date,
                user=user,
                reason=f"{asset.number} deleted: back to work in progress",
            )
        asset.delete()


DISPOSAL_FIELDS = (
    "disposal_date",
    "disposal_proceeds",
    "disposal_account",
    "disposal_depreciation",
    "disposal_gain",
    "disposal_entry",
    "disposal_reason",
)


@dataclass(frozen=True)
class Disposal:
    """What disposing of an asset on a day for some proceeds books."""

    date: dt.date
    proceeds: Decimal
    charged_before: Decimal  # opening depreciation and posted runs
    depreciation: Decimal  # the charge from the last run to the day
    accumulated: Decimal
    book_value: Decimal
    gain: Decimal  # + profit, - loss


def disposal_figures(asset: Asset, day: dt.date, proceeds: Decimal) -> Disposal:
    charged = asset.opening_depreciation + posted_depreciation([asset.pk]).get(asset.pk, ZERO)
    to_day = asset.opening_depreciation + dep.accumulated(basis_of(asset), day, year_start())
    stub = max(ZERO, to_day - charged)
    accumulated = charged + stub
    book = asset.cost - accumulated
    return Disposal(
        date=day,
        proceeds=proceeds,
        charged_before=charged,
        depreciation=stub,
        accumulated=accumulated,
        book_value=book,
        gain=proceeds - book,
    )


def _last_run_date(asset: Asset) -> dt.date | None:
    line = (
        asset.depreciation_lines.filter(run__status=DepreciationRunStatus.POSTED)
        .select_related("run")
        .order_by("-run__month")
        .first()
    )
    return line.run.date if line is not None else None


def disposal_day_check(asset: Asset, day: dt.date) -> None:
    """Refuse a disposal day: in the future, before the asset was in these books, or on or
    before its last run."""
    if day > timezone.localdate():
        raise _refuse("date", "A disposal is booked on or after its day, not before.", "future")
    if day < (asset.opening_date or asset.purchase_date):
        raise _refuse("date", f"{asset} was not in these books on {day:%d %b %Y}.", "invalid")
    last = _last_run_date(asset)
    if last is not None and day <= last:
        raise _refuse(
            "date",
            f"{asset} is depreciated to {last:%d %b %Y}: cancel the later runs to dispose of "
            "it earlier.",
            "depreciated_after",
        )


def _disposal_check(asset: Asset, day: dt.date, proceeds: Decimal, account: Any) -> None:
    if asset.status != AssetStatus.ACTIVE:
        raise ApplicationError(f"{asset} is disposed already.", code="not_active")
    disposal_day_check(asset, day)
    if proceeds < 0:
        raise _refuse("proceeds", "What the asset fetched is zero or more.", "invalid")
    if proceeds > 0 and account is None:
        raise _refuse("account", "Say where the money it fetched was booked.", "required")
    if account is not None:
        category = asset.category
        problem = (
            "is a group"
            if account.is_group
            else "is inactive"
            if not account.is_active
            else "is a control ledger"
            if account.role not in PROCEEDS_ROLES
            else "is one of the asset's own ledgers"
            if account.pk
            in (
                category.asset_account_id,
                category.accumulated_account_id,
                category.depreciation_account_id,
            )
            else None
        )
        if problem:
            raise _refuse(
                "account",
                f"{account.code} {account.name} {problem}: pick the bank, the cash or the "
                "ledger the sale was booked to.",
                "invalid",
            )


def asset_dispose(
    *,
    user: Any,
    asset: Asset,
    date: dt.date,
    proceeds: Decimal = ZERO,
    account: Any = None,
    reason: str = "",
) -> Asset:
    """Sell or scrap an asset: one entry on the day charges the depreciation since the last run,
    takes the cost and the accumulated depreciation out of the books, books the money it
    fetched and the profit or loss (on the `asset_disposal` ledger)."""
    proceeds = round_money(proceeds)
    with transaction.atomic(durable=True):
        _lock()
        asset = (
            Asset.objects.select_for_update(of=("self",))
            .select_related("category", "cost_centre")
            .get(pk=asset.pk)
        )
        _disposal_check(asset, date, proceeds, account)
        figures = disposal_figures(asset, date, proceeds)
        category = asset.category
        text = f"{asset.number} {asset.name}"
        postings = [
            Posting(
                category.depreciation_account,
                debit=figures.depreciation,
                description=f"{text}: depreciation to {date:%d %b %Y}",
                cost_centre=asset.cost_centre,
            ),
            Posting(
                category.accumulated_account,
                debit=figures.charged_before,
                description=f"{text}: accumulated depreciation written back",
            ),
            Posting(
                account, debit=proceeds, description=f"{text}: sale proceeds"
            ),  # skipped when zero
            Posting(category.asset_account, credit=asset.cost, description=f"{text}: cost"),
            Posting(
                DISPOSAL_ROLE,
                debit=-figures.gain if figures.gain < 0 else ZERO,
                credit=figures.gain if figures.gain > 0 else ZERO,
                description=f"{text}: {'profit' if figures.gain > 0 else 'loss'} on disposal",
                cost_centre=asset.cost_centre,
            ),
        ]
        asset.disposal_entry = ledger.entry_post(
            date=date,
            narration=f"Disposal of {text}" + (f": {reason}" if reason else ""),
            postings=[p for p in postings if p.debit or p.credit],
            source_type="assets.disposal",
            source_id=asset.pk,
            series=DISPOSAL_SERIES,
            currency=base_currency(),
            exchange_rate=Decimal(1),
            user=user,
        )
        asset.status = AssetStatus.DISPOSED
        asset.disposal_date = date
        asset.disposal_proceeds = proceeds
        asset.disposal_account = account
        asset.disposal_depreciation = figures.depreciation
        asset.disposal_gain = figures.gain
        asset.disposal_reason = reason
        asset.updated_by = user
        asset.save(update_fields=[*DISPOSAL_FIELDS, "status", "updated_by", "updated_at"])
        return asset


def asset_disposal_cancel(*, user: Any, asset: Asset, reason: str = "") -> Asset:
    """Undo a disposal: its entry is reversed on its day and the asset is in use again. Months
    run since are caught up by the next run."""
    with transaction.atomic(durable=True):
        _lock()
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if asset.status != AssetStatus.DISPOSED or asset.disposal_entry is None:
            raise ApplicationError(f"{asset} is not disposed.", code="not_disposed")
        ledger.entry_reverse(
            entry=asset.disposal_entry,
            date=asset.disposal_date or timezone.localdate(),
            user=user,
            reason=reason or "Disposal cancelled",
        )
        for field in DISPOSAL_FIELDS:
            setattr(asset, field, "" if field == "disposal_reason" else None)
        asset.status = AssetStatus.ACTIVE
        asset.updated_by = user
        asset.save(update_fields=[*DISPOSAL_FIELDS, "status", "updated_by", "updated_at"])
        return asset


# ---------------------------------------------------------------------------------------------
# Monthly depreciation
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunRow:
    asset: Asset
    amount: Decimal
    accumulated: Decimal  # opening depreciation included
    book_value: Decimal


def depreciation_preview(month: dt.date) -> list[RunRow]:
    """Each asset in use at the month's end and what it is charged: the formula's depreciation
    to the month's end less what posted runs charged it (none for a month done already)."""
    end = dep.month_end(month)
    assets = list(
        Asset.objects.filter(status=AssetStatus.ACTIVE)
        .select_related("category", "cost_centre")
        .order_by("number")
    )
    charged = posted_depreciation([a.pk for a in assets])
    year = year_start()
    rows = []
    for asset in assets:
        b = basis_of(asset)
        if b.start > end:
            continue
        amount = dep.accumulated(b, end, year) - charged.get(asset.pk, ZERO)
        if amount <= 0:
            continue
        accumulated = asset.opening_depreciation + charged.get(asset.pk, ZERO) + amount
        rows.append(RunRow(asset, amount, accumulated, asset.cost - accumulated))
    return rows


def depreciation_run_create(*, user: Any, month: dt.date) -> DepreciationRun:
    """Charge `month`'s depreciation as the preview shows it: one entry dated the month's end,
    per category debit its depreciation ledger and credit its accumulated depreciation."""
    month = month.replace(day=1)
    end = dep.month_end(month)
    with transaction.atomic(durable=True):
        _lock()
        if end > timezone.localdate():
            raise _refuse("month", f"{month:%B %Y} is not over yet.", "month_not_over")
        later = (
            DepreciationRun.objects.filter(status=DepreciationRunStatus.POSTED, month__gte=month)
            .order_by("-month")
            .first()
        )
        if later is not None:
            raise _refuse(
                "month",
                f"{later.month:%B %Y} is done already: months are done in order."
                if later.month > month
                else f"{month:%B %Y} is done already.",
                "already_done",
            )
        rows = depreciation_preview(month)
        if not rows:
            raise _refuse(
                "month", f"No asset is to be depreciated in {month:%B %Y}.", "nothing_to_do"
            )
        run = DepreciationRun.objects.create(
            month=month,
            date=end,
            total=sum((r.amount for r in rows), ZERO),
            created_by=user,
            updated_by=user,
        )
        DepreciationLine.objects.bulk_create(
            [
                DepreciationLine(
                    run=run,
                    asset=r.asset,
                    amount=r.amount,
                    accumulated=r.accumulated,
                    book_value=r.book_value,
                )
                for r in rows
            ]
        )
        # per category: its depreciation ledger debited per cost centre (the jobs' and
        # departments' own share), its accumulated depreciation credited once
        per_centre: dict[tuple[int, int | None], Decimal] = defaultdict(lambda: ZERO)
        categories, centres = {}, {}
        for r in rows:
            per_centre[(r.asset.category_id, r.asset.cost_centre_id)] += r.amount
            categories[r.asset.category_id] = r.asset.category
            centres[r.asset.cost_centre_id] = r.asset.cost_centre
        postings = []
        for pk in sorted(categories, key=lambda pk: categories[pk].name):
            category = categories[pk]
            text = f"Depreciation {month:%b %Y}: {category.name}"
            shares = sorted(
                ((c, amount) for (k, c), amount in per_centre.items() if k == pk),
                key=lambda share: getattr(centres[share[0]], "code", ""),  # none first
            )
            postings += [
                Posting(
                    category.depreciation_account,
                    debit=amount,
                    description=text,
                    cost_centre=centres[c],
                )
                for c, amount in shares
            ]
            postings.append(
                Posting(
                    category.accumulated_account,
                    credit=sum((amount for _, amount in shares), ZERO),
                    description=text,
                )
            )
        run.journal_entry = ledger.entry_post(
            date=end,
            narration=f"Depreciation of fixed assets, {month:%B %Y}",
            postings=postings,
            source_type="assets.depreciation",
            source_id=run.pk,
            series=RUN_SERIES,
            currency=base_currency(),
            exchange_rate=Decimal(1),
            user=user,
        )
        run.save(update_fields=["journal_entry"])
        return run


def depreciation_run_cancel(
    *, user: Any, run: DepreciationRun, reason: str = ""
) -> DepreciationRun:
    """Cancel the latest month's run: its entry is reversed on the month's end. Not while an
    asset it charged is disposed (the disposal counted this run's charge)."""
    with transaction.atomic(durable=True):
        _lock()
        run = DepreciationRun.objects.select_for_update().get(pk=run.pk)
        if run.status != DepreciationRunStatus.POSTED:
            raise ApplicationError(f"{run} is already cancelled.", code="not_open")
        if DepreciationRun.objects.filter(
            status=DepreciationRunStatus.POSTED, month__gt=run.month
        ).exists():
            raise ApplicationError(
                f"A later month is done: cancel it before {run.month:%B %Y}.", code="later_done"
            )
        disposed = (
            Asset.objects.filter(depreciation_lines__run=run, status=AssetStatus.DISPOSED)
            .order_by("number")
            .first()
        )
        if disposed is not None:
            raise ApplicationError(
                f"{disposed} was disposed of after this run: cancel its disposal first.",
                code="asset_disposed",
            )
        if run.journal_entry is not None:
            ledger.entry_reverse(
                entry=run.journal_entry, date=run.date, user=user, reason=reason or "Cancelled"
            )
        run.status = DepreciationRunStatus.CANCELLED
        run.cancelled_at = timezone.now()
        run.updated_by = user
        run.save(update_fields=["status", "cancelled_at", "updated_by", "updated_at"])
        return run


# ---------------------------------------------------------------------------------------------
# Income-tax blocks
# ---------------------------------------------------------------------------------------------
def tax_opening_set(
    *, user: Any, block: str, year_start: dt.date, wdv: Decimal | None
) -> TaxBlockOpening | None:
    """Enter (or change) a block's written-down value at the start of a previous year (1 April:
    income tax's year, whatever the books' fiscal year), as the last return carried it; None
    removes it (the year then opens at the year before's closing)."""
    from tenant_apps.assets.tax import TAX_YEAR

    with transaction.atomic(durable=True):
        if not AssetCategory.objects.filter(tax_block=block).exists():
            raise _refuse("block", f"No category is in the block {block!r}.", "invalid")
        if TAX_YEAR.bounds(year_start)[0] != year_start:
            raise _refuse(
                "year_start",
                f"{year_start:%d %b %Y} is not a 1 April (income tax's year).",
                "invalid",
            )
        if wdv is None:
            TaxBlockOpening.objects.filter(block=block, year_start=year_start).delete()
            return None
        if wdv < 0:
            raise _refuse("wdv", "A written-down value is zero or more.", "invalid")
        opening, _ = TaxBlockOpening.objects.update_or_create(
            block=block,
            year_start=year_start,
            defaults={"wdv": round_money(wdv), "updated_by": user},
            create_defaults={"wdv": round_money(wdv), "created_by": user, "updated_by": user},
        )
        return opening


# ---------------------------------------------------------------------------------------------
# Settings and the automatic monthly run
# ---------------------------------------------------------------------------------------------
def asset_settings_get() -> AssetSettings:
    """The company's settings; the defaults (unsaved) until they are first changed."""
    return AssetSettings.objects.filter(singleton=True).first() or AssetSettings()


def asset_settings_update(*, user: Any, **changes: bool) -> AssetSettings:
    """Change `auto_depreciate` and/or `tax_additional`."""
    with transaction.atomic(durable=True):
        settings, _ = AssetSettings.objects.select_for_update().get_or_create(singleton=True)
        for field, value in changes.items():
            setattr(settings, field, value)
        settings.updated_by = user
        settings.save(update_fields=[*changes, "updated_by", "updated_at"])
        return settings


def depreciation_auto_run(*, on: dt.date) -> str:
    """The daily job (ADR 0075): where the company asked for it, post the month before `on`
    unless it is done. "off", "done", "posted", "nothing" (no asset to charge) or
    "refused: <code>" (a locked period, a later month done...: the accountant sees the month
    still open on the Depreciation page)."""
    if not AssetSettings.objects.filter(auto_depreciate=True).exists():
        return "off"
    month = dep.add_months(on.replace(day=1), -1)
    if DepreciationRun.objects.filter(month=month, status=DepreciationRunStatus.POSTED).exists():
        return "done"
    try:
        depreciation_run_create(user=None, month=month)
    except ApplicationError as exc:
        return "nothing" if exc.code == "nothing_to_do" else f"refused: {exc.code}"
    return "posted"
