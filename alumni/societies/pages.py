"""Parts that the packages above societies add to its pages, so societies imports none of them.

Events adds a society's events, series and drafts to the society's page; reports adds the
latest yearly summary to the home page, and the completeness
of reporting to a federation's page. Each registers a function of the page's object that
returns (template, values) to include, or None when it has nothing to show.
"""

from collections.abc import Callable

_PARTS: dict[str, list[Callable]] = {"home": [], "society": [], "federation": []}


def part_of(page: str):
    """Decorator: include the function's (template, values) in PAGE ("home", "society" or
    "federation")."""

    def register(function: Callable) -> Callable:
        if function not in _PARTS[page]:
            _PARTS[page].append(function)
        return function

    return register


def parts(page: str, *args) -> list[tuple[str, dict]]:
    """What the registered functions show on PAGE, in the order they were registered."""
    return [part for part in (function(*args) for function in _PARTS[page]) if part is not None]
