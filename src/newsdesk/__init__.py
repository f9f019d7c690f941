"""newsdesk: from a pile of news articles to a traceable, cited account of what happened."""

__version__ = "0.1.0"
