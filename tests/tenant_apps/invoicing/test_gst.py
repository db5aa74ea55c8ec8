"""GST worked examples: the numbers are computed by hand in the comments, not by the code."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.invoicing.gst import GstLineInput, gst_compute
from tenant_apps.invoicing.words import amount_in_words, integer_in_words

MH, KA = "27", "29"


def test_intra_state_splits_into_cgst_and_sgst_at_half_the_rate():
    # given 10 pumps at 1,250.00 at 18% sold within Maharashtra
    lines = [GstLineInput(quantity=D("10"), unit_price=D("1250"), gst_rate=D("18"), hsn_sac="8413")]

    # when
    r = gst_compute(lines=lines, supplier_state=MH, place_of_supply=MH)

    # then taxable 12,500.00; CGST 9% = 1,125.00; SGST 9% = 1,125.00; total 14,750.00
    assert r.is_inter_state is False
    line = r.lines[0]
    assert (line.taxable_value, line.cgst, line.sgst, line.igst) == (
        D("12500.00"),
        D("1125.00"),
        D("1125.00"),
        D("0"),
    )
    assert (r.taxable_total, r.cgst_total, r.sgst_total, r.igst_total) == (
        D("12500.00"),
        D("1125.00"),
        D("1125.00"),
        D("0"),
    )
    assert (r.round_off, r.total) == (D("0.00"), D("14750"))


def test_inter_state_is_igst_at_the_full_rate():
    # given the same supply to Karnataka
    lines = [GstLineInput(quantity=D("10"), unit_price=D("1250"), gst_rate=D("18"), hsn_sac="8413")]

    # when
    r = gst_compute(lines=lines, supplier_state=MH, place_of_supply=KA)

    # then IGST 18% of 12,500 = 2,250.00
    assert r.is_inter_state is True
    assert (r.cgst_total, r.sgst_total, r.igst_total, r.total) == (
        D("0"),
        D("0"),
        D("2250.00"),
        D("14750"),
    )


def test_mixed_rates_are_taxed_per_line_and_summarised_by_rate_and_hsn():
    # given three lines at 5%, 12% and 18%, one with a 10% discount
    lines = [
        GstLineInput(quantity=D("3"), unit_price=D("333.33"), gst_rate=D("5"), hsn_sac="7308"),
        # 2 x 1,000 less 10% = 1,800.00
        GstLineInput(
            quantity=D("2"),
            unit_price=D("1000"),
            gst_rate=D("12"),
            discount_percent=D("10"),
            hsn_sac="8419",
        ),
        GstLineInput(quantity=D("1"), unit_price=D("4999.99"), gst_rate=D("18"), hsn_sac="998719"),
        GstLineInput(quantity=D("1"), unit_price=D("100"), gst_rate=D("18"), hsn_sac="998719"),
    ]

    # when
    r = gst_compute(lines=lines, supplier_state=MH, place_of_supply=MH)

    # then line 1: taxable 999.99; CGST = SGST = 2.5% of 999.99 = 24.99975 -> 25.00
    # line 2: 1,800.00; CGST = SGST = 6% = 108.00
    # line 3: 4,999.99; CGST = SGST = 9% = 449.9991 -> 450.00
    # line 4: 100.00; CGST = SGST = 9.00
    assert [(x.taxable_value, x.cgst, x.sgst) for x in r.lines] == [
        (D("999.99"), D("25.00"), D("25.00")),
        (D("1800.00"), D("108.00"), D("108.00")),
        (D("4999.99"), D("450.00"), D("450.00")),
        (D("100.00"), D("9.00"), D("9.00")),
    ]
    # taxable 7,899.98 + CGST 592.00 + SGST 592.00 = 9,083.98 -> 9,084; round-off +0.02
    assert (r.taxable_total, r.cgst_total, r.sgst_total) == (D("7899.98"), D("592.00"), D("592.00"))
    assert (r.round_off, r.total) == (D("0.02"), D("9084"))
    assert [(x.gst_rate, x.taxable_value, x.cgst) for x in r.by_rate] == [
        (D("5"), D("999.99"), D("25.00")),
        (D("12"), D("1800.00"), D("108.00")),
        (D("18"), D("5099.99"), D("459.00")),
    ]
    assert [(x.hsn_sac, x.quantity, x.taxable_value) for x in r.by_hsn] == [
        ("7308", D("3"), D("999.99")),
        ("8419", D("2"), D("1800.00")),
        ("998719", D("2"), D("5099.99")),
    ]


def test_each_component_is_rounded_on_its_own_so_cgst_plus_sgst_can_differ_from_igst():
    # given a taxable value of 10.10 at 5%
    lines = [GstLineInput(quantity=D("1"), unit_price=D("10.10"), gst_rate=D("5"), hsn_sac="7308")]

    # when
    intra = gst_compute(lines=lines, supplier_state=MH, place_of_supply=MH)
    inter = gst_compute(lines=lines, supplier_state=MH, place_of_supply=KA)

    # then CGST = SGST = 2.5% of 10.10 = 0.2525 -> 0.25 each (0.50), IGST = 0.505 -> 0.51
    assert (intra.cgst_total, intra.sgst_total) == (D("0.25"), D("0.25"))
    assert inter.igst_total == D("0.51")
    # 10.60 -> 11 (+0.40); 10.61 -> 11 (+0.39)
    assert (intra.round_off, intra.total) == (D("0.40"), D("11"))
    assert (inter.round_off, inter.total) == (D("0.39"), D("11"))


def test_round_off_goes_down_below_half_a_rupee_and_up_from_half():
    def total(price: str) -> tuple[D, D]:
        r = gst_compute(
            lines=[
                GstLineInput(quantity=D("1"), unit_price=D(price), gst_rate=D("0"), hsn_sac="1001")
            ],
            supplier_state=MH,
            place_of_supply=MH,
        )
        return r.round_off, r.total

    assert total("100.49") == (D("-0.49"), D("100"))
    assert total("100.50") == (D("0.50"), D("101"))
    assert total("100.00") == (D("0.00"), D("100"))


def test_cess_is_ad_valorem_on_the_taxable_value_per_line():
    # given an aerated-water style rate: 28% GST + 12% cess, inter-state
    lines = [
        GstLineInput(
            quantity=D("7"),
            unit_price=D("21.43"),
            gst_rate=D("28"),
            cess_rate=D("12"),
            hsn_sac="2202",
        )
    ]

    # when
    r = gst_compute(lines=lines, supplier_state=MH, place_of_supply=KA)

    # then taxable 150.01; IGST 28% = 42.0028 -> 42.00; cess 12% = 18.0012 -> 18.00
    # total 210.01 -> 210 (round-off -0.01)
    assert (r.taxable_total, r.igst_total, r.cess_total) == (D("150.01"), D("42.00"), D("18.00"))
    assert (r.round_off, r.total) == (D("-0.01"), D("210"))


def test_fractional_quantities_and_a_foreign_currency_keep_cents_without_rupee_rounding():
    # given an export in USD (place of supply 96: IGST at 0% under LUT)
    lines = [
        GstLineInput(quantity=D("2.5"), unit_price=D("19.99"), gst_rate=D("0"), hsn_sac="8413")
    ]

    # when
    r = gst_compute(
        lines=lines, supplier_state=MH, place_of_supply="96", currency="USD", round_to_rupee=False
    )

    # then 49.975 -> 49.98, no round-off
    assert r.is_inter_state is True
    assert (r.taxable_total, r.igst_total, r.round_off, r.total) == (
        D("49.98"),
        D("0.00"),
        D("0"),
        D("49.98"),
    )


@pytest.mark.parametrize(
    "line",
    [
        GstLineInput(quantity=D("-1"), unit_price=D("10"), gst_rate=D("18")),
        GstLineInput(
            quantity=D("1"), unit_price=D("10"), gst_rate=D("18"), discount_percent=D("101")
        ),
        GstLineInput(quantity=D("1"), unit_price=D("10"), gst_rate=D("-5")),
    ],
)
def test_impossible_lines_are_refused(line):
    with pytest.raises(ValueError):
        gst_compute(lines=[line], supplier_state=MH, place_of_supply=MH)


def test_a_missing_state_is_refused():
    with pytest.raises(ValueError, match="supplier"):
        gst_compute(lines=[], supplier_state="", place_of_supply=MH)


def test_amounts_in_words_use_lakh_and_crore():
    assert integer_in_words(12_345_678) == (
        "One Crore Twenty Three Lakh Forty Five Thousand Six Hundred Seventy Eight"
    )
    assert amount_in_words(D("150000.50")) == "Rupees One Lakh Fifty Thousand and Fifty Paise Only"
    assert amount_in_words(D("14750")) == "Rupees Fourteen Thousand Seven Hundred Fifty Only"
    assert amount_in_words(D("1000000000")) == "Rupees One Hundred Crore Only"
    assert format_indian(D("12345678.9")) == "1,23,45,678.90"
    assert format_indian(D("-999.5")) == "-999.50"
    assert format_indian(D("100000")) == "1,00,000.00"
