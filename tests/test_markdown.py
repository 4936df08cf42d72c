"""Markdown rendering: features editors use, and nothing executable ever gets through."""

import re

import pytest

from portal.markdown import render, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    "<body onload=alert(1)>",
    '<form action="https://evil.example"><input name=x></form>',
    '<input type="text" autofocus onfocus="alert(1)">',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '"><script>alert(1)</script>',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<img src="x" srcset="javascript:alert(1)">',
    '[x](https://ok.example "title" onclick=alert(1))',
    '<h2 id="main">clobber</h2>',
]

DANGEROUS = [
    re.compile(
        r"<\s*(script|iframe|object|embed|style|link|meta|base|form|svg|math|video|source)\b", re.I
    ),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"(href|src|srcset)\s*=\s*\"?\s*(javascript|vbscript|data):", re.I),
    re.compile(r"\sstyle\s*=", re.I),
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_produces_executable_html(payload):
    for user_content in (False, True):
        html = render_markdown(f"Intro\n\n{payload}\n\nOutro", user_content=user_content)
        for pattern in DANGEROUS:
            assert not pattern.search(html), f"{payload!r} gave {html!r}"


def test_heading_never_takes_a_layout_id():
    assert 'id="main"' not in render_markdown("## Main\n\ntext")
    assert 'id="talk-to-human"' not in render_markdown('<h2 id="talk-to-human">x</h2>')


def test_tables_admonitions_tasks_and_code():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '!!! warning "Careful"\n    Unplug it first.\n\n'
        "- [x] done\n- [ ] to do\n\n"
        "```python\nprint('hi')\n```\n"
    )
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="admonition warning"' in html and "Careful" in html
    assert 'type="checkbox"' in html and "checked" in html
    assert 'class="highlight"' in html and '<span class="nb">print</span>' in html


def test_headings_get_anchors_and_are_listed():
    rendered = render("## Reset the router\n\ntext\n\n### Hold the button\n\nmore")
    assert '<h2 id="reset-the-router">' in rendered.html
    assert rendered.headings == [
        {"level": 2, "id": "reset-the-router", "name": "Reset the router"},
        {"level": 3, "id": "hold-the-button", "name": "Hold the button"},
    ]


def test_external_links_get_noopener_and_images_lazy_load():
    html = render_markdown("[out](https://example.org) [in](/kb/x) ![A node](/content/n.svg)")
    assert '<a href="https://example.org" rel="noopener">' in html
    assert '<a href="/kb/x">' in html
    assert 'loading="lazy"' in html and 'alt="A node"' in html


def test_user_content_links_are_nofollow():
    assert 'rel="noopener nofollow ugc"' in render_markdown(
        "[x](https://example.org)", user_content=True
    )


def test_task_list_checkboxes_are_labelled_and_other_inputs_dropped():
    html = render_markdown("- [x] Unplug the router\n- [ ] Wait\n\n<input type=text name=q>")
    assert '<label><input type="checkbox" disabled="" checked=""> Unplug the router</label>' in html
    assert html.count("<input") == 2


def test_raw_images_without_alt_get_an_empty_alt():
    assert 'alt=""' in render_markdown('<img src="/content/x.png">')


@pytest.mark.parametrize(
    "source",
    [
        "```\nunclosed fence",
        "<div><p>unclosed",
        "[link](",
        "| a |\n|",
        "\x00\x01\x02",
        "*" * 5000,
        "<" * 3000,
    ],
)
def test_malformed_markdown_still_renders(source):
    rendered = render(source)
    assert isinstance(rendered.html, str)


def test_box_titles_follow_the_texts_language():
    source = (
        "!!! note\n    Unplug it first.\n\n"
        '!!! warning "Mag-ingat sa kuryente"\n    Basa ang sahig.\n'
    )
    filipino = render(source, language="fil").html
    assert '<p class="admonition-title">Paalala</p>' in filipino
    assert "Mag-ingat sa kuryente" in filipino  # a title the author wrote stays
    assert '<p class="admonition-title">Note</p>' in render(source).html
