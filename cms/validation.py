"""Validation errors as one line each, with the path to the bad value.

Shared by the models (StreamField validation) and the importer (line-numbered reports)."""

from django.core.exceptions import ValidationError


def flatten_validation_error(error: ValidationError, prefix: str = "") -> list[str]:
    """``fees[0].amount_vnd: Ensure this value is greater than or equal to 0.`` and so on.

    StreamField errors nest (stream -> struct -> field); Django's ``messages`` would lose
    where in the stream the bad value sits.
    """
    block_errors = getattr(error, "block_errors", None)
    non_block_errors = getattr(error, "non_block_errors", None)
    if block_errors is not None:
        lines = []
        for message in non_block_errors.as_data() if non_block_errors else []:
            lines.extend(flatten_validation_error(message, prefix))
        for key, child in block_errors.items():
            path = f"{prefix}[{key}]" if isinstance(key, int) else _join(prefix, str(key))
            lines.extend(flatten_validation_error(child, path))
        return lines
    if hasattr(error, "error_dict"):
        lines = []
        for field, errors in error.error_dict.items():
            path = prefix if field == "__all__" else _join(prefix, field)
            for child in errors:
                lines.extend(flatten_validation_error(child, path))
        return lines
    lines = []
    for message in error.messages:
        lines.append(f"{prefix}: {message}" if prefix else message)
    return lines


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name
