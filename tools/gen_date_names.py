#!/usr/bin/env python3
"""Generates src/metadata/date_names.c: the names of months and weekdays,
and how dates are written, in the 25 languages most common in Common Crawl,
from the Unicode CLDR.

    python3 tools/gen_date_names.py [CLDR_MAIN_DIR] > src/metadata/date_names.c

CLDR_MAIN_DIR defaults to Debian's unicode-cldr-core
(/usr/share/unicode/cldr/common/main). CLDR's data is under the Unicode
License v3 (https://www.unicode.org/license.txt), which allows copying and
redistributing it with its notice; the generated file says where each
table comes from.

The languages: Common Crawl's own statistics of the primary language of its
pages (cc-crawl-statistics, plots/languages, CLD2's codes, crawl
CC-MAIN-2024-42), the 25 largest shares in order.

From each language's gregorian calendar it takes the month names (format
and stand-alone contexts, wide and abbreviated widths: "marca" and "marzec",
"März" and "Mär"), the weekday names (the same), the words its long date
pattern writes around the numbers ("de" in "d 'de' MMMM 'de' y", "г" after
the year), the markers that follow numbers ("月", "년"), and from its short
pattern whether a numeric date puts the day or the month first (unknown
for languages whose short pattern starts with the year: "05/03/2024" is
not how they write dates, so it tells nothing).
"""
import sys
import unicodedata
import xml.etree.ElementTree as ET

CLDR = "/usr/share/unicode/cldr/common/main"
LANGUAGES = ["en", "ru", "de", "ja", "zh", "es", "fr", "it", "pt", "nl", "pl", "tr", "id",
             "cs", "vi", "ko", "fa", "ar", "sv", "uk", "ro", "el", "hu", "da", "th"]
# Languages whose numeric order depends on the country: CLDR's "en" is
# American usage (M/d/yy), its en_001, the English of everywhere else,
# dd/MM/y. dates.c reads en-US month first and other regions day first;
# "en" alone tells neither.
ORDER_BY_REGION = {"en"}


def fold(name):
    """Lowercase, no trailing period, Greek without accents and with one
    sigma, Turkish's İ and ı as i: the form src/metadata/dates.c folds page
    text to."""
    name = name.strip().replace("\u0130", "i").replace("\u0131", "i").lower().rstrip(".")
    out = []
    for c in unicodedata.normalize("NFD", name):
        if unicodedata.combining(c) and out and "\u03b1" <= out[-1] <= "\u03c9":
            continue
        out.append("\u03c3" if c == "\u03c2" else c)
    return unicodedata.normalize("NFC", "".join(out))


def c_string(s):
    """s as a C string literal, bytes past ASCII as three-digit octal
    escapes (which, unlike hex ones, never swallow the next character)."""
    out = []
    for b in s.encode():
        out.append(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else "\\%03o" % b)
    return '"' + "".join(out) + '"'


def pattern_parts(pattern):
    """The literal words of a date pattern ('de', 'г') and the letters
    right after y, M and d (年, 월, 일)."""
    literals, after = [], {}
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "'":
            end = pattern.index("'", i + 1)
            literals.append(pattern[i + 1:end])
            i = end + 1
        elif c.isascii() and c.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == c:
                j += 1
            k = j
            while k < len(pattern) and not pattern[k].isspace() and not (
                    pattern[k].isascii() and (pattern[k].isalpha() or pattern[k] in "'.,/-")):
                k += 1
            if k > j:
                after[c] = pattern[j:k]
            i = j
        else:
            i += 1
    return [w for w in (fold(l) for l in literals) if w], after


def read(language, main):
    root = ET.parse(f"{main}/{language}.xml").getroot()
    calendar = root.find(".//calendar[@type='gregorian']")
    months, prefixes, suffixes = {}, set(), set()
    for width in calendar.findall("months/monthContext/monthWidth"):
        if width.get("type") == "narrow":
            continue
        for month in width.findall("month"):
            name = fold(month.text)
            number = int(month.get("type"))
            head, _, tail = name.rpartition(" ")
            if name.startswith(str(number)) and not name[len(str(number)):].isdigit():
                suffixes.add(name[len(str(number)):])      # 3月, 3월
            elif tail == str(number) and head:
                prefixes.add(head)                          # tháng 3
            elif not any(ch.isdigit() for ch in name):
                months.setdefault(name, number)
    weekdays = set()
    for width in calendar.findall("days/dayContext/dayWidth"):
        if width.get("type") in ("narrow", "short"):  # "M", "Mo": no names
            continue
        for day in width.findall("day"):
            weekdays.add(fold(day.text))
    patterns = {}
    for length in calendar.findall("dateFormats/dateFormatLength"):
        pattern = length.find("dateFormat/pattern")
        if pattern is not None:
            patterns[length.get("type")] = pattern.text
    literals, after = pattern_parts(patterns["long"])
    for length in ("full", "medium"):  # "'ngày' dd MMMM 'năm' y" is vi's full one
        literals += pattern_parts(patterns[length])[0]
    short = patterns["short"]
    if language in ORDER_BY_REGION or short.lstrip("'").startswith("y"):
        order = "PITH_DATE_ORDER_UNKNOWN"
    else:
        order = "PITH_DATE_DAY_FIRST" if short.index("d") < short.index("M") else "PITH_DATE_MONTH_FIRST"
    return {
        "months": sorted(months.items(), key=lambda item: (-len(item[0].encode()), item[0])),
        "weekdays": sorted(weekdays, key=lambda w: (-len(w.encode()), w)),
        "month_prefixes": sorted(prefixes),
        "month_suffixes": sorted(suffixes),
        "year_suffix": fold(after.get("y", "")),
        "day_suffix": fold(after.get("d", "")),
        "fillers": sorted(set(literals) - prefixes),
        "order": order,
        "short": short,
        "long": patterns["long"],
    }


def main():
    main_dir = sys.argv[1] if len(sys.argv) > 1 else CLDR
    out = sys.stdout
    out.write("/* Generated by tools/gen_date_names.py from the Unicode CLDR\n"
              " * (common/main/LANG.xml, gregorian calendar; Debian's unicode-cldr-core).\n"
              " * Do not edit: change the generator and run it again.\n"
              " *\n"
              " * CLDR data: Copyright Unicode, Inc., under the Unicode License v3\n"
              " * (https://www.unicode.org/license.txt).\n"
              " *\n"
              " * Names are folded as dates.c folds page text: lowercase, no trailing\n"
              " * period, Greek without accents; longest first in each table. */\n"
              '#include "date_names.h"\n\n/* clang-format off */\n')
    for language in LANGUAGES:
        t = read(language, main_dir)
        out.write(f"\n/* {language}: CLDR common/main/{language}.xml; short pattern "
                  f"{t['short']!r}, long {t['long']!r}. */\n")
        out.write(f"static const pith_date_name months_{language}[] = {{\n")
        for name, number in t["months"]:
            out.write(f"    {{{c_string(name)}, {number}}},\n")
        out.write("    {0, 0}};\n")
        for key in ("weekdays", "month_prefixes", "month_suffixes", "fillers"):
            out.write(f"static const char *const {key}_{language}[] = {{")
            out.write("".join(f"{c_string(w)}, " for w in t[key]) + "0};\n")
    out.write("\nconst pith_date_language pith_date_languages[] = {\n")
    for language in LANGUAGES:
        t = read(language, main_dir)
        out.write(f"    {{\"{language}\", {t['order']}, months_{language}, weekdays_{language}, "
                  f"month_prefixes_{language}, month_suffixes_{language}, "
                  f"{c_string(t['year_suffix'])}, {c_string(t['day_suffix'])}, "
                  f"fillers_{language}}},\n")
    out.write("};\n/* clang-format on */\n\nconst size_t pith_date_language_count = "
              "sizeof pith_date_languages / sizeof *pith_date_languages;\n")


if __name__ == "__main__":
    main()
