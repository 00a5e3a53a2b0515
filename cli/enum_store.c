/*
 * enum_store.c - `cssl enum-certificates STORE [--json]` and
 * `cssl enum-crls STORE [--json]`: ssl.enum_certificates() / ssl.enum_crls().
 *
 * Python returns a list of (bytes, encoding, trust) tuples for certificates
 * and (bytes, encoding) for CRLs.  JSON has no bytes, so --json writes the
 * DER bytes as standard base64 (RFC 4648, padded, no line breaks):
 *     [["MIIB...", "x509_asn", true], ...]       enum-certificates
 *     [["MIIB...", "x509_asn"], ...]             enum-crls
 * which is json.dumps([(base64.b64encode(b).decode(), *rest) for b, *rest
 * in result]).  Text output is one line per entry: the encoding, the trust
 * (certificates only, as Python prints it: True) and the SHA-256 of the DER
 * in hex, e.g. "x509_asn True 3f0a...".
 */
#include <stdint.h>
#include <string.h>

#include "enum_store.h"

/* ---- SHA-256, FIPS 180-4 section 6.2 ------------------------------------- */

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const unsigned char block[64])
{
    uint32_t w[64];
    for (size_t t = 0; t < 16; t++) {
        w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
               (uint32_t)block[4 * t + 2] << 8 | block[4 * t + 3];
    }
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t v[8];
    memcpy(v, h, sizeof(v));
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = v[7] + (rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)) +
                      ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[t] + w[t];
        uint32_t t2 = (rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)) +
                      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof(v[0]));
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) {
        h[i] += v[i];
    }
}

void cli_sha256_hex(const void *data, size_t len, char hex[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t full = len / 64 * 64;
    for (size_t i = 0; i < full; i += 64) {
        sha256_block(h, p + i);
    }
    /* The tail, 0x80, zeros, and the bit length in 64 bits big-endian. */
    unsigned char tail[128] = {0};
    size_t rest = len - full;
    if (rest > 0) {
        memcpy(tail, p + full, rest);
    }
    tail[rest] = 0x80;
    size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
    }
    for (size_t i = 0; i < tail_len; i += 64) {
        sha256_block(h, tail + i);
    }
    for (size_t i = 0; i < 8; i++) {
        snprintf(hex + 8 * i, 9, "%08x", (unsigned)h[i]);
    }
}

/* ---- output -------------------------------------------------------------- */

/* base64.b64encode(): RFC 4648 section 4, padded, one line. */
static void put_base64(FILE *out, const unsigned char *p, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < len; i += 3) {
        uint32_t n = (uint32_t)p[i] << 16;
        n |= i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0;
        n |= i + 2 < len ? p[i + 2] : 0;
        char quad[5] = {alphabet[n >> 18], alphabet[(n >> 12) & 63],
                        (char)(i + 1 < len ? alphabet[(n >> 6) & 63] : '='),
                        (char)(i + 2 < len ? alphabet[n & 63] : '='), '\0'};
        fputs(quad, out);
    }
}

static void print_json(const cssl_store_list *list, bool crls)
{
    fputc('[', stdout);
    for (size_t i = 0; i < list->count; i++) {
        const cssl_store_entry *e = &list->items[i];
        fputs(i ? ", [\"" : "[\"", stdout);
        put_base64(stdout, e->data, e->len);
        fputs("\", ", stdout);
        cli_json_str(stdout, e->encoding, strlen(e->encoding));
        if (!crls) {
            fputs(e->trust_all ? ", true" : ", false", stdout);
        }
        fputc(']', stdout);
    }
    fputs("]\n", stdout);
}

static void print_text(const cssl_store_list *list, bool crls)
{
    for (size_t i = 0; i < list->count; i++) {
        const cssl_store_entry *e = &list->items[i];
        char hex[65];
        cli_sha256_hex(e->data, e->len, hex);
        if (crls) {
            printf("%s %s\n", e->encoding, hex);
        } else {
            printf("%s %s %s\n", e->encoding, e->trust_all ? "True" : "False", hex);
        }
    }
}

static int help(const char *cmd, bool crls)
{
    printf("usage: cssl %s STORE [--json]\n\n"
           "ssl.%s(STORE).  STORE \"ROOT\" lists the %s of OpenSSL's default\n"
           "verify paths (see 'cssl default-verify-paths'): the CA file, then each file of\n"
           "the CA directory, each once; \"CA\" and \"MY\" are empty.\n\n"
           "Prints one line per entry: the encoding, %sthe SHA-256 of the DER.\n"
           "  --json   [[base64 of the DER, encoding%s], ...]\n",
           cmd, crls ? "enum_crls" : "enum_certificates", crls ? "CRLs" : "certificates",
           crls ? "" : "the trust (True: every purpose), ", crls ? "" : ", trust");
    return CLI_OK;
}

int cli_enum_store(int argc, char **argv, bool crls)
{
    const char *store = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            return help(argv[0], crls);
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
        } else if (store != NULL) {
            return cli_usage_error(argv[0], "unexpected argument '%s'", argv[i]);
        } else {
            store = argv[i];
        }
    }
    if (store == NULL) {
        return cli_usage_error(argv[0], "missing STORE (ROOT, CA or MY)");
    }
    cssl_store_list *list = crls ? cssl_enum_crls(store) : cssl_enum_certificates(store);
    if (list == NULL) {
        return cli_fail();
    }
    if (json) {
        print_json(list, crls);
    } else {
        print_text(list, crls);
    }
    cssl_store_list_free(list);
    return CLI_OK;
}
