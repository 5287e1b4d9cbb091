"""Fill the English catalog: our msgids are English, so each msgstr is its msgid."""

import sys

from babel.messages.pofile import read_po, write_po


def main(path: str) -> None:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(message.id[i] if i < 1 else message.id[1] for i in range(2))
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=76)  # as pybabel update writes the others


if __name__ == "__main__":
    main(sys.argv[1])
