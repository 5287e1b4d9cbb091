"""The storage contract, on the local disk and on moto's S3 server over HTTP."""

import io

import pytest

from alumni.files.storage import LocalStorage, S3Storage
from tests.files.conftest import REGION


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    server, bucket = request.getfixturevalue("s3_server"), request.getfixturevalue("s3_bucket")
    return S3Storage(bucket, server, REGION)


def test_a_stored_file_comes_back_under_a_generated_key(store):
    key = store.put(io.BytesIO(b"%PDF-1.4 report"))
    assert len(key) == 32 and int(key, 16) >= 0
    assert store.exists(key)
    with store.open(key) as stored:
        assert stored.read() == b"%PDF-1.4 report"
    assert store.keys() == {key}


def test_every_put_has_its_own_key(store):
    keys = {store.put(io.BytesIO(b"same bytes")) for _ in range(3)}
    assert len(keys) == 3 and store.keys() == keys


def test_a_deleted_file_is_gone_and_deleting_again_is_harmless(store):
    key = store.put(io.BytesIO(b"x" * 200_000))
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)
    assert store.keys() == set()


@pytest.mark.parametrize("key", ["../../app.py", "0" * 31, "A" * 32, "/etc/passwd", ""])
def test_anything_but_a_generated_key_is_refused(store, key):
    with pytest.raises(ValueError):
        store.exists(key)


def test_local_files_sit_in_two_levels_of_folders(tmp_path):
    store = LocalStorage(tmp_path / "files")
    key = store.put(io.BytesIO(b"data"))
    assert (tmp_path / "files" / key[:2] / key[2:4] / key).read_bytes() == b"data"
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [key]
