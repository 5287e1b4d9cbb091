"""What the suite compiles once and shares between its applications (tests/support/routing.py,
tests/support/templates.py) is what each application would compile for itself."""

from alumni import create_app
from tests.conftest import base_config
from tests.support.routing import builder_key, compile_uncached
from tests.support.templates import SharedBytecodeCache, share_compiled_templates


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


def test_every_shared_template_is_the_code_the_environment_compiles(tmp_path):
    first, second = _app(tmp_path), _app(tmp_path)
    share_compiled_templates(first)
    share_compiled_templates(second)
    names = [name for name in second.jinja_env.list_templates() if not name.startswith(".")]
    assert len(names) > 40
    with first.app_context():
        for name in names:
            first.jinja_env.get_template(name)  # fills the shared cache
    env = second.jinja_env
    with second.app_context():
        for name in names:
            source, filename, _ = env.loader.get_source(env, name)
            bucket = env.bytecode_cache.get_bucket(env, name, filename, source)
            assert bucket.code == env.compile(source, name, filename), name
            assert env.get_template(name).environment is env


def test_environments_that_compile_differently_never_share_code(tmp_path):
    cache = SharedBytecodeCache()
    app = _app(tmp_path)
    env = app.jinja_env
    source, filename, _ = env.loader.get_source(env, "base.html")
    with app.app_context():
        bucket = cache.get_bucket(env, "base.html", filename, source)
        bucket.code = env.compile(source, "base.html", filename)
        cache.set_bucket(bucket)
        env.trim_blocks = False
        assert cache.get_bucket(env, "base.html", filename, source).code is None
