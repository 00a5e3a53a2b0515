/*
 * cert_decode_ext.c - the extension keys of the getpeercert() dict:
 * subjectAltName (CPython's _get_peer_alt_names), OCSP and caIssuers
 * (_get_aia_uri) and crlDistributionPoints (_get_crl_dp), Modules/_ssl.c.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "cert_decode.h"

#define LIT(s) ((cssl_str){.data = (s), .len = sizeof(s) - 1})

/* ---- subjectAltName --------------------------------------------------------- */

/* Python 3.9+ renders addresses itself: dotted decimal for 4 bytes, eight
 * upper-case hex groups without zero compression for 16, "<invalid>" for
 * any other length. */
static cssl_err gn_ip(cssl__decoder *d, const ASN1_OCTET_STRING *ip, cssl_str *out)
{
    const unsigned char *p = ASN1_STRING_get0_data(ip);
    char buf[64];
    int len;
    switch (ASN1_STRING_length(ip)) {
    case 4:
        len = snprintf(buf, sizeof(buf), "%d.%d.%d.%d", p[0], p[1], p[2], p[3]);
        break;
    case 16:
        len = snprintf(buf, sizeof(buf), "%X:%X:%X:%X:%X:%X:%X:%X", p[0] << 8 | p[1],
                       p[2] << 8 | p[3], p[4] << 8 | p[5], p[6] << 8 | p[7], p[8] << 8 | p[9],
                       p[10] << 8 | p[11], p[12] << 8 | p[13], p[14] << 8 | p[15]);
        break;
    default:
        *out = LIT("<invalid>");
        return CSSL_OK;
    }
    return cssl__dec_str(d, out, buf, (size_t)len);
}

/* i2t_ASN1_OBJECT into CPython's 2048-byte buffer (size passed: 2047): the
 * name if OpenSSL knows the OID, else the dotted OID; "<INVALID>" when the
 * text would not fit. */
static cssl_err gn_rid(cssl__decoder *d, const ASN1_OBJECT *rid, cssl_str *out)
{
    char buf[CSSL__CERT_BUF];
    int len = i2t_ASN1_OBJECT(buf, CSSL__CERT_BUF - 1, rid);
    CSSL_GUARD_OSSL(len >= 0, CSSL_E_SSL);
    if (len >= CSSL__CERT_BUF) {
        *out = LIT("<INVALID>");
        return CSSL_OK;
    }
    return cssl__dec_str(d, out, buf, (size_t)len);
}

/* Everything else (otherName, x400Address, ediPartyName) goes through
 * GENERAL_NAME_print, split at the first ':' as CPython does: OpenSSL 3.0
 * prints "othername:UPN:user@example.com" for a UPN, so the pair is
 * ("othername", "UPN:user@example.com"); an otherName it does not know is
 * "othername:<unsupported>", x400Address "X400Name:<unsupported>". */
static cssl_err gn_printed(cssl__decoder *d, const GENERAL_NAME *gn, cssl_general_name *out)
{
    char buf[CSSL__CERT_BUF];
    (void)GENERAL_NAME_print(d->bio, (GENERAL_NAME *)gn);
    int len = cssl__dec_bio_line(d, buf);
    CSSL_GUARD(len);
    const char *colon = strchr(buf, ':');
    CSSL_ENSURE(colon != NULL, CSSL_E_VALUE, "Invalid value %.200s", buf);
    size_t type_len = (size_t)(colon - buf);
    CSSL_GUARD(cssl__dec_str(d, &out->type, buf, type_len));
    return cssl__dec_str(d, &out->value, colon + 1, (size_t)len - type_len - 1);
}

/* dNSName, rfc822Name and URI are taken raw with their ASN.1 length, NUL
 * bytes included: GENERAL_NAME_print would stop at a NUL (CVE-2013-4238). */
static cssl_err gn_ia5(cssl__decoder *d, cssl_str type, const ASN1_STRING *s,
                       cssl_general_name *out)
{
    out->type = type;
    return cssl__dec_str(d, &out->value, (const char *)ASN1_STRING_get0_data(s),
                         (size_t)ASN1_STRING_length(s));
}

static cssl_err decode_general_name(cssl__decoder *d, const GENERAL_NAME *gn,
                                    cssl_general_name *out)
{
    out->value = LIT("");
    switch (gn->type) {
    case GEN_DIRNAME:
        out->type = LIT("DirName");
        return cssl__dec_name(d, gn->d.directoryName, &out->dirname);
    case GEN_EMAIL:
        return gn_ia5(d, LIT("email"), gn->d.rfc822Name, out);
    case GEN_DNS:
        return gn_ia5(d, LIT("DNS"), gn->d.dNSName, out);
    case GEN_URI:
        return gn_ia5(d, LIT("URI"), gn->d.uniformResourceIdentifier, out);
    case GEN_RID:
        out->type = LIT("Registered ID");
        return gn_rid(d, gn->d.registeredID, &out->value);
    case GEN_IPADD:
        out->type = LIT("IP Address");
        return gn_ip(d, gn->d.iPAddress, &out->value);
    default:
        return gn_printed(d, gn, out);
    }
}

/* The key exists whenever the extension decodes, even with no names in it;
 * a certificate with two subjectAltName extensions has none (that is what
 * X509_get_ext_d2i answers). */
cssl_err cssl__dec_subject_alt_name(cssl__decoder *d, X509 *x, cssl_cert_info *info)
{
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    if (names == NULL) {
        return CSSL_OK;
    }
    size_t n = (size_t)sk_GENERAL_NAME_num(names);
    cssl_general_name *items = cssl__arena_alloc(d->arena, n * sizeof(*items));
    cssl_err rc = items != NULL ? CSSL_OK : CSSL_E_NOMEM; /* the arena raised MemoryError */
    for (size_t i = 0; rc == CSSL_OK && i < n; i++) {
        rc = decode_general_name(d, sk_GENERAL_NAME_value(names, (int)i), &items[i]);
    }
    GENERAL_NAMES_free(names);
    CSSL_GUARD(rc);
    info->subject_alt_name = (cssl_general_names){.items = items, .count = n};
    info->fields |= CSSL_CERT_SUBJECT_ALT_NAME;
    return CSSL_OK;
}

/* ---- lists of URIs ------------------------------------------------------------ */

/* Append one URI (raw IA5 bytes with their length) to a list that has room
 * for it. */
static cssl_err push_uri(cssl__decoder *d, cssl_str_list *list, cssl_str *slots,
                         const ASN1_IA5STRING *uri)
{
    CSSL_GUARD(cssl__dec_str(d, &slots[list->count], (const char *)ASN1_STRING_get0_data(uri),
                             (size_t)ASN1_STRING_length(uri)));
    list->items = slots;
    list->count++;
    return CSSL_OK;
}

/* _get_aia_uri(): the URI locations of the access descriptions whose method
 * is nid (OCSP or caIssuers); other location types are skipped.  No URI, no
 * key. */
static cssl_err aia_uris(cssl__decoder *d, const AUTHORITY_INFO_ACCESS *aia, int nid,
                         cssl_str_list *out, unsigned field, unsigned *fields)
{
    int n = sk_ACCESS_DESCRIPTION_num(aia);
    cssl_str *slots = cssl__arena_alloc(d->arena, (size_t)n * sizeof(*slots));
    CSSL_GUARD_PTR(slots);
    for (int i = 0; i < n; i++) {
        const ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
        if (OBJ_obj2nid(ad->method) == nid && ad->location->type == GEN_URI) {
            CSSL_GUARD(push_uri(d, out, slots, ad->location->d.uniformResourceIdentifier));
        }
    }
    if (out->count > 0) {
        *fields |= field;
    }
    return CSSL_OK;
}

cssl_err cssl__dec_aia(cssl__decoder *d, X509 *x, cssl_cert_info *info)
{
    AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
    if (aia == NULL) {
        return CSSL_OK;
    }
    cssl_err rc = aia_uris(d, aia, NID_ad_OCSP, &info->ocsp, CSSL_CERT_OCSP, &info->fields);
    if (rc == CSSL_OK) {
        rc = aia_uris(d, aia, NID_ad_ca_issuers, &info->ca_issuers, CSSL_CERT_CA_ISSUERS,
                      &info->fields);
    }
    AUTHORITY_INFO_ACCESS_free(aia);
    return rc;
}

/* ---- crlDistributionPoints ------------------------------------------------ */

/* How many names the full names of all distribution points hold: room
 * enough for their URIs. */
static size_t dp_name_count(const CRL_DIST_POINTS *dps)
{
    size_t total = 0;
    for (int i = 0; i < sk_DIST_POINT_num(dps); i++) {
        const DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
        if (dp->distpoint != NULL && dp->distpoint->type == 0) {
            total += (size_t)sk_GENERAL_NAME_num(dp->distpoint->name.fullname);
        }
    }
    return total;
}

/* _get_crl_dp(): the URI full names of every distribution point.  A point
 * without a distributionPoint is skipped (CVE-2019-5010), and so is one
 * named relative to the issuer (nameRelativeToCRLIssuer): CPython reads its
 * name as full names too but never finds a URI there. */
static cssl_err crl_uris(cssl__decoder *d, const CRL_DIST_POINTS *dps, cssl_str_list *out)
{
    cssl_str *slots = cssl__arena_alloc(d->arena, dp_name_count(dps) * sizeof(*slots));
    CSSL_GUARD_PTR(slots);
    for (int i = 0; i < sk_DIST_POINT_num(dps); i++) {
        const DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
        if (dp->distpoint == NULL || dp->distpoint->type != 0) {
            continue;
        }
        const GENERAL_NAMES *gns = dp->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(gns); j++) {
            const GENERAL_NAME *gn = sk_GENERAL_NAME_value(gns, j);
            if (gn->type == GEN_URI) {
                CSSL_GUARD(push_uri(d, out, slots, gn->d.uniformResourceIdentifier));
            }
        }
    }
    return CSSL_OK;
}

cssl_err cssl__dec_crl_dp(cssl__decoder *d, X509 *x, cssl_cert_info *info)
{
    CRL_DIST_POINTS *dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
    if (dps == NULL) {
        return CSSL_OK;
    }
    cssl_err rc = crl_uris(d, dps, &info->crl_distribution_points);
    CRL_DIST_POINTS_free(dps);
    CSSL_GUARD(rc);
    if (info->crl_distribution_points.count > 0) {
        info->fields |= CSSL_CERT_CRL_DISTRIBUTION_POINTS;
    }
    return CSSL_OK;
}
