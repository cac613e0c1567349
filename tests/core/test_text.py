"""search/text.py: Vietnamese normalising, folding, tokens, bigrams, document numbers."""

import unicodedata

import pytest
from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from core.text import (
    bigrams,
    document_number_key,
    fold,
    is_diacritic,
    looks_like_document_number,
    normalize,
    procedure_code_key,
    tokens,
)

# The 12 Vietnamese vowels: base letter with its vowel mark (as combining characters),
# and the ASCII letter it folds to.
VOWELS = {
    "a": "a",
    "a\u0306": "a",  # ă
    "a\u0302": "a",  # â
    "e": "e",
    "e\u0302": "e",  # ê
    "i": "i",
    "o": "o",
    "o\u0302": "o",  # ô
    "o\u031b": "o",  # ơ
    "u": "u",
    "u\u031b": "u",  # ư
    "y": "y",
}
# The 6 tones: ngang (none), huyền, sắc, hỏi, ngã, nặng.
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]

ALL_VOWELS = [
    (unicodedata.normalize("NFC", vowel + tone), expected)
    for vowel, expected in VOWELS.items()
    for tone in TONES
]


def test_vowel_table_is_all_precomposed():
    letters = [letter for letter, _ in ALL_VOWELS]
    assert len(set(letters)) == 72
    assert all(len(letter) == 1 for letter in letters)
    assert all(len(letter.upper()) == 1 for letter in letters)


@pytest.mark.parametrize(("letter", "expected"), ALL_VOWELS)
def test_fold_every_vowel_with_every_tone_both_cases(letter, expected):
    assert fold(letter) == expected
    assert fold(letter.upper()) == expected.upper()
    assert fold(unicodedata.normalize("NFD", letter)) == expected
    assert fold(unicodedata.normalize("NFD", letter.upper())) == expected.upper()
    assert fold(letter) == anyascii(letter)
    assert fold(letter.upper()) == anyascii(letter.upper())


@pytest.mark.parametrize(
    ("letter", "expected"),
    [
        ("ằ", "a"),
        ("Ặ", "A"),
        ("ẩ", "a"),
        ("Ễ", "E"),
        ("ỉ", "i"),
        ("Ộ", "O"),
        ("ỡ", "o"),
        ("Ứ", "U"),
        ("ự", "u"),
        ("Ỷ", "Y"),
        ("ỹ", "y"),
        ("ơ", "o"),
        ("Ư", "U"),
    ],
)
def test_fold_hand_written_sample(letter, expected):
    assert fold(letter) == expected


def test_fold_d_with_stroke():
    assert fold("đ") == "d"
    assert fold("Đ") == "D"
    assert fold("Đường Điện Biên Phủ, đoạn đê") == "Duong Dien Bien Phu, doan de"
    # NFD does not decompose đ: the same result from decomposed input.
    assert fold(unicodedata.normalize("NFD", "Điện tử")) == "Dien tu"


def test_fold_eth_from_legacy_encodings():
    assert fold("Ðiện tử") == "Dien tu"
    assert fold(normalize("Ðiện tử")) == "dien tu"


def test_fold_keeps_digits_english_and_other_scripts():
    text = "Nghị định 15/2020/NĐ-CP: e-Government API v2.0, 100% trực tuyến"
    assert fold(text) == "Nghi dinh 15/2020/ND-CP: e-Government API v2.0, 100% truc tuyen"
    for other in ["政府", "Правительство", "รัฐบาล", "हिन्दी", "ø ł ß", "😀"]:
        assert fold(other) == other


def test_fold_then_normalize_examples():
    assert fold(normalize("Dịch vụ công")) == "dich vu cong"
    assert fold(normalize("  CHÍNH   PHỦ\tĐIỆN\n TỬ ")) == "chinh phu dien tu"


def test_normalize_nfc_and_nfd_are_equal():
    nfc = unicodedata.normalize("NFC", "Dịch vụ công trực tuyến mức độ 4, Đăng ký khai sinh")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert normalize(nfc) == normalize(nfd)
    assert normalize(nfd) == unicodedata.normalize("NFC", normalize(nfd))
    assert fold(nfc) == fold(nfd)
    assert tokens(nfc) == tokens(nfd)
    assert tokens(nfc, folded=False) == tokens(nfd, folded=False)


def test_normalize_casefolds_and_collapses_whitespace():
    assert normalize("  Dịch\u00a0VỤ \t\n CÔNG  ") == "dịch vụ công"
    assert normalize("Straße") == "strasse"
    # Casefolding "İ" gives i + U+0307: normalize keeps it NFC.
    assert normalize("İ") == unicodedata.normalize("NFC", "İ".casefold())


def test_tokens_and_bigrams():
    text = "Dịch vụ công trực tuyến mức độ 4"
    folded = tokens(text)
    assert folded == ["dich", "vu", "cong", "truc", "tuyen", "muc", "do", "4"]
    assert tokens(text, folded=True) == folded
    assert tokens(text, folded=False) == ["dịch", "vụ", "công", "trực", "tuyến", "mức", "độ", "4"]
    assert bigrams(folded) == [
        "dich vu",
        "vu cong",
        "cong truc",
        "truc tuyen",
        "tuyen muc",
        "muc do",
        "do 4",
    ]
    assert bigrams(tokens(text, folded=False))[:2] == ["dịch vụ", "vụ công"]


def test_tokens_split_at_punctuation_and_underscore():
    assert tokens("942/QĐ-TTg; (Hà Nội), e_gov") == ["942", "qd", "ttg", "ha", "noi", "e", "gov"]


def test_tokens_keep_marks_of_other_scripts_inside_words():
    assert tokens("हिन्दी ภาษาไทย") == ["हिन्दी", "ภาษาไทย"]


def test_bigrams_short_inputs():
    assert bigrams([]) == []
    assert bigrams(["dich"]) == []


DOCUMENT_942 = ["942/QĐ-TTg", "942/QD-TTg", "942 qđ ttg", "942-QĐ/TTg", "942/qd_ttg", "942qdttg"]


@pytest.mark.parametrize("spelling", DOCUMENT_942)
def test_document_number_key_same_for_every_spelling(spelling):
    assert document_number_key(spelling) == "942qdttg"
    assert document_number_key(unicodedata.normalize("NFD", spelling)) == "942qdttg"
    assert looks_like_document_number(spelling)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("942/QĐ-TTg", "942/QĐ-BTTTT"),
        ("17/NQ-CP", "17/2019/NQ-CP"),
        ("17/2019/NQ-CP", "172019/NQ-CP"),
        ("942/QĐ-TTg", "94/QĐ-TTg"),
        ("60/2014/QH13", "60/2014/QH14"),
    ],
)
def test_document_number_key_different_numbers_differ(first, second):
    assert document_number_key(first) != document_number_key(second)


def test_document_number_key_with_year():
    assert document_number_key("60/2014/QH13") == "60/2014qh13"
    assert document_number_key("17/2019/NĐ-CP") == document_number_key("17-2019-nd-cp")


@pytest.mark.parametrize(
    "query",
    [
        "942/QD-TTg",
        "17/NQ-CP",
        "60/2014/QH13",
        "15/2020/NĐ-CP",
        "01/2021/TT-BTTTT",
        "1234/QĐ-UBND",
        " 942 qđ ttg ",
    ],
)
def test_looks_like_document_number(query):
    assert looks_like_document_number(query)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "942",
        "dich vu cong",
        "Dịch vụ công mức độ 4",
        "4 dich vu",
        "5G",
        "100mb",
        "2024 bao cao",
        "QĐ-TTg",
        "1.001193",
        "942/QĐ-TTg " * 10,
    ],
)
def test_does_not_look_like_document_number(query):
    assert not looks_like_document_number(query)


@pytest.mark.parametrize("code", ["1.001193", "1001193", " 1.001193 ", "1,001193"])
def test_procedure_code_key(code):
    assert procedure_code_key(code) == "1.001193"


@pytest.mark.parametrize("text", ["", "1.00119", "10.001193", "1.0011930", "942/QĐ-TTg", "abc"])
def test_procedure_code_key_rejects_other_text(text):
    assert procedure_code_key(text) is None


@pytest.mark.parametrize("text", ["", " \t\n", "!?.,;:/-_()[]…“”", "\x00\x1f"])
def test_empty_and_punctuation_only(text):
    assert tokens(text) == []
    assert tokens(text, folded=False) == []
    assert bigrams(tokens(text)) == []
    assert document_number_key(text) == ""
    assert not looks_like_document_number(text)
    assert procedure_code_key(text) is None
    assert fold(normalize(text)).strip(" !?.,;:/-_()[]…“”\x00\x1f") == ""


def test_one_megabyte_of_text():
    # Correctness on a large input only: speed belongs in a benchmark, not a timed test
    # on a shared machine.
    text = ("Dịch vụ công trực tuyến mức độ 4, Quyết định 942/QĐ-TTg. " * 20000)[: 1 << 20]
    nfd = unicodedata.normalize("NFD", text)
    assert fold(normalize(nfd)) == fold(normalize(text))
    words = tokens(nfd)
    assert words[:3] == ["dich", "vu", "cong"]
    assert len(bigrams(words)) == len(words) - 1
    assert not looks_like_document_number(text)
    assert procedure_code_key(text) is None


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_marks(text):
    once = fold(normalize(text))
    assert fold(once) == once
    assert fold(normalize(once)) == once
    assert not any(is_diacritic(char) for char in unicodedata.normalize("NFD", once))
    assert not set("đĐ") & set(once)


@given(st.text())
def test_fold_output_has_no_marks_without_normalize(text):
    folded = fold(text)
    assert not any(is_diacritic(char) for char in unicodedata.normalize("NFD", folded))
    assert not set("đĐ") & set(folded)
    assert fold(folded) == folded


@given(st.text())
def test_tokens_are_normalized_and_nonempty(text):
    for token in tokens(text):
        assert token
        assert token == fold(normalize(token))
        assert " " not in token
    for token in tokens(text, folded=False):
        assert token == normalize(token)
