#!/usr/bin/env python3
"""Generates the independent screening corpus: a synthetic sanctions list of about
16,000 entries and a labelled set of payment names, with a noise model of its own.

The corpus under data/corpus/ (generate_corpus.py) was written alongside the name
normaliser and alters names the ways the normaliser knows about. This one is built
from the other side, from how names are written in the world, so it measures what
the normaliser does not know:

  * Arabic and Persian names are written here as phoneme strings (the generator's
    own notation, below) and rendered by several transliteration schemes (US
    government style for the list; French / Maghreb, Egyptian, popular English,
    German, Turkish and Persian styles for payments) and in Arabic script.
  * Russian names are written in Cyrillic and rendered by the BGN/PCGN style for the
    list and by the passport (ICAO 9303), popular, German, French and scholarly
    (ISO 9 style, with diacritics) schemes, or left in Cyrillic, for payments.
  * Company names carry the legal form of their country from a table of
    abbreviations, punctuated and spaced spellings, and spelled-out forms in the
    local language and in English.
  * Payment noise: titles, word order, initials, dropped middle names, typos (one
    edit: insertion, deletion, substitution, transposition), spacing and hyphens
    (joined or split name parts), punctuation and case.

Nothing here looks at the product's tables or rules; every name is invented from
name parts common in each culture, combined at random (fixed seed), so no output
is a real listed person or company.

Negatives are ordinary names drawn from the same name parts and cultures, with no
filter on sharing words with the list: a negative is discarded only when it is, by
construction, the same name as a listed one: every part of one is the same part as,
or one edit away from, a part of the other, and the longer has at most one part more
(a listed name of three or more parts less a middle name); for companies the legal
form is not a part. Positives are discarded when another listed entry is the same
name as far as the variant tells (a dropped legal form or middle name, an initial),
so "right entry" has one right answer.

Outputs (under tests/compliance/data/independent/):
  list.tsv       entry id <TAB> type (person / company) <TAB> primary name <TAB> aliases joined by " | "
  positives.tsv  payment name <TAB> entry id <TAB> kind <TAB> listed name it was made from
  negatives.tsv  payment name <TAB> kind (person / company) <TAB> culture

Usage: generate_independent_corpus.py [output_dir]
"""
import os
import random
import sys
import unicodedata

SEED = 7_2026_0412
rng = random.Random(SEED)

LIST_SIZE = 16000
POSITIVES = 6000
NEGATIVES = 4000

# ---------------------------------------------------------------------------
# Arabic phoneme notation: consonants b t th j H kh d dh r z s sh S D T Z ` gh f q k
# l m n h w y ' ; vowels a i u, long aa ii uu; a doubled consonant is geminated.
# Upper-case H S D T Z are the emphatic / pharyngeal consonants. "al-" is the article.
ARABIC_GIVEN = [
    "muHammad", "aHmad", "maHmuud", "`alii", "Husayn", "Hasan", "`umar", "khaalid",
    "yuusuf", "ibraahiim", "muSTafaa", "`abd allaah", "`abd al-raHmaan", "`abd al-kariim",
    "`abd al-`aziiz", "`abd al-qaadir", "`abd al-naaSir", "`abd al-salaam", "sa`iid",
    "Haamid", "rashiid", "faySal", "naaSir", "kariim", "usaama", "Taariq", "waliid",
    "bilaal", "Hamza", "ziyaad", "samiir", "yaHyaa", "yuunus", "Habiib", "ja`far",
    "jamaal", "qaasim", "sulaymaan", "ismaa`iil", "`uthmaan", "zayd", "Saalih", "`aadil",
    "anwar", "fawwaaz", "nabiil", "majiid", "fu'aad", "jalaal", "kamaal", "muniir",
    "shariif", "Diyaa' al-diin", "naSr al-diin", "`izz al-diin", "nuur al-diin", "badr",
    "haashim", "manSuur", "ghaazii", "Hamdii", "lu'ayy", "raa'id", "thaamir", "mahdii",
    "`imaad", "ayman", "hishaam", "Taahir", "mu`aawiya", "khaliil", "idriis", "mus`ab",
    "qays", "marwaan", "shukrii", "Sabrii", "`aamir", "baasim", "jaasim", "naajii",
]
ARABIC_FEMALE = ["faaTima", "`aa'isha", "khadiija", "maryam", "zaynab", "amiina", "layla",
                 "huda", "nuur", "salma", "ruqayya", "asmaa'"]
ARABIC_FAMILY = [
    "al-tikriitii", "al-rashiid", "al-qaHTaanii", "al-shammarii", "al-`anazii",
    "al-dawsarii", "al-zahraanii", "al-ghaamidii", "al-Harbii", "al-muTayrii", "al-`utaybii",
    "al-baghdaadii", "al-maSrii", "al-yamanii", "al-Halabii", "al-dimashqii", "Haddaad",
    "khuurii", "barakaat", "darwiish", "faaruuq", "Hijaazii", "jaabir", "kan`aan",
    "manSuur", "Saalih", "zaydaan", "shaahiin", "ghaanim", "`ubayd", "`awaD", "Sabbaagh",
    "najjaar", "khaTiib", "al-tamiimii", "al-qurayshii", "al-kubaysii", "al-dulaymii",
    "al-juburii", "al-`ubaydii", "al-jazaa'irii", "al-Husaynii", "al-Hasanii", "al-sayyid",
    "al-zubaydii", "al-khazraji", "al-nu`aymii", "al-faDlii", "al-Hakiim", "al-amiin",
    "qaasim", "al-ka`bii", "al-Tayyib", "al-`aaSii", "al-saamarraa'ii", "al-muusawii",
    "naSr allaah", "abuu zayd", "abuu shaqra", "al-najjaar", "al-sharif", "al-khaliilii",
]
PERSIAN_GIVEN = ["reZaa", "mahdii", "Hoseyn", "`alii", "javaad", "farhaad", "daariush",
                 "kaamraan", "baabak", "sa`iid", "mohammad-reZaa", "qaasem", "mojtabaa",
                 "mas`uud", "majiid", "Hamiid", "ahmad", "mortezaa", "abolfazl", "amiir",
                 "behruuz", "siyaavash", "esmaa`iil", "ebraahiim", "nasser"]
PERSIAN_FAMILY = ["tehraanii", "rostamii", "qorbaanii", "ja`farii", "najafii", "Saadeqii",
                  "moraadii", "kaazemii", "reZaa'ii", "esfahaanii", "shiiraazii", "hosseynii",
                  "mohammadii", "karimii", "rahiimii", "aHmadii", "mousavii", "haashemii",
                  "sol`aymaanii", "qaalibaaf", "larijaanii", "khaamene'ii", "rafsanjaanii",
                  "zarif", "salehii", "vahidii", "jalilii", "shamkhaanii", "Taheri", "qazvinii"]

# Consonant renderings per scheme. Keys: phoneme; value: spelling (lower case).
_BASE = {"b": "b", "t": "t", "th": "th", "j": "j", "H": "h", "kh": "kh", "d": "d",
         "dh": "dh", "r": "r", "z": "z", "s": "s", "sh": "sh", "S": "s", "D": "d", "T": "t",
         "Z": "z", "`": "", "gh": "gh", "f": "f", "q": "q", "k": "k", "l": "l", "m": "m",
         "n": "n", "h": "h", "w": "w", "y": "y", "'": "", "v": "v", "g": "g", "p": "p"}
ARABIC_SCHEMES = {
    # US government style: the list's own spelling.
    "us": dict(cons={}, a="a", i="i", u="u", aa="a", ii="i", uu="u", ay="ay", aw="aw",
               gem=True, article="al-", sun=False, final_ii="i"),
    "french": dict(cons={"sh": "ch", "j": "dj", "q": "k", "kh": "kh", "w": "ou", "y": "y"},
                   a="a", i="i", u="ou", aa="a", ii="i", uu="ou", ay="ai", aw="aou", gem=True,
                   article="el ", sun=False, final_ii="i"),
    "egyptian": dict(cons={"j": "g", "q": "", "th": "s", "dh": "z", "Z": "z"}, a="a", i="e",
                     u="o", aa="a", ii="i", uu="ou", ay="ei", aw="aw", gem=True,
                     article="el-", sun=False, final_ii="y"),
    "english": dict(cons={}, a="a", i="i", u="u", aa="aa", ii="ee", uu="oo", ay="ai",
                    aw="aw", gem=False, article="al ", sun=True, final_ii="ee"),
    "german": dict(cons={"sh": "sch", "j": "dsch", "y": "j", "kh": "ch", "w": "w", "z": "s",
                         "dh": "dh"}, a="a", i="i", u="u", aa="a", ii="i", uu="u", ay="ai",
                   aw="au", gem=True, article="al-", sun=False, final_ii="i"),
    "turkish": dict(cons={"j": "c", "sh": "\u015f", "kh": "h", "q": "k", "th": "s",
                          "dh": "z", "w": "v"}, a="a", i="i", u="u", aa="a", ii="i", uu="u",
                    ay="ey", aw="ev", gem=True, article="el-", sun=False, final_ii="i"),
    "popular": dict(cons={"q": "k", "kh": "kh", "dh": "z", "th": "s"}, a="e", i="i", u="o",
                    aa="a", ii="i", uu="ou", ay="ei", aw="ou", gem=True, article="el ",
                    sun=False, final_ii="i"),
    "persian": dict(cons={"q": "gh", "w": "v", "th": "s", "dh": "z", "D": "z", "`": ""},
                    a="a", i="e", u="o", aa="a", ii="i", uu="ou", ay="ey", aw="ow",
                    gem=False, article="ol-", sun=False, final_ii="i"),
}
SUN = {"t", "th", "d", "dh", "r", "z", "s", "sh", "S", "D", "T", "Z", "l", "n"}
DIGRAPHS = ("th", "kh", "dh", "sh", "gh")


def phonemes(word):
    """Splits one phoneme word (no spaces, no article) into phonemes."""
    out, i = [], 0
    while i < len(word):
        two = word[i:i + 2]
        if two in DIGRAPHS:
            out.append(two)
            i += 2
        elif two in ("aa", "ii", "uu"):
            out.append(two)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


def render_arabic_word(word, s, first_in_name):
    ph = phonemes(word)
    cons = dict(_BASE)
    cons.update(s["cons"])
    out = []
    i = 0
    while i < len(ph):
        p = ph[i]
        nxt = ph[i + 1] if i + 1 < len(ph) else None
        if p == "a" and nxt in ("y", "w") and (i + 2 >= len(ph) or ph[i + 2] not in
                                               ("a", "i", "u", "aa", "ii", "uu")):
            out.append(s["ay"] if nxt == "y" else s["aw"])
            i += 2
            continue
        if p in ("a", "i", "u", "aa", "uu"):
            out.append(s[p])
        elif p == "ii":
            out.append(s["final_ii"] if i == len(ph) - 1 else s["ii"])
        else:
            c = cons.get(p, p)
            if nxt == p:  # geminate
                out.append(c + c if s["gem"] and len(c) == 1 else c)
                i += 2
                continue
            out.append(c)
        i += 1
    text = "".join(out)
    return text


def render_arabic(name, scheme):
    """name: phoneme words separated by spaces, "al-" prefixes allowed."""
    s = ARABIC_SCHEMES[scheme]
    words = []
    for w in name.split(" "):
        if w.startswith("al-"):
            stem = w[3:]
            first = phonemes(stem)[0]
            body = render_arabic_word(stem, s, False).capitalize()
            if s["sun"] and first in SUN:
                c = render_arabic_word(first, s, False)
                words.append("a" + c + "-" + body if c else "al-" + body)
            else:
                art = s["article"]
                words.append((art.capitalize() if not words else art) + body
                             if art.endswith("-") else art.strip().capitalize() + " " + body)
        else:
            words.append(render_arabic_word(w, s, True).capitalize())
    return " ".join(words)


# Arabic script, from the same phonemes.
AR_SCRIPT = {"b": "\u0628", "t": "\u062a", "th": "\u062b", "j": "\u062c", "H": "\u062d",
             "kh": "\u062e", "d": "\u062f", "dh": "\u0630", "r": "\u0631", "z": "\u0632",
             "s": "\u0633", "sh": "\u0634", "S": "\u0635", "D": "\u0636", "T": "\u0637",
             "Z": "\u0638", "`": "\u0639", "gh": "\u063a", "f": "\u0641", "q": "\u0642",
             "k": "\u0643", "l": "\u0644", "m": "\u0645", "n": "\u0646", "h": "\u0647",
             "w": "\u0648", "y": "\u064a", "'": "\u0621", "aa": "\u0627", "ii": "\u064a",
             "uu": "\u0648", "v": "\u0648", "g": "\u06af", "p": "\u067e"}


def arabic_script_word(word):
    ph = phonemes(word)
    out = []
    for i, p in enumerate(ph):
        if p in ("a", "i", "u"):
            if i == 0:
                out.append("\u0623" if p != "i" else "\u0625")  # alif with hamza
            elif i == len(ph) - 1 and p == "a":
                out.append("\u0629" if out and out[-1] != "\u0627" else "")  # ta marbuta
            continue
        if p == "'" and i == 0:
            out.append("\u0623")
            continue
        if i > 0 and ph[i - 1] == p:  # gemination: one letter (shadda not written)
            continue
        out.append(AR_SCRIPT.get(p, ""))
    return "".join(out)


def arabic_script(name):
    words = []
    for w in name.split(" "):
        if w.startswith("al-"):
            words.append("\u0627\u0644" + arabic_script_word(w[3:]))
        else:
            words.append(arabic_script_word(w))
    return " ".join(words)


# ---------------------------------------------------------------------------
# Russian names in Cyrillic.
RU_GIVEN_M = ["Сергей", "Александр", "Дмитрий", "Андрей", "Евгений", "Михаил", "Николай",
              "Виктор", "Юрий", "Пётр", "Владимир", "Олег", "Игорь", "Борис", "Алексей",
              "Фёдор", "Григорий", "Анатолий", "Валерий", "Геннадий", "Аркадий", "Максим",
              "Илья", "Константин", "Вячеслав", "Станислав", "Ярослав", "Кирилл", "Артём",
              "Тимофей", "Матвей", "Семён", "Леонид", "Роман", "Вадим", "Денис", "Павел",
              "Василий", "Степан", "Эдуард", "Иван", "Руслан", "Аркадий", "Всеволод", "Захар"]
RU_GIVEN_F = ["Татьяна", "Наталья", "Елена", "Ольга", "Юлия", "Ксения", "Анастасия",
              "Екатерина", "Мария", "Людмила", "Светлана", "Дарья", "Евгения", "Ирина"]
RU_FAMILY = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Попов", "Лебедев",
             "Козлов", "Новиков", "Морозов", "Волков", "Соловьёв", "Васильев", "Зайцев",
             "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров",
             "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв",
             "Макаров", "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин",
             "Кудрявцев", "Баранов", "Куликов", "Алексеев", "Степанов", "Яковлев", "Сорокин",
             "Сергеев", "Романов", "Захаров", "Борисов", "Королёв", "Герасимов", "Пономарёв",
             "Григорьев", "Лазарев", "Медведев", "Ершов", "Никитин", "Соболев", "Рябов",
             "Поляков", "Цветков", "Данилов", "Жуков", "Фролов", "Журавлёв", "Николаев",
             "Крылов", "Максимов", "Сидоров", "Осипов", "Белоусов", "Федотов", "Егоров",
             "Матвеев", "Бобров", "Дмитриев", "Калинин", "Анисимов", "Щербаков", "Хохлов",
             "Чернышёв", "Шевчук", "Евтушенко", "Ющенко", "Якунин", "Хабибуллин", "Юсупов",
             "Щукин", "Шувалов", "Тимченко", "Ротенберг", "Дерипаска", "Прохоров", "Вексельберг",
             "Хачатурян", "Алиев", "Мамедов", "Гасанов", "Абрамович", "Кадыров", "Ткаченко"]
RU_COMPANY_WORDS = ["Стройинвест", "Нефтегазстрой", "Промтехника", "Трансойл", "Энергоресурс",
                    "Спецтехснаб", "Металлинвест", "Агропромсервис", "Морской Порт",
                    "Транзит", "Технохим", "Сибирь", "Восток", "Север", "Урал", "Волга",
                    "Балтика", "Химпром", "Авиасервис", "Оборонэкспорт", "Радиоэлектроника",
                    "Нефтехимия", "Торговый Дом", "Инвестгрупп", "Финанс", "Капитал",
                    "Лизинг", "Судоходная Компания", "Флот", "Логистик", "Газпромснаб",
                    "Электросила", "Приборостроение", "Машзавод", "Кристалл", "Алмаз",
                    "Звезда", "Рубин", "Полюс", "Вектор", "Меридиан", "Континент"]

CYR = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _translit(word, table, ye_initial, special):
    """Generic Cyrillic -> Latin with per-scheme table; `special` handles endings."""
    low = word.lower()
    out = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i > 0 else ""
        if ch == "е" and ye_initial and (i == 0 or prev in "аеёиоуыэюяъь"):
            out.append(ye_initial)
            continue
        if ch == "ё" and ye_initial and (i == 0 or prev in "аеёиоуыэюяъь"):
            out.append(table.get("yo_initial", table["ё"]))
            continue
        out.append(table.get(ch, ch))
    text = "".join(out)
    text = special(text, low)
    return text[:1].upper() + text[1:]


def _tab(**over):
    base = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
            "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
            "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
            "я": "ya", "-": "-", " ": " "}
    base.update(over)
    return base


RU_SCHEMES = {
    # BGN/PCGN style (the list): ye initially and after vowels, -iy.
    "bgn": (_tab(), "ye", lambda t, c: t),
    # ICAO 9303 (passports since 2013): e, i for й, iu, ia, ie for ъ.
    "passport": (_tab(**{"ё": "e", "й": "i", "ю": "iu", "я": "ia", "ъ": "ie"}), None,
                 lambda t, c: t),
    # Popular English: -y for -ий / -ый, e throughout.
    "popular": (_tab(**{"ё": "e"}), None,
                lambda t, c: t[:-2] + "y" if c.endswith(("ий", "ый")) else t),
    # German (Duden).
    "german": (_tab(**{"в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z",
                       "ч": "tsch", "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja",
                       "ё": "jo", "ы": "y"}), "je",
               lambda t, c: (t[:-2] + "i" if c.endswith("ий") else t)),
    # French.
    "french": (_tab(**{"ж": "j", "у": "ou", "х": "kh", "ч": "tch", "ш": "ch", "щ": "chtch",
                       "ю": "iou", "я": "ia", "й": "i", "ё": "io"}), "ie",
               lambda t, c: (t[:-2] + "i" if c.endswith("ий") else
                             t[:-2] + "ov" if False else t)),
    # Scholarly (ISO 9 style), with diacritics.
    "scholarly": (_tab(**{"ж": "\u017e", "х": "h", "ц": "c", "ч": "\u010d", "ш": "\u0161",
                          "щ": "\u0161\u010d", "ю": "ju", "я": "ja", "й": "j", "ё": "\u00eb",
                          "э": "\u00e8", "ъ": "", "ь": ""}), None, lambda t, c: t),
}


def render_ru(name, scheme):
    if scheme == "cyrillic":
        return name
    table, ye, special = RU_SCHEMES[scheme]
    return " ".join(_translit(w, table, ye, special) if w[0].lower() in CYR else w
                    for w in name.split(" "))


def patronymic(given, female):
    g = given
    if g.endswith("ий"):
        stem = g[:-2] + "ь"
        m, f = stem + "евич", stem + "евна"
    elif g.endswith("й"):
        m, f = g[:-1] + "евич", g[:-1] + "евна"
    elif g.endswith(("а", "я")):
        return None
    else:
        m, f = g + "ович", g + "овна"
    return f if female else m


def ru_female_family(fam):
    if fam.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return fam + "а"
    return fam


# ---------------------------------------------------------------------------
# Other cultures: Latin-script parts.
CHINESE_FAMILY = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
                  "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng",
                  "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng",
                  "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye",
                  "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Qian"]
CHINESE_SYLL = ["wei", "jian", "zhi", "xiao", "ming", "hao", "ran", "yu", "xuan", "guo",
                "qiang", "hua", "jun", "hong", "li", "ping", "tao", "lei", "bin", "feng",
                "gang", "hui", "jie", "kai", "long", "peng", "qing", "rong", "sheng", "tian",
                "wen", "xin", "yong", "zhen", "chun", "dong", "fei", "hai", "jing", "lan"]
KOREAN_FAMILY = [("Kim", "Gim"), ("Pak", "Park"), ("Ri", "Lee"), ("Choe", "Choi"),
                 ("Jon", "Jeon"), ("Kang", "Gang"), ("Jang", "Chang"), ("Han", "Han"),
                 ("O", "Oh"), ("Yun", "Yoon"), ("Hwang", "Hwang"), ("Song", "Song")]
KOREAN_SYLL = [("Chol", "Cheol"), ("Song", "Seong"), ("Il", "Il"), ("Kwang", "Gwang"),
               ("Hyok", "Hyeok"), ("Myong", "Myeong"), ("Su", "Su"), ("Hyon", "Hyeon"),
               ("Sok", "Seok"), ("Yong", "Yong"), ("Nam", "Nam"), ("Chun", "Chun"),
               ("Jong", "Jeong"), ("Un", "Eun"), ("Hui", "Hui"), ("Ho", "Ho"),
               ("Gyu", "Gyu"), ("Min", "Min"), ("Thae", "Tae"), ("Ryong", "Ryong")]
SPANISH_GIVEN = ["José", "Luis", "Carlos", "Juan", "Miguel", "Jorge", "Javier", "Alejandro",
                 "Rafael", "Fernando", "Ricardo", "Eduardo", "Andrés", "Héctor", "Raúl",
                 "Óscar", "Gustavo", "Rodolfo", "Esteban", "Ramón", "Joaquín", "Ignacio",
                 "Arturo", "Mauricio", "Gonzalo", "María", "Guadalupe", "Carmen", "Rosa",
                 "Ana", "Sofía", "Lucía", "Isabel", "Beatriz", "Verónica"]
SPANISH_FAMILY = ["Hernández", "Gutiérrez", "Ramírez", "Castillo", "Mendoza", "Ochoa",
                  "Villarreal", "Quintero", "Zambrano", "Cárdenas", "Arellano", "Beltrán",
                  "Salazar", "Guzmán", "Caro", "Fonseca", "Carrillo", "Treviño", "Zetina",
                  "López", "García", "Martínez", "Rodríguez", "Sánchez", "Pérez", "Gómez",
                  "Díaz", "Moreno", "Álvarez", "Romero", "Torres", "Domínguez", "Vázquez",
                  "Ramos", "Gil", "Serrano", "Blanco", "Suárez", "Molina", "Delgado", "Castro",
                  "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido",
                  "Cortés", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez", "Cruz", "Calvo"]
ENGLISH_GIVEN = ["James", "John", "Robert", "Michael", "William", "David", "Richard",
                 "Joseph", "Thomas", "Charles", "Daniel", "Matthew", "Anthony", "Mark",
                 "Steven", "Paul", "Andrew", "Kenneth", "George", "Edward", "Brian", "Ronald",
                 "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Margaret"]
ENGLISH_FAMILY = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
                  "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson",
                  "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
                  "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
                  "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
                  "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris"]
TURKISH_GIVEN = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim",
                 "İsmail", "Osman", "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman",
                 "Emre", "Burak", "Serkan", "Volkan", "Kemal"]
TURKISH_FAMILY = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
                  "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin",
                  "Kara", "Koç", "Kurt", "Özkan", "Şimşek"]

# ---------------------------------------------------------------------------
# Companies: words, and legal forms by country (abbreviation, punctuated / spaced
# spellings, spelled out locally and in English; position "pre" or "post").
EN_COMPANY_WORDS = ["Golden", "Crescent", "Horizon", "Silk", "Route", "Eastern", "Star",
                    "Northern", "Light", "Desert", "Falcon", "Caspian", "Pearl", "Orient",
                    "Zenith", "Meridian", "Sapphire", "Phoenix", "Tigris", "Euphrates",
                    "Atlas", "Pyramid", "Oasis", "Scorpion", "Summit", "Pinnacle", "Vertex",
                    "Anchor", "Harbor", "Coastal", "Delta", "Sigma", "Omega", "Apex", "Titan",
                    "Emerald", "Crystal", "Diamond", "Royal", "Imperial", "Global", "United",
                    "Pacific", "Atlantic", "Gulf", "Arabian", "Persian", "Levant", "Sahel",
                    "Nile", "Jade", "Lotus", "Dragon", "Tiger", "Crane", "Cedar", "Olive",
                    "Palm", "Oryx", "Condor", "Jaguar", "Aurora", "Polar", "Boreal", "Granite"]
INDUSTRY = ["Trading", "Shipping", "Petroleum", "Logistics", "Exchange", "Investment",
            "Construction", "Industrial", "Marine", "Aviation", "Chemicals", "Electronics",
            "Metals", "General Trading", "Import Export", "Engineering", "Mining", "Energy",
            "Technologies", "Commodities", "Maritime", "Holdings", "Group", "International",
            "Enterprises", "Services", "Resources", "Capital", "Ventures", "Textiles"]
LOCAL_WORDS = {
    "de": ["Nordhafen", "Rheintal", "Elbe", "Bergwerk", "Stahlbau", "Maschinenbau",
           "Handels", "Anlagenbau", "Schiffahrt", "Technik", "Chemie", "Feinmechanik"],
    "fr": ["Méditerranée", "Atlantique", "Négoce", "Industrielle", "Générale", "Maritime",
           "Commerciale", "Pétrolière", "Transports", "Travaux"],
    "es": ["Comercializadora", "Inversiones", "Constructora", "Exportadora", "Naviera",
           "Agropecuaria", "Distribuidora", "Minera", "Transportes", "Servicios"],
    "it": ["Mediterranea", "Costruzioni", "Navigazione", "Commerciale", "Meccanica",
           "Elettronica", "Trasporti", "Industriale"],
    "nl": ["Scheepvaart", "Handelsmaatschappij", "Havenbedrijf", "Techniek", "Beheer"],
    "ir": ["Sakhtemani", "Tejarat", "Sanaye", "Naftkesh", "Kheradmand", "Pars", "Farayand",
           "Toseeh", "Bazargani", "Kavosh", "Mahan", "Sepehr", "Arya", "Kish", "Qeshm"],
    "cn": ["Huaxin", "Zhongxing", "Hengtong", "Jinhai", "Dongfang", "Tianli", "Xinhua",
           "Changjiang", "Huanan", "Guangda", "Yongsheng", "Haixing"],
    "kr": ["Ryonbong", "Tanchon", "Korea Kwangson", "Namgang", "Chosun", "Kumgang",
           "Paektusan", "Haegumgang", "Kwangmyong", "Sungri"],
    "my": ["Bintang", "Permata", "Cahaya", "Mutiara", "Sinar", "Gemilang"],
    "ae": ["Al Noor", "Al Waha", "Al Sahraa", "Al Manara", "Al Bahar", "Al Khaleej",
           "Jebel", "Sharq", "Gharb", "Dana"],
    "tr": ["Anadolu", "Karadeniz", "Boğaziçi", "Ege", "Marmara", "Toros", "Kapadokya"],
    "in": ["Sagar", "Bharat", "Indus", "Ganga", "Shakti", "Surya", "Lakshmi", "Kaveri"],
}
LEGAL_FORMS = {
    # country: list of (canonical label, spellings, position)
    "ru": [("OOO", ["OOO", "ООО", "O.O.O.", "LLC", "Obshchestvo s Ogranichennoy Otvetstvennostyu",
                    "Obshchestvo s Ogranichennoi Otvetstvennostiu", "Limited Liability Company",
                    "Общество с ограниченной ответственностью"], "pre"),
           ("AO", ["AO", "АО", "A.O.", "JSC", "Aktsionernoye Obshchestvo",
                   "Aktsionernoe Obshchestvo", "Joint Stock Company", "Акционерное общество"],
            "pre"),
           ("PAO", ["PAO", "ПАО", "PJSC", "P.J.S.C.", "Publichnoye Aktsionernoye Obshchestvo",
                    "Public Joint Stock Company", "Публичное акционерное общество"], "pre"),
           ("ZAO", ["ZAO", "ЗАО", "CJSC", "Zakrytoye Aktsionernoye Obshchestvo",
                    "Closed Joint Stock Company", "Закрытое акционерное общество"], "pre"),
           ("OAO", ["OAO", "ОАО", "OJSC", "Otkrytoye Aktsionernoye Obshchestvo",
                    "Open Joint Stock Company", "Открытое акционерное общество"], "pre")],
    "kz": [("TOO", ["TOO", "ТОО", "T.O.O.", "LLP", "Tovarishchestvo s Ogranichennoy Otvetstvennostyu",
                    "Limited Liability Partnership"], "pre")],
    "de": [("GmbH", ["GmbH", "G.m.b.H.", "G.M.B.H.", "G m b H", "Gesellschaft mit beschränkter Haftung",
                     "Gesellschaft mit beschraenkter Haftung", "Ges.m.b.H.", "mbH"], "post"),
           ("AG", ["AG", "A.G.", "Aktiengesellschaft"], "post"),
           ("KG", ["KG", "K.G.", "Kommanditgesellschaft"], "post")],
    "fr": [("SA", ["SA", "S.A.", "S. A.", "Société Anonyme", "Societe Anonyme"], "post"),
           ("SARL", ["SARL", "S.A.R.L.", "S.à r.l.", "Société à responsabilité limitée"], "post"),
           ("SAS", ["SAS", "S.A.S.", "Société par actions simplifiée"], "post")],
    "es": [("SA", ["SA", "S.A.", "S. A.", "Sociedad Anónima", "Sociedad Anonima"], "post"),
           ("SL", ["SL", "S.L.", "Sociedad Limitada"], "post"),
           ("SA de CV", ["SA de CV", "S.A. de C.V.", "Sociedad Anónima de Capital Variable"],
            "post"),
           ("SRL", ["SRL", "S.R.L.", "Sociedad de Responsabilidad Limitada"], "post"),
           ("Ltda", ["Ltda", "Ltda.", "Limitada"], "post")],
    "it": [("SpA", ["SpA", "S.p.A.", "S.P.A.", "Società per Azioni", "Societa per Azioni"], "post"),
           ("Srl", ["Srl", "S.r.l.", "S.R.L.", "Società a responsabilità limitata"], "post")],
    "nl": [("BV", ["BV", "B.V.", "B. V.", "Besloten Vennootschap"], "post"),
           ("NV", ["NV", "N.V.", "Naamloze Vennootschap"], "post")],
    "uk": [("Ltd", ["Ltd", "Ltd.", "LTD.", "Limited", "Ltd,"], "post"),
           ("PLC", ["PLC", "plc", "P.L.C.", "Public Limited Company"], "post")],
    "us": [("LLC", ["LLC", "L.L.C.", "L L C", "Limited Liability Company", "L.L.C"], "post"),
           ("Inc", ["Inc", "Inc.", "Incorporated", "INC."], "post"),
           ("Corp", ["Corp", "Corp.", "Corporation"], "post"),
           ("Co", ["Co", "Co.", "Company"], "post")],
    "my": [("Sdn Bhd", ["Sdn Bhd", "Sdn. Bhd.", "SDN. BHD", "Sendirian Berhad", "SdnBhd"], "post"),
           ("Bhd", ["Bhd", "Bhd.", "Berhad"], "post")],
    "in": [("Pvt Ltd", ["Pvt Ltd", "Pvt. Ltd.", "Private Limited", "(P) Ltd", "Pvt. Limited"], "post")],
    "ae": [("FZE", ["FZE", "F.Z.E.", "Free Zone Establishment", "FZE."], "post"),
           ("FZCO", ["FZCO", "F.Z.C.O.", "FZ Co", "Free Zone Company"], "post"),
           ("LLC", ["LLC", "L.L.C.", "Limited Liability Company"], "post")],
    "ir": [("Sherkat", ["Sherkat", "Sherkate", "Shirkat", "Sherkat-e", "Company"], "pre"),
           ("PJS", ["Sherkat Sahami Khas", "Sherkate Sahami Khas", "Private Joint Stock Company",
                    "PJS"], "pre")],
    "tr": [("AS", ["A.Ş.", "AŞ", "A.S.", "Anonim Şirketi", "Anonim Sirketi", "Joint Stock Company"], "post"),
           ("Ltd Sti", ["Ltd. Şti.", "Ltd Sti", "Limited Şirketi", "Limited Sirketi"], "post")],
    "cn": [("Co Ltd", ["Co., Ltd.", "Co. Ltd", "Co.,Ltd", "CO.,LTD.", "Company Limited",
                       "Youxian Gongsi", "Co Limited"], "post")],
    "kr": [("Co Ltd", ["Co., Ltd.", "Co Ltd", "Company Limited", "Chusik Hoesa", "Jusik Hoesa"], "post")],
}
COUNTRY_WORDS = {"ru": "ru", "kz": "ru", "de": "de", "fr": "fr", "es": "es", "it": "it",
                 "nl": "nl", "uk": "en", "us": "en", "my": "my", "in": "in", "ae": "ae",
                 "ir": "ir", "tr": "tr", "cn": "cn", "kr": "kr"}
COMPANY_COUNTRY_WEIGHTS = {"ru": 18, "kz": 3, "de": 6, "fr": 4, "es": 7, "it": 3, "nl": 3,
                           "uk": 8, "us": 8, "my": 4, "in": 4, "ae": 12, "ir": 9, "tr": 4,
                           "cn": 8, "kr": 4}

TITLES = ["Mr", "Mr.", "Mrs", "Dr", "Dr.", "Sheikh", "Shaikh", "Haji", "Hajji", "Eng.",
          "Engineer", "Gen.", "General", "Col.", "Prof.", "Herr", "Gospodin", "Sayyid",
          "Al-Haj", "Mullah", "Ustadh", "Sr.", "Don", "Madame", "Capt."]


def pick(xs):
    return xs[rng.randrange(len(xs))]


def weighted(d):
    total = sum(d.values())
    r = rng.uniform(0, total)
    for k, w in d.items():
        r -= w
        if r <= 0:
            return k
    return k


# ---------------------------------------------------------------------------
# A name is a structure that can be rendered many ways:
#   {"culture", "type", "parts": [(role, value)], "legal": (country, label) or None}
# roles: given, middle (father / patronymic / second given), family, word (company).

def make_arabic_person():
    female = rng.random() < 0.12
    parts = [("given", pick(ARABIC_FEMALE) if female else pick(ARABIC_GIVEN)),
             ("middle", pick(ARABIC_GIVEN))]
    if rng.random() < 0.4:
        parts.append(("middle", pick(ARABIC_GIVEN)))
    if rng.random() < 0.85:
        parts.append(("family", pick(ARABIC_FAMILY)))
    return {"culture": "arabic", "type": "person", "parts": parts}


def make_persian_person():
    parts = [("given", pick(PERSIAN_GIVEN))]
    if rng.random() < 0.25:
        parts.append(("middle", pick(PERSIAN_GIVEN)))
    parts.append(("family", pick(PERSIAN_FAMILY)))
    return {"culture": "persian", "type": "person", "parts": parts}


def make_russian_person():
    female = rng.random() < 0.2
    given = pick(RU_GIVEN_F if female else RU_GIVEN_M)
    parts = [("given", given)]
    if rng.random() < 0.75:
        p = None
        while p is None:
            p = patronymic(pick(RU_GIVEN_M), female)
        parts.append(("middle", p))
    fam = pick(RU_FAMILY)
    parts.append(("family", ru_female_family(fam) if female else fam))
    return {"culture": "russian", "type": "person", "parts": parts}


def make_chinese_person():
    n = 1 if rng.random() < 0.3 else 2
    given = "".join(pick(CHINESE_SYLL) for _ in range(n)).capitalize()
    return {"culture": "chinese", "type": "person",
            "parts": [("family", pick(CHINESE_FAMILY)), ("given", given)]}


def make_korean_person():
    fam = pick(KOREAN_FAMILY)
    g1, g2 = pick(KOREAN_SYLL), pick(KOREAN_SYLL)
    return {"culture": "korean", "type": "person",
            "parts": [("family", fam), ("given", (g1, g2))]}


def make_spanish_person():
    parts = [("given", pick(SPANISH_GIVEN))]
    if rng.random() < 0.35:
        parts.append(("middle", pick(SPANISH_GIVEN)))
    parts.append(("family", pick(SPANISH_FAMILY)))
    if rng.random() < 0.7:
        parts.append(("family2", pick(SPANISH_FAMILY)))
    return {"culture": "spanish", "type": "person", "parts": parts}


def make_english_person():
    parts = [("given", pick(ENGLISH_GIVEN))]
    if rng.random() < 0.4:
        parts.append(("middle", pick(ENGLISH_GIVEN)))
    parts.append(("family", pick(ENGLISH_FAMILY)))
    return {"culture": "english", "type": "person", "parts": parts}


def make_turkish_person():
    parts = [("given", pick(TURKISH_GIVEN))]
    if rng.random() < 0.2:
        parts.append(("middle", pick(TURKISH_GIVEN)))
    parts.append(("family", pick(TURKISH_FAMILY)))
    return {"culture": "turkish", "type": "person", "parts": parts}


def make_company():
    country = weighted(COMPANY_COUNTRY_WEIGHTS)
    lang = COUNTRY_WORDS[country]
    words = []
    if lang == "ru":
        words.append(("word", pick(RU_COMPANY_WORDS)))
        if rng.random() < 0.3:
            words.append(("word", pick(RU_COMPANY_WORDS)))
    else:
        local = LOCAL_WORDS.get(lang, [])
        if local and rng.random() < 0.6:
            words.append(("word", pick(local)))
        else:
            words.append(("word", pick(EN_COMPANY_WORDS)))
        if rng.random() < 0.5:
            words.append(("word", pick(EN_COMPANY_WORDS + local)))
        words.append(("word", pick(INDUSTRY)))
    label = pick(LEGAL_FORMS[country])[0]
    return {"culture": "company-" + country, "type": "company", "parts": words,
            "legal": (country, label)}


PERSON_MAKERS = [(make_arabic_person, 34), (make_russian_person, 22), (make_persian_person, 10),
                 (make_chinese_person, 9), (make_korean_person, 5), (make_spanish_person, 10),
                 (make_english_person, 5), (make_turkish_person, 5)]


def make_person():
    total = sum(w for _, w in PERSON_MAKERS)
    r = rng.uniform(0, total)
    for f, w in PERSON_MAKERS:
        r -= w
        if r <= 0:
            return f()
    return PERSON_MAKERS[0][0]()


# ---------------------------------------------------------------------------
# Rendering.

def render_part(culture, role, value, scheme):
    if culture in ("arabic", "persian"):
        s = scheme if scheme in ARABIC_SCHEMES else "us"
        if scheme == "script":
            return arabic_script(value)
        return render_arabic(value, s)
    if culture == "russian" or culture in ("company-ru", "company-kz"):
        if value and value[0].lower() in CYR:
            return render_ru(value, scheme if scheme in RU_SCHEMES or scheme == "cyrillic" else "bgn")
        return value
    if culture == "korean" and role == "given":
        g1, g2 = value
        i = 1 if scheme == "revised" else 0
        a, b = g1[i], g2[i]
        style = scheme if scheme in ("space", "joined", "hyphen") else "space"
        if style == "joined":
            return a + b.lower()
        if style == "hyphen":
            return a + "-" + b.lower()
        return a + " " + b
    if culture == "korean" and role == "family":
        return value[1] if scheme == "revised" else value[0]
    return value


def list_scheme(culture):
    if culture in ("arabic", "persian"):
        return "us" if culture == "arabic" else "persian"
    if culture == "russian" or culture.startswith("company-ru") or culture == "company-kz":
        return "bgn"
    return "default"


def render(name, scheme=None, order="natural", legal_spelling=None, quote=False):
    culture = name["culture"]
    scheme = scheme or list_scheme(culture)
    parts = [(r, render_part(culture, r, v, scheme)) for r, v in name["parts"]]
    if name["type"] == "company":
        core = " ".join(p for _, p in parts)
        if quote:
            core = "\u00ab" + core + "\u00bb" if rng.random() < 0.5 else '"' + core + '"'
        country, label = name["legal"]
        spellings = dict((l, (s, pos)) for l, s, pos in LEGAL_FORMS[country])[label]
        form = legal_spelling if legal_spelling is not None else spellings[0][0]
        if form == "":
            return core
        if spellings[1] == "pre" and order != "legal_last":
            return form + " " + core
        return core + (" " if not form.startswith(",") else "") + form
    if order == "family_first":
        fam = [p for r, p in parts if r.startswith("family")]
        rest = [p for r, p in parts if not r.startswith("family")]
        return " ".join(fam) + ", " + " ".join(rest)
    if order == "family_first_nocomma":
        fam = [p for r, p in parts if r.startswith("family")]
        rest = [p for r, p in parts if not r.startswith("family")]
        return " ".join(fam + rest)
    if culture in ("chinese", "korean") and order == "western":
        fam = [p for r, p in parts if r == "family"]
        rest = [p for r, p in parts if r != "family"]
        return " ".join(rest + fam)
    return " ".join(p for _, p in parts)


def identity(name):
    """What makes two generated names the same name: culture-free part values."""
    return tuple(sorted(str(v) for _, v in name["parts"])) + (
        (name["legal"][0],) if name["type"] == "company" else ())


# ---------------------------------------------------------------------------
# Noise.

def typo(text):
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not idx:
        return None
    i = pick(idx)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    op = rng.randrange(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == 0:
        w = w[:k] + w[k + 1:]
    elif op == 1:
        w = w[:k] + pick(letters) + w[k:]
    elif op == 2:
        c = pick(letters.replace(w[k].lower(), ""))
        w = w[:k] + c + w[k + 1:]
    else:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    words[i] = w
    return " ".join(words)


def drop_middle(name):
    mids = [i for i, (r, _) in enumerate(name["parts"]) if r in ("middle", "family2")]
    if len(name["parts"]) < 3 or not mids:
        return None
    i = pick(mids)
    n = dict(name)
    n["parts"] = name["parts"][:i] + name["parts"][i + 1:]
    return n


def initial_given(text_parts):
    return text_parts


def core_parts(name):
    return [v for _, v in name["parts"]]


def part_key(v):
    return str(v)


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


_PART_TEXT = {}


def part_text(name, v):
    key = (name["culture"], part_key(v))
    if key not in _PART_TEXT:
        role = next(r for r, x in name["parts"] if x == v)
        _PART_TEXT[key] = fold(render_part(name["culture"], role, v, list_scheme(name["culture"])))
    return _PART_TEXT[key]


_KEPT = [None]  # the parts a dropped_middle variant kept


def one_edit(a, b):
    """Optimal string alignment distance <= 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and
                                  a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


def covered(short, short_name, long, long_name):
    """Every part of `short` is the same part as, or one edit away from, a distinct part of
    `long`, and `long` has at most one part more: by construction the same name."""
    if len(long) - len(short) > 1 or len(short) == 0 or len(long) < len(short):
        return False
    if len(long) > len(short) and len(long) < 3:
        return False
    used = set()
    for v in short:
        found = None
        for j, w in enumerate(long):
            if j in used:
                continue
            if part_key(v) == part_key(w) or one_edit(part_text(short_name, v), part_text(long_name, w)):
                found = j
                break
        if found is None:
            return False
        used.add(found)
    return True


def variant(name):
    """One payment variant of a listed name: (text, kind) or None."""
    culture = name["culture"]
    if name["type"] == "company":
        country, label = name["legal"]
        spellings = dict((l, s) for l, s, _ in LEGAL_FORMS[country])[label]
        r = rng.random()
        if country in ("ru", "kz", "ir") and r < 0.3:
            if culture in ("company-ru", "company-kz") and r < 0.15:
                scheme = pick(["passport", "popular", "german", "french", "cyrillic"])
                text = render(name, scheme=scheme, legal_spelling=pick(spellings),
                              quote=rng.random() < 0.5)
                return text, "company_transliteration"
            text = render(name, order="legal_last", legal_spelling=pick(spellings),
                          quote=rng.random() < 0.5)
            return text, "legal_form_moved"
        r = rng.random()
        if r < 0.35:
            sp = pick(spellings[1:])
            kind = "legal_form_spelled" if " " in sp and "." not in sp else "legal_form_variant"
            text = render(name, legal_spelling=sp)
        elif r < 0.5:
            sp = pick([s for s in spellings if "." in s or " " in s] or spellings)
            text = render(name, legal_spelling=sp.replace(". ", ".").replace(".", ". ")
                          if rng.random() < 0.3 else sp)
            kind = "legal_form_punctuation"
        elif r < 0.6:
            text = render(name, legal_spelling="")
            kind = "legal_form_dropped"
        elif r < 0.7 and country in ("ru", "kz", "ir"):
            text = render(name, order="legal_last", legal_spelling=pick(spellings), quote=True)
            kind = "legal_form_moved"
        elif r < 0.8 and culture in ("company-ru", "company-kz"):
            scheme = pick(["passport", "popular", "german", "french", "cyrillic"])
            sp = pick(spellings)
            text = render(name, scheme=scheme, legal_spelling=sp, quote=rng.random() < 0.5)
            kind = "company_transliteration"
        elif r < 0.9:
            text = typo(render(name, legal_spelling=pick(spellings)))
            kind = "company_typo"
        else:
            text = render(name, legal_spelling=pick(spellings)).upper()
            text = text.replace(" ", "  ") if rng.random() < 0.5 else text.replace(" ", ",")
            kind = "company_spacing_case"
        return (text, kind) if text else None

    r = rng.random()
    if culture in ("arabic", "persian"):
        if r < 0.35:
            scheme = pick([s for s in ARABIC_SCHEMES if s != list_scheme(culture)])
            return render(name, scheme=scheme), "transliteration_arabic"
        if r < 0.45:
            return render(name, scheme="script"), "arabic_script"
        if r < 0.55:
            scheme = pick(list(ARABIC_SCHEMES))
            return render(name, scheme=scheme, order="family_first"), "transliteration_reordered"
    if culture == "russian":
        if r < 0.4:
            scheme = pick(["passport", "popular", "german", "french", "scholarly"])
            return render(name, scheme=scheme), "transliteration_cyrillic"
        if r < 0.5:
            return render(name, scheme="cyrillic"), "cyrillic_script"
        if r < 0.55:
            scheme = pick(["passport", "popular", "german", "french"])
            return render(name, scheme=scheme, order="family_first"), "transliteration_reordered"
    if culture == "korean" and r < 0.5:
        scheme = pick(["revised", "joined", "hyphen"])
        return render(name, scheme=scheme), "korean_romanisation"
    if culture in ("chinese", "korean") and r < 0.6:
        return render(name, order="western"), "word_order"
    r = rng.random()
    if r < 0.15:
        return render(name, order=pick(["family_first", "family_first_nocomma"])), "word_order"
    if r < 0.3:
        n = drop_middle(name)
        if n:
            _KEPT[0] = core_parts(n)
            return render(n), "dropped_middle"
    if r < 0.45:
        return pick(TITLES) + " " + render(name), "title"
    if r < 0.6:
        parts = render(name).split(" ")
        if len(parts) >= 2:
            i = 0 if rng.random() < 0.7 else 1
            if len(parts[i]) > 1 and parts[i][0].isalpha():
                parts[i] = parts[i][0] + ("." if rng.random() < 0.6 else "")
                return " ".join(parts), "initial"
    if r < 0.8:
        t = typo(render(name))
        if t:
            return t, "typo"
    if r < 0.9:
        text = render(name)
        if "-" in text:
            return text.replace("-", "" if rng.random() < 0.5 else " "), "hyphen_spacing"
        words = text.split(" ")
        if len(words) >= 3:
            i = rng.randrange(len(words) - 1)
            words[i:i + 2] = [words[i] + words[i + 1].lower()]
            return " ".join(words), "joined_words"
    text = render(name)
    return (text.upper() if rng.random() < 0.5 else text.lower()), "case"


# ---------------------------------------------------------------------------

PART_SETS = []  # per listed entry: the parts of its primary name and of each alias


def build():
    entries = []
    seen = set()
    while len(entries) < LIST_SIZE:
        name = make_person() if rng.random() < 0.62 else make_company()
        key = identity(name)
        if key in seen:
            continue
        seen.add(key)
        entries.append(name)
    rows = []
    for i, name in enumerate(entries):
        eid = str(30000 + i)
        culture = name["culture"]
        if name["type"] == "person" and rng.random() < 0.5 and culture not in ("chinese", "korean"):
            primary = render(name, order="family_first")  # "FAMILY, Given Middle"
        else:
            primary = render(name)
        if name["type"] == "person" and rng.random() < 0.5:
            primary = primary.upper()
        aliases = []
        alias_parts = None
        if rng.random() < 0.35:
            if culture == "arabic":
                aliases.append(render(name, scheme=pick(["french", "egyptian"])))
            elif culture == "russian":
                aliases.append(render(name, scheme="popular"))
            elif name["type"] == "company":
                country, label = name["legal"]
                spellings = dict((l, s) for l, s, _ in LEGAL_FORMS[country])[label]
                aliases.append(render(name, legal_spelling=spellings[-1]))
            else:
                n = drop_middle(name)
                if n:
                    aliases.append(render(n))
                    alias_parts = core_parts(n)
        aliases = [a for a in aliases if a != primary]
        rows.append((eid, name["type"], primary, aliases, name))
        PART_SETS.append([core_parts(name)] + ([alias_parts] if alias_parts else []))
    return rows, seen


def negatives(rows, seen):
    by_part = {}
    for i, (_, _, _, _, name) in enumerate(rows):
        for v in core_parts(name):
            by_part.setdefault(part_key(v), set()).add(i)

    def same_name_as_listed(name):
        parts = core_parts(name)
        cands = set()
        for v in parts:
            cands |= by_part.get(part_key(v), set())
        for j in cands:
            other = rows[j][4]
            for op in PART_SETS[j]:
                if covered(parts, name, op, other) or covered(op, other, parts, name):
                    return True
        return False

    # Names identical to a listed one, or a listed name of 3+ parts less one middle part.
    listed_subsets = set()
    for _, _, _, _, name in rows:
        parts = name["parts"]
        if len(parts) >= 3:
            for i, (r, _) in enumerate(parts):
                if r in ("middle", "family2"):
                    n = dict(name)
                    n["parts"] = parts[:i] + parts[i + 1:]
                    listed_subsets.add(identity(n))
    out = []
    guard = set()
    while len(out) < NEGATIVES:
        name = make_person() if rng.random() < 0.65 else make_company()
        key = identity(name)
        if key in seen or key in listed_subsets or key in guard:
            continue
        dropped = drop_middle(name)
        if dropped is not None and identity(dropped) in seen:
            continue
        if same_name_as_listed(name):
            continue
        guard.add(key)
        culture = name["culture"]
        r = rng.random()
        if name["type"] == "company":
            country, label = name["legal"]
            spellings = dict((l, s) for l, s, _ in LEGAL_FORMS[country])[label]
            text = render(name, legal_spelling=pick(spellings))
        elif culture in ("arabic", "persian") and r < 0.5:
            text = render(name, scheme=pick(list(ARABIC_SCHEMES)))
        elif culture == "russian" and r < 0.5:
            text = render(name, scheme=pick(list(RU_SCHEMES) + ["cyrillic"]))
        else:
            text = render(name)
        if name["type"] == "person" and rng.random() < 0.1:
            text = pick(TITLES) + " " + text
        out.append((text, name["type"], culture))
    return out


def clean(s):
    return s.replace("\t", " ").replace("\n", " ")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "independent")
    os.makedirs(out_dir, exist_ok=True)
    rows, seen = build()
    with open(os.path.join(out_dir, "list.tsv"), "w", encoding="utf-8") as f:
        f.write("# entry id\ttype\tprimary name\taliases (\" | \")\n")
        for eid, typ, primary, aliases, _ in rows:
            f.write("\t".join([eid, typ, clean(primary), " | ".join(clean(a) for a in aliases)]) + "\n")
    positives = []
    by_index = list(range(len(rows)))
    by_part = {}
    for i, (_, _, _, _, name) in enumerate(rows):
        for v in core_parts(name):
            by_part.setdefault(part_key(v), set()).add(i)

    def ambiguous(i, kind):
        """Another listed entry is the same name as far as the variant tells: the same
        core parts when the variant drops the legal form, the kept parts when it drops a
        middle name, the same parts but another given name of that initial."""
        name = rows[i][4]
        parts = core_parts(name)
        others = set()
        for v in parts:
            others |= by_part.get(part_key(v), set())
        others.discard(i)
        kept = _KEPT[0] if kind == "dropped_middle" and _KEPT[0] else parts
        for j in others:
            other = rows[j][4]
            for op in PART_SETS[j]:
                if kind in ("legal_form_dropped",) and sorted(map(part_key, op)) == sorted(map(part_key, parts)):
                    return True
                if kind in ("dropped_middle", "initial", "word_order", "title", "case", "typo") and \
                        name["type"] == "person" and (covered(op, other, kept, name) or covered(kept, name, op, other)):
                    return True
        return False

    while len(positives) < POSITIVES:
        i = pick(by_index)
        eid, typ, primary, aliases, name = rows[i]
        _KEPT[0] = None
        v = variant(name)
        if v is None or not v[0].strip():
            continue
        text, kind = v
        if ambiguous(i, kind):
            continue
        # A second kind of noise on a fifth of them.
        if rng.random() < 0.2 and kind not in ("typo", "company_typo"):
            t2 = typo(text) if rng.random() < 0.5 else None
            if t2:
                text, kind = t2, kind + "+typo"
            elif name["type"] == "person" and "title" not in kind and rng.random() < 0.5:
                text, kind = pick(TITLES) + " " + text, kind + "+title"
        positives.append((text, eid, kind, primary))
    with open(os.path.join(out_dir, "positives.tsv"), "w", encoding="utf-8") as f:
        f.write("# payment name\tentry id\tkind\tlisted name\n")
        for text, eid, kind, primary in positives:
            f.write("\t".join([clean(text), eid, kind, clean(primary)]) + "\n")
    with open(os.path.join(out_dir, "negatives.tsv"), "w", encoding="utf-8") as f:
        f.write("# payment name\tkind\tculture\n")
        for text, typ, culture in negatives(rows, seen):
            f.write("\t".join([clean(text), typ, culture]) + "\n")


if __name__ == "__main__":
    main()
