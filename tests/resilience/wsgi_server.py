"""The site served on 127.0.0.1:<port> from a process of its own, with the test settings but
the database at 127.0.0.1:<database port> and connections kept between requests
(CONN_MAX_AGE), as in production.

    python -m tests.resilience.wsgi_server <port> <database port>
"""

import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icis.settings.test")


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(port: int, database_port: int) -> None:
    import django
    from django.conf import settings

    settings.DATABASES["default"].update(
        HOST="127.0.0.1", PORT=database_port, NAME="icis", CONN_MAX_AGE=60
    )
    django.setup()
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=_QuietHandler)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
