"""Passport names suggested from a Chinese name, without the ORM.

Passports of the People's Republic of China print the name in Hanyu Pinyin,
upper case, surname and given name apart, the syllables of each joined without
blanks, tone marks or apostrophes, and ü written YU (吕 LYU, 女 NYU). A name
written in Chinese characters (simplified or traditional) is split into the
surname (the compound surnames below, else the first character; an explicit
blank wins) and the given name. Surnames read differently from the same
character in ordinary words (单 SHAN, 曾 ZENG) come from the table below.

It is a suggestion: Hong Kong, Macao and Taiwan passports use other
romanisations (CHAN TAI MAN, LIN MEI-LING), and only the passport itself is
the truth.
"""

import re

from pypinyin import Style, lazy_pinyin

HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
)
HAN_NAME = re.compile(rf"^[{HAN}]+(?: [{HAN}]+)?$")

COMPOUND_SURNAMES_TEXT = """
欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 皇甫 令狐 慕容 司徒 东方 東方 夏侯 尉迟 尉遲
公孙 公孫 长孙 長孫 宇文 轩辕 軒轅 端木 独孤 獨孤 南宫 南宮 西门 西門 万俟 萬俟
闻人 聞人 呼延 赫连 赫連 澹台 公冶 宗政 濮阳 濮陽 太史 申屠 钟离 鍾離 鲜于 鮮于
闾丘 閭丘 司空 亓官 单于 單于 拓跋 百里 东郭 東郭 左丘 梁丘 第五
"""
COMPOUND_SURNAMES = frozenset(COMPOUND_SURNAMES_TEXT.split())
# Surname readings that differ from the character's reading in ordinary words.
SURNAME_READINGS = {
    "单": "shan",
    "單": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "區": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "蓋": "ge",
    "乐": "yue",
    "樂": "yue",
    "员": "yun",
    "員": "yun",
    "覃": "qin",
    "缪": "miao",
    "繆": "miao",
    "翟": "zhai",
    "种": "chong",
    "種": "chong",
    "秘": "bi",
    "召": "shao",
    "宓": "fu",
    "阚": "kan",
    "闞": "kan",
    "折": "she",
    "华": "hua",
    "華": "hua",
    "任": "ren",
    "沈": "shen",
    "宁": "ning",
    "寧": "ning",
    "牟": "mou",
    "纪": "ji",
    "紀": "ji",
    "柏": "bai",
    "薄": "bo",
    "冼": "xian",
    "谌": "chen",
    "諶": "chen",
    "长孙": "zhangsun",
    "長孫": "zhangsun",
    "尉迟": "yuchi",
    "尉遲": "yuchi",
    "万俟": "moqi",
    "萬俟": "moqi",
    "单于": "chanyu",
    "單于": "chanyu",
}


def is_han_name(name):
    """True for a name written in Chinese characters only (one blank allowed
    between surname and given name)."""
    return bool(HAN_NAME.match((name or "").strip()))


def split_chinese_name(name):
    """``(surname, given_name)`` in Chinese characters, or None."""
    name = (name or "").strip()
    if not is_han_name(name):
        return None
    if " " in name:
        surname, given = name.split(" ")
        return surname, given
    if len(name) < 2:
        return None
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[0]
    return surname, name[len(surname) :]


def _romanise(text):
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=False)
    return "".join(syllables).replace("v", "yu").upper()


def suggest_passport_name(name):
    """``(SURNAME, GIVENNAME)`` in passport pinyin for a Chinese name, or None.

    >>> suggest_passport_name("王小明")
    ('WANG', 'XIAOMING')
    """
    parts = split_chinese_name(name)
    if not parts:
        return None
    surname, given = parts
    reading = SURNAME_READINGS.get(surname)
    surname_latin = reading.upper() if reading else _romanise(surname)
    return surname_latin, _romanise(given)


def normalise_passport_name(value):
    """Upper case Latin letters as printed in a passport, single blanks."""
    if not value:
        return value
    return " ".join(value.upper().split())
