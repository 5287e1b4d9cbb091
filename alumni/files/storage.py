"""Where attached files are kept: the local disk, or S3-compatible object storage.

Both answer the same four calls: `put(stream) -> key`, `open(key)`, `delete(key)` and
`exists(key)`. The key is generated here (uuid4 as hex) and is the only name a stored file
ever has, so nothing a user typed reaches a path or an object name. On disk the files sit in
two levels of folders named by the key's first characters (ab/cd/abcd…), so no folder grows
to hold every file. Several app machines share the files only through S3 (`FILE_STORAGE=s3`).
"""

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app

KEY = re.compile(r"[0-9a-f]{32}")


class Storage(Protocol):
    def put(self, stream: BinaryIO) -> str: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


def new_key() -> str:
    return uuid.uuid4().hex


def _fanned(key: str) -> str:
    """ab/cd/abcd…: the key's place under the storage root; anything but a key is refused."""
    if not KEY.fullmatch(key):
        raise ValueError("not a storage key")
    return f"{key[:2]}/{key[2:4]}/{key}"


class LocalStorage:
    """Files under ROOT (by default instance/files), written whole or not at all."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _fanned(key)

    def put(self, stream: BinaryIO) -> str:
        key = new_key()
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its place, then renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                shutil.copyfileobj(stream, out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self) -> set[str]:
        """Every stored key (the tests compare them before and after a refusal)."""
        if not self.root.exists():
            return set()
        return {p.name for p in self.root.glob("*/*/*") if KEY.fullmatch(p.name)}


class S3Storage:
    """Objects in one bucket; credentials come from boto3's usual environment and files."""

    def __init__(self, bucket: str, endpoint_url: str | None = None, region: str | None = None):
        # Imported here: boto3 costs each worker about 24 MB, and most sites keep files on disk.
        import boto3

        self.bucket = bucket
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region)

    def put(self, stream: BinaryIO) -> str:
        key = new_key()
        self.client.upload_fileobj(stream, self.bucket, _fanned(key))
        return key

    def open(self, key: str) -> BinaryIO:
        return self.client.get_object(Bucket=self.bucket, Key=_fanned(key))["Body"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=_fanned(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=_fanned(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {
            item["Key"].rsplit("/", 1)[-1] for page in pages for item in page.get("Contents", [])
        }


def build(app: Flask) -> Storage:
    """The storage APP's configuration names (made once per app, on first use)."""
    config = app.config
    if config["FILE_STORAGE"] == "s3":
        return S3Storage(config["S3_BUCKET"], config["S3_ENDPOINT_URL"], config["S3_REGION"])
    return LocalStorage(Path(config["FILE_STORAGE_DIR"] or Path(app.instance_path) / "files"))


def storage() -> Storage:
    """The current app's storage."""
    app = current_app._get_current_object()
    if "file_storage" not in app.extensions:
        app.extensions["file_storage"] = build(app)
    return app.extensions["file_storage"]
