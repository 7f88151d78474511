// SPDX-License-Identifier: GPL-2.0-only
/*
 * Digest authentication as a client (RFC 3261 22, RFC 2617, RFC 7616,
 * RFC 8760): parse a WWW-/Proxy-Authenticate challenge, answer it with
 * MD5 or SHA-256, qop=auth and a nonce count. Passwords never leave this
 * file except hashed, and are never logged.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sip_auth.h"
#include "sip_build.h"

static int hash_hex(enum sip_digest_alg alg, const char *in, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (!EVP_Digest(in, len, md, &n, alg == SIP_DIGEST_SHA256 ? EVP_sha256() : EVP_md5(), NULL))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
	return 0;
}

/* H(a:b:c...) of the NUL-terminated parts */
static int hash_parts(enum sip_digest_alg alg, char *out, const char *const *parts, int n)
{
	char buf[1024];
	size_t len = 0;
	int i;

	for (i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);

		if (len + l + 1 >= sizeof(buf))
			return -ENOSPC;
		if (i)
			buf[len++] = ':';
		memcpy(buf + len, parts[i], l);
		len += l;
	}
	i = hash_hex(alg, buf, len, out);
	memset(buf, 0, sizeof(buf)); /* it held the password */
	return i;
}

int sip_digest_response(char out[SIP_DIGEST_HEX], enum sip_digest_alg alg, const char *user,
			const char *realm, const char *password, const char *method,
			const char *uri, const char *nonce, const char *qop, const char *nc,
			const char *cnonce)
{
	char ha1[SIP_DIGEST_HEX], ha2[SIP_DIGEST_HEX];
	const char *p1[] = {user, realm, password};
	const char *p2[] = {method, uri};
	int err;

	err = hash_parts(alg, ha1, p1, 3);
	if (!err)
		err = hash_parts(alg, ha2, p2, 2);
	if (err)
		return err;
	if (qop && *qop) {
		const char *p[] = {ha1, nonce, nc, cnonce, qop, ha2};

		err = hash_parts(alg, out, p, 6);
	} else {
		const char *p[] = {ha1, nonce, ha2};

		err = hash_parts(alg, out, p, 3);
	}
	memset(ha1, 0, sizeof(ha1));
	return err;
}

/* copy a token or quoted-string value (quotes removed, escapes resolved) */
static int param_copy(const struct pl *v, char *buf, size_t size)
{
	if (v->l && v->p[0] == '"')
		return sip_qstr_unescape(v, buf, size);
	return pl_strcpy(v, buf, size);
}

/*
 * challenge: the header value, "Digest realm=..., nonce=...". Its auth-params
 * are comma-separated; turned into ";name=value" for sip_param_get.
 */
int sip_digest_parse(struct sip_digest_chal *ch, const struct pl *challenge)
{
	char params[1024];
	size_t i, n = 0;
	bool quoted = false;
	struct pl p = pl_trim(*challenge), v;

	memset(ch, 0, sizeof(*ch));
	if (p.l < 7 || strncasecmp(p.p, "Digest", 6) || (p.p[6] != ' ' && p.p[6] != '\t'))
		return -ENOTSUP;
	params[n++] = ';';
	for (i = 7; i < p.l && n < sizeof(params) - 2; i++) {
		char c = p.p[i];

		if (c == '"' && (i == 0 || p.p[i - 1] != '\\'))
			quoted = !quoted;
		if (!quoted && c == ',')
			c = ';';
		if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
			continue;
		params[n++] = c;
	}
	if (i < p.l)
		return -ENOSPC;
	v = pl_make(params, n);
	{
		struct pl val;

		if (sip_param_get(v, "realm", &val) ||
		    param_copy(&val, ch->realm, sizeof(ch->realm)))
			return -EBADMSG;
		if (sip_param_get(v, "nonce", &val) ||
		    param_copy(&val, ch->nonce, sizeof(ch->nonce)))
			return -EBADMSG;
		if (!sip_param_get(v, "opaque", &val) &&
		    param_copy(&val, ch->opaque, sizeof(ch->opaque)))
			return -EBADMSG;
		ch->alg = SIP_DIGEST_MD5;
		if (!sip_param_get(v, "algorithm", &val)) {
			char alg[32];

			if (param_copy(&val, alg, sizeof(alg)))
				return -EBADMSG;
			if (!strcasecmp(alg, "SHA-256"))
				ch->alg = SIP_DIGEST_SHA256;
			else if (strcasecmp(alg, "MD5"))
				return -ENOTSUP; /* -sess variants, SHA-512-256 */
		}
		if (!sip_param_get(v, "qop", &val)) {
			char qop[64], *t, *save = NULL;

			if (param_copy(&val, qop, sizeof(qop)))
				return -EBADMSG;
			for (t = strtok_r(qop, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
				if (!strcasecmp(t, "auth"))
					ch->qop_auth = true;
			if (!ch->qop_auth)
				return -ENOTSUP; /* auth-int only */
		}
		if (!sip_param_get(v, "stale", &val))
			ch->stale = (val.l == 4 && !strncasecmp(val.p, "true", 4)) ||
				    (val.l == 6 && !strncasecmp(val.p, "\"true\"", 6));
	}
	return 0;
}

int sip_digest_header(struct sip_buf *b, bool proxy, const struct sip_digest_chal *ch,
		      const struct sip_cred *cred, const char *method, const char *uri, uint32_t nc,
		      const char *cnonce)
{
	char resp[SIP_DIGEST_HEX], ncs[9];
	int err;

	snprintf(ncs, sizeof(ncs), "%08x", nc);
	err = sip_digest_response(resp, ch->alg, cred->username, ch->realm, cred->password, method,
				  uri, ch->nonce, ch->qop_auth ? "auth" : NULL, ncs, cnonce);
	if (err)
		return err;
	sip_buf_printf(b,
		       "%s: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
		       "response=\"%s\", algorithm=%s",
		       proxy ? "Proxy-Authorization" : "Authorization", cred->username, ch->realm,
		       ch->nonce, uri, resp, ch->alg == SIP_DIGEST_SHA256 ? "SHA-256" : "MD5");
	if (ch->qop_auth)
		sip_buf_printf(b, ", qop=auth, nc=%s, cnonce=\"%s\"", ncs, cnonce);
	if (ch->opaque[0])
		sip_buf_printf(b, ", opaque=\"%s\"", ch->opaque);
	sip_buf_puts(b, "\r\n");
	return b->err;
}

/*
 * The challenge to answer among the message's WWW-/Proxy-Authenticate
 * headers: SHA-256 before MD5 (RFC 8760 2.4), only for cred->realm when
 * one is configured.
 */
int sip_digest_pick(struct sip_digest_chal *ch, bool *proxy, const struct sip_msg *m,
		    const struct sip_cred *cred)
{
	enum sip_hdr_id ids[] = {SIP_HDR_WWW_AUTHENTICATE, SIP_HDR_PROXY_AUTHENTICATE};
	struct sip_digest_chal c;
	bool found = false;
	unsigned k, i;

	for (k = 0; k < 2; k++) {
		const struct sip_hdr *h;

		for (i = 0; (h = sip_msg_hdr(m, ids[k], i)); i++) {
			if (sip_digest_parse(&c, &h->val))
				continue;
			if (cred->realm[0] && strcmp(cred->realm, c.realm))
				continue;
			if (!found ||
			    (c.alg == SIP_DIGEST_SHA256 && ch->alg != SIP_DIGEST_SHA256)) {
				*ch = c;
				*proxy = k == 1;
				found = true;
			}
		}
	}
	return found ? 0 : -ENOENT;
}
