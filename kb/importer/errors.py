"""The one exception the importer raises for input it refuses."""


class ImportFailed(ValueError):
    """Bad input. The message is meant for the editor; `line` points into the source if known."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)
