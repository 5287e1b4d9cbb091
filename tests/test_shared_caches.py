"""What the suite compiles once and shares between its applications (tests/support/routing.py)
is what each application would compile for itself."""

from alumni import create_app
from tests.conftest import base_config
from tests.support.routing import builder_key, compile_uncached


def _shape(function) -> tuple:
    code = function.__code__
    return (code, function.__name__, function.__defaults__)


def _app(tmp_path):
    return create_app(base_config(f"sqlite:///{tmp_path / 'unused.sqlite3'}"))


def test_every_shared_url_builder_is_the_one_werkzeug_compiles(tmp_path):
    rules = list(_app(tmp_path).url_map.iter_rules())
    assert len(rules) > 50
    for rule in rules:
        for append_unknown, bound in ((False, rule._build), (True, rule._build_unknown)):
            assert bound.__self__ is rule
            assert _shape(bound.__func__) == _shape(compile_uncached(rule, append_unknown))


def test_rules_that_build_differently_never_share_a_builder(tmp_path):
    shapes: dict[tuple, tuple] = {}
    for rule in _app(tmp_path).url_map.iter_rules():
        for append_unknown in (False, True):
            shape = _shape(compile_uncached(rule, append_unknown))
            assert shapes.setdefault(builder_key(rule, append_unknown), shape) == shape
