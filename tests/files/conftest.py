"""Moto's standalone S3 server, started by the harness on loopback and spoken to over HTTP."""

import os
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_server():
    """The server's address; boto3 finds the throwaway credentials in its usual environment."""
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def s3_bucket(s3_server):
    """A new, empty bucket for one test."""
    name = f"files-{uuid.uuid4().hex[:16]}"
    boto3.client("s3", endpoint_url=s3_server, region_name=REGION).create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_app(app, s3_server, s3_bucket):
    """The test's app storing its files in the S3 bucket."""
    app.config.update(
        FILE_STORAGE="s3", S3_BUCKET=s3_bucket, S3_ENDPOINT_URL=s3_server, S3_REGION=REGION
    )
    return app
