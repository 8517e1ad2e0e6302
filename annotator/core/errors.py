"""The exceptions that every layer raises and the CLI and GUI turn into messages."""


class AnnotatorError(Exception):
    """An error the user can act on; its message is shown without a traceback, on one line (a newline in
    it is printed escaped, so data in a message cannot forge a line) unless ``lines`` says it is a list."""

    lines = False


class InputError(AnnotatorError):
    """An input file (or one line of it) was refused; ``where`` names it as FILE[:LINE]."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class SchemaError(AnnotatorError):
    """An annotation schema file is broken."""


class ProjectError(AnnotatorError):
    """A project cannot be opened or an operation on it is not allowed."""


class ProjectBusy(ProjectError):
    """Another program held the project's database locked for longer than we waited; nothing was saved."""


class ProjectUnwritable(ProjectError):
    """The project cannot be written at all (a read-only file or folder, a full disk): nothing was saved,
    and the next write would fail the same way, so a long job stops at once."""
