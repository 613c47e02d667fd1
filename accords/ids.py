"""Whether text from an address or a form can be an object's id, before it reaches a query."""

from django.core.exceptions import ValidationError
from django.db import connection


def is_valid_id(field, value) -> bool:
    """Whether ``value`` (text from an address or a form) can be a value of the model field
    ``field``: it converts, and an integer lies within the database column's range."""
    try:
        python_value = field.to_python(value)
    except ValidationError:
        return False
    internal_type = field.get_internal_type()
    if python_value is not None and internal_type in connection.ops.integer_field_ranges:
        low, high = connection.ops.integer_field_range(internal_type)
        return low <= python_value <= high
    return True
