"""The web UI and JSON API: server-rendered pages and ``/api/`` over the same store as the CLI.

    app = create_app()            # the configured store (SITREP_DATABASE_URL or the SQLite default)
    uvicorn.run(app)              # what ``sitrep serve`` does

Every page and asset is served from here; a page makes no request to another host (the
Content-Security-Policy header says so to the browser too).
"""

from sitrep.web.app import create_app

__all__ = ["create_app"]
