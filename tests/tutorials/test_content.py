"""Tutorial files: their format, and flask content sync importing them."""

import pytest

from portal.content.files import FileProblem
from portal.tutorials import services
from portal.tutorials.content import parse_tutorial, sync_tutorials
from tests.factories import tutorial_text


def test_parse_splits_intro_steps_and_checkpoints():
    parsed = parse_tutorial(tutorial_text(steps=3))
    assert parsed.intro_md == "Before you start, unpack the box."
    assert [s.title for s in parsed.steps] == ["Step title 1", "Step title 2", "Step title 3"]
    assert parsed.steps[0].checkpoint == {
        "type": "choice",
        "question": "Which light means ready?",
        "options": ["Red", "Blue"],
        "answer": 2,
        "explanation": "Pulsing blue means ready for setup.",
    }
    assert parsed.steps[1].checkpoint["type"] == "confirm"
    assert parsed.steps[2].checkpoint is None
    assert "```checkpoint" not in parsed.steps[0].body_md


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\ntitle: x\nslug: x\n---\nNo steps here.", "at least one step"),
        (tutorial_text(difficulty="expert"), "difficulty must be one of"),
        (tutorial_text(minutes="ten"), "minutes must be a whole number"),
        (tutorial_text(language="es"), "language must be one of"),
        (tutorial_text(colour="red"), "unknown field(s): colour"),
        (tutorial_text().replace("answer: 2", "answer: 7"), "answer must be the number"),
        (tutorial_text().replace("  - Red\n", ""), "2 to 6 options"),
        (tutorial_text().replace("question: Which light means ready?\n", ""), "needs a question"),
        (
            tutorial_text().replace("```\n\n## Step title 2", "```\n\nMore.\n\n## Step title 2"),
            "must be the last thing",
        ),
    ],
)  # fmt: skip
def test_bad_tutorials_are_refused_with_the_reason(text, problem):
    with pytest.raises(FileProblem, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_tutorial(text)


@pytest.fixture
def folder(app, tmp_path):
    (tmp_path / "tutorials").mkdir()
    return tmp_path


def test_sync_imports_tutorials_and_reports_bad_files(folder):
    (folder / "tutorials" / "good.md").write_text(tutorial_text("good"))
    (folder / "tutorials" / "bad.md").write_text(tutorial_text("bad", difficulty="expert"))
    report = sync_tutorials(folder)
    assert report.created == ["good"]
    assert report.errors == [
        ("tutorials/bad.md", "difficulty must be one of beginner, intermediate, advanced")
    ]
    tutorial = services.find_tutorial("good")
    assert len(tutorial.steps) == 3
    assert "<p>Do thing number 2.</p>" in tutorial.steps[1].body_html


def test_sync_is_idempotent_updates_and_archives(folder):
    path = folder / "tutorials" / "good.md"
    path.write_text(tutorial_text("good", steps=3))
    sync_tutorials(folder)
    assert sync_tutorials(folder).unchanged == ["good"]
    path.write_text(tutorial_text("good", steps=4))
    assert sync_tutorials(folder).updated == ["good"]
    assert len(services.find_tutorial("good").steps) == 4
    path.write_text(tutorial_text("good", steps=2))
    sync_tutorials(folder)
    assert len(services.find_tutorial("good").steps) == 2
    path.unlink()
    assert sync_tutorials(folder).archived == ["good"]
    assert services.find_tutorial("good") is None


def test_sync_links_translations(folder):
    (folder / "tutorials" / "a.md").write_text(tutorial_text("a", translation="b"))
    (folder / "tutorials" / "b.md").write_text(tutorial_text("b", language="fil", translation="a"))
    (folder / "tutorials" / "c.md").write_text(tutorial_text("c", translation="ghost"))
    report = sync_tutorials(folder)
    assert services.find_tutorial("a").translation.slug == "b"
    assert ("tutorials/c.md", "translation 'ghost' does not exist") in report.errors


def test_content_sync_command_imports_articles_and_tutorials(runner, folder):
    (folder / "tutorials" / "good.md").write_text(tutorial_text("good"))
    (folder / "categories.yml").write_text("[]")
    result = runner.invoke(args=["content", "sync", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Tutorials: 1 created" in result.output


def test_demo_tutorials_import_cleanly(runner, app):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.tutorials.models import Tutorial

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    tutorials = db.session.scalars(select(Tutorial)).all()
    assert len(tutorials) >= 5
    assert any(t.language == "fil" for t in tutorials)
    for tutorial in tutorials:
        assert 4 <= len(tutorial.steps) <= 8, tutorial.slug
        assert any(step.checkpoint for step in tutorial.steps), tutorial.slug
