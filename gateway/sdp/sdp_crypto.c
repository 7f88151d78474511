// SPDX-License-Identifier: GPL-2.0-only
/* RFC 4568 SDES: a=crypto suites and inline keys, and fresh keys from OpenSSL's RNG. */
#include <errno.h>
#include <openssl/rand.h>
#include <string.h>

#include "sdp.h"

static const struct {
	const char *name;
	size_t key_len; /* master key + master salt */
} suites[SDP_SRTP_NSUITES + 1] = {
	[SDP_SRTP_NONE] = {"", 0},
	[SDP_SRTP_AES_CM_128_HMAC_SHA1_80] = {"AES_CM_128_HMAC_SHA1_80", 16 + 14},
	[SDP_SRTP_AES_CM_128_HMAC_SHA1_32] = {"AES_CM_128_HMAC_SHA1_32", 16 + 14},
	[SDP_SRTP_AEAD_AES_128_GCM] = {"AEAD_AES_128_GCM", 16 + 12},
	[SDP_SRTP_AEAD_AES_256_GCM] = {"AEAD_AES_256_GCM", 32 + 12},
};

int sdp_srtp_suite_parse(const struct pl *name)
{
	int i;

	for (i = 1; i <= SDP_SRTP_NSUITES; i++)
		if (pl_eq_str(name, suites[i].name))
			return i;
	return -ENOTSUP;
}

const char *sdp_srtp_suite_name(enum sdp_srtp_suite suite)
{
	return (unsigned)suite <= SDP_SRTP_NSUITES ? suites[suite].name : "";
}

size_t sdp_srtp_key_len(enum sdp_srtp_suite suite)
{
	return (unsigned)suite <= SDP_SRTP_NSUITES ? suites[suite].key_len : 0;
}

const char *sdp_srtp_policy_name(enum sdp_srtp_policy policy)
{
	switch (policy) {
	case SDP_SRTP_OPTIONAL:
		return "optional";
	case SDP_SRTP_MANDATORY:
		return "mandatory";
	default:
		return "off";
	}
}

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* RFC 4648 base64 with padding; the decoded length must be exactly `want` */
static int b64_decode(const char *s, size_t n, uint8_t *out, size_t want)
{
	size_t i, o = 0, pad = 0;
	uint32_t acc = 0;

	if (n % 4)
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		int v;

		if (s[i] == '=' && i >= n - 2) {
			pad++;
			v = 0;
		} else {
			v = pad ? -1 : b64_val(s[i]);
			if (v < 0)
				return -EBADMSG;
		}
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3) {
			uint8_t b[3] = {(uint8_t)(acc >> 16), (uint8_t)(acc >> 8), (uint8_t)acc};
			size_t k, take = i == n - 1 ? 3 - pad : 3;

			for (k = 0; k < take; k++) {
				if (o == want)
					return -EBADMSG;
				out[o++] = b[k];
			}
			acc = 0;
		}
	}
	return o == want ? 0 : -EBADMSG;
}

int sdp_crypto_key(const struct sdp_crypto *c, struct sdp_srtp_key *out)
{
	struct pl kp = c->key_params, life;
	const char *bar;
	int suite;

	memset(out, 0, sizeof(*out));
	suite = sdp_srtp_suite_parse(&c->suite);
	if (suite < 0)
		return -ENOTSUP;
	if (pl_isset(&c->session_params) || pl_chr(&kp, ';'))
		return -ENOTSUP; /* session parameters, several keys */
	if (kp.l < 7 || strncmp(kp.p, "inline:", 7))
		return -EBADMSG;
	kp.p += 7;
	kp.l -= 7;
	bar = pl_chr(&kp, '|');
	if (bar) {
		/* a lifetime is fine (we rekey long before 2^31 packets); an MKI is not */
		life = pl_make(bar + 1, kp.l - (size_t)(bar + 1 - kp.p));
		if (pl_chr(&life, '|') || pl_chr(&life, ':'))
			return -ENOTSUP;
		kp.l = (size_t)(bar - kp.p);
	}
	out->suite = (enum sdp_srtp_suite)suite;
	out->tag = c->tag;
	out->len = sdp_srtp_key_len(out->suite);
	if (b64_decode(kp.p, kp.l, out->key, out->len)) {
		memset(out, 0, sizeof(*out));
		return -EBADMSG;
	}
	return 0;
}

int sdp_srtp_key_inline(const struct sdp_srtp_key *k, char *buf, size_t size)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	if (k->len > SDP_SRTP_KEY_MAX || size < (k->len + 2) / 3 * 4 + 1)
		return -ENOSPC;
	for (i = 0; i < k->len; i += 3) {
		uint32_t v = (uint32_t)k->key[i] << 16;
		size_t left = k->len - i;

		if (left > 1)
			v |= (uint32_t)k->key[i + 1] << 8;
		if (left > 2)
			v |= k->key[i + 2];
		buf[o++] = b64[v >> 18 & 63];
		buf[o++] = b64[v >> 12 & 63];
		buf[o++] = left > 1 ? b64[v >> 6 & 63] : '=';
		buf[o++] = left > 2 ? b64[v & 63] : '=';
	}
	buf[o] = '\0';
	return (int)o;
}

int sdp_srtp_key_new(struct sdp_srtp_key *k, enum sdp_srtp_suite suite, uint32_t tag)
{
	memset(k, 0, sizeof(*k));
	if (suite == SDP_SRTP_NONE || (unsigned)suite > SDP_SRTP_NSUITES)
		return -EINVAL;
	k->suite = suite;
	k->tag = tag;
	k->len = sdp_srtp_key_len(suite);
	return RAND_bytes(k->key, (int)k->len) == 1 ? 0 : -EIO;
}
