"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""

from alumni import create_app

app = create_app()
