/* Unicode properties (unicode.c over the generated unicode_tables.h):
 * spot checks of each table here; tests/difftest/test_unicode.py compares
 * every code point with python3.13 through this program's --dump mode. */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "unicode.h"

#define MAX_CP 0x10FFFFu

static void test_isprintable(void **state)
{
    static const struct {
        uint32_t cp;
        bool printable;
    } cases[] = {
        {.cp = 'a', .printable = true},       {.cp = ' ', .printable = true},
        {.cp = 0x00, .printable = false},     {.cp = 0x7F, .printable = false},
        {.cp = 0x9F, .printable = false},     {.cp = 0xA0, .printable = false},   /* Zs */
        {.cp = 0xA1, .printable = true},      {.cp = 0xAD, .printable = false},   /* Cf */
        {.cp = 0x378, .printable = false},    {.cp = 0x4E2D, .printable = true},  /* Cn, Lo */
        {.cp = 0x2028, .printable = false},   {.cp = 0x3000, .printable = false}, /* Zl, Zs */
        {.cp = 0xD800, .printable = false},   {.cp = 0xE000, .printable = false}, /* Cs, Co */
        {.cp = 0xFFFD, .printable = true},    {.cp = 0xFFFF, .printable = false},
        {.cp = 0x1F600, .printable = true},   {.cp = 0xE0001, .printable = false},
        {.cp = 0x10FFFF, .printable = false}, {.cp = 0x110000, .printable = false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(cssl__unicode_isprintable(cases[i].cp), cases[i].printable);
    }
}

static void test_isspace(void **state)
{
    static const uint32_t spaces[] = {' ',  '\t', '\n',   0x0B,   0x0C,   '\r',   0x1C,  0x1F,
                                      0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x2028, 0x3000};
    static const uint32_t not_spaces[] = {0, 'a', 0x1B, 0x200B, 0x180E, 0xFEFF, 0x110000};
    for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
        assert_true(cssl__unicode_isspace(spaces[i]));
    }
    for (size_t i = 0; i < sizeof(not_spaces) / sizeof(not_spaces[0]); i++) {
        assert_false(cssl__unicode_isspace(not_spaces[i]));
    }
}

static void test_decimal(void **state)
{
    static const struct {
        uint32_t cp;
        int value;
    } cases[] = {
        {.cp = '0', .value = 0},     {.cp = '9', .value = 9},     {.cp = 'a', .value = -1},
        {.cp = 0x663, .value = 3},   {.cp = 0xB2, .value = -1},   /* superscript two: No */
        {.cp = 0x2160, .value = -1}, {.cp = 0xFF19, .value = 9},  /* Roman numeral: Nl */
        {.cp = 0x1D7CE, .value = 0}, {.cp = 0x1D7D8, .value = 0}, /* runs of 0-9 back to back */
        {.cp = 0x1D7FF, .value = 9}, {.cp = 0x1FBF9, .value = 9}, {.cp = 0x10FFFF, .value = -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(cssl__unicode_decimal(cases[i].cp), cases[i].value);
    }
}

typedef struct mapping_case {
    uint32_t cp;
    int count;
    uint32_t out[3];
} mapping_case;

static void check_mapping(int (*fn)(uint32_t, uint32_t[3]), const mapping_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t out[3] = {0};
        int count = fn(cases[i].cp, out);
        assert_int_equal(count, cases[i].count);
        for (int k = 0; k < count; k++) {
            assert_int_equal(out[k], cases[i].out[k]);
        }
    }
}

static void test_lower(void **state)
{
    static const mapping_case cases[] = {
        {.cp = 'A', .count = 1, .out = {'a'}},
        {.cp = 'a', .count = 1, .out = {'a'}},
        {.cp = 0x130, .count = 2, .out = {'i', 0x307}}, /* the one two-character lower() */
        {.cp = 0x100, .count = 1, .out = {0x101}},
        {.cp = 0x101, .count = 1, .out = {0x101}},
        {.cp = 0x1C5, .count = 1, .out = {0x1C6}},
        {.cp = 0x3A3, .count = 1, .out = {0x3C3}},
        {.cp = 0x1E9E, .count = 1, .out = {0xDF}},
        {.cp = 0x212A, .count = 1, .out = {'k'}},
        {.cp = 0x10400, .count = 1, .out = {0x10428}},
        {.cp = 0x1E921, .count = 1, .out = {0x1E943}},
        {.cp = 0x4E2D, .count = 1, .out = {0x4E2D}},
    };
    check_mapping(cssl__unicode_lower, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_title(void **state)
{
    static const mapping_case cases[] = {
        {.cp = 'a', .count = 1, .out = {'A'}},
        {.cp = 'A', .count = 1, .out = {'A'}},
        {.cp = 0x1C4, .count = 1, .out = {0x1C5}},
        {.cp = 0x1C6, .count = 1, .out = {0x1C5}},
        {.cp = 0xDF, .count = 2, .out = {'S', 's'}},
        {.cp = 0xFB03, .count = 3, .out = {'F', 'f', 'i'}},
        {.cp = 0x17F, .count = 1, .out = {'S'}},
        {.cp = 0x345, .count = 1, .out = {0x399}},
        {.cp = 0x10428, .count = 1, .out = {0x10400}},
        {.cp = '1', .count = 1, .out = {'1'}},
    };
    check_mapping(cssl__unicode_title, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_utf8_decode(void **state)
{
    static const struct {
        const char *bytes;
        int32_t cp;
        size_t consumed;
    } cases[] = {
        {.bytes = "a", .cp = 'a', .consumed = 1},
        {.bytes = "\xC3\xA9", .cp = 0xE9, .consumed = 2},
        {.bytes = "\xF0\x9F\x98\x80", .cp = 0x1F600, .consumed = 4},
        {.bytes = "\xC0\x80", .cp = -1, .consumed = 1},         /* overlong */
        {.bytes = "\xED\xA0\x80", .cp = -1, .consumed = 1},     /* a surrogate */
        {.bytes = "\xF4\x90\x80\x80", .cp = -1, .consumed = 1}, /* past U+10FFFF */
        {.bytes = "\xE2\x82", .cp = -1, .consumed = 1},         /* truncated */
        {.bytes = "\x80", .cp = -1, .consumed = 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = 0;
        const unsigned char *s = (const unsigned char *)cases[i].bytes;
        assert_int_equal(cssl__utf8_decode(s, strlen(cases[i].bytes), &n), cases[i].cp);
        assert_int_equal(n, cases[i].consumed);
    }
}

/* --dump: every code point's properties, in the format test_unicode.py
 * computes with python3.13: runs of non-printable and of space characters,
 * then every decimal digit and every character that lower() or title()
 * changes. */
static void dump_runs(const char *name, bool (*pred)(uint32_t))
{
    for (uint32_t cp = 0; cp <= MAX_CP; cp++) {
        if (!pred(cp)) {
            continue;
        }
        uint32_t first = cp;
        while (cp + 1 <= MAX_CP && pred(cp + 1)) {
            cp++;
        }
        printf("%s %X %X\n", name, (unsigned)first, (unsigned)cp);
    }
}

static bool not_printable(uint32_t cp)
{
    return !cssl__unicode_isprintable(cp);
}

static void dump_mapping(const char *name, int (*fn)(uint32_t, uint32_t[3]))
{
    for (uint32_t cp = 0; cp <= MAX_CP; cp++) {
        uint32_t out[3];
        int n = fn(cp, out);
        if (n == 1 && out[0] == cp) {
            continue;
        }
        printf("%s %X", name, (unsigned)cp);
        for (int k = 0; k < n; k++) {
            printf(" %X", (unsigned)out[k]);
        }
        printf("\n");
    }
}

static int dump(void)
{
    dump_runs("nonprintable", not_printable);
    dump_runs("space", cssl__unicode_isspace);
    for (uint32_t cp = 0; cp <= MAX_CP; cp++) {
        int d = cssl__unicode_decimal(cp);
        if (d >= 0) {
            printf("decimal %X %d\n", (unsigned)cp, d);
        }
    }
    dump_mapping("lower", cssl__unicode_lower);
    dump_mapping("title", cssl__unicode_title);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
        return dump();
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isprintable), cmocka_unit_test(test_isspace),
        cmocka_unit_test(test_decimal),     cmocka_unit_test(test_lower),
        cmocka_unit_test(test_title),       cmocka_unit_test(test_utf8_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
