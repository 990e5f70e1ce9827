"""What a cell's text must not be: legacy Vietnamese encodings and invisible characters.

Staff paste text from Word documents typed years ago with .VnTime (TCVN3, "ABC") or
VNI-Times fonts. Saved as Unicode, that text keeps the old 8-bit codes as Latin-1 letters
("B¸o c¸o tæng kÕt", "Baùo caùo toång keát"): it looks like Vietnamese in the old font
only, and nowhere else. Text pasted from the web or Word also carries characters nobody
sees (zero-width spaces, no-break spaces, a byte-order mark) that break keys, numbers and
search. This module recognises both and names them in words staff can act on.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC) with the .VnTime font: one 8-bit code per Vietnamese letter. Capitals were
# typed in a second font (.VnTimeH) with the same codes, so only these exist as capitals.
TCVN3 = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ", "¨": "ă", "»": "ằ", "¼": "ẳ",
    "½": "ẵ", "¾": "ắ", "Æ": "ặ", "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ",
    "Ë": "ậ", "®": "đ", "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ", "ª": "ê",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ", "×": "ì", "Ø": "ỉ", "Ü": "ĩ",
    "Ý": "í", "Þ": "ị", "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ", "«": "ô",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ", "¬": "ơ", "ê": "ờ", "ë": "ở",
    "ì": "ỡ", "í": "ớ", "î": "ợ", "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự", "ú": "ỳ", "û": "ỷ",
    "ü": "ỹ", "ý": "ý", "þ": "ỵ", "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô",
    "¥": "Ơ", "¦": "Ư",
}  # fmt: skip
# VNI Windows with VNI-Times: a base letter followed by a mark coded as a Latin-1 letter.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_SHAPES = {"â": "\u0302", "ê": "\u0306"}  # circumflex; breve (on a) as "aê"
_VNI_SHAPE_TONES = {  # a shape and a tone in one code, after "a", "e", "o"
    "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
}  # fmt: skip
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ",
               "ô": "ơ", "ö": "ư", "Ñ": "Đ", "Ô": "Ơ", "Ö": "Ư", "Í": "Í", "Ì": "Ì",
               "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}  # fmt: skip


def _vni_table() -> dict[str, str]:
    """Every VNI letter sequence (one or two codes) and its Unicode letter."""
    table = dict(_VNI_SINGLE)
    for upper in (False, True):
        case = str.upper if upper else str.lower
        for base in "aeouy" + ("ôö" if not upper else "ÔÖ"):
            letter = _VNI_SINGLE.get(base, base)
            for code, mark in _VNI_TONES.items():
                table[case(base) + case(code)] = unicodedata.normalize("NFC", case(letter) + mark)
        for base in "aeo":
            for code, mark in {**_VNI_SHAPES, **_VNI_SHAPE_TONES}.items():
                if code == "ê" and base != "a":
                    continue
                mark = "\u0306" if code == "ê" else mark
                table[case(base) + case(code)] = unicodedata.normalize("NFC", case(base) + mark)
        for code, mark in _VNI_BREVE_TONES.items():
            table[case("a") + case(code)] = unicodedata.normalize(
                "NFC", case("a") + "\u0306" + mark
            )
    return table


VNI = _vni_table()
_VNI_SEQUENCE = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
_VIETNAMESE = set(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
) | set("đĐ")
# Codes of either encoding that are no letter of Vietnamese: their presence next to a
# letter is what makes a cell suspect; whether it is TCVN3 or VNI is then decided by
# which reading gives real Vietnamese words.
_FOREIGN = "".join(sorted((set(TCVN3) | set("".join(VNI))) - _VIETNAMESE - set("\u00ad")))
_SUSPECT = re.compile(
    rf"[A-Za-z][{_FOREIGN}\u00ad]|[{_FOREIGN}][A-Za-z]|[aeAE][ùøûõïâêáàåãäéèúüëÙØÛÕÏÂÊÁÀÅÃÄÉÈÚÜË]"
)
_WORD = re.compile(r"\w+")


def from_tcvn3(text: str) -> str:
    """The text read as TCVN3: "B¸o c¸o" → "Báo cáo"."""
    return "".join(TCVN3.get(char, char) for char in text)


def from_vni(text: str) -> str:
    """The text read as VNI: "Baùo caùo" → "Báo cáo"."""
    return _VNI_SEQUENCE.sub(lambda match: VNI[match.group()], text)


def _known_words(text: str, vocabulary: set[str]) -> int:
    return sum(word.lower() in vocabulary for word in _WORD.findall(text))


INVISIBLE_NAMES = {
    "\u00a0": "no-break space",
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u202f": "narrow no-break space",
    "\u2060": "word joiner",
    "\u2007": "figure space",
    "\u2009": "thin space",
    "\ufeff": "byte-order mark (BOM)",
    "\t": "tab",
    "\r": "carriage return",
    "\n": "line break",
}
# Never wanted anywhere: nobody sees them, and they cut words for search and matching.
ZERO_WIDTH = set("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def character_name(char: str) -> str:
    """A name staff can recognise: "zero-width space", "control character U+0007"."""
    if char in INVISIBLE_NAMES:
        return INVISIBLE_NAMES[char]
    category = unicodedata.category(char)
    kind = "control character" if category.startswith("C") else "invisible character"
    return f"{kind} U+{ord(char):04X}"


def is_invisible(char: str) -> bool:
    """A character that prints as nothing or as a plain space, but is not one."""
    if char in INVISIBLE_NAMES:
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") or (
        category == "Zs" and char != " "
    )


def invisible_characters(text: str) -> list[str]:
    """The names of the invisible characters in `text`, each once, in order."""
    if text.isprintable():  # Python's printable excludes every category is_invisible names
        return []
    names = [character_name(c) for c in text if is_invisible(c)]
    return list(dict.fromkeys(names))


def zero_width_characters(text: str) -> list[str]:
    """The names of the characters that print as nothing at all."""
    if text.isprintable():  # none of Cc, Cf: the check below finds nothing (every cell)
        return []
    names = [
        character_name(c)
        for c in text
        if c in ZERO_WIDTH or (unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t")
    ]
    return list(dict.fromkeys(names))


def shown(value: str, limit: int = 60) -> str:
    """The value as a message quotes it, each invisible character named in brackets."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    named = "".join(f"⟨{character_name(c)}⟩" if is_invisible(c) else c for c in value)
    return "'" + named.replace("'", "\\'") + "'"


def legacy_encoding(text: str, vocabulary: set[str]) -> tuple[str, str] | None:
    """(encoding, the text read in it) if `text` is Vietnamese in TCVN3 or VNI, else None.

    `vocabulary` is the syllables of real Vietnamese text (the record's): the reading that
    turns more of the words into real syllables than the text as it is names the encoding.
    """
    if not _SUSPECT.search(text):
        return None
    as_is = _known_words(text, vocabulary)
    readings = [("TCVN3 (ABC, .VnTime)", from_tcvn3(text)), ("VNI (VNI-Times)", from_vni(text))]
    encoding, reading = max(readings, key=lambda pair: _known_words(pair[1], vocabulary))
    if _known_words(reading, vocabulary) <= as_is:
        return None
    return encoding, reading


LEGACY_ENCODING_FIX = (
    "convert the text to Unicode dựng sẵn (precomposed), e.g. with Unikey's converter "
    "(Công cụ chuyển mã: nguồn {source}, đích Unicode), then paste it again"
)


def legacy_encoding_rule(encoding: str, reading: str) -> str:
    """The message for text in a legacy encoding, naming it, the fix and the reading."""
    source = "TCVN3 (ABC)" if encoding.startswith("TCVN3") else "VNI Windows"
    shown_reading = reading if len(reading) <= 60 else reading[:57] + "..."
    return (
        f"looks like Vietnamese typed in the old {encoding} encoding (it reads "
        f"“{shown_reading}”), which shows as Vietnamese only in that font; "
        + LEGACY_ENCODING_FIX.format(source=source)
    )
