/* ssl.match_hostname(): hand-built certificate dicts against the rules and
 * messages of Python 3.11's Lib/ssl.py.  The expected outcomes were taken
 * from python3.11 for the same dicts (tests/difftest/test_match_hostname.py
 * checks many more through the CLI). */
#include "testlib.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A literal with its length, so that names may hold NUL bytes. */
#define S(lit)                                                                                     \
    {                                                                                              \
        .data = (lit), .len = sizeof(lit) - 1                                                      \
    }
#define SAN(kind, lit)                                                                             \
    {                                                                                              \
        .type = S(kind), .value = S(lit)                                                           \
    }
#define DNS(lit) SAN("DNS", lit)
#define IP(lit) SAN("IP Address", lit)
#define EMAIL(lit) SAN("email", lit)
#define URI(lit) SAN("URI", lit)
#define DIRNAME(lit) SAN("DirName", lit)
#define MAX_NAMES 4

typedef struct hostname_case {
    const char *name;
    const char *hostname;
    bool empty_san;                   /* 'subjectAltName': () */
    cssl_general_name san[MAX_NAMES]; /* 'subjectAltName' when san[0] is set */
    cssl_str cn[MAX_NAMES];           /* one commonName RDN each in 'subject' */
    cssl_err want;
    const char *message; /* str(exception) in Python */
} hostname_case;

static const hostname_case cases[] = {
    {.name = "exact", .hostname = "example.com", .san = {DNS("example.com")}, .want = CSSL_OK},
    {.name = "case_insensitive",
     .hostname = "example.COM",
     .san = {DNS("EXAMPLE.com")},
     .want = CSSL_OK},
    {.name = "mismatch_one",
     .hostname = "example.org",
     .san = {DNS("example.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'example.org' doesn't match 'example.com'\",)"},
    {.name = "mismatch_many",
     .hostname = "example.org",
     .san = {DNS("example.com"), DNS("*.example.net"), IP("10.0.0.1")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'example.org' doesn't match either of 'example.com', '*.example.net', "
                "'10.0.0.1'\",)"},
    {.name = "wildcard", .hostname = "www.a.com", .san = {DNS("*.a.com")}, .want = CSSL_OK},
    {.name = "wildcard_case", .hostname = "WWW.A.COM", .san = {DNS("*.a.com")}, .want = CSSL_OK},
    {.name = "wildcard_bare_domain",
     .hostname = "a.com",
     .san = {DNS("*.a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'a.com' doesn't match '*.a.com'\",)"},
    {.name = "wildcard_two_labels",
     .hostname = "x.y.a.com",
     .san = {DNS("*.a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'x.y.a.com' doesn't match '*.a.com'\",)"},
    {.name = "wildcard_empty_label",
     .hostname = ".a.com",
     .san = {DNS("*.a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '.a.com' doesn't match '*.a.com'\",)"},
    {.name = "wildcard_partial",
     .hostname = "foo.a.com",
     .san = {DNS("f*.a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"partial wildcards in leftmost label are not supported: 'f*.a.com'.\",)"},
    {.name = "wildcard_too_many",
     .hostname = "x.y.a.com",
     .san = {DNS("*.*.a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"too many wildcards in certificate DNS name: '*.*.a.com'.\",)"},
    {.name = "wildcard_not_leftmost",
     .hostname = "a.b.com",
     .san = {DNS("a.*.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"wildcard can only be present in the leftmost label: 'a.*.com'.\",)"},
    {.name = "wildcard_sole",
     .hostname = "a",
     .san = {DNS("*")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"sole wildcard without additional labels are not support: '*'.\",)"},
    {.name = "wildcard_error_after_miss",
     .hostname = "b.com",
     .san = {DNS("a.com"), DNS("x*")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"sole wildcard without additional labels are not support: 'x*'.\",)"},
    {.name = "wildcard_ignored_for_ip",
     .hostname = "10.0.0.1",
     .san = {DNS("*.*.bad")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '10.0.0.1' doesn't match '*.*.bad'\",)"},
    {.name = "empty_dns_name",
     .hostname = "a.com",
     .san = {DNS("")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'a.com' doesn't match ''\",)"},
    {.name = "nul_dns",
     .hostname = "www.python.org",
     .san = {DNS("www.python.org\000example.org")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message =
         "(\"hostname 'www.python.org' doesn't match 'www.python.org\\\\x00example.org'\",)"},
    {.name = "nul_cn",
     .hostname = "www.python.org",
     .cn = {S("www.python.org\000example.org")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message =
         "(\"hostname 'www.python.org' doesn't match 'www.python.org\\\\x00example.org'\",)"},
    {.name = "nul_wildcard",
     .hostname = "x.python.org",
     .san = {DNS("*.python.org\000.example.org")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'x.python.org' doesn't match '*.python.org\\\\x00.example.org'\",)"},
    {.name = "cn_fallback", .hostname = "example.com", .cn = {S("example.com")}, .want = CSSL_OK},
    {.name = "cn_multiple", .hostname = "b.com", .cn = {S("a.com"), S("b.com")}, .want = CSSL_OK},
    {.name = "cn_multiple_miss",
     .hostname = "c.com",
     .cn = {S("a.com"), S("b.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'c.com' doesn't match either of 'a.com', 'b.com'\",)"},
    {.name = "cn_ignored_with_dns",
     .hostname = "cn.com",
     .san = {DNS("dns.com")},
     .cn = {S("cn.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'cn.com' doesn't match 'dns.com'\",)"},
    {.name = "cn_ignored_with_ip",
     .hostname = "cn.com",
     .san = {IP("10.0.0.1")},
     .cn = {S("cn.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'cn.com' doesn't match '10.0.0.1'\",)"},
    {.name = "cn_used_with_email",
     .hostname = "cn.com",
     .san = {EMAIL("cn.com"), URI("https://cn.com/")},
     .cn = {S("cn.com")},
     .want = CSSL_OK},
    {.name = "cn_for_ip_host",
     .hostname = "10.0.0.1",
     .san = {EMAIL("x@y")},
     .cn = {S("10.0.0.1")},
     .want = CSSL_OK},
    {.name = "no_names",
     .hostname = "a.com",
     .san = {EMAIL("a@a.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "('no appropriate commonName or subjectAltName fields were found',)"},
    {.name = "ipv4",
     .hostname = "127.0.0.1",
     .san = {DNS("localhost"), IP("127.0.0.1")},
     .want = CSSL_OK},
    {.name = "ipv4_vs_dns",
     .hostname = "127.0.0.1",
     .san = {DNS("127.0.0.1")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '127.0.0.1' doesn't match '127.0.0.1'\",)"},
    {.name = "ipv4_short_host",
     .hostname = "127.1",
     .san = {IP("127.0.0.1")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '127.1' doesn't match '127.0.0.1'\",)"},
    {.name = "ipv4_short_host_dns", .hostname = "127.1", .san = {DNS("127.1")}, .want = CSSL_OK},
    {.name = "ipv4_trailing_newline",
     .hostname = "10.1.2.3",
     .san = {IP("10.1.2.3\n")},
     .want = CSSL_OK},
    {.name = "ipv4_unicode_space",
     .hostname = "10.1.2.3",
     .san = {IP("10.1.2.3\u2003\u3000")},
     .want = CSSL_OK},
    {.name = "ipv4_bad_san",
     .hostname = "10.1.2.3",
     .san = {IP("10.1.2")},
     .want = CSSL_E_VALUE,
     .message = "'10.1.2' is not a quad-dotted IPv4 address."},
    {.name = "ipv4_junk_san",
     .hostname = "10.1.2.3",
     .san = {IP("10.1.2.3 junk")},
     .want = CSSL_E_VALUE,
     .message = "'10.1.2.3 junk' is not a quad-dotted IPv4 address."},
    {.name = "ip_bogus_san",
     .hostname = "10.1.2.3",
     .san = {IP("bogus")},
     .want = CSSL_E_VALUE,
     .message = "'bogus' is neither an IPv4 nor an IP6 address."},
    {.name = "ip_nul_san",
     .hostname = "10.1.2.3",
     .san = {IP("10.1.2.3\000")},
     .want = CSSL_E_VALUE,
     .message = "embedded null character"},
    {.name = "ip_bad_san_ignored_for_dns",
     .hostname = "a.com",
     .san = {IP("bogus")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname 'a.com' doesn't match 'bogus'\",)"},
    {.name = "ipv6", .hostname = "::1", .san = {IP("0:0:0:0:0:0:0:1\n")}, .want = CSSL_OK},
    {.name = "ipv6_upper",
     .hostname = "2001:DB8::1",
     .san = {IP("2001:db8:0:0:0:0:0:1")},
     .want = CSSL_OK},
    {.name = "ipv6_mapped_vs_v4",
     .hostname = "::ffff:10.0.0.1",
     .san = {IP("10.0.0.1")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '::ffff:10.0.0.1' doesn't match '10.0.0.1'\",)"},
    {.name = "unicode_lower",
     .hostname = "\u00e9xample.com",
     .san = {DNS("\u00c9XAMPLE.com")},
     .want = CSSL_OK},
    {.name = "unicode_miss",
     .hostname = "\u00e9xample.com",
     .san = {DNS("example.com")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '\u00e9xample.com' doesn't match 'example.com'\",)"},
    {.name = "dotted_i", .hostname = "i\u0307.com", .san = {DNS("\u0130.com")}, .want = CSSL_OK},
    {.name = "final_sigma",
     .hostname = "\u03b1\u03c2",
     .san = {DNS("\u0391\u03a3")},
     .want = CSSL_OK},
    {.name = "final_sigma_miss",
     .hostname = "\u03b1\u03c3",
     .san = {DNS("\u0391\u03a3")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "(\"hostname '\u03b1\u03c3' doesn't match '\u0391\u03a3'\",)"},
    {.name = "sigma_before_dot",
     .hostname = "\u03b1\u03c3.b",
     .san = {DNS("\u0391\u03a3.b")},
     .want = CSSL_OK},
    {.name = "sigma_before_hyphen",
     .hostname = "\u03b1\u03c2-b",
     .san = {DNS("\u0391\u03a3-B")},
     .want = CSSL_OK},
    {.name = "sigma_wildcard_rest",
     .hostname = "x.\u03c3a",
     .san = {DNS("*.\u03a3A")},
     .want = CSSL_OK},
    {.name = "sigma_combining",
     .hostname = "\u03b1\u0301\u03c2",
     .san = {DNS("\u0391\u0301\u03a3")},
     .want = CSSL_OK},
    {.name = "san_empty_uses_cn",
     .hostname = "a.com",
     .empty_san = true,
     .cn = {S("a.com")},
     .want = CSSL_OK},
    {.name = "dirname_ignored",
     .hostname = "a.com",
     .san = {DIRNAME("")},
     .cn = {S("a.com")},
     .want = CSSL_OK},
    {.name = "quote_in_name",
     .hostname = "a.com",
     .san = {DNS("it's")},
     .want = CSSL_E_CERT_VERIFICATION,
     .message = "('hostname \\'a.com\\' doesn\\'t match \"it\\'s\"',)"},
};

static size_t count_san(const hostname_case *c)
{
    size_t n = 0;
    while (n < MAX_NAMES && c->san[n].type.data != NULL) {
        n++;
    }
    return n;
}

static size_t count_cn(const hostname_case *c)
{
    size_t n = 0;
    while (n < MAX_NAMES && c->cn[n].data != NULL) {
        n++;
    }
    return n;
}

/* The dict of a case: subject first, as getpeercert() orders it. */
static void build(const hostname_case *c, cssl_cert_info *cert, cssl_name_attr attrs[MAX_NAMES],
                  cssl_rdn rdns[MAX_NAMES])
{
    size_t ncn = count_cn(c), nsan = count_san(c);
    *cert = (cssl_cert_info){0};
    for (size_t i = 0; i < ncn; i++) {
        attrs[i] = (cssl_name_attr){.name = S("commonName"), .value = c->cn[i]};
        rdns[i] = (cssl_rdn){.attrs = &attrs[i], .count = 1};
    }
    if (ncn > 0) {
        cert->fields |= CSSL_CERT_SUBJECT;
        cert->subject = (cssl_name){.rdns = rdns, .count = ncn};
    }
    if (nsan > 0 || c->empty_san) {
        cert->fields |= CSSL_CERT_SUBJECT_ALT_NAME;
        cert->subject_alt_name = (cssl_general_names){.items = c->san, .count = nsan};
    }
}

static void test_cases(void **state)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const hostname_case *c = &cases[i];
        cssl_cert_info cert;
        cssl_name_attr attrs[MAX_NAMES];
        cssl_rdn rdns[MAX_NAMES];
        build(c, &cert, attrs, rdns);
        print_message("case %s\n", c->name);
        cssl_err rc = cssl_match_hostname(&cert, c->hostname);
        if (c->want == CSSL_OK) {
            assert_int_equal(rc, CSSL_OK);
            assert_int_equal(cssl_last_error()->code, CSSL_OK);
            assert_string_equal(cssl_last_error()->message, "");
        } else {
            expect_error(rc, c->want, c->message);
        }
    }
}

#define EMPTY_CERT                                                                                 \
    "empty or no certificate, match_hostname needs a SSL socket or SSL context with either "       \
    "CERT_OPTIONAL or CERT_REQUIRED"

/* `if not cert`: an empty dict or None; any key makes the dict true. */
static void test_empty_cert(void **state)
{
    cssl_cert_info empty = {0};
    expect_error(cssl_match_hostname(&empty, "a.com"), CSSL_E_VALUE, EMPTY_CERT);
    expect_error(cssl_match_hostname(NULL, "a.com"), CSSL_E_VALUE, EMPTY_CERT);
    expect_error(cssl_match_hostname(&empty, NULL), CSSL_E_VALUE, EMPTY_CERT);

    cssl_cert_info version_only = {.fields = CSSL_CERT_VERSION, .version = 3};
    expect_error(cssl_match_hostname(&version_only, "a.com"), CSSL_E_CERT_VERIFICATION,
                 "('no appropriate commonName or subjectAltName fields were found',)");
    cssl_cert_info subject_only = {.fields = CSSL_CERT_SUBJECT};
    expect_error(cssl_match_hostname(&subject_only, "10.0.0.1"), CSSL_E_CERT_VERIFICATION,
                 "('no appropriate commonName or subjectAltName fields were found',)");
    expect_error(cssl_match_hostname(&subject_only, NULL), CSSL_E_VALUE,
                 "hostname must not be NULL");
}

/* A multi-valued RDN: every commonName in it counts, in order; other
 * attributes (even with a host name as value) do not. */
static void test_multivalued_rdn(void **state)
{
    static const cssl_name_attr attrs[] = {
        {.name = S("organizationName"), .value = S("b.com")},
        {.name = S("commonName"), .value = S("a.com")},
        {.name = S("commonName"), .value = S("*.c.com")},
    };
    const cssl_rdn rdn = {.attrs = attrs, .count = 3};
    const cssl_cert_info cert = {.fields = CSSL_CERT_SUBJECT,
                                 .subject = {.rdns = &rdn, .count = 1}};
    assert_int_equal(cssl_match_hostname(&cert, "x.c.com"), CSSL_OK);
    expect_error(cssl_match_hostname(&cert, "b.com"), CSSL_E_CERT_VERIFICATION,
                 "(\"hostname 'b.com' doesn't match either of 'a.com', '*.c.com'\",)");
}

/* BIT STRING commonNames are bytes (None when empty) in Python 3.11:
 * _dnsname_match() skips None and b'' (`not dn`) and fails on other bytes
 * (dn.count('*') with a str), so the first non-empty one raises TypeError. */
static void test_bytes_common_name(void **state)
{
    static const cssl_name_attr empty[] = {
        {.name = S("commonName"), .value = S(""), .value_is_none = true},
        {.name = S("commonName"), .value = S(""), .value_is_bytes = true},
        {.name = S("commonName"), .value = S("a'b"), .value_is_bytes = false},
    };
    const cssl_rdn rdn = {.attrs = empty, .count = 3};
    const cssl_cert_info cert = {.fields = CSSL_CERT_SUBJECT,
                                 .subject = {.rdns = &rdn, .count = 1}};
    expect_error(cssl_match_hostname(&cert, "x.com"), CSSL_E_CERT_VERIFICATION,
                 "('hostname \\'x.com\\' doesn\\'t match either of None, b\\'\\', "
                 "\"a\\'b\"',)");
    static const cssl_name_attr bytes[] = {
        {.name = S("commonName"), .value = S("x.com"), .value_is_bytes = true},
    };
    const cssl_rdn bytes_rdn = {.attrs = bytes, .count = 1};
    const cssl_cert_info bytes_cert = {.fields = CSSL_CERT_SUBJECT,
                                       .subject = {.rdns = &bytes_rdn, .count = 1}};
    expect_error(cssl_match_hostname(&bytes_cert, "x.com"), CSSL_E_TYPE,
                 "argument should be integer or bytes-like object, not 'str'");
    expect_error(cssl_match_hostname(&bytes_cert, "10.0.0.1"), CSSL_E_TYPE,
                 "argument should be integer or bytes-like object, not 'str'");
}

/* The previous call's error never leaks into a successful one, including
 * the ValueError of a host name that is no IP address. */
static void test_error_cleared(void **state)
{
    static const cssl_general_name san[] = {DNS("a.com")};
    const cssl_cert_info cert = {.fields = CSSL_CERT_SUBJECT_ALT_NAME,
                                 .subject_alt_name = {.items = san, .count = 1}};
    expect_error(cssl_match_hostname(&cert, "b.com"), CSSL_E_CERT_VERIFICATION, NULL);
    assert_int_equal(cssl_match_hostname(&cert, "A.COM"), CSSL_OK);
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    assert_string_equal(cssl_last_error()->message, "");
}

/* A long list of names is reported in full order (the error buffer keeps
 * the start of the message). */
static void test_many_names(void **state)
{
    cssl_general_name san[20];
    char text[20][8];
    for (int i = 0; i < 20; i++) {
        int n = snprintf(text[i], sizeof(text[i]), "h%d.com", i);
        san[i] =
            (cssl_general_name){.type = S("DNS"), .value = {.data = text[i], .len = (size_t)n}};
    }
    const cssl_cert_info cert = {.fields = CSSL_CERT_SUBJECT_ALT_NAME,
                                 .subject_alt_name = {.items = san, .count = 20}};
    assert_int_equal(cssl_match_hostname(&cert, "H19.com"), CSSL_OK);
    expect_error(cssl_match_hostname(&cert, "h20.com"), CSSL_E_CERT_VERIFICATION, NULL);
    const char *msg = cssl_last_error()->message;
    assert_non_null(strstr(msg, "doesn't match either of 'h0.com', 'h1.com', "));
    assert_non_null(strstr(msg, "'h18.com', 'h19.com'\",)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),           cmocka_unit_test(test_empty_cert),
        cmocka_unit_test(test_multivalued_rdn), cmocka_unit_test(test_error_cleared),
        cmocka_unit_test(test_many_names),      cmocka_unit_test(test_bytes_common_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
