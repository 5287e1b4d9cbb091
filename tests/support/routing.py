"""Werkzeug's URL builders, compiled once per run instead of once per test's application.

Binding a rule to a map makes Werkzeug generate, parse and compile() two Python functions that
build its URLs: about 90 % of create_app, paid again by every test's fresh application for the
same rules. What such a function does is fixed by the rule's text and the operations listed
below (the same loop as Werkzeug's `Rule._compile_builder`), and it refers to its rule only
through its first argument, so one compiled function is shared by every equal rule, each bound
to its own rule and converters as before. tests/test_shared_caches.py proves the shared
functions are the ones Werkzeug would compile.
"""

from urllib.parse import quote

from werkzeug.routing.rules import Rule

_compile = Rule._compile_builder
_compiled: dict[tuple, object] = {}


def builder_key(rule: Rule, append_unknown: bool) -> tuple:
    """Everything the generated builder of RULE depends on, as Werkzeug 3.1 generates it."""
    defaults = rule.defaults or {}
    ops = []
    for is_dynamic, data in rule._trace:
        if is_dynamic and data in defaults:
            ops.append((False, rule._converters[data].to_url(defaults[data])))
        elif not is_dynamic:
            ops.append((False, quote(data, safe="!$&'()*+,/:;=@")))
        else:
            ops.append((True, data))
    return (rule.rule, append_unknown, tuple(ops), tuple(map(str, defaults)))


def _compile_once(self: Rule, append_unknown: bool = True):
    key = builder_key(self, append_unknown)
    if key not in _compiled:
        _compiled[key] = _compile(self, append_unknown)
    return _compiled[key]


def install() -> None:
    Rule._compile_builder = _compile_once


def compile_uncached(rule: Rule, append_unknown: bool):
    return _compile(rule, append_unknown)
