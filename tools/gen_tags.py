#!/usr/bin/env python3
"""Generate src/dom/tags.h and src/dom/tags.c: pith's element-name table.

Every element name the WHATWG tree builder (HTML 13.2.6) names, the common
sectioning/phrasing elements pages use, and the SVG/MathML names the
foreign-content rules need get a small integer id, so the parser compares
ids instead of strings. pith_tag_lookup() runs for every tag token, so it is
a generated perfect hash: a few word loads of the (short) name, one
multiply-shift into a table, two word compares.

Run from the repository root:  python3 tools/gen_tags.py  (it runs
clang-format on its output when clang-format is installed).
"""

import os
import random
import subprocess
import sys

# Flags. The category sets are the standard's (13.2.4.2 "The stack of open
# elements", 13.2.4.3 "The list of active formatting elements", 13.2.6.3
# "Closing elements that have implied end tags", 13.2.6.5 foreign content).
FLAGS = [
    ("SPECIAL", "the HTML 'special' category (13.2.4.2)"),
    ("FORMATTING", "formatting elements (13.2.4.3)"),
    ("SCOPE", "HTML elements that bound 'has an element in scope'"),
    ("IMPLIED_END", "'generate implied end tags' pops these (13.2.6.3)"),
    ("IMPLIED_END_THOROUGH", "'... thoroughly' pops these"),
    ("MATHML_BOUNDARY", "MathML scope boundaries, special in MathML"),
    ("MATHML_TEXT", "MathML text integration points"),
    ("SVG_BOUNDARY", "SVG scope boundaries and HTML integration points"),
    ("BREAKOUT", "start tags that leave foreign content (13.2.6.5)"),
    ("HEADING", "h1 to h6"),
    ("VOID", "void elements: never have children"),
]

SPECIAL = """address applet area article aside base basefont bgsound blockquote
body br button caption center col colgroup dd details dir div dl dt embed
fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head
header hgroup hr html iframe img input keygen li link listing main marquee
menu meta nav noembed noframes noscript object ol p param plaintext pre
script search section select source style summary table tbody td template
textarea tfoot th thead title tr track ul wbr xmp""".split()

FORMATTING = "a b big code em font i nobr s small strike strong tt u".split()
# select bounds scopes since the 2025 customizable-<select> parser change.
SCOPE = "applet caption html table td th marquee object select template".split()
IMPLIED_END = "dd dt li optgroup option p rb rp rt rtc".split()
IMPLIED_END_THOROUGH = IMPLIED_END + "caption colgroup tbody td tfoot th thead tr".split()
MATHML_BOUNDARY = "mi mo mn ms mtext annotation-xml".split()
MATHML_TEXT = "mi mo mn ms mtext".split()
SVG_BOUNDARY = "foreignobject desc title".split()
BREAKOUT = """b big blockquote body br center code dd div dl dt em embed h1 h2
h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small
span strong strike sub sup table tt u ul var""".split()
HEADING = "h1 h2 h3 h4 h5 h6".split()
VOID = """area base basefont bgsound br col embed frame hr image img input
keygen link meta param source track wbr""".split()

# HTML element names (current and obsolete ones the parser or pages use).
HTML = """a abbr acronym address applet area article aside audio b base
basefont bdi bdo bgsound big blink blockquote body br button canvas caption
center cite code col colgroup data datalist dd del details dfn dialog dir div
dl dt em embed fieldset figcaption figure font footer form frame frameset h1
h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins
isindex kbd keygen label legend li link listing main map mark marquee menu
menuitem meta meter nav nobr noembed noframes noscript object ol optgroup
option output p param picture plaintext pre progress q rb rp rt rtc ruby s
samp script search section select selectedcontent slot small source span
strike strong style sub summary sup table tbody td template textarea tfoot th
thead time title tr track tt u ul var video wbr xmp""".split()

MATHML = "math mi mo mn ms mtext annotation-xml mglyph malignmark".split()

# SVG names whose case the tree builder restores (13.2.6.5, "adjust SVG
# tag name" table), then common SVG elements so icons cost no name copy.
SVG_ADJUSTED = """altGlyph altGlyphDef altGlyphItem animateColor animateMotion
animateTransform clipPath feBlend feColorMatrix feComponentTransfer
feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
fePointLight feSpecularLighting feSpotLight feTile feTurbulence foreignObject
glyphRef linearGradient radialGradient textPath""".split()
SVG = """svg desc circle defs ellipse g line mask path pattern polygon polyline
rect stop symbol text tspan use""".split()


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    names = []
    seen = set()
    for n in HTML + MATHML + [s.lower() for s in SVG_ADJUSTED] + SVG:
        if n not in seen:
            seen.add(n)
            names.append(n)
    names.sort()
    svg_name = {s.lower(): s for s in SVG_ADJUSTED}

    def flags_of(n):
        f = []
        for flag, members in (("SPECIAL", SPECIAL), ("FORMATTING", FORMATTING),
                              ("SCOPE", SCOPE), ("IMPLIED_END", IMPLIED_END),
                              ("IMPLIED_END_THOROUGH", IMPLIED_END_THOROUGH),
                              ("MATHML_BOUNDARY", MATHML_BOUNDARY),
                              ("MATHML_TEXT", MATHML_TEXT),
                              ("SVG_BOUNDARY", SVG_BOUNDARY), ("BREAKOUT", BREAKOUT),
                              ("HEADING", HEADING), ("VOID", VOID)):
            if n in members:
                f.append("PITH_TAGF_" + flag)
        return " | ".join(f) if f else "0"

    for group in (SPECIAL, FORMATTING, SCOPE, IMPLIED_END_THOROUGH, MATHML_BOUNDARY,
                  SVG_BOUNDARY, BREAKOUT, VOID):
        for n in group:
            assert n in seen, n

    # Perfect hash over a cheap key of two words made by a few
    # (overlapping) little-endian loads, as name_key() in C does: up to 3
    # bytes, bytes 0, n/2 and n-1; 4 to 8, the first and the last four; 9
    # and up, the first and the last eight. With the length they determine
    # names up to 16 bytes, so checking a hit is two word compares (and a
    # memcmp of the middle for longer names). One multiply-shift into a
    # sparse table: the multipliers are searched (from a fixed seed, so
    # the output is reproducible) until no two names share a slot.
    MASK = (1 << 64) - 1

    def words(s):
        b = s.encode()
        n = len(b)
        le = lambda x: int.from_bytes(x, "little")
        if n <= 3:
            return (b[0] | b[n // 2] << 8 | b[n - 1] << 16, 0)
        if n <= 8:
            return (le(b[:4]) | le(b[n - 4:]) << 32, 0)
        return (le(b[:8]), le(b[n - 8:]))

    LOG2 = 13
    assert len(names) < 255

    def slot_of(s, m1, m2):
        first, last = words(s)
        h = (((first * m1) & MASK) ^ (((last + len(s)) * m2) & MASK)) & MASK
        return h >> (64 - LOG2)

    rng = random.Random(20240601)
    while True:
        M1 = rng.getrandbits(64) | 1
        M2 = rng.getrandbits(64) | 1
        taken = {}
        for i, n in enumerate(names):
            sl = slot_of(n, M1, M2)
            if sl in taken:
                break
            taken[sl] = i
        else:
            break
    slots = [None] * (1 << LOG2)
    for sl, i in taken.items():
        slots[sl] = i

    def ident(n):
        return "PITH_TAG_" + n.upper().replace("-", "_")

    h = []
    h.append("/* Generated by tools/gen_tags.py: do not edit. */")
    h.append("/* Element names known to pith, as small integers, with their category")
    h.append(" * flags. PITH_TAG_UNKNOWN is any other name (its text is kept in the")
    h.append(" * node). Ids name the lowercase form; the SVG case (foreignObject) is")
    h.append(" * pith_tag_svg_name(). */")
    h.append("#ifndef PITH_TAGS_H")
    h.append("#define PITH_TAGS_H")
    h.append("")
    h.append("#include <stddef.h>")
    h.append("#include <stdint.h>")
    h.append("")
    h.append("typedef enum pith_tag {")
    h.append("\tPITH_TAG_UNKNOWN = 0,")
    for n in names:
        h.append("\t%s," % ident(n))
    h.append("\tPITH_TAG_COUNT")
    h.append("} pith_tag;")
    h.append("")
    for bit, (flag, doc) in enumerate(FLAGS):
        h.append("#define PITH_TAGF_%s (1u << %d) /* %s */" % (flag, bit, doc))
    h.append("")
    h.append("extern const uint16_t pith_tag_flags_table[PITH_TAG_COUNT];")
    h.append("")
    h.append("static inline unsigned pith_tag_flags(pith_tag tag) { return pith_tag_flags_table[tag]; }")
    h.append("")
    h.append("/* The id of lowercase_name[0..len), or PITH_TAG_UNKNOWN. */")
    h.append("pith_tag pith_tag_lookup(const char *lowercase_name, size_t len);")
    h.append("")
    h.append("/* The lowercase name (\"\" for PITH_TAG_UNKNOWN); *len gets its length")
    h.append(" * when len is not NULL. */")
    h.append("const char *pith_tag_name(pith_tag tag, size_t *len);")
    h.append("")
    h.append("/* The SVG-cased name (\"foreignObject\") when it differs from the")
    h.append(" * lowercase one, else NULL (13.2.6.5, adjust SVG tag name). */")
    h.append("const char *pith_tag_svg_name(pith_tag tag);")
    h.append("")
    h.append("#endif")

    c = []
    c.append("/* Generated by tools/gen_tags.py: do not edit. */")
    c.append('#include "tags.h"')
    c.append("")
    c.append("#include <string.h>")
    c.append("")
    c.append("static const char *const tag_names[PITH_TAG_COUNT] = {")
    c.append('\t"",')
    for n in names:
        c.append('\t"%s",' % n)
    c.append("};")
    c.append("")
    c.append("/* name_key() of each name. */")
    c.append("static const uint64_t tag_words[PITH_TAG_COUNT][2] = {")
    c.append("\t{0, 0},")
    for n in names:
        f, l = words(n)
        c.append("\t{0x%xu, 0x%xu}, /* %s */" % (f, l, n))
    c.append("};")
    c.append("")
    c.append("static const uint8_t tag_lengths[PITH_TAG_COUNT] = {")
    c.append("\t0,")
    for n in names:
        c.append("\t%d, /* %s */" % (len(n), n))
    c.append("};")
    c.append("")
    c.append("const uint16_t pith_tag_flags_table[PITH_TAG_COUNT] = {")
    c.append("\t0,")
    for n in names:
        c.append("\t%s, /* %s */" % (flags_of(n), n))
    c.append("};")
    c.append("")
    c.append("static const char *const svg_names[PITH_TAG_COUNT] = {")
    for n in names:
        if n in svg_name:
            c.append('\t[%s] = "%s",' % (ident(n), svg_name[n]))
    c.append("};")
    c.append("")
    c.append("#define TAG_HASH_LOG2 %d" % LOG2)
    c.append("")
    c.append("static const uint8_t tag_slots[1 << TAG_HASH_LOG2] = {")
    for p, i in enumerate(slots):
        if i is not None:
            c.append("\t[%d] = %s," % (p, ident(names[i])))
    c.append("};")
    c.append("")
    c.append("""/* Little-endian loads, written bytewise (compilers turn them into one
 * load) so they are portable and need no alignment. */
static inline uint32_t load32(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static inline uint64_t load64(const char *s) { return load32(s) | (uint64_t)load32(s + 4) << 32; }

/* Two words that, with the length, identify a name of up to 16 bytes,
 * read with at most four loads (the tables were made the same way). */
static inline void name_key(const char *s, size_t n, uint64_t *first, uint64_t *last)
{
	if (n <= 3) {
		*first = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
		         (uint64_t)(unsigned char)s[n - 1] << 16;
		*last = 0;
	} else if (n <= 8) {
		*first = load32(s) | (uint64_t)load32(s + n - 4) << 32;
		*last = 0;
	} else {
		*first = load64(s);
		*last = load64(s + n - 8);
	}
}

pith_tag pith_tag_lookup(const char *name, size_t len)
{
	/* Longer than any known name: the table has none of them. */
	if (len == 0 || len > %d)
		return PITH_TAG_UNKNOWN;
	uint64_t first, last;
	name_key(name, len, &first, &last);
	uint64_t h = first * 0x%xu ^ (last + len) * 0x%xu;
	pith_tag tag = (pith_tag)tag_slots[h >> (64 - TAG_HASH_LOG2)];
	if (tag_lengths[tag] != len || tag_words[tag][0] != first || tag_words[tag][1] != last)
		return PITH_TAG_UNKNOWN;
	if (len > 16 && memcmp(name + 8, tag_names[tag] + 8, len - 16) != 0)
		return PITH_TAG_UNKNOWN;
	return tag;
}

const char *pith_tag_name(pith_tag tag, size_t *len)
{
	if ((unsigned)tag >= PITH_TAG_COUNT)
		tag = PITH_TAG_UNKNOWN;
	if (len)
		*len = tag_lengths[tag];
	return tag_names[tag];
}

const char *pith_tag_svg_name(pith_tag tag)
{
	return (unsigned)tag < PITH_TAG_COUNT ? svg_names[tag] : NULL;
}""" % (max(len(n) for n in names), M1, M2))

    with open(os.path.join(root, "src/dom/tags.h"), "w") as f:
        f.write("\n".join(h) + "\n")
    with open(os.path.join(root, "src/dom/tags.c"), "w") as f:
        f.write("\n".join(c) + "\n")
    try:
        subprocess.run(["clang-format", "-i", os.path.join(root, "src/dom/tags.h"),
                        os.path.join(root, "src/dom/tags.c")], check=True)
    except (OSError, subprocess.CalledProcessError):
        print("clang-format not run: run make format", file=sys.stderr)


if __name__ == "__main__":
    main()
