/* Rendering the getpeercert() dict (cert_render.c, pprint.c, pyrepr.c) and
 * reading it back from JSON (cert_json.c, json_parse.c).  The expected
 * texts are what Python 3.13 prints for the same dict; tests/difftest/
 * test_render.py compares hundreds of random dicts with Python itself. */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A cssl_str for a string literal, embedded NULs included. */
#define S(lit)                                                                                     \
    {                                                                                              \
        (lit), sizeof(lit) - 1                                                                     \
    }

static const cssl_name_attr subject_cn[] = {{.name = S("commonName"), .value = S("a\0b")}};
static const cssl_name_attr subject_o[] = {{.name = S("organizationName"), .value = S("O'Reilly")}};
static const cssl_rdn subject_rdns[] = {{subject_cn, 1}, {subject_o, 1}};
/* A multi-valued RDN with non-ASCII, an astral character and quotes. */
static const cssl_name_attr issuer_attrs[] = {
    {.name = S("commonName"), .value = S("é 😀")},
    {.name = S("emailAddress"), .value = S("say \"hi\"")},
};
static const cssl_rdn issuer_rdns[] = {{issuer_attrs, 2}};
static const cssl_name_attr dir_cn[] = {{.name = S("commonName"), .value = S("dir")}};
static const cssl_rdn dir_rdns[] = {{dir_cn, 1}};
static const cssl_general_name sans[] = {
    {.type = S("DNS"), .value = S("*.example.com")},
    {.type = S("DirName"), .dirname = {dir_rdns, 1}},
    {.type = S("IP Address"), .value = S("10.0.0.1")},
};
static const cssl_str ocsp[] = {S("http://ocsp/")};

static const cssl_cert_info full_cert = {
    .fields = CSSL_CERT_SUBJECT | CSSL_CERT_ISSUER | CSSL_CERT_VERSION | CSSL_CERT_SERIAL_NUMBER |
              CSSL_CERT_SUBJECT_ALT_NAME | CSSL_CERT_OCSP | CSSL_CERT_CA_ISSUERS,
    .subject = {subject_rdns, 2},
    .issuer = {issuer_rdns, 1},
    .version = 3,
    .serial_number = S("01"),
    .not_before = S("not rendered: its bit is clear"),
    .subject_alt_name = {sans, 3},
    .ocsp = {ocsp, 1},
    .ca_issuers = {NULL, 0},
};

static const cssl_name_attr wrap_cn[] = {
    {.name = S("commonName"),
     .value = S("word word word word word word word word word word word word word word "
                "word word word word word word 'quoted' \\ end")}};
static const cssl_rdn wrap_rdns[] = {{wrap_cn, 1}};
static const cssl_cert_info wrap_cert = {
    .fields = CSSL_CERT_SUBJECT | CSSL_CERT_NOT_AFTER,
    .subject = {wrap_rdns, 1},
    .not_after =
        S("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
          "xxxx"),
};

static const cssl_cert_info empty_cert = {.fields = 0, .version = 3};
static const cssl_cert_info san_only_cert = {.fields = CSSL_CERT_SUBJECT_ALT_NAME};
static const cssl_cert_info not_utf8_cert = {.fields = CSSL_CERT_SERIAL_NUMBER,
                                             .serial_number = S("\xff\xc3")};
static const cssl_cert_info null_str_cert = {.fields = CSSL_CERT_NOT_BEFORE | CSSL_CERT_VERSION,
                                             .version = -2};

/* pprint's 80 columns: 80 characters stay on one line, 81 do not. */
static const cssl_str ocsp_80[] = {
    S("a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a b")};
static const cssl_str ocsp_81[] = {
    S("a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a bb")};
static const cssl_cert_info ocsp_80_cert = {.fields = CSSL_CERT_OCSP, .ocsp = {ocsp_80, 1}};
static const cssl_cert_info ocsp_81_cert = {.fields = CSSL_CERT_OCSP, .ocsp = {ocsp_81, 1}};
/* A line break ends a literal; quotes switch per literal. */
static const cssl_cert_info lines_cert = {
    .fields = CSSL_CERT_NOT_AFTER,
    .not_after =
        S("it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's \nend"),
};

typedef struct render_case {
    const char *label;
    const cssl_cert_info *cert;
    const char *json;
    const char *repr;
    const char *pprint;
} render_case;

static const render_case render_cases[] = {
    {
        .label = "80 columns",
        .cert = &ocsp_80_cert,
        .json =
            "{\"OCSP\": [\"a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a b\"]}",
        .repr = "{'OCSP': ('a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a b',)}",
        .pprint =
            "{'OCSP': ('a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a b',)}",
    },
    {
        .label = "81 columns",
        .cert = &ocsp_81_cert,
        .json =
            "{\"OCSP\": [\"a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a bb\"]}",
        .repr = "{'OCSP': ('a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a bb',)}",
        .pprint = "{'OCSP': ('a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a '\n"
                  "          'bb',)}",
    },
    {
        .label = "line breaks",
        .cert = &lines_cert,
        .json = "{\"notAfter\": \"it's it's it's it's it's it's it's it's it's it's it's it's it's "
                "it's it's \\nend\"}",
        .repr = "{'notAfter': \"it's it's it's it's it's it's it's it's it's it's it's it's it's "
                "it's it's \\nend\"}",
        .pprint =
            "{'notAfter': \"it's it's it's it's it's it's it's it's it's it's it's it's it's \"\n"
            "             \"it's it's \\n\"\n"
            "             'end'}",
    },
    {
        .label = "full",
        .cert = &full_cert,
        .json = "{\"subject\": [[[\"commonName\", \"a\\u0000b\"]], [[\"organizationName\", "
                "\"O'Reilly\"]]], \"issuer\": [[[\"commonName\", \"\\u00e9 \\ud83d\\ude00\"], "
                "[\"emailAddress\", \"say \\\"hi\\\"\"]]], \"version\": 3, \"serialNumber\": "
                "\"01\", \"subjectAltName\": [[\"DNS\", \"*.example.com\"], [\"DirName\", "
                "[[[\"commonName\", \"dir\"]]]], [\"IP Address\", \"10.0.0.1\"]], \"OCSP\": "
                "[\"http://ocsp/\"], \"caIssuers\": []}",
        .repr = "{'subject': ((('commonName', 'a\\x00b'),), (('organizationName', "
                "\"O'Reilly\"),)), 'issuer': ((('commonName', 'é 😀'), ('emailAddress', 'say "
                "\"hi\"')),), 'version': 3, 'serialNumber': '01', 'subjectAltName': (('DNS', "
                "'*.example.com'), ('DirName', ((('commonName', 'dir'),),)), ('IP Address', "
                "'10.0.0.1')), 'OCSP': ('http://ocsp/',), 'caIssuers': ()}",
        .pprint = "{'OCSP': ('http://ocsp/',),\n"
                  " 'caIssuers': (),\n"
                  " 'issuer': ((('commonName', 'é 😀'), ('emailAddress', 'say \"hi\"')),),\n"
                  " 'serialNumber': '01',\n"
                  " 'subject': ((('commonName', 'a\\x00b'),), (('organizationName', "
                  "\"O'Reilly\"),)),\n"
                  " 'subjectAltName': (('DNS', '*.example.com'),\n"
                  "                    ('DirName', ((('commonName', 'dir'),),)),\n"
                  "                    ('IP Address', '10.0.0.1')),\n"
                  " 'version': 3}",
    },
    {
        .label = "pprint splits a long string into adjacent literals",
        .cert = &wrap_cert,
        .json =
            "{\"subject\": [[[\"commonName\", \"word word word word word word word word word "
            "word word word word word word word word word word word 'quoted' \\\\ end\"]]], "
            "\"notAfter\": "
            "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxx\"}",
        .repr = "{'subject': ((('commonName', \"word word word word word word word word word word "
                "word word word word word word word word word word 'quoted' \\\\ end\"),),), "
                "'notAfter': "
                "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                "xxxx'}",
        .pprint =
            "{'notAfter': "
            "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxx',\n"
            " 'subject': ((('commonName',\n"
            "               'word word word word word word word word word word word word '\n"
            "               \"word word word word word word word word 'quoted' \\\\ "
            "end\"),),)}",
    },
    {
        .label = "empty dict",
        .cert = &empty_cert,
        .json = "{}",
        .repr = "{}",
        .pprint = "{}",
    },
    {
        .label = "partial dict, empty tuple",
        .cert = &san_only_cert,
        .json = "{\"subjectAltName\": []}",
        .repr = "{'subjectAltName': ()}",
        .pprint = "{'subjectAltName': ()}",
    },
    {
        .label = "bytes that are not UTF-8 show as surrogateescape's lone surrogates",
        .cert = &not_utf8_cert,
        .json = "{\"serialNumber\": \"\\udcff\\udcc3\"}",
        .repr = "{'serialNumber': '\\udcff\\udcc3'}",
        .pprint = "{'serialNumber': '\\udcff\\udcc3'}",
    },
    {
        .label = "(NULL, 0) strings are empty; negative version",
        .cert = &null_str_cert,
        .json = "{\"version\": -2, \"notBefore\": \"\"}",
        .repr = "{'version': -2, 'notBefore': ''}",
        .pprint = "{'notBefore': '', 'version': -2}",
    },
};

/* BIT STRING name values: bytes (value_is_bytes) and None (value_is_none),
 * as Python 3.13 shows {'subject': ((('x500UniqueIdentifier', b'...'),),
 * (('commonName', None),)), 'subjectAltName': (('DirName', ...),)}. */
static const cssl_name_attr bytes_uid[] = {
    {.name = S("x500UniqueIdentifier"), .value = S("it's \0\xff\"q\\"), .value_is_bytes = true}};
static const cssl_name_attr none_cn[] = {
    {.name = S("commonName"), .value = S(""), .value_is_none = true}};
static const cssl_rdn bytes_rdns[] = {{bytes_uid, 1}, {none_cn, 1}};
static const cssl_name_attr long_uid[] = {
    {.name = S("x500UniqueIdentifier"),
     .value = S("\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_'"),
     .value_is_bytes = true}};
static const cssl_rdn long_rdns[] = {{long_uid, 1}};
static const cssl_general_name bytes_sans[] = {
    {.type = S("DirName"), .dirname = {long_rdns, 1}},
};
static const cssl_cert_info bytes_cert = {
    .fields = CSSL_CERT_SUBJECT | CSSL_CERT_SUBJECT_ALT_NAME,
    .subject = {bytes_rdns, 2},
    .subject_alt_name = {bytes_sans, 1},
};

static void check_text(char *got, const char *want, const char *label)
{
    if (got == NULL || strcmp(got, want) != 0) {
        print_error("%s:\n  got:  %s\n  want: %s\n", label, got ? got : "(NULL)", want);
        cssl_free(got);
        fail();
    }
    cssl_free(got);
}

static void test_render(void **state)
{
    for (size_t i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
        const render_case *c = &render_cases[i];
        check_text(cssl_cert_info_to_json(c->cert), c->json, c->label);
        check_text(cssl_cert_info_to_repr(c->cert), c->repr, c->label);
        check_text(cssl_cert_info_to_pprint(c->cert), c->pprint, c->label);
    }
}

/* repr() and pprint of bytes (pprint cuts them into 4-byte parts); json.dumps()
 * refuses them with Python's TypeError. */
static void test_render_bytes(void **state)
{
    check_text(cssl_cert_info_to_repr(&bytes_cert),
               "{'subject': ((('x500UniqueIdentifier', b'it\\'s \\x00\\xff\"q\\\\'),), "
               "(('commonName', None),)), 'subjectAltName': (('DirName', "
               "((('x500UniqueIdentifier', b'\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@"
               "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_\\''),),)),)}",
               "bytes repr");
    check_text(
        cssl_cert_info_to_pprint(&bytes_cert),
        "{'subject': ((('x500UniqueIdentifier', b'it\\'s \\x00\\xff\"q\\\\'),),\n"
        "             (('commonName', None),)),\n"
        " 'subjectAltName': (('DirName',\n"
        "                     ((('x500UniqueIdentifier',\n"
        "                        b'\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHI'\n"
        "                        b\"JKLMNOPQRSTUVWXYZ[\\\\]^_'\"),),)),)}",
        "bytes pprint");
    assert_null(cssl_cert_info_to_json(&bytes_cert));
    expect_error(-1, CSSL_E_TYPE, "Object of type bytes is not JSON serializable");
}

/* None (an empty BIT STRING) is JSON null, and null reads back as None. */
static void test_json_none(void **state)
{
    static const char json[] = "{\"subject\": [[[\"commonName\", null]]]}";
    cssl_cert_info *cert = cssl_cert_info_from_json(json, strlen(json));
    assert_non_null(cert);
    assert_true(cert->subject.rdns[0].attrs[0].value_is_none);
    assert_false(cert->subject.rdns[0].attrs[0].value_is_bytes);
    assert_int_equal(cert->subject.rdns[0].attrs[0].value.len, 0);
    check_text(cssl_cert_info_to_json(cert), json, "None as JSON");
    check_text(cssl_cert_info_to_repr(cert), "{'subject': ((('commonName', None),),)}",
               "None as repr");
    cssl_cert_info_free(cert);
}

/* JSON -> struct -> JSON gives back json.dumps()'s text, NULs and all. */
static void test_json_round_trip(void **state)
{
    for (size_t i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
        const render_case *c = &render_cases[i];
        if (strstr(c->json, "\\udc") != NULL) {
            continue; /* lone surrogates: refused on the way in, below */
        }
        cssl_cert_info *cert = cssl_cert_info_from_json(c->json, strlen(c->json));
        assert_non_null(cert);
        assert_non_null(cert->owner);
        check_text(cssl_cert_info_to_json(cert), c->json, c->label);
        check_text(cssl_cert_info_to_pprint(cert), c->pprint, c->label);
        cssl_cert_info_free(cert);
    }
}

static void test_json_reads_strings(void **state)
{
    static const char json[] = " {\"subject\" :\t[[[\"commonName\",\"a\\u0000b\\/\\ud83d\\ude00"
                               "\\u00E9\xc3\xa9\"]]],\r\n\"version\":-0}\n";
    cssl_cert_info *cert = cssl_cert_info_from_json(json, sizeof(json) - 1);
    assert_non_null(cert);
    assert_int_equal(cert->fields, CSSL_CERT_SUBJECT | CSSL_CERT_VERSION);
    assert_int_equal(cert->version, 0);
    assert_int_equal(cert->subject.count, 1);
    assert_int_equal(cert->subject.rdns[0].count, 1);
    const cssl_str value = cert->subject.rdns[0].attrs[0].value;
    static const char want[] = "a\0b/\xf0\x9f\x98\x80\xc3\xa9\xc3\xa9";
    assert_int_equal(value.len, sizeof(want) - 1);
    assert_memory_equal(value.data, want, sizeof(want));
    cssl_cert_info_free(cert);
}

/* A repeated key keeps its last value, as in a dict json.loads() builds. */
static void test_json_repeated_key(void **state)
{
    static const char json[] = "{\"version\": 1, \"version\": 3}";
    cssl_cert_info *cert = cssl_cert_info_from_json(json, strlen(json));
    assert_non_null(cert);
    assert_int_equal(cert->version, 3);
    cssl_cert_info_free(cert);
}

typedef struct bad_json_case {
    const char *json;
    size_t len; /* 0: strlen(json) */
    const char *message;
} bad_json_case;

static void test_json_refused(void **state)
{
    static const bad_json_case cases[] = {
        /* json.loads()'s own messages */
        {.json = "", .message = "Expecting value: line 1 column 1 (char 0)"},
        {.json = "{\"version\": 3,}",
         .message = "Illegal trailing comma before end of object: line 1 column 14 (char 13)"},
        {.json = "{\"a\x01\": 1}",
         .message = "Invalid control character at: line 1 column 4 (char 3)"},
        {.json = "{\"\xc3\xa9\": x}", .message = "Expecting value: line 1 column 7 (char 6)"},
        {.json = "\n\n{]",
         .message = "Expecting property name enclosed in double quotes: "
                    "line 3 column 2 (char 3)"},
        {.json = "{} {}", .message = "Extra data: line 1 column 4 (char 3)"},
        {.json = "{\0}",
         .len = 3,
         .message = "Expecting property name enclosed in double quotes: "
                    "line 1 column 2 (char 1)"},
        /* what cssl refuses where json.loads() would go on */
        {.json = "{\"notAfter\": \"\\udc80\"}",
         .message =
             "Lone surrogate \\uXXXX escape (cssl strings are UTF-8): line 1 column 15 (char 14)"},
        {.json = "{\"notAfter\": \"\xff\"}",
         .message = "JSON text is not valid UTF-8: byte 0xff at offset 14"},
        {.json = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
         .message = "JSON nested too deeply (more than 32 levels): line 1 column 33 (char 32)"},
        /* wrong shapes */
        {.json = "[]", .message = "cert must be a dict, not list"},
        {.json = "{\"subject\": [], \"sub\\u0000ject\": 1}",
         .message = "unknown cert key 'sub\\x00ject'"},
        {.json = "{\"version\": \"3\"}", .message = "cert['version'] must be an int, not str"},
        {.json = "{\"version\": 3.0}", .message = "cert['version'] must be an int, not float"},
        {.json = "{\"version\": true}", .message = "cert['version'] must be an int, not bool"},
        {.json = "{\"version\": 99999999999999999999}",
         .message = "cert['version'] is out of range"},
        {.json = "{\"subject\": \"CN=x\"}", .message = "cert['subject'] must be a list, not str"},
        {.json = "{\"subject\": [[\"commonName\", \"x\"]]}",
         .message = "cert['subject'][0][0] must be a list, not str"},
        {.json = "{\"issuer\": [[[\"commonName\"]]]}",
         .message = "cert['issuer'][0][0] must be a [name, value] pair, not a list of 1"},
        {.json = "{\"issuer\": [[[\"commonName\", 1]]]}",
         .message = "cert['issuer'][0][0][1] must be a str, not int"},
        {.json = "{\"subjectAltName\": [[\"DNS\", null]]}",
         .message = "cert['subjectAltName'][0][1] must be a str, not NoneType"},
        {.json = "{\"subjectAltName\": [[\"DNS\", \"a\", \"b\"]]}",
         .message = "cert['subjectAltName'][0] must be a [type, value] pair, not a list of 3"},
        {.json = "{\"subjectAltName\": [[\"DirName\", \"CN=x\"]]}",
         .message = "cert['subjectAltName'][0][1] must be a list, not str"},
        {.json = "{\"subjectAltName\": [[\"DNS\", [[[\"commonName\", \"x\"]]]]]}",
         .message = "cert['subjectAltName'][0][1] must be a str, not list"},
        {.json = "{\"subjectAltName\": [[1, \"x\"]]}",
         .message = "cert['subjectAltName'][0][0] must be a str, not int"},
        {.json = "{\"OCSP\": [\"a\", {}]}", .message = "cert['OCSP'][1] must be a str, not dict"},
        {.json = "{\"crlDistributionPoints\": \"http://x\"}",
         .message = "cert['crlDistributionPoints'] must be a list, not str"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].json);
        cssl_cert_info *cert = cssl_cert_info_from_json(cases[i].json, len);
        assert_null(cert);
        expect_error(-1, CSSL_E_VALUE, cases[i].message);
    }
}

static void test_null_arguments(void **state)
{
    assert_null(cssl_cert_info_from_json(NULL, 0));
    expect_error(-1, CSSL_E_VALUE, "json must not be NULL");
    assert_null(cssl_cert_info_to_json(NULL));
    expect_error(-1, CSSL_E_VALUE, "cert must not be NULL");
    assert_null(cssl_cert_info_to_repr(NULL));
    expect_error(-1, CSSL_E_VALUE, "cert must not be NULL");
    assert_null(cssl_cert_info_to_pprint(NULL));
    expect_error(-1, CSSL_E_VALUE, "cert must not be NULL");
    cssl_cert_info_free(NULL);
}

/* A hand-built struct with a NULL array or string is refused, not read. */
static void test_bad_hand_built(void **state)
{
    const cssl_cert_info null_string = {.fields = CSSL_CERT_NOT_AFTER, .not_after = {NULL, 3}};
    assert_null(cssl_cert_info_to_repr(&null_string));
    expect_error(-1, CSSL_E_VALUE, "cssl_cert_info: a string has NULL data and length 3");
    const cssl_cert_info null_array = {.fields = CSSL_CERT_OCSP, .ocsp = {NULL, 2}};
    assert_null(cssl_cert_info_to_json(&null_array));
    expect_error(-1, CSSL_E_VALUE, "cssl_cert_info: an array is NULL with count 2");
    /* The error is cleared by the next call. */
    char *text = cssl_cert_info_to_json(&full_cert);
    assert_non_null(text);
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    cssl_free(text);
}

/* repr()'s quotes and escapes, straight from pyrepr.c. */
static void test_pyrepr(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        const char *repr;
        const char *json;
    } cases[] = {
        {.in = "it's", .len = 4, .repr = "\"it's\"", .json = "\"it's\""},
        {.in = "'\"", .len = 2, .repr = "'\\'\"'", .json = "\"'\\\"\""},
        {.in = "\t\n\r\x0b\x7f\\",
         .len = 6,
         .repr = "'\\t\\n\\r\\x0b\\x7f\\\\'",
         .json = "\"\\t\\n\\r\\u000b\\u007f\\\\\""},
        {.in = "\b\f", .len = 2, .repr = "'\\x08\\x0c'", .json = "\"\\b\\f\""},
        {.in = "\xc2\xa0\xc2\xad\xc2\xa1",
         .len = 6,
         .repr = "'\\xa0\\xad\xc2\xa1'",
         .json = "\"\\u00a0\\u00ad\\u00a1\""},
        {.in = "\xe2\x80\xa8\xef\xbf\xbf",
         .len = 6,
         .repr = "'\\u2028\\uffff'",
         .json = "\"\\u2028\\uffff\""},
        {.in = "\xf3\xa0\x80\x81\xf4\x8f\xbf\xbf",
         .len = 8,
         .repr = "'\\U000e0001\\U0010ffff'",
         .json = "\"\\udb40\\udc01\\udbff\\udfff\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cssl__buf b = {0};
        cssl__pyrepr_str(&b, cases[i].in, cases[i].len);
        check_text(cssl__buf_finish(&b), cases[i].repr, cases[i].in);
        cssl__json_str(&b, cases[i].in, cases[i].len);
        check_text(cssl__buf_finish(&b), cases[i].json, cases[i].in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_render_bytes),
        cmocka_unit_test(test_json_none),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_reads_strings),
        cmocka_unit_test(test_json_repeated_key),
        cmocka_unit_test(test_json_refused),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_bad_hand_built),
        cmocka_unit_test(test_pyrepr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
