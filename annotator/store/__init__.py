"""Storage: SQLAlchemy models, engine set-up, Alembic migrations and the Project API."""

from annotator.store.project import Project

__all__ = ["Project"]
