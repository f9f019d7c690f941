"""The FastAPI application: pages for people, a JSON API for programs.

``create_app`` takes an open store and returns an ASGI app; ``serve`` is what
``newsdesk serve`` runs. Pages and API read the same cached catalog of the stored
analysis (see :mod:`newsdesk.web.catalog`), so a page and its API twin always show
the same revision.
"""

from __future__ import annotations

import math
import os
import threading
from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk import __version__
from newsdesk.store.engine import Store
from newsdesk.store.ingest import Pipeline
from newsdesk.web import geo, views
from newsdesk.web import models as m
from newsdesk.web.catalog import Catalog, CatalogCache, article_texts
from newsdesk.web.geo import event_map
from newsdesk.web.queries import EventFilter, facets, filter_event_ids, parse_day
from newsdesk.web.search import Searcher
from newsdesk.web.security import (
    BodyLimit,
    BodyTooLarge,
    SameOrigin,
    SecurityHeaders,
    TokenGate,
    is_loopback,
)
from newsdesk.web.upload import Uploader, UploadError, pasted_file

MAX_UPLOAD_BYTES = 5_000_000
PAGE_SIZE = 50
TOKEN_ENV = "NEWSDESK_TOKEN"
# The offline brief's stylesheet, served as is so the app and the brief look alike.
BRIEF_CSS = (resources.files("newsdesk.render") / "templates" / "brief.css").read_text("utf-8")


class ServeError(Exception):
    """A reason ``newsdesk serve`` refuses to start, meant for the user."""


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsdesk.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["seg"] = views.seg
    return env


class Pages:
    """Renders templates with what every page shares (nav, version)."""

    def __init__(self) -> None:
        self.env = _environment()

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.html(name, **context), status_code=status)

    def html(self, name: str, **context: Any) -> str:
        context.setdefault("title", "newsdesk")
        context.setdefault("query", "")
        return self.env.get_template(name).render(version=__version__, **context)

    def error(self, status: int, title: str, message: str) -> str:
        return self.html("error.html.j2", status=status, title=title, message=message)


def create_app(
    store: Store,
    *,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
    pipeline: Pipeline | None = None,
    allowed_hosts: set[str] | None = None,
) -> FastAPI:
    """The web app over ``store``, inside its security middleware.

    ``pipeline`` is what uploads are ingested with (newsdesk's own by default);
    ``allowed_hosts``, when given, is the set of Host names the server answers to.
    """
    pages = Pages()
    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Events, figures and their quotes from a newsdesk store.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not offline
        redoc_url=None,
    )
    app.state.store = store
    app.state.catalog = CatalogCache(store)
    app.state.searcher = Searcher(store)
    app.state.uploader = Uploader(store, pipeline)
    app.state.max_upload = max_upload
    threading.Thread(target=geo.warm, name="newsdesk-geo-warm", daemon=True).start()
    app.mount("/static", StaticFiles(packages=[("newsdesk.web", "static")]), name="static")

    @app.get("/brief.css", include_in_schema=False)
    def brief_css() -> Response:
        return Response(BRIEF_CSS, media_type="text/css")

    _add_error_handlers(app, pages)
    _add_pages(app, pages)
    _add_api(app)
    # Added innermost first: headers wrap everything, then the token, origin and size checks.
    app.add_middleware(BodyLimit, limit=max_upload, page=pages.error)
    app.add_middleware(SameOrigin, page=pages.error, allowed_hosts=allowed_hosts)
    app.add_middleware(TokenGate, token=token, page=pages.error)
    app.add_middleware(SecurityHeaders)
    return app


def _catalog(request: Request) -> Catalog:
    cat: Catalog = request.app.state.catalog.get()
    return cat


def _texts(request: Request, ids: list[str]) -> dict[str, str]:
    store: Store = request.app.state.store
    with store.read() as conn:
        return article_texts(conn, ids)


def _filter_from(
    date_from: str | None,
    date_to: str | None,
    place: str | None,
    kind: str | None,
    type_: str | None,
    story: str | None,
) -> EventFilter:
    try:
        return EventFilter(
            parse_day(date_from),
            parse_day(date_to),
            place or None,
            kind or None,
            type_ or None,
            story or None,
        )
    except ValueError as error:
        raise HTTPException(422, str(error)) from None


def _filtered(request: Request, flt: EventFilter) -> list[dict[str, Any]]:
    cat = _catalog(request)
    if not flt.active:
        return cat.events_in_order()
    store: Store = request.app.state.store
    with store.read() as conn:
        ids = filter_event_ids(conn, flt)
    return [cat.events[i] for i in ids if i in cat.events]


# ------------------------------------------------------------------ errors
def _add_error_handlers(app: FastAPI, pages: Pages) -> None:
    titles = {
        400: "Bad request",
        401: "Token required",
        404: "Not found",
        413: "Upload too large",
        422: "Bad request",
    }

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        title = titles.get(exc.status_code, "Error")
        return HTMLResponse(
            pages.error(exc.status_code, title, str(exc.detail)), status_code=exc.status_code
        )


# ------------------------------------------------------------------ pages
FilterArgs = dict[str, Any]


def _add_pages(app: FastAPI, pages: Pages) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        cat = _catalog(request)
        return pages.render("home.html.j2", title="Stories", **views.home_view(cat))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        view = views.story_view(_catalog(request), story_id)
        if view is None:
            raise HTTPException(
                404,
                "There is no story with that id (the store may have been "
                "re-analysed since the link was made).",
            )
        return pages.render("story.html.j2", title=view["label"], story=view)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
        place: str | None = None,
        kind: str | None = None,
        type: str | None = None,
        story: str | None = None,
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> HTMLResponse:
        flt = _filter_from(date_from, date_to, place, kind, type, story)
        found = _filtered(request, flt)
        cat = _catalog(request)
        with request.app.state.store.read() as conn:
            options = facets(conn)
        shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return pages.render(
            "events.html.j2",
            title="Events",
            events=[views.event_line(cat, e) for e in shown],
            total=len(found),
            page=page,
            pages=max(1, math.ceil(len(found) / PAGE_SIZE)),
            filters={
                "from": flt.date_from or "",
                "to": flt.date_to or "",
                "place": flt.place or "",
                "kind": flt.kind or "",
                "type": flt.type or "",
                "story": flt.story or "",
            },
            options=options,
            map=event_map([p for e in shown for p in e.get("places") or []]),
            paging=_paging_query(request),
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        cat = _catalog(request)
        event = cat.events.get(event_id)
        if event is None:
            raise HTTPException(
                404,
                "There is no event with that id (the store may have been "
                "re-analysed since the link was made).",
            )
        texts = _texts(request, views.report_article_ids(event))
        view = views.event_view(cat, event, texts)
        return pages.render("event.html.j2", title=view["label"], event=view)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, mark: str | None = None) -> HTMLResponse:
        cat = _catalog(request)
        text = _texts(request, [article_id]).get(article_id)
        if text is None:
            raise HTTPException(404, "There is no current article with that id.")
        view = views.article_view(cat, article_id, text, mark)
        return pages.render("article.html.j2", title=view["name"], article=view)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        searcher: Searcher = request.app.state.searcher
        hits = searcher.search(q) if q.strip() else []
        return pages.render(
            "search.html.j2",
            title="Search",
            query=q,
            hits=hits,
            method=searcher.method,
            links={h.article: views.article_url(h.article) for h in hits},
        )

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form(request: Request) -> HTMLResponse:
        return pages.render(
            "upload.html.j2",
            title="Add an article",
            limit_mb=request.app.state.max_upload / 1_000_000,
            error=None,
        )

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        limit = request.app.state.max_upload
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
            name, data = await _upload_payload(form)
        except BodyTooLarge:
            raise
        except UploadError as error:
            return pages.render(
                "upload.html.j2",
                status=400,
                title="Add an article",
                limit_mb=limit / 1_000_000,
                error=str(error),
            )
        if len(data) > limit:
            raise HTTPException(413, f"The upload is larger than the limit of {limit / 1e6:g} MB.")
        uploader: Uploader = request.app.state.uploader
        from starlette.concurrency import run_in_threadpool

        try:
            result = await run_in_threadpool(uploader.add, name, data)
        except UploadError as error:
            return pages.render(
                "upload.html.j2",
                status=400,
                title="Add an article",
                limit_mb=limit / 1_000_000,
                error=str(error),
            )
        return RedirectResponse(views.article_url(result.articles[0].id), status_code=303)


async def _upload_payload(form: Any) -> tuple[str, bytes]:
    """(file name, bytes) from the form: the file if one was chosen, else the pasted text."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return upload.filename, await upload.read()
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        published = form.get("published")
        day = None
        if isinstance(published, str) and published.strip():
            try:
                day = parse_day(published)
            except ValueError as error:
                raise UploadError(str(error)) from None
        title = form.get("title")
        return pasted_file(text, title if isinstance(title, str) else None, day)
    raise UploadError("Choose a file or paste an article's text.")


def _paging_query(request: Request) -> str:
    """The current query string without ``page``, for the next/previous links."""
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page"])


# ------------------------------------------------------------------ API
def _add_api(app: FastAPI) -> None:
    @app.get("/api/stories", response_model=list[m.Story], tags=["stories"])
    def api_stories(request: Request) -> Any:
        """Every story with its event and article ids."""
        return list(_catalog(request).stories.values())

    @app.get("/api/events", response_model=m.EventList, tags=["events"])
    def api_events(
        request: Request,
        date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
        place: Annotated[
            str | None, Query(description="place name, region or country code")
        ] = None,
        kind: Annotated[str | None, Query(description="figure kind, e.g. killed")] = None,
        type: Annotated[str | None, Query(description="event type, e.g. earthquake")] = None,
        story: str | None = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        """Events in date order, filtered like the events page."""
        found = _filtered(request, _filter_from(date_from, date_to, place, kind, type, story))
        return {
            "total": len(found),
            "offset": offset,
            "limit": limit,
            "events": found[offset : offset + limit],
        }

    @app.get("/api/events/{event_id}", response_model=m.Event, tags=["events"])
    def api_event(request: Request, event_id: str) -> Any:
        """One event of the contract: places, figures with every report and quote, summary."""
        event = _catalog(request).events.get(event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return event

    @app.get("/api/articles/{article_id:path}", response_model=m.ArticleDetail, tags=["articles"])
    def api_article(request: Request, article_id: str) -> Any:
        """An article's contract entry plus its text, the events citing it and its copies."""
        cat = _catalog(request)
        entry = cat.articles.get(article_id)
        text = _texts(request, [article_id]).get(article_id)
        if entry is None or text is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return {
            **entry,
            "text": text,
            "events": cat.events_of.get(article_id, []),
            "copies": cat.copies_of.get(article_id, []),
        }

    @app.get("/api/search", response_model=m.SearchResults, tags=["articles"])
    def api_search(
        request: Request,
        q: Annotated[str, Query(min_length=1, description="words, all of which must match")],
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Any:
        """Full-text search over the current articles (best first), with a snippet each."""
        searcher: Searcher = request.app.state.searcher
        hits = searcher.search(q, limit)
        return {
            "query": q,
            "method": searcher.method,
            "hits": [
                {
                    "article": h.article,
                    "title": h.title,
                    "outlet": h.outlet,
                    "path": h.path,
                    "rank": h.rank,
                    "snippet": "".join(p["s"] for p in h.snippet),
                }
                for h in hits
            ],
        }

    @app.get("/api/document", response_model=m.Document, tags=["document"])
    def api_document(request: Request) -> Any:
        """The whole JSON document of DESIGN.md (what ``newsdesk export`` writes).

        Returned as stored, without re-validation: it can be large, and the store wrote
        it from the same code that defines the contract.
        """
        return JSONResponse(_catalog(request).document)


# ------------------------------------------------------------------ running
def resolve_token(host: str, token: str | None) -> str | None:
    """The token the server must require, or a ServeError when one is needed and missing."""
    chosen = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not chosen:
        raise ServeError(
            f"--host {host} makes the server reachable from other machines; give --token TOKEN "
            f"(or set ${TOKEN_ENV}) so that only people with the token can read the store"
        )
    return chosen


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
) -> None:
    """Run the app with Uvicorn until interrupted (what ``newsdesk serve`` does)."""
    import uvicorn

    required = resolve_token(host, token)
    allowed = {"127.0.0.1", "localhost", "[::1]"} if is_loopback(host) else None
    app = create_app(store, token=required, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
