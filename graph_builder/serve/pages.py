"""Plain HTML pages of the server: the query form and one page per entity.

Every piece of text from the data goes through :func:`html.escape`; the pages
load nothing from elsewhere (no CDN, no script).

Examples
--------
>>> cell(["literal", "<b>区财政局</b>"], lambda iri: None)
'&lt;b&gt;区财政局&lt;/b&gt;'
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

__all__ = ["page", "cell", "table", "query_form", "entity_page"]

Term = Sequence[str]  # [kind, value] as the workers return it: kind is iri, literal or bnode
Row = Mapping[str, Term]
Linker = Callable[[str], str | None]

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem auto;max-width:72rem;
padding:0 1rem;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}textarea{width:100%;font-family:monospace;font-size:.9rem}
code,pre{background:#f6f6f6}blockquote{border-left:4px solid #999;margin:.5rem 0;padding:.25rem .75rem;
background:#fafafa;white-space:pre-wrap}.iri{font-size:.8rem;color:#555;word-break:break-all}nav a{margin-right:1rem}
"""


def page(title: str, body: str) -> bytes:
    """A complete HTML document (``body`` is already escaped HTML)."""
    return (f"<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
            f"<nav><a href=\"/\">SPARQL</a><a href=\"/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%2010\">"
            f"?s ?p ?o</a></nav>{body}</body></html>\n").encode()


def cell(term: Term | None, link: Linker) -> str:
    """One term as HTML: a link for IRIs the server serves, the IRI itself otherwise, escaped text for literals."""
    if not term:
        return ""
    kind, value = term[0], term[1]
    if kind == "iri":
        local = link(value)
        target = local if local is not None else value
        return f'<a href="{html.escape(target, quote=True)}" class="iri">{html.escape(value)}</a>'
    return html.escape(value)


def table(names: Sequence[str], rows: Iterable[Row], link: Linker, *,
          labels: Mapping[str, str] | None = None, link_with: Mapping[str, str] | None = None) -> str:
    """An HTML table of ``rows``; ``link_with`` makes a column's text a link to another column's IRI."""
    labels = labels or {}
    link_with = link_with or {}
    hidden = set(link_with.values())
    shown = [n for n in names if n not in hidden]
    out = ["<table><tr>" + "".join(f"<th>{html.escape(labels.get(n, n))}</th>" for n in shown) + "</tr>"]
    for row in rows:
        cells = []
        for name in shown:
            text = cell(row.get(name), link)
            target = row.get(link_with[name]) if name in link_with else None
            if target and target[0] == "iri":
                href = link(target[1]) or target[1]
                text = f'<a href="{html.escape(href, quote=True)}">{html.escape(row[name][1]) if row.get(name) else ""}</a>'
            cells.append(f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def query_form(query: str, examples: Sequence[tuple[str, str, str]], *, timeout: float, max_bytes: int) -> bytes:
    """The page to type a query; ``examples`` are (name, title, question) of the query library."""
    options = "".join(f'<option value="{v}">{label}</option>' for v, label in (
        ("", "HTML table"), ("json", "JSON (SPARQL results)"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"),
        ("turtle", "Turtle (CONSTRUCT)"), ("jsonld", "JSON-LD (CONSTRUCT)")))
    items = "".join(
        f'<li><a href="/?example={quote(name)}">{html.escape(name)}</a> — {html.escape(title)}: '
        f'{html.escape(question)}</li>' for name, title, question in examples)
    body = (
        "<h1>policykg SPARQL</h1>"
        "<p>SPARQL 1.1 Protocol endpoint at <code>/sparql</code> (GET or POST; results by <code>Accept</code>: "
        "JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle or JSON-LD). Read-only. The default graph is the union "
        f"of the notice graphs. Queries stop after {timeout:g} s; results are limited to {max_bytes:,} bytes.</p>"
        '<form method="post" action="/sparql">'
        f'<textarea name="query" rows="18" spellcheck="false">{html.escape(query)}</textarea>'
        f'<p><label>Result <select name="format">{options}</select></label> '
        '<button type="submit">Run</button></p></form>'
        "<h2>Query library</h2><p>Parameters are written <code>$name</code>: replace them with a value "
        '(e.g. <code>"区财政局"</code>) before running, or run them with <code>policykg query NAME --param '
        "name=value</code>.</p>"
        f"<ul>{items}</ul>")
    return page("policykg SPARQL", body)


def entity_page(iri: str, title: str, sections: Sequence[tuple[str, str]], *, alternates: Mapping[str, str]) -> bytes:
    """The page of one entity: its IRI, links to its Turtle / JSON-LD, then ``sections`` (heading, HTML)."""
    links = " ".join(f'<a href="{html.escape(href, quote=True)}">{html.escape(name)}</a>'
                     for name, href in alternates.items())
    body = [f"<h1>{html.escape(title)}</h1>", f'<p class="iri">{html.escape(iri)}</p>', f"<p>{links}</p>"]
    for heading, content in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>{content}")
    return page(title, "".join(body))


def results_table(data: Mapping[str, Any], link: Linker) -> bytes:
    """SELECT results (the workers' rows JSON) as an HTML page."""
    names = list(data["vars"])
    rows = data["rows"]
    return page("SPARQL results", f"<p>{len(rows)} rows</p>" + table(names, rows, link))
