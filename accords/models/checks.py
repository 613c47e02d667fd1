"""What several tables' checks share: web addresses, the earliest date, and constraint errors
keyed by the field an editor should change."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator

#: Sources are links a reader can follow: web addresses only (no ftp:, no javascript:).
WEB_ADDRESS = URLValidator(schemes=["http", "https"])

#: The earliest date an event may have; older typos (year 0201 for 2021) are refused.
EARLIEST_EVENT_DATE = date(1000, 1, 1)


def key_errors_by_field(error: ValidationError, codes_to_fields: dict) -> ValidationError:
    """Move the form-wide errors with the given codes to a field, so that an editor (and an
    API client) reads which field to change: a duplicate event is an error on its date."""
    if not hasattr(error, "error_dict"):
        return error
    errors = {field: list(messages) for field, messages in error.error_dict.items()}
    for message in errors.pop(NON_FIELD_ERRORS, []):
        errors.setdefault(codes_to_fields.get(message.code, NON_FIELD_ERRORS), []).append(message)
    return ValidationError(errors)


class ConstraintErrorsByField:
    """A model whose constraint errors name the field an editor should change: the
    constraint codes in ``constraint_error_fields`` are keyed by that field."""

    constraint_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise key_errors_by_field(error, self.constraint_error_fields) from None
