"""Compiled templates shared by the tests' applications, through Jinja's own bytecode cache.

Every test builds a fresh application, and with it a Jinja environment that would parse and
compile each template it renders again: about a sixth of a typical test's time. A template's
compiled code depends only on its source and on the environment's settings that shape the
compiler's output, so the cache keys on both (`_settings`); each application still makes its
own Template objects, with its own globals and filters, from that code. Only the compile step
is skipped, exactly as Jinja's FileSystemBytecodeCache skips it in production setups.
tests/test_shared_caches.py proves the cached code is what the environment compiles.
"""

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg


def _functions(functions: dict) -> tuple:
    """Names and how each is called: the compiler writes calls according to _PassArg."""
    return tuple(sorted((name, str(_PassArg.from_obj(f))) for name, f in functions.items()))


def _settings(environment: Environment, name: str) -> tuple:
    autoescape = environment.autoescape
    finalize = environment.finalize
    return (
        environment.block_start_string,  # the syntax and whitespace options of its lexer
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        tuple(sorted(environment.extensions)),
        autoescape(name) if callable(autoescape) else autoescape,
        None if finalize is None else (finalize.__qualname__, str(_PassArg.from_obj(finalize))),
        environment.optimized,
        environment.is_async,
        getattr(environment, "newstyle_gettext", None),
        _functions(environment.filters),
        _functions(environment.tests),
    )


class SharedBytecodeCache(BytecodeCache):
    """Code objects kept in memory for the run, keyed on template, source and settings."""

    def __init__(self) -> None:
        self._code: dict[tuple, object] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = (self.get_cache_key(name, filename), _settings(environment, name))
        bucket = Bucket(environment, repr(key), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code

    def clear(self) -> None:
        self._code.clear()


SHARED = SharedBytecodeCache()


def share_compiled_templates(app) -> None:
    app.jinja_env.bytecode_cache = SHARED
