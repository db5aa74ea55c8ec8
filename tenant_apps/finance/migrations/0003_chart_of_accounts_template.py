"""Seed the Indian manufacturing chart of accounts into every tenant schema (template, standby
pool and existing tenants), so signup stays instant. Frozen here, as a migration must be;
admins edit their copy through the chart-of-accounts API."""

from django.db import migrations

# (code, name, type, role, is_group, parent code)
CHART = [
    ("1", "Assets", "asset", "", True, None),
    ("11", "Current Assets", "asset", "", True, "1"),
    ("1110", "Cash-in-Hand", "asset", "cash", False, "11"),
    ("1120", "Bank Accounts", "asset", "", True, "11"),
    ("1121", "Bank - Current Account", "asset", "bank", False, "1120"),
    ("1130", "Sundry Debtors", "asset", "", True, "11"),
    ("1131", "Trade Receivables", "asset", "receivable", False, "1130"),
    ("1140", "Stock-in-Hand", "asset", "", True, "11"),
    ("1141", "Raw Materials and Stores", "asset", "stock", False, "1140"),
    ("1142", "Work in Progress", "asset", "work_in_progress", False, "1140"),
    ("1143", "Finished Goods", "asset", "", False, "1140"),
    ("1150", "GST Input Credit", "asset", "", True, "11"),
    ("1151", "Input CGST", "asset", "tax_input_cgst", False, "1150"),
    ("1152", "Input SGST", "asset", "tax_input_sgst", False, "1150"),
    ("1153", "Input IGST", "asset", "tax_input_igst", False, "1150"),
    ("1154", "Input Cess", "asset", "tax_input_cess", False, "1150"),
    ("1160", "Loans and Advances", "asset", "", True, "11"),
    ("1161", "Advances to Vendors", "asset", "advance_to_vendor", False, "1160"),
    ("1162", "TDS Receivable", "asset", "tds_receivable", False, "1160"),
    ("1163", "Prepaid Expenses", "asset", "", False, "1160"),
    ("1164", "Security Deposits", "asset", "", False, "1160"),
    ("12", "Fixed Assets", "asset", "", True, "1"),
    ("1210", "Land and Buildings", "asset", "", False, "12"),
    ("1220", "Plant and Machinery", "asset", "", False, "12"),
    ("1230", "Tools and Dies", "asset", "", False, "12"),
    ("1240", "Furniture and Fixtures", "asset", "", False, "12"),
    ("1250", "Vehicles", "asset", "", False, "12"),
    ("1260", "Computers", "asset", "", False, "12"),
    ("1290", "Accumulated Depreciation", "asset", "", False, "12"),
    ("2", "Liabilities", "liability", "", True, None),
    ("21", "Current Liabilities", "liability", "", True, "2"),
    ("2110", "Sundry Creditors", "liability", "", True, "21"),
    ("2111", "Trade Payables", "liability", "payable", False, "2110"),
    ("2120", "Duties and Taxes", "liability", "", True, "21"),
    ("2121", "Output CGST", "liability", "tax_output_cgst", False, "2120"),
    ("2122", "Output SGST", "liability", "tax_output_sgst", False, "2120"),
    ("2123", "Output IGST", "liability", "tax_output_igst", False, "2120"),
    ("2124", "Output Cess", "liability", "tax_output_cess", False, "2120"),
    ("2125", "TDS Payable", "liability", "tds_payable", False, "2120"),
    ("2130", "Advances from Customers", "liability", "advance_from_customer", False, "21"),
    ("2140", "Salaries and Wages Payable", "liability", "", False, "21"),
    ("2150", "Provisions", "liability", "", False, "21"),
    ("22", "Loans (Liability)", "liability", "", True, "2"),
    ("2210", "Secured Loans", "liability", "", False, "22"),
    ("2220", "Unsecured Loans", "liability", "", False, "22"),
    ("3", "Equity", "equity", "", True, None),
    ("3100", "Capital Account", "equity", "capital", False, "3"),
    ("3200", "Reserves and Surplus", "equity", "", True, "3"),
    ("3210", "Retained Earnings", "equity", "retained_earnings", False, "3200"),
    ("3300", "Opening Balance Adjustment", "equity", "opening_balance", False, "3"),
    ("4", "Income", "income", "", True, None),
    ("41", "Sales Accounts", "income", "", True, "4"),
    ("4110", "Sales - Domestic", "income", "sales", False, "41"),
    ("4120", "Sales - Export", "income", "sales_export", False, "41"),
    ("4130", "Sales Returns", "income", "sales_return", False, "41"),
    ("4140", "Job Work Income", "income", "", False, "41"),
    ("42", "Other Income", "income", "", True, "4"),
    ("4210", "Interest Income", "income", "", False, "42"),
    ("4220", "Discount Received", "income", "discount_received", False, "42"),
    ("4230", "Scrap Sales", "income", "", False, "42"),
    ("5", "Expenses", "expense", "", True, None),
    ("51", "Direct Expenses", "expense", "", True, "5"),
    ("5110", "Purchases - Raw Materials", "expense", "purchase", False, "51"),
    ("5115", "Purchase Returns", "expense", "purchase_return", False, "51"),
    ("5120", "Cost of Goods Sold", "expense", "cogs", False, "51"),
    ("5130", "Freight Inward", "expense", "", False, "51"),
    ("5140", "Power and Fuel", "expense", "", False, "51"),
    ("5150", "Factory Wages", "expense", "", False, "51"),
    ("5160", "Job Work Charges", "expense", "", False, "51"),
    ("5170", "Consumables and Stores", "expense", "", False, "51"),
    ("52", "Indirect Expenses", "expense", "", True, "5"),
    ("5210", "Salaries", "expense", "", False, "52"),
    ("5220", "Rent", "expense", "", False, "52"),
    ("5230", "Office Expenses", "expense", "", False, "52"),
    ("5240", "Bank Charges", "expense", "", False, "52"),
    ("5250", "Depreciation", "expense", "", False, "52"),
    ("5260", "Round Off", "expense", "round_off", False, "52"),
    ("5270", "Discount Allowed", "expense", "discount_allowed", False, "52"),
    ("5280", "Exchange Gain/Loss", "expense", "exchange_difference", False, "52"),
    ("5290", "Repairs and Maintenance", "expense", "", False, "52"),
    ("5295", "Freight Outward", "expense", "", False, "52"),
]


def seed(apps, schema_editor):
    Account = apps.get_model("finance", "Account")
    by_code = {}
    for code, name, type_, role, is_group, parent in CHART:
        by_code[code] = Account.objects.create(
            code=code,
            name=name,
            type=type_,
            role=role,
            is_group=is_group,
            parent=by_code[parent] if parent else None,
        )


def unseed(apps, schema_editor):
    Account = apps.get_model("finance", "Account")
    for code, *_ in reversed(CHART):
        Account.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0002_ledger_enforcement")]

    operations = [migrations.RunPython(seed, unseed)]
