// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: SDP parse, offer/answer choice and answer build into a small buffer. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sdp/sdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_build(int n, const char *buf, size_t size)
{
	/* a length, or -ENOSPC; never a write past size */
	if (n >= 0 && ((size_t)n >= size || strlen(buf) != (size_t)n))
		abort();
	if (n < 0 && n != -ENOSPC)
		abort();
}

/* SDES: every a=crypto line, the policy choice, an answer with our key */
static void fuzz_srtp(const struct sdp_session *sess, unsigned policy)
{
	struct sdp_local local = {
		.sess_id = 1, .addr = "192.0.2.1", .family = AF_INET, .rtp_port = 4000,
		.law = SDP_LAW_PCMA,
	};
	struct sdp_media_params mp;
	struct sdp_srtp_key k, ours;
	char err[64], buf[4096], b64[80];
	unsigned i, j;
	int n;

	for (i = 0; i < sess->nmedia; i++) {
		for (j = 0; j < sess->media[i].ncrypto; j++) {
			n = sdp_crypto_key(&sess->media[i].crypto[j], &k);
			if (n && n != -ENOTSUP && n != -EBADMSG)
				abort();
			if (!n && (k.len != sdp_srtp_key_len(k.suite) || k.suite == SDP_SRTP_NONE ||
				   sdp_srtp_key_inline(&k, b64, sizeof(b64)) <= 0))
				abort();
		}
	}
	if (sdp_answer_offer_srtp(sess, SDP_LAW_PCMA, (enum sdp_srtp_policy)policy, &mp, err,
				  sizeof(err)))
		return;
	if (policy == SDP_SRTP_MANDATORY && mp.srtp.suite == SDP_SRTP_NONE)
		abort();
	if (policy == SDP_SRTP_OFF && mp.srtp.suite != SDP_SRTP_NONE)
		abort();
	if (mp.srtp.suite != SDP_SRTP_NONE) {
		memset(&ours, 0, sizeof(ours));
		ours.suite = mp.srtp.suite;
		ours.len = mp.srtp.len;
		local.keys = &ours;
		local.nkeys = 1;
	}
	n = sdp_build_answer(buf, sizeof(buf), &local, sess, &mp);
	check_build(n, buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sdp_local local = {
		.sess_id = 1,
		.sess_version = 2,
		.addr = "192.0.2.1",
		.family = AF_INET,
		.rtp_port = 4000,
		.law = SDP_LAW_PCMA,
	};
	/* a copy of exactly size bytes, so ASan catches any read past the end */
	char *copy = malloc(size ? size : 1);
	struct sdp_session sess;
	struct sdp_media_params mp;
	char err[64], small[256], big[4096];
	struct pl msg;
	int n;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	msg = pl_make(copy, size);
	if (sdp_parse(&sess, &msg, err, sizeof(err)) == 0) {
		if (sdp_answer_offer(&sess, size & 1 ? SDP_LAW_PCMU : SDP_LAW_PCMA, &mp, err,
				     sizeof(err)) == 0) {
			n = sdp_build_answer(small, sizeof(small), &local, &sess, &mp);
			check_build(n, small, sizeof(small));
			n = sdp_build_answer(big, sizeof(big), &local, &sess, &mp);
			check_build(n, big, sizeof(big));
			/* our answer must itself be valid SDP that a UAC accepts */
			if (n > 0) {
				struct sdp_session ans;
				struct sdp_media_params back;
				struct pl a = pl_make(big, (size_t)n);

				if (sdp_parse(&ans, &a, err, sizeof(err)) ||
				    ans.nmedia != sess.nmedia ||
				    sdp_process_answer(&ans, &back, err, sizeof(err)) ||
				    back.pt != mp.pt || back.law != mp.law ||
				    back.te_pt != mp.te_pt)
					abort();
			}
		}
		(void)sdp_process_answer(&sess, &mp, err, sizeof(err));
		fuzz_srtp(&sess, size ? (unsigned)(data[0] >> 1) % 3 : 0);
	}
	free(copy);
	return 0;
}
