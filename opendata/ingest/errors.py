"""The one exception ingestion raises for a file it refuses."""


class RejectedFile(ValueError):
    """A file that must not be published; ``message`` is shown to the editor as is.

    Raised by every check (quick ones in the upload form, the full pass in the task);
    the caller turns it into a form error or a REJECTED data file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)
