"""Writing tutorials in the editor: the text format, preview, statuses, history and files."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.tutorials.content import body_text, export_tutorials, sync_tutorials
from portal.tutorials.models import Tutorial, TutorialRevision
from tests.factories import make_tutorial, tutorial_text

BODY = """Plug the router in first.

## Connect the cable

Use the yellow port.

```checkpoint
question: Which port?
options:
  - Yellow
  - Blue
answer: 1
explanation: The yellow port is the internet port.
```

## Wait for the light

It turns white.
"""


FIELDS = {
    "title": "Connect your router",
    "slug": "",
    "summary": "Get online in minutes.",
    "minutes": "10",
    "difficulty": "beginner",
    "language": "en",
    "translation_id": "",
    "tags": "Router, setup",
    "body_md": BODY,
    "action": "save",
}


def form_data(**overrides):
    """The editor's form as posted, with some fields changed."""
    return {**FIELDS, **overrides}


def tutorial_titled(title):
    return db.session.scalar(select(Tutorial).where(Tutorial.title == title))


@pytest.mark.parametrize("role", ["customer", "agent"])
def test_tutorial_editor_is_for_editors_only(client, login, role):
    login(role)
    assert client.get("/editor/tutorials").status_code == 403
    assert client.post("/editor/tutorials/new", data=form_data()).status_code == 403
    assert tutorial_titled("Connect your router") is None


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/editor/tutorials/new")
    assert response.status_code in (302, 303)
    assert "/auth/login" in response.headers["Location"]


def test_the_editor_home_links_to_tutorials(client, editor):
    page = client.get("/editor/").get_data(as_text=True)
    assert 'href="/editor/tutorials"' in page


def test_creating_a_tutorial_parses_steps_and_checkpoints_into_a_draft(client, editor):
    response = client.post("/editor/tutorials/new", data=form_data())
    tutorial = tutorial_titled("Connect your router")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/editor/tutorials/{tutorial.id}"
    assert tutorial.slug == "connect-your-router"
    assert tutorial.status == "draft"
    assert tutorial.tags == ["router", "setup"]
    assert tutorial.minutes == 10
    assert tutorial.intro_md == "Plug the router in first."
    assert [s.title for s in tutorial.steps] == ["Connect the cable", "Wait for the light"]
    assert tutorial.steps[0].checkpoint["answer"] == 1
    assert "<p>Use the yellow port.</p>" in tutorial.steps[0].body_html
    assert tutorial.author_id == editor.id
    revisions = db.session.scalars(select(TutorialRevision)).all()
    assert [(r.number, r.note, r.body_md) for r in revisions] == [
        (1, "created", body_text(tutorial))
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved." in page and "Which port?" in page
    assert client.get(f"/tutorials/{tutorial.slug}").status_code == 200


def test_publish_unpublish_and_archive_change_what_readers_see(client, editor, login):
    asked = client.post("/editor/tutorials/new", data=form_data(action="publish"))
    assert "Publish this now?" in asked.text and tutorial_titled("Connect your router") is None
    client.post("/editor/tutorials/new", data=form_data(action="publish", confirm_publish="1"))
    tutorial = tutorial_titled("Connect your router")
    assert tutorial.status == "published"
    url = f"/editor/tutorials/{tutorial.id}"
    for action, status in [
        ("unpublish", "draft"),
        ("publish", "published"),
        ("archive", "archived"),
    ]:
        data = form_data(
            action=action, slug=tutorial.slug, version=str(tutorial.version), confirm_publish="1"
        )
        assert client.post(url, data=data).status_code == 303
        assert tutorial.status == status
    client.post("/auth/logout")
    assert client.get(f"/tutorials/{tutorial.slug}").status_code == 404


def test_a_format_problem_is_a_field_error_and_keeps_the_text(client, editor):
    broken = BODY.replace("answer: 1", "answer: 5")
    response = client.post("/editor/tutorials/new", data=form_data(body_md=broken))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "answer must be the number of the right option" in page
    assert 'id="body_md-error"' in page
    assert "answer: 5" in page
    assert tutorial_titled("Connect your router") is None


def test_a_text_without_steps_is_refused(client, editor):
    response = client.post("/editor/tutorials/new", data=form_data(body_md="Just an intro."))
    assert response.status_code == 400
    assert "at least one step" in response.get_data(as_text=True)


def test_slug_taken_by_another_tutorial_is_a_field_error(client, editor):
    make_tutorial("connect-your-router")
    response = client.post(
        "/editor/tutorials/new", data=form_data(slug="connect-your-router", title="Other")
    )
    assert response.status_code == 400
    assert "Another tutorial uses this slug" in response.get_data(as_text=True)


def test_preview_with_htmx_is_a_fragment_with_steps_and_checkpoints(client, editor):
    response = client.post(
        "/editor/tutorials/preview",
        data={"title": "Connect", "body_md": BODY},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html
    assert "Step 1 of 2: Connect the cable" in html
    assert "Which port?" in html and "the right answer" in html
    assert "The yellow port is the internet port." in html


def test_preview_without_htmx_is_a_page_and_reports_format_problems(client, editor):
    response = client.post("/editor/tutorials/preview", data={"title": "x", "body_md": "No steps"})
    html = response.get_data(as_text=True)
    assert "<html" in html and "at least one step" in html


def test_the_preview_button_works_without_javascript(client, editor):
    response = client.post("/editor/tutorials/new", data=form_data(action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Step 2 of 2: Wait for the light" in html
    assert tutorial_titled("Connect your router") is None


def test_editing_records_revisions_that_compare_and_restore(client, editor):
    client.post("/editor/tutorials/new", data=form_data())
    tutorial = tutorial_titled("Connect your router")
    url = f"/editor/tutorials/{tutorial.id}"
    changed = BODY.replace("It turns white.", "It turns solid white.")
    client.post(url, data=form_data(body_md=changed, slug=tutorial.slug, note="Clearer light"))
    page = client.get(f"{url}/revisions").get_data(as_text=True)
    assert "Clearer light" in page and "Revisions of “Connect your router”" in page
    diff = client.get(f"{url}/compare?old=1&new=2").get_data(as_text=True)
    assert "It turns solid white." in diff and "<ins>" in diff and "<del>" in diff
    assert client.get(f"{url}/compare?old=1&new=9").status_code == 400
    response = client.post(f"{url}/revisions/1/restore")
    assert response.status_code == 303
    assert tutorial.steps[1].body_md == "It turns white."
    numbers = [r.number for r in db.session.scalars(select(TutorialRevision))]
    assert numbers == [1, 2, 3]
    assert client.post(f"{url}/revisions/9/restore").status_code == 404


def test_a_stale_save_is_refused_and_keeps_the_editors_text(client, editor):
    client.post("/editor/tutorials/new", data=form_data())
    tutorial = tutorial_titled("Connect your router")
    url = f"/editor/tutorials/{tutorial.id}"
    opened = str(tutorial.version)
    client.post(url, data=form_data(slug=tutorial.slug, version=opened, title="First save"))
    mine = BODY.replace("Use the yellow port.", "Use the YELLOW port.")
    response = client.post(url, data=form_data(slug=tutorial.slug, version=opened, body_md=mine))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this" in page
    assert "Use the YELLOW port." in page
    assert tutorial.title == "First save"
    assert f'value="{tutorial.version}"' in page


def test_unknown_tutorial_is_404(client, editor):
    assert client.get("/editor/tutorials/999").status_code == 404


def test_list_filters_by_status_language_difficulty_and_text(client, editor):
    make_tutorial("router-basics", title="Router basics")
    make_tutorial("mesh-pro", title="Mesh pro", difficulty="advanced", status="draft")
    make_tutorial("mesh-fil", title="Mesh sa bahay", language="fil")
    page = client.get("/editor/tutorials?status=draft").get_data(as_text=True)
    assert "Mesh pro" in page and "Router basics" not in page
    page = client.get("/editor/tutorials?difficulty=advanced").get_data(as_text=True)
    assert "Mesh pro" in page and "Router basics" not in page
    page = client.get("/editor/tutorials?language=fil").get_data(as_text=True)
    assert "Mesh sa bahay" in page and "Mesh pro" not in page
    page = client.get("/editor/tutorials?q=router").get_data(as_text=True)
    assert "Router basics" in page and "Mesh" not in page


def write_file(folder, slug, text):
    (folder / "tutorials").mkdir(parents=True, exist_ok=True)
    (folder / "tutorials" / f"{slug}.md").write_text(text)


def test_sync_reports_a_conflict_for_a_tutorial_edited_in_the_browser(client, editor, tmp_path):
    write_file(tmp_path, "set-up", tutorial_text("set-up"))
    assert sync_tutorials(tmp_path).created == ["set-up"]
    tutorial = db.session.scalar(select(Tutorial).where(Tutorial.slug == "set-up"))
    body = body_text(tutorial).replace("Do thing number 3.", "Do it in the browser.")
    data = form_data(title=tutorial.title, slug="set-up", body_md=body, version=tutorial.version)
    assert client.post(f"/editor/tutorials/{tutorial.id}", data=data).status_code == 303
    write_file(tmp_path, "set-up", tutorial_text("set-up").replace("number 3", "three"))
    report = sync_tutorials(tmp_path)
    assert report.conflicts == [("tutorials/set-up.md", "set-up")]
    assert tutorial.steps[2].body_md == "Do it in the browser."


def test_export_then_sync_reports_tutorials_unchanged(client, editor, tmp_path):
    client.post("/editor/tutorials/new", data=form_data(action="publish", confirm_publish="1"))
    make_tutorial("set-up")
    out = tmp_path / "out"
    assert export_tutorials(out) == 2
    text = (out / "tutorials" / "connect-your-router.md").read_text()
    assert text.startswith("---\ntitle: Connect your router\nslug: connect-your-router\n")
    assert "```checkpoint\nquestion: Which port?" in text
    report = sync_tutorials(out)
    assert sorted(report.unchanged) == ["connect-your-router", "set-up"]
    assert report.ok


def test_cli_export_writes_tutorials(runner, app, tmp_path):
    make_tutorial("set-up")
    result = runner.invoke(args=["content", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Exported 1 tutorials" in result.output
    assert (tmp_path / "out" / "tutorials" / "set-up.md").exists()
