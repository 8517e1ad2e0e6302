"""annotator: label Arabic and English news articles for NLP datasets."""

__version__ = "0.1.0"
