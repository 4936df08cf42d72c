"""Members' posts: Markdown rendering keeps formatting and never lets script through."""

import re

import pytest

from portal.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "![pic](javascript:alert(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="color:red">x</p>',
    '<span onmouseover="alert(1)">hover</span>',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<style>body{background:red}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "``` \n</code></pre><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="#" class="x" id="login-form">x</a>',
]

DANGEROUS = [
    re.compile(r"<\s*script", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"javascript:", re.I),
    re.compile(r"vbscript:", re.I),
    re.compile(r"data:text/html", re.I),
    re.compile(r"<\s*(iframe|object|embed|form|input|style|link|meta|base|svg|math)\b", re.I),
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_survives_rendering(payload):
    html = render_markdown(payload, user_content=True)
    for pattern in DANGEROUS:
        assert not pattern.search(html), f"{pattern.pattern!r} survived in {html!r}"


def test_user_links_get_nofollow_ugc():
    html = render_markdown("[Alon](https://alon.example/help)", user_content=True)
    assert 'href="https://alon.example/help"' in html
    assert 'rel="noopener nofollow ugc"' in html


def test_formatting_survives():
    html = render_markdown("**bold** and *em*\n\n- one\n- two\n\n> quoted", user_content=True)
    assert "<strong>bold</strong>" in html
    assert "<em>em</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |", user_content=True)
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_fenced_code_uses_pygments_classes_not_inline_styles():
    html = render_markdown("```python\ndef f():\n    return 1\n```", user_content=True)
    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_unknown_classes_are_dropped():
    html = render_markdown('<span class="login-overlay k">x</span>', user_content=True)
    assert 'class="k"' in html
    assert "login-overlay" not in html


def test_empty_text_renders_empty():
    assert render_markdown("", user_content=True) == ""
