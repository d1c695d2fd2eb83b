"""The one word diff that history, the compare page, the Word redline and translations share."""

from cinterfor.wording import Piece, word_diff


def test_one_changed_word_is_one_deletion_and_one_insertion():
    assert word_diff("the ILO gives 2 million", "the ILO gives 3 million") == [
        Piece("equal", "the ILO gives "),
        Piece("delete", "2"),
        Piece("insert", "3"),
        Piece("equal", " million"),
    ]


def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion():
    pieces = word_diff("The old words here. Kept.", "A new text entirely. Kept.")
    assert [(p.op, p.text) for p in pieces] == [
        ("delete", "The old words here"),
        ("insert", "A new text entirely"),
        ("equal", ". Kept."),
    ]


def test_a_changed_mark_is_one_token_not_its_word():
    pieces = word_diff("It rose by 5 per cent.", "It rose by 5 per cent;")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "It rose by 5 per cent"),
        ("delete", "."),
        ("insert", ";"),
    ]


def test_a_biennium_label_changed_reads_as_one_change():
    pieces = word_diff("for 2020–21 the", "for 2022–23 the")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "for "),
        ("delete", "2020–21"),
        ("insert", "2022–23"),
        ("equal", " the"),
    ]


def test_line_breaks_are_kept_where_they_stood():
    pieces = word_diff("First line.\n\nSecond line.", "First line.\n\nThird line.")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "First line.\n\n"),
        ("delete", "Second"),
        ("insert", "Third"),
        ("equal", " line."),
    ]


def test_both_whole_texts_are_kept():
    closing = "This closing sentence was added by programme staff after the review."
    old, new = "  a " * 400 + "end", "  a " * 400 + "end.\n" + closing
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert "".join(p.text for p in pieces if p.op != "delete") == new


def test_no_text_either_side_is_no_piece():
    assert word_diff("", "") == []
    assert word_diff("", "New.") == [Piece("insert", "New.")]
