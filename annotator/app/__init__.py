"""The application layer, without Qt: the open document's state, the commands (do/undo over the
Project API) and their undo stack. The GUI adapts it to its widgets; tests drive it without a display."""
