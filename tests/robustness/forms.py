"""Reading a page's forms as a browser would: each field with the value it would send."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": attrs.get("method", "get"),
                "fields": [],
                "enctype": attrs.get("enctype", ""),
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "select" and attrs.get("name"):
            self._select = {
                "name": attrs["name"],
                "multiple": "multiple" in attrs,
                "first": None,
                "chosen": [],
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self._form["fields"].extend([self._select["name"], v] for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # As HTML parses a textarea: a newline right after its start tag is not text.
            name, text = self._textarea
            for newline in ("\r\n", "\n", "\r"):
                if text.startswith(newline):
                    text = text[len(newline) :]
                    break
            self._form["fields"].append([name, text])
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, action: str, page: str) -> list[list[str]]:
    """The fields of the page's form whose action is ACTION (path, query ignored); a form
    without an action posts to its PAGE."""
    for form in forms_of(html):
        target = form["action"].split("?")[0].split("#")[0] or page.split("?")[0]
        if target == action and form["method"].lower() == "post":
            return form["fields"]
    raise AssertionError(f"no form posting to {action} on the page")
