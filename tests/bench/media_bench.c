// SPDX-License-Identifier: GPL-2.0-only
/*
 * media_bench: the per-packet work of the media thread, ns per 20 ms frame
 * of one channel, each step on its own: RTP build and parse (plain RTP),
 * SRTP protect + unprotect per suite (libsrtp2 through media_srtp), A-law
 * <-> mu-law transcoding, and the DTMF and voice-band data detectors that
 * run on B-channel audio. The reference row is a plain memcpy of the
 * packet, the least any forwarding can cost.
 * Usage: media_bench [ITERATIONS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dtmf.h"
#include "g711.h"
#include "media/dtmf_relay.h"
#include "media/media_srtp.h"
#include "media/rtp.h"
#include "vbd.h"

static volatile uint8_t sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

#define RUN(label, iters, body)                                                                    \
	do {                                                                                       \
		double t0 = now_ns();                                                              \
		for (long i_ = 0; i_ < (iters); i_++) {                                            \
			body;                                                                      \
		}                                                                                  \
		printf("%-44s %10.1f\n", label, (now_ns() - t0) / (double)(iters));                \
	} while (0)

int main(int argc, char **argv)
{
	static const struct {
		enum sdp_srtp_suite suite;
		const char *label;
	} suites[] = {
		{SDP_SRTP_AES_CM_128_HMAC_SHA1_80, "SRTP AES_CM_128_HMAC_SHA1_80 protect+unprotect"},
		{SDP_SRTP_AES_CM_128_HMAC_SHA1_32, "SRTP AES_CM_128_HMAC_SHA1_32 protect+unprotect"},
		{SDP_SRTP_AEAD_AES_128_GCM, "SRTP AEAD_AES_128_GCM protect+unprotect"},
		{SDP_SRTP_AEAD_AES_256_GCM, "SRTP AEAD_AES_256_GCM protect+unprotect"},
	};
	long n = argc > 1 ? atol(argv[1]) : 200000;
	uint8_t pkt[RTP_HDR_LEN + 160 + MEDIA_SRTP_TRAILER], copy[sizeof(pkt)], audio[160];
	int16_t lin[160];
	struct rtp_hdr h;
	struct dtmf_det det;
	struct vbd_det vbd;
	struct dtmf_relay_tx relay;
	size_t k;

	for (k = 0; k < 160; k++)
		audio[k] = (uint8_t)(k * 37 + 11);
	printf("%-44s %10s\n", "per channel, per 20 ms packet", "ns");
	RUN("reference: memcpy of the packet", n, {
		memcpy(copy, pkt, sizeof(pkt));
		sink ^= copy[i_ & 63];
	});
	RUN("plain RTP: build + parse", n, {
		size_t off = rtp_build_hdr(pkt, 8, 0, (uint16_t)i_, (uint32_t)i_ * 160, 0x1234);

		memcpy(pkt + off, audio, 160);
		if (rtp_parse(&h, pkt, off + 160))
			return 1;
		sink ^= h.payload[0];
	});
	for (k = 0; k < sizeof(suites) / sizeof(suites[0]); k++) {
		struct sdp_srtp_key key;
		struct media_srtp *tx, *rx;

		if (sdp_srtp_key_new(&key, suites[k].suite, 1) || media_srtp_alloc(&tx, &key, &key) ||
		    media_srtp_alloc(&rx, &key, &key))
			return 1;
		RUN(suites[k].label, n, {
			size_t off = rtp_build_hdr(pkt, 8, 0, (uint16_t)i_, (uint32_t)i_ * 160, 0x1234);
			size_t len = off + 160;

			memcpy(pkt + off, audio, 160);
			/* tx protects for the far end, whose rx session unprotects */
			if (media_srtp_protect(tx, pkt, &len) || media_srtp_unprotect(rx, pkt, &len))
				return 1;
			sink ^= pkt[len - 1];
		});
		media_srtp_free(tx);
		media_srtp_free(rx);
	}
	RUN("transcoding A-law -> mu-law, 160 samples", n, {
		g711_alaw2ulaw_buf(copy, audio, 160);
		sink ^= copy[i_ % 160];
	});
	dtmf_det_init(&det);
	for (k = 0; k < 160; k++)
		lin[k] = g711_alaw2lin(audio[k]);
	RUN("DTMF detector (Q.24), 160 samples", n / 4, {
		struct dtmf_event ev[4];

		sink ^= (uint8_t)dtmf_det_process(&det, lin, 160, ev, 4);
	});
	vbd_det_init(&vbd);
	RUN("fax/modem detector (vbd), 160 samples", n / 4, {
		struct vbd_event ev[4];

		sink ^= (uint8_t)vbd_det_process(&vbd, lin, 160, ev, 4);
	});
	dtmf_relay_tx_init(&relay);
	RUN("RFC 4733 relay TDM->RTP (detect + event)", n / 4, {
		struct dtmf_relay_tx_pkt pk[DTMF_RELAY_ENDS + 1];

		sink ^= (uint8_t)dtmf_relay_tx_audio(&relay, (uint32_t)i_ * 160, lin, 160, pk);
	});
	return 0;
}
