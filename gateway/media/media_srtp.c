// SPDX-License-Identifier: GPL-2.0-only
/* SRTP sessions for a stream, on libsrtp2 (see media_srtp.h). */
#include <errno.h>
#include <limits.h>
#include <srtp2/srtp.h>
#include <stdlib.h>
#include <string.h>

#include "media_srtp.h"

struct media_srtp {
	srtp_t tx, rx;
};

int media_srtp_init(void)
{
	static int done;

	if (!done && srtp_init() != srtp_err_status_ok)
		return -EIO;
	done = 1;
	return 0;
}

/* RFC 4568 6.2 and RFC 7714 14.2: SRTCP keeps the 80-bit tag with _32 */
static int policy_set(srtp_policy_t *p, enum sdp_srtp_suite suite)
{
	switch (suite) {
	case SDP_SRTP_AES_CM_128_HMAC_SHA1_80:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
		return 0;
	case SDP_SRTP_AES_CM_128_HMAC_SHA1_32:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
		return 0;
	case SDP_SRTP_AEAD_AES_128_GCM:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
		return 0;
	case SDP_SRTP_AEAD_AES_256_GCM:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
		return 0;
	default:
		return -EINVAL;
	}
}

static int session_new(srtp_t *sess, const struct sdp_srtp_key *k, srtp_ssrc_type_t dir)
{
	srtp_policy_t p;
	uint8_t key[SDP_SRTP_KEY_MAX];

	memset(&p, 0, sizeof(p));
	if (k->len != sdp_srtp_key_len(k->suite) || policy_set(&p, k->suite))
		return -EINVAL;
	memcpy(key, k->key, k->len);
	p.ssrc.type = dir;
	p.key = key;
	p.window_size = 1024; /* replay window, packets */
	p.allow_repeat_tx = 0;
	return srtp_create(sess, &p) == srtp_err_status_ok ? 0 : -EIO;
}

int media_srtp_alloc(struct media_srtp **sp, const struct sdp_srtp_key *tx,
		     const struct sdp_srtp_key *rx)
{
	struct media_srtp *s;
	int err;

	if (tx->suite != rx->suite)
		return -EINVAL;
	err = media_srtp_init();
	if (err)
		return err;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = session_new(&s->tx, tx, ssrc_any_outbound);
	if (err)
		goto err_free;
	err = session_new(&s->rx, rx, ssrc_any_inbound);
	if (err)
		goto err_tx;
	*sp = s;
	return 0;

err_tx:
	srtp_dealloc(s->tx);
err_free:
	free(s);
	return err;
}

void media_srtp_free(struct media_srtp *s)
{
	if (!s)
		return;
	srtp_dealloc(s->tx);
	srtp_dealloc(s->rx);
	free(s);
}

int media_srtp_protect(struct media_srtp *s, uint8_t *pkt, size_t *len)
{
	int n = (int)*len;

	if (*len > INT_MAX - MEDIA_SRTP_TRAILER || srtp_protect(s->tx, pkt, &n) != srtp_err_status_ok)
		return -EIO;
	*len = (size_t)n;
	return 0;
}

static int unprotect_status(srtp_err_status_t st)
{
	switch (st) {
	case srtp_err_status_ok:
		return 0;
	case srtp_err_status_auth_fail:
		return -EACCES;
	case srtp_err_status_replay_fail:
	case srtp_err_status_replay_old:
		return -EALREADY;
	default:
		return -EBADMSG;
	}
}

int media_srtp_protect_rtcp(struct media_srtp *s, uint8_t *pkt, size_t *len)
{
	int n = (int)*len;

	if (*len > INT_MAX - MEDIA_SRTP_TRAILER - 4 ||
	    srtp_protect_rtcp(s->tx, pkt, &n) != srtp_err_status_ok)
		return -EIO;
	*len = (size_t)n;
	return 0;
}

int media_srtp_unprotect_rtcp(struct media_srtp *s, uint8_t *pkt, size_t *len)
{
	int n = (int)*len, err;

	if (*len > INT_MAX)
		return -EBADMSG;
	err = unprotect_status(srtp_unprotect_rtcp(s->rx, pkt, &n));
	if (!err)
		*len = (size_t)n;
	return err;
}

int media_srtp_unprotect(struct media_srtp *s, uint8_t *pkt, size_t *len)
{
	int n = (int)*len;

	int err;

	if (*len > INT_MAX)
		return -EBADMSG;
	err = unprotect_status(srtp_unprotect(s->rx, pkt, &n));
	if (!err)
		*len = (size_t)n;
	return err;
}
