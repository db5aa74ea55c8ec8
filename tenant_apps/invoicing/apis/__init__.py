"""Invoicing APIs: tax rates and settings, documents, payments, reports."""
