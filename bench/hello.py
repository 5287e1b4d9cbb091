"""A bare Flask hello-world, served by the benchmark with the site's gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
