"""Line diffs of any two texts."""

from portal.editor.diffing import DiffLine, Skipped, compare_versions, line_diff


def test_identical_texts_have_no_changes():
    diff = line_diff("a\nb", "a\nb")
    assert not diff.changed and diff.lines == []


def test_a_changed_line_is_removed_then_added_with_context():
    old = "\n".join("abcdefghij")
    new = old.replace("e", "E") + "\nk"
    diff = line_diff(old, new, context=1)
    assert diff.lines == [
        Skipped(3),
        DiffLine("same", "d", 4, 4),
        DiffLine("removed", "e", old_number=5),
        DiffLine("added", "E", new_number=5),
        DiffLine("same", "f", 6, 6),
        Skipped(3),
        DiffLine("same", "j", 10, 10),
        DiffLine("added", "k", new_number=11),
    ]
    assert (diff.added, diff.removed) == (2, 1)


def test_line_endings_do_not_count_as_changes():
    assert not line_diff("one\r\ntwo", "one\ntwo").changed


def test_unchanged_lines_after_the_last_change_are_summarised():
    diff = line_diff("x\n1\n2\n3\n4\n5", "y\n1\n2\n3\n4\n5", context=2)
    assert diff.lines[-1] == Skipped(3)


def test_versions_compare_titles_and_bodies():
    diff = compare_versions("Old", "text", "New", "text")
    assert diff.title_changed and not diff.body.changed and diff.changed
    assert not compare_versions("Same", "a", "Same", "a").changed
