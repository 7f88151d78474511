// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpcat: a test RTP endpoint. Binds a UDP port, waits for the first RTP
 * packet, then answers its source (symmetric RTP) with the bytes of a file
 * as 20 ms G.711 packets at real-time pace, and records every payload it
 * receives. Used with sipp scenarios whose SDP points at this port.
 * -d DIGITS: from 1 s on, send the digits as RFC 4733 telephone-events
 * (PT 101; 100 ms each: a start with marker, updates every 20 ms, three
 * end packets, then 100 ms of audio); -e FILE: write the digits of the
 * telephone-events received (each event once) to FILE.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "media/media_srtp.h"
#include "media/rtcp.h"
#include "media/rtp.h"

static void usage(void)
{
	fprintf(stderr, "usage: rtpcat -l PORT [-a ADDR] [-s SEND.raw] [-o RECV.raw] [-t SECONDS] [-p PT]\n"
			"       [-b BADSRC_PORT]  also send packets from another port (must be dropped)\n"
			"       [-d DIGITS] send RFC 4733 events  [-e FILE] record events received\n"
			"       [-S SUITE -k OUR_KEY -K PEER_KEY_FILE]  SRTP (SDES base64 keys; the\n"
			"                         peer's is read from the file once it appears)\n"
			"       [-x N]  corrupt every Nth packet sent  [-r N]  replay every Nth\n"
			"       [-R]  answer each RTCP report (on the RTP port, rtcp-mux, or port+1)\n"
			"             with an RR about the sender's SSRC (LSR, DLSR 0)\n");
	exit(2);
}

/* an SDES key as sdp_crypto_key reads it from "SUITE inline:B64" */
static int key_parse(const char *suite, const char *b64, struct sdp_srtp_key *k)
{
	char kp[128];
	struct sdp_crypto c = {.tag = 1};

	snprintf(kp, sizeof(kp), "inline:%s", b64);
	c.suite = pl_make(suite, strlen(suite));
	c.key_params = pl_make(kp, strlen(kp));
	return sdp_crypto_key(&c, k);
}

/* once the peer's key file exists: both sessions; 0 meanwhile, -1 on a bad key */
static int srtp_setup(struct media_srtp **srtp, const char *suite, const char *our_b64,
		      const char *peer_path)
{
	struct sdp_srtp_key tx, rx;
	char b64[128] = "";
	FILE *f = fopen(peer_path, "r");

	if (!f)
		return 0;
	if (!fgets(b64, sizeof(b64), f) || !strchr(b64, '\n')) {
		fclose(f);
		return 0; /* not written out yet */
	}
	fclose(f);
	b64[strcspn(b64, "\r\n ")] = '\0';
	if (key_parse(suite, our_b64, &tx) || key_parse(suite, b64, &rx) ||
	    media_srtp_alloc(srtp, &tx, &rx)) {
		fprintf(stderr, "rtpcat: bad SRTP suite or key (%s, ours %s, peer's %s)\n", suite,
			our_b64, b64);
		return -1;
	}
	return 0;
}

/* an RTCP report from the gateway: count it, answer with an RR (LSR from its SR) */
static void rtcp_answer(int fd, const uint8_t *pkt, size_t len, const struct sockaddr_in *to,
			socklen_t tolen, unsigned long *srs, unsigned long *rrs)
{
	struct rtcp_info in;
	struct rtcp_report r = {.ssrc = 0x12345678, .cname = "rtpcat", .have_block = true};
	uint8_t out[RTCP_MAX_LEN];
	size_t n;

	if (rtcp_parse(&in, pkt, len, 0x12345678))
		return;
	if (in.sr)
		(*srs)++;
	else
		(*rrs)++;
	r.block.ssrc = in.ssrc;
	r.block.lsr = in.sr ? in.ntp_mid : 0;
	n = rtcp_build(out, sizeof(out), &r);
	if (n)
		sendto(fd, out, n, 0, (const struct sockaddr *)to, tolen);
}

/* send a built packet: protected with SRTP when it runs (room for the tag in p) */
static int send_rtp(int fd, struct media_srtp *srtp, uint8_t *p, size_t len,
		    const struct sockaddr_in *peer, socklen_t plen)
{
	if (srtp && media_srtp_protect(srtp, p, &len))
		return -1;
	sendto(fd, p, len, 0, (const struct sockaddr *)peer, plen);
	return (int)len;
}

int main(int argc, char **argv)
{
	const char *send_path = NULL, *recv_path = NULL, *addr = "127.0.0.1";
	unsigned port = 0, bad_port = 0, secs = 5, pt = 8;
	uint8_t *sendbuf = NULL;
	size_t sendlen = 0, sendoff = 0;
	struct sockaddr_in me = {.sin_family = AF_INET}, peer;
	socklen_t plen = sizeof(peer);
	FILE *out = NULL;
	int fd, bad_fd = -1, c, have_peer = 0;
	uint64_t start, next_tx = 0;
	uint16_t seq = 1000;
	uint32_t ts = 0;
	unsigned long rx = 0, tx = 0;
	const char *digits = "", *ev_path = NULL;
	char ev_got[256];
	size_t nev = 0, dpos = 0;
	unsigned dpkt = 0;
	uint32_t last_ev_ts = 0, dts = 0;
	int have_ev = 0;
	const char *suite = NULL, *our_key = NULL, *peer_key_path = NULL;
	unsigned corrupt = 0, replay = 0;
	unsigned long rx_fail = 0, srs = 0, rrs = 0;
	int rtcp = 0, rtcp_fd = -1;
	struct media_srtp *srtp = NULL;

	while ((c = getopt(argc, argv, "l:a:s:o:t:p:b:d:e:S:k:K:x:r:R")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'l': port = (unsigned)atoi(optarg); break;
		case 's': send_path = optarg; break;
		case 'o': recv_path = optarg; break;
		case 't': secs = (unsigned)atoi(optarg); break;
		case 'p': pt = (unsigned)atoi(optarg); break;
		case 'b': bad_port = (unsigned)atoi(optarg); break;
		case 'd': digits = optarg; break;
		case 'e': ev_path = optarg; break;
		case 'S': suite = optarg; break;
		case 'k': our_key = optarg; break;
		case 'K': peer_key_path = optarg; break;
		case 'x': corrupt = (unsigned)atoi(optarg); break;
		case 'r': replay = (unsigned)atoi(optarg); break;
		case 'R': rtcp = 1; break;
		default: usage();
		}
	}
	if (!port)
		usage();
	if (send_path) {
		FILE *f = fopen(send_path, "rb");

		if (!f) {
			perror(send_path);
			return 2;
		}
		sendbuf = malloc(1 << 20);
		sendlen = fread(sendbuf, 1, 1 << 20, f);
		fclose(f);
	}
	if (recv_path) {
		out = fopen(recv_path, "wb");
		if (!out) {
			perror(recv_path);
			return 2;
		}
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (inet_pton(AF_INET, addr, &me.sin_addr) != 1)
		usage();
	me.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("bind");
		return 2;
	}
	if (rtcp) {
		rtcp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		me.sin_port = htons((uint16_t)(port + 1));
		if (bind(rtcp_fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
			perror("bind rtcp port");
			return 2;
		}
		me.sin_port = htons((uint16_t)port);
	}
	if (bad_port) {
		bad_fd = socket(AF_INET, SOCK_DGRAM, 0);
		me.sin_port = htons((uint16_t)bad_port);
		if (bind(bad_fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
			perror("bind bad port");
			return 2;
		}
	}
	start = time_now_ms();
	while (time_now_ms() - start < secs * 1000ull) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		uint8_t pkt[1500];
		struct rtp_hdr h;
		int wait = 5;

		if (suite && !srtp && srtp_setup(&srtp, suite, our_key, peer_key_path))
			return 2;
		if (rtcp_fd >= 0) {
			struct sockaddr_in from;
			socklen_t flen = sizeof(from);
			ssize_t k = recvfrom(rtcp_fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&from, &flen);

			if (k > 0)
				rtcp_answer(rtcp_fd, pkt, (size_t)k, &from, flen, &srs, &rrs);
		}
		if (poll(&pfd, 1, wait) > 0) {
			ssize_t n = recvfrom(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&peer, &plen);
			size_t len = n > 0 ? (size_t)n : 0;

			if (n > 0 && rtcp && rtcp_is(pkt, len)) { /* rtcp-mux */
				rtcp_answer(fd, pkt, len, &peer, plen, &srs, &rrs);
				continue;
			}
			if (n > 0 && suite && (!srtp || media_srtp_unprotect(srtp, pkt, &len))) {
				rx_fail++; /* before the key arrived, or not authentic */
				continue;
			}
			if (n > 0 && !rtp_parse(&h, pkt, len)) {
				if (!have_peer) {
					have_peer = 1;
					next_tx = time_now_ms();
				}
				rx++;
				if (h.pt == 101) {
					/* one digit per event: a new timestamp is a new event */
					if (h.payload_len >= 4 && (!have_ev || h.ts != last_ev_ts) &&
					    nev + 1 < sizeof(ev_got))
						ev_got[nev++] = "0123456789*#ABCD"[h.payload[0] & 15];
					have_ev = 1;
					last_ev_ts = h.ts;
					continue;
				}
				if (out)
					fwrite(h.payload, 1, h.payload_len, out);
			}
		}
		while (have_peer && time_now_ms() >= next_tx) {
			uint8_t p[RTP_HDR_LEN + 160 + MEDIA_SRTP_TRAILER];
			int sent;
			size_t off = rtp_build_hdr(p, (uint8_t)pt, tx == 0, seq++, ts, 0x12345678);
			size_t k;

			/* 20 ms slots per digit: 5 tone (events), 5 pause (audio) */
			if (digits[dpos] && tx >= 50 && dpkt < 5) {
				const char *map = "0123456789*#ABCD";
				uint8_t e[RTP_HDR_LEN + 4 + MEDIA_SRTP_TRAILER];
				uint16_t dur = (uint16_t)((dpkt + 1) * 160);
				int ends = dpkt == 4 ? 3 : 1, i;

				if (!dpkt)
					dts = ts;
				for (i = 0; i < ends; i++) {
					off = rtp_build_hdr(e, 101, dpkt == 0, seq++, dts, 0x12345678);
					e[off] = (uint8_t)(strchr(map, digits[dpos]) - map);
					e[off + 1] = (uint8_t)((dpkt == 4 ? 0x80 : 0) | 10);
					e[off + 2] = (uint8_t)(dur >> 8);
					e[off + 3] = (uint8_t)dur;
					if (send_rtp(fd, srtp, e, off + 4, &peer, plen) < 0)
						return 2;
				}
				dpkt++;
				ts += 160;
				tx++;
				next_tx += 20;
				continue;
			}
			if (digits[dpos] && dpkt && ++dpkt == 10) {
				dpkt = 0;
				dpos++;
			}
			for (k = 0; k < 160; k++)
				p[off + k] = sendoff < sendlen ? sendbuf[sendoff++] : (pt == 0 ? 0xff : 0xd5);
			ts += 160;
			if (srtp) {
				size_t len = off + 160;

				if (media_srtp_protect(srtp, p, &len))
					return 2;
				if (corrupt && tx % corrupt == corrupt - 1)
					p[len - 1] ^= 0x5a; /* the tag no longer matches */
				sent = (int)len;
			} else {
				sent = (int)(off + 160);
			}
			sendto(fd, p, (size_t)sent, 0, (struct sockaddr *)&peer, plen);
			if (replay && tx % replay == replay - 1)
				sendto(fd, p, (size_t)sent, 0, (struct sockaddr *)&peer, plen);
			if (bad_fd >= 0) {
				/* same stream from a wrong source: must never reach the B-channel */
				memset(p + off, 0x55, 160);
				sendto(bad_fd, p, off + 160, 0, (struct sockaddr *)&peer, plen);
			}
			tx++;
			next_tx += 20;
		}
	}
	if (out)
		fclose(out);
	if (ev_path) {
		FILE *f = fopen(ev_path, "w");

		if (!f) {
			perror(ev_path);
			return 2;
		}
		fprintf(f, "%.*s\n", (int)nev, ev_got);
		fclose(f);
	}
	fprintf(stderr, "rtpcat: %lu packets received, %lu sent, %lu not decrypted\n", rx, tx,
		rx_fail);
	if (rtcp)
		fprintf(stderr, "rtpcat: rtcp %lu SR %lu RR received\n", srs, rrs);
	media_srtp_free(srtp);
	free(sendbuf);
	return have_peer ? 0 : 1;
}
