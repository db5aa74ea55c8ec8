"""Writes of the invoicing app: documents (draft, post, cancel, notes) and payments."""
