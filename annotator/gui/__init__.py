"""The PySide6 desktop app: windows, views, Qt models, undo commands. The only package that imports Qt."""
