// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: SIP message parse, URI/addr parse of its parts, 400 build. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sip/sip_build.h"
#include "sip/sip_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* touch every byte of a slice so ASan sees an out-of-range one */
static unsigned sum_pl(const struct pl *pl)
{
	unsigned s = 0;
	size_t i;

	for (i = 0; pl->p && i < pl->l; i++)
		s += (unsigned char)pl->p[i];
	return s;
}

static void exercise_addr(const struct sip_addr *a)
{
	struct sip_uri u;
	char buf[64];

	if (!pl_isset(&a->uri))
		return;
	if (!sip_uri_parse(&u, a->uri)) {
		sip_uri_unescape(&u.user, buf, sizeof(buf));
		sip_param_get(u.params, "transport", NULL);
	}
	if (a->dname_quoted)
		sip_qstr_unescape(&a->dname, buf, sizeof(buf));
	sip_param_get(a->params, "expires", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy of exactly size bytes: reads past it are caught */
	char *in = malloc(size ? size : 1);
	static char out[2048];
	struct sip_msg m;
	struct sip_buf b;
	struct sip_uri u;
	unsigned i, s = 0;
	int ret;

	if (!in)
		return 0;
	memcpy(in, data, size);
	ret = sip_msg_parse(&m, in, size);

	if (m.len > size)
		abort();
	for (i = 0; i < m.hdrc; i++) {
		s += sum_pl(&m.hdrs[i].name) + sum_pl(&m.hdrs[i].val);
		if (sip_msg_hdr(&m, m.hdrs[i].id, 0) == NULL)
			abort();
	}
	s += sum_pl(&m.body) + sum_pl(&m.via.branch) + sum_pl(&m.call_id);
	if (m.is_request)
		sip_uri_parse(&u, m.ruri);
	exercise_addr(&m.from);
	exercise_addr(&m.to);
	exercise_addr(&m.contact);
	sip_msg_ctype_is(&m, "application/sdp");
	sip_msg_hdr_has_token(&m, SIP_HDR_REQUIRE, "100rel");
	sip_msg_hdr_name(&m, "X-Unknown", 0);

	if (m.is_request) {
		/* a 400 (or the suggested error) into a small buffer: must stay in bounds */
		struct sip_resp rs = {
			.status = m.err_status ? m.err_status : 400,
			.reason = m.err_reason,
			.to_tag = "fz",
			.src_ip = size & 1 ? "192.0.2.1" : NULL,
			.src_port = 5062,
		};

		sip_buf_init(&b, out, ret ? 512 : sizeof(out));
		sip_build_resp(&b, &m, &rs);
		if (b.len >= b.size || out[b.len] != '\0')
			abort();
		/* what we send parses again when it fit */
		if (!b.err && !ret) {
			struct sip_msg r;

			if (sip_msg_parse(&r, out, b.len) || r.via_count != m.via_count)
				abort();
		}
	}
	free(in);
	return (int)(s & 0);
}
