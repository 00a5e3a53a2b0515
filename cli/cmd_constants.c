/*
 * cmd_constants.c - `cssl constants [COLLECTION] [--json]`.
 *
 * Without a collection: every module-level constant of Python's ssl (CERT_*,
 * VERIFY_*, PROTOCOL_*, OP_*, ALERT_DESCRIPTION_*, SSL_ERROR_*, HAS_*,
 * OPENSSL_VERSION*, CHANNEL_BINDING_TYPES), sorted by name as dir(ssl)
 * lists them.  With one: {name: value for name, member in
 * ssl.<COLLECTION>.__members__.items()}, Purpose members as their
 * _ASN1Object tuple.  Text output is "NAME = repr(value)" per line; --json
 * is json.dumps() of the same dict.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum kind { K_INT, K_BOOL, K_STR, K_INTS, K_STRS, K_ASN1 };

/* One constant: a name and a value of one of the kinds above. */
typedef struct item {
    const char *name;
    enum kind kind;
    int64_t num;                  /* K_INT, K_BOOL */
    const char *str;              /* K_STR */
    const int *ints;              /* K_INTS: 5 numbers (OPENSSL_VERSION_INFO) */
    const char *const *strs;      /* K_STRS: NULL-terminated */
    const cssl_asn1_object *asn1; /* K_ASN1 */
} item;

#define MAX_ITEMS 256

typedef struct item_list {
    item items[MAX_ITEMS];
    size_t count;
} item_list;

static void add(item_list *l, item it)
{
    if (l->count < MAX_ITEMS) {
        l->items[l->count++] = it;
    }
}

/* ---- rendering -------------------------------------------------------- */

/* repr() of an ASCII str, quotes chosen as Python chooses them. */
static void repr_str(FILE *out, const char *s)
{
    char q = (strchr(s, '\'') != NULL && strchr(s, '"') == NULL) ? '"' : '\'';
    fputc(q, out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)q) {
            fprintf(out, "\\%c", c);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            fputs(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t", out);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\x%02x", c);
        } else {
            fputc(c, out);
        }
    }
    fputc(q, out);
}

static void put_str(FILE *out, const char *s, bool json)
{
    if (json) {
        cli_json_str(out, s, strlen(s));
    } else {
        repr_str(out, s);
    }
}

/* A JSON array or a Python tuple / list of the item's parts. */
static void put_sequence(FILE *out, const item *it, bool json)
{
    bool tuple = !json && it->kind != K_STRS;
    fputc(tuple ? '(' : '[', out);
    if (it->kind == K_INTS) {
        for (int i = 0; i < 5; i++) {
            fprintf(out, "%s%d", i ? ", " : "", it->ints[i]);
        }
    } else if (it->kind == K_STRS) {
        for (size_t i = 0; it->strs[i] != NULL; i++) {
            fputs(i ? ", " : "", out);
            put_str(out, it->strs[i], json);
        }
    } else {
        const cssl_asn1_object *o = it->asn1;
        fprintf(out, "%d, ", o->nid);
        put_str(out, o->shortname, json);
        fputs(", ", out);
        put_str(out, o->longname, json);
        fputs(", ", out);
        put_str(out, o->oid, json);
    }
    fputc(tuple ? ')' : ']', out);
}

static void put_value(FILE *out, const item *it, bool json)
{
    switch (it->kind) {
    case K_INT:
        fprintf(out, "%" PRId64, it->num);
        break;
    case K_BOOL:
        fputs(it->num ? (json ? "true" : "True") : (json ? "false" : "False"), out);
        break;
    case K_STR:
        put_str(out, it->str, json);
        break;
    default:
        put_sequence(out, it, json);
        break;
    }
}

static void print_items(const item_list *l, bool json)
{
    if (json) {
        fputc('{', stdout);
    }
    for (size_t i = 0; i < l->count; i++) {
        const item *it = &l->items[i];
        if (json) {
            fputs(i ? ", " : "", stdout);
            cli_json_str(stdout, it->name, strlen(it->name));
            fputs(": ", stdout);
        } else {
            printf("%s = ", it->name);
        }
        put_value(stdout, it, json);
        if (!json) {
            fputc('\n', stdout);
        }
    }
    if (json) {
        fputs("}\n", stdout);
    }
}

/* ---- gathering -------------------------------------------------------- */

/* Add ssl.<collection>.__members__; false (error recorded) if unknown. */
static bool add_collection(item_list *l, const char *collection)
{
    size_t n = 0;
    const cssl_constant *c = cssl_constants(collection, &n);
    if (c == NULL) {
        return false;
    }
    bool purpose = strcmp(collection, "Purpose") == 0;
    for (size_t i = 0; i < n; i++) {
        item it = {.name = c[i].name, .kind = K_INT, .num = c[i].value};
        if (purpose) {
            it.kind = K_ASN1;
            it.asn1 = cssl_purpose_object((cssl_purpose)c[i].value);
            if (it.asn1 == NULL) {
                return false;
            }
        }
        add(l, it);
    }
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const item *)a)->name, ((const item *)b)->name);
}

/* The module-level names: the members of the enums Python re-exports at
 * module level (not TLSVersion or Purpose), the PROTOCOL_SSLv23 alias,
 * the HAS_* flags and the version constants. */
static bool add_module(item_list *l, int version_info[5])
{
    static const char *const exported[] = {"VerifyMode", "VerifyFlags",      "_SSLMethod",
                                           "Options",    "AlertDescription", "SSLErrorNumber"};
    for (size_t i = 0; i < sizeof(exported) / sizeof(exported[0]); i++) {
        if (!add_collection(l, exported[i])) {
            return false;
        }
    }
    add(l, (item){.name = "PROTOCOL_SSLv23", .kind = K_INT, .num = CSSL_PROTOCOL_SSLv23});
    for (int f = 0; f < CSSL_FEATURE_COUNT; f++) {
        add(l, (item){.name = cssl_feature_name((cssl_feature)f),
                      .kind = K_BOOL,
                      .num = cssl_has((cssl_feature)f)});
    }
    cssl_openssl_version_info(version_info);
    add(l, (item){.name = "OPENSSL_VERSION", .kind = K_STR, .str = cssl_openssl_version()});
    add(l, (item){.name = "OPENSSL_VERSION_INFO", .kind = K_INTS, .ints = version_info});
    add(l, (item){.name = "OPENSSL_VERSION_NUMBER",
                  .kind = K_INT,
                  .num = (int64_t)cssl_openssl_version_number()});
    add(l, (item){.name = "CHANNEL_BINDING_TYPES",
                  .kind = K_STRS,
                  .strs = cssl_channel_binding_types()});
    qsort(l->items, l->count, sizeof(l->items[0]), by_name);
    return true;
}

static void usage(void)
{
    printf("usage: cssl constants [COLLECTION] [--json]\n\n"
           "Without COLLECTION, print every module-level constant of Python's ssl module\n"
           "(CERT_*, VERIFY_*, PROTOCOL_*, OP_*, ALERT_DESCRIPTION_*, SSL_ERROR_*, HAS_*,\n"
           "OPENSSL_VERSION*, CHANNEL_BINDING_TYPES).  With COLLECTION, print the members\n"
           "of ssl.COLLECTION, one of:");
    for (const char *const *c = cssl_constant_collections(); *c != NULL; c++) {
        printf(" %s", *c);
    }
    printf(".\n\nOutput is one 'NAME = value' line each, or with --json the dict as\n"
           "json.dumps() writes it.\n");
}

int cmd_constants(int argc, char **argv)
{
    const char *collection = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            usage();
            return CLI_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-' || collection != NULL) {
            return cli_usage_error("constants", "unexpected argument '%s'", argv[i]);
        } else {
            collection = argv[i];
        }
    }
    static item_list list; /* static: large, and the command runs once */
    int version_info[5];
    bool ok = collection ? add_collection(&list, collection) : add_module(&list, version_info);
    if (!ok) {
        return cli_fail();
    }
    print_items(&list, json);
    return CLI_OK;
}
