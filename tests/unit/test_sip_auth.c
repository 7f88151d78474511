// SPDX-License-Identifier: GPL-2.0-only
/* Digest client: the RFC examples as rows, challenge parsing and choice. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip/sip_auth.h"

struct vec {
	const char *name;
	enum sip_digest_alg alg;
	const char *user, *realm, *pass, *method, *uri, *nonce, *qop, *nc, *cnonce, *want;
};

static const struct vec vecs[] = {
	{"RFC 2617 3.5 MD5 qop=auth", SIP_DIGEST_MD5, "Mufasa", "testrealm@host.com",
	 "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth",
	 "00000001", "0a4f113b", "6629fae49393a05397450978507c4ef1"},
	{"RFC 7616 3.9.1 MD5", SIP_DIGEST_MD5, "Mufasa", "http-auth@example.org", "Circle of Life",
	 "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth",
	 "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	 "8ca523f5e9506fed4657c9700eebdbec"},
	{"RFC 7616 3.9.1 SHA-256", SIP_DIGEST_SHA256, "Mufasa", "http-auth@example.org",
	 "Circle of Life", "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
	 "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	 "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
};

static void test_vectors(void **state)
{
	size_t i;
	char out[SIP_DIGEST_HEX];

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];

		assert_int_equal(sip_digest_response(out, v->alg, v->user, v->realm, v->pass,
						     v->method, v->uri, v->nonce, v->qop, v->nc,
						     v->cnonce),
				 0);
		if (strcmp(out, v->want))
			fail_msg("%s: %s, want %s", v->name, out, v->want);
	}
}

struct chal_row {
	const char *name;
	const char *hdr;
	int err;
	enum sip_digest_alg alg;
	bool qop, stale;
	const char *realm, *nonce, *opaque;
};

static const struct chal_row chals[] = {
	{"RFC 3261 22.4 MD5 with qop and opaque",
	 "Digest realm=\"atlanta.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\", "
	 "qop=\"auth,auth-int\", opaque=\"5ccc\", algorithm=MD5",
	 0, SIP_DIGEST_MD5, true, false, "atlanta.com", "84a4cc6f3082121f32b42a2187831a9e", "5ccc"},
	{"RFC 8760 SHA-256, stale", "Digest realm=\"r\",nonce=\"n,1\",algorithm=SHA-256,stale=true",
	 0, SIP_DIGEST_SHA256, false, true, "r", "n,1", ""},
	{"no algorithm means MD5", "Digest nonce=\"x\", realm=\"y\"", 0, SIP_DIGEST_MD5, false,
	 false, "y", "x", ""},
	{"Basic is not for SIP", "Basic realm=\"x\"", -ENOTSUP, 0, 0, 0, 0, 0, 0},
	{"MD5-sess is not supported", "Digest realm=\"x\", nonce=\"y\", algorithm=MD5-sess",
	 -ENOTSUP, 0, 0, 0, 0, 0, 0},
	{"qop=auth-int only is not supported", "Digest realm=\"x\", nonce=\"y\", qop=\"auth-int\"",
	 -ENOTSUP, 0, 0, 0, 0, 0, 0},
	{"no nonce", "Digest realm=\"x\"", -EBADMSG, 0, 0, 0, 0, 0, 0},
};

static void test_parse(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(chals) / sizeof(chals[0]); i++) {
		const struct chal_row *r = &chals[i];
		struct sip_digest_chal ch;
		struct pl in = pl_make(r->hdr, strlen(r->hdr));
		int err = sip_digest_parse(&ch, &in);

		if (err != r->err)
			fail_msg("%s: %d, want %d", r->name, err, r->err);
		if (err)
			continue;
		if (ch.alg != r->alg || ch.qop_auth != r->qop || ch.stale != r->stale ||
		    strcmp(ch.realm, r->realm) || strcmp(ch.nonce, r->nonce) ||
		    strcmp(ch.opaque, r->opaque))
			fail_msg("%s: parsed wrong", r->name);
	}
}

/* RFC 8760 2.4: SHA-256 preferred; the Authorization header as sent */
static void test_pick_and_header(void **state)
{
	static const char resp[] =
		"SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
		"From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n"
		"WWW-Authenticate: Digest realm=\"b\", nonce=\"n1\", qop=\"auth\", "
		"algorithm=MD5\r\n"
		"WWW-Authenticate: Digest realm=\"b\", nonce=\"n2\", qop=\"auth\", "
		"algorithm=SHA-256\r\n"
		"Content-Length: 0\r\n\r\n";
	struct sip_msg m;
	struct sip_digest_chal ch;
	struct sip_cred cred = {"alice", "secret", ""};
	struct sip_buf b;
	char buf[1024], want[SIP_DIGEST_HEX];
	bool proxy = true;

	assert_int_equal(sip_msg_parse(&m, resp, sizeof(resp) - 1), 0);
	assert_int_equal(sip_digest_pick(&ch, &proxy, &m, &cred), 0);
	assert_false(proxy);
	assert_int_equal(ch.alg, SIP_DIGEST_SHA256);
	assert_string_equal(ch.nonce, "n2");
	sip_buf_init(&b, buf, sizeof(buf));
	assert_int_equal(sip_digest_header(&b, false, &ch, &cred, "REGISTER", "sip:b", 1, "cn"), 0);
	sip_digest_response(want, SIP_DIGEST_SHA256, "alice", "b", "secret", "REGISTER", "sip:b",
			    "n2", "auth", "00000001", "cn");
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, "Authorization: Digest username=\"alice\", realm=\"b\", "
				    "nonce=\"n2\", uri=\"sip:b\""));
	assert_non_null(strstr(buf, "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"cn\"\r\n"));
	assert_null(strstr(buf, "secret"));
	cred.realm[0] = 'z';
	assert_int_equal(sip_digest_pick(&ch, &proxy, &m, &cred), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_pick_and_header),
	};

	return cmocka_run_group_tests_name("sip digest", tests, NULL, NULL);
}
