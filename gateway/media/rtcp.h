/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RTCP (RFC 3550 6): our compound reports (SR when we sent since the last
 * one, else RR, with one report block and an SDES CNAME), and the parts
 * of the peer's compound packets we use: its SR's NTP time (for our
 * LSR/DLSR) and the report block about our SSRC (loss, jitter, and the
 * round-trip time from LSR/DLSR, A.8). rtcp-mux demultiplexing (RFC 5761
 * 4). No allocation; parsing never reads past len.
 */
#ifndef PRIGATE_RTCP_H
#define PRIGATE_RTCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTCP_MAX_LEN 128 /* what rtcp_build writes at most */

struct rtcp_block {
	uint32_t ssrc;       /* the source reported on */
	uint8_t fraction;    /* lost since the last report, /256 */
	int32_t cum_lost;    /* 24-bit signed */
	uint32_t ext_max_seq;
	uint32_t jitter;     /* RTP timestamp units */
	uint32_t lsr, dlsr;  /* middle 32 bits of NTP; 1/65536 s */
};

struct rtcp_info {
	uint32_t ssrc;       /* the sender of the compound packet */
	bool sr;             /* it had an SR */
	uint32_t ntp_mid;    /* its NTP timestamp, middle 32 bits */
	uint32_t pkts, octets;
	bool have_block;     /* a report block about our SSRC */
	struct rtcp_block block;
};

struct rtcp_report {
	uint32_t ssrc;       /* ours */
	bool sr;             /* we sent RTP since the last report */
	uint64_t ntp;        /* now, NTP format (32.32) */
	uint32_t rtp_ts;     /* the RTP timestamp matching ntp */
	uint32_t pkts, octets;
	bool have_block;     /* we received from the peer */
	struct rtcp_block block;
	const char *cname;
};

/* RFC 5761 4: the second octet of an RTCP packet is 192..223 */
bool rtcp_is(const uint8_t *buf, size_t len);
/* a compound packet: 0, or -EBADMSG (first packet not SR/RR, bad lengths) */
int rtcp_parse(struct rtcp_info *info, const uint8_t *buf, size_t len, uint32_t our_ssrc);
/* returns the length written (<= RTCP_MAX_LEN), 0 if size is too small */
size_t rtcp_build(uint8_t *buf, size_t size, const struct rtcp_report *r);
/* round trip (A.8) in ms from a block's LSR/DLSR and the NTP time it arrived; -1 unknown */
int rtcp_rtt_ms(const struct rtcp_block *b, uint64_t ntp_now);
/* CLOCK_REALTIME as NTP 32.32 */
uint64_t rtcp_ntp_now(void);

#endif
