/* SPDX-License-Identifier: GPL-2.0-only */
/* Digest authentication, client side (RFC 2617, RFC 7616, RFC 8760). */
#ifndef PRIGATE_SIP_AUTH_H
#define PRIGATE_SIP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "pl.h"
#include "sip_build.h"
#include "sip_msg.h"

#define SIP_DIGEST_HEX 65 /* SHA-256 in hex + NUL */

enum sip_digest_alg { SIP_DIGEST_MD5, SIP_DIGEST_SHA256 };

struct sip_digest_chal {
	char realm[128];
	char nonce[256];
	char opaque[256];
	enum sip_digest_alg alg;
	bool qop_auth; /* qop offered and "auth" among it */
	bool stale;
};

struct sip_cred {
	char username[64];
	char password[64];
	char realm[128]; /* answer only this realm; "" any */
};

/* the request-digest of RFC 2617 3.2.2.1 / RFC 7616 3.4.1; qop NULL: RFC 2069 form */
int sip_digest_response(char out[SIP_DIGEST_HEX], enum sip_digest_alg alg, const char *user,
			const char *realm, const char *password, const char *method,
			const char *uri, const char *nonce, const char *qop, const char *nc,
			const char *cnonce);
/* a challenge header value; -ENOTSUP for non-Digest or unsupported algorithms/qop */
int sip_digest_parse(struct sip_digest_chal *ch, const struct pl *challenge);
/* the best challenge in a 401/407; *proxy when from Proxy-Authenticate */
int sip_digest_pick(struct sip_digest_chal *ch, bool *proxy, const struct sip_msg *m,
		    const struct sip_cred *cred);
/* "Authorization: Digest ...\r\n" (or Proxy-Authorization) appended to b */
int sip_digest_header(struct sip_buf *b, bool proxy, const struct sip_digest_chal *ch,
		      const struct sip_cred *cred, const char *method, const char *uri, uint32_t nc,
		      const char *cnonce);

#endif
