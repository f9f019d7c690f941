"""The local web app behind ``newsdesk serve``: browse stories, events, figures and quotes.

See docs/web.md for the pages, the JSON API and the security model.
"""

from __future__ import annotations

from newsdesk.web.app import ServeError, create_app, resolve_token, serve

__all__ = ["ServeError", "create_app", "resolve_token", "serve"]
