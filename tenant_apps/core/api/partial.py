"""Partial updates (PATCH) whose nested lists replace what is stored."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError


def partial_values(
    data: serializers.Serializer[Any], *, replacing: dict[str, type[serializers.Serializer[Any]]]
) -> dict[str, Any]:
    """The validated values of a partial input (`partial=True`, already valid), with each list
    named in `replacing` checked item by item as a whole: the list replaces the stored one, so
    an item may not leave out a required field (`partial` would let it through). 400 on
    `<field>.<n>.<name>` otherwise."""
    values = dict(data.validated_data)
    for field, item in replacing.items():
        if field in values:
            items = item(data=data.initial_data[field], many=True)
            if not items.is_valid():
                raise ValidationError({field: items.errors})
            values[field] = items.validated_data
    return values
