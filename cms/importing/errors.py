class RecordError(Exception):
    """A record cannot be imported; the message says why, for the person fixing the file."""
