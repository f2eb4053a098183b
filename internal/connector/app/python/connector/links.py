"""Parsing of GitHub's Link header."""

import re

_LINK = re.compile(r'<([^>]*)>\s*((?:;\s*[a-zA-Z]+\s*=\s*"?[^";,]*"?\s*)+)')
_PARAM = re.compile(r';\s*([a-zA-Z]+)\s*=\s*"?([^";,]*)"?')


def parse_link_header(value):
    """Return {rel: url} for a Link header; URLs are kept verbatim.

    GitHub's next link may carry a page number or an opaque `after` cursor;
    callers must follow it as given and never build page URLs themselves.
    """
    links = {}
    if not value:
        return links
    for match in _LINK.finditer(value):
        url, params = match.group(1), match.group(2)
        for key, val in _PARAM.findall(params):
            if key.lower() == "rel":
                for rel in val.split():
                    links.setdefault(rel.lower(), url)
    return links
