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
#include "media/rtp.h"

static void usage(void)
{
	fprintf(stderr, "usage: rtpcat -l PORT [-s SEND.raw] [-o RECV.raw] [-t SECONDS] [-p PT]\n"
			"       [-b BADSRC_PORT]  also send packets from another port (must be dropped)\n"
			"       [-d DIGITS] send RFC 4733 events  [-e FILE] record events received\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *send_path = NULL, *recv_path = NULL;
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

	while ((c = getopt(argc, argv, "l:s:o:t:p:b:d:e:")) != -1) {
		switch (c) {
		case 'l': port = (unsigned)atoi(optarg); break;
		case 's': send_path = optarg; break;
		case 'o': recv_path = optarg; break;
		case 't': secs = (unsigned)atoi(optarg); break;
		case 'p': pt = (unsigned)atoi(optarg); break;
		case 'b': bad_port = (unsigned)atoi(optarg); break;
		case 'd': digits = optarg; break;
		case 'e': ev_path = optarg; break;
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
	me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	me.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("bind");
		return 2;
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

		if (poll(&pfd, 1, wait) > 0) {
			ssize_t n = recvfrom(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&peer, &plen);

			if (n > 0 && !rtp_parse(&h, pkt, (size_t)n)) {
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
			uint8_t p[RTP_HDR_LEN + 160];
			size_t off = rtp_build_hdr(p, (uint8_t)pt, tx == 0, seq++, ts, 0x12345678);
			size_t k;

			/* 20 ms slots per digit: 5 tone (events), 5 pause (audio) */
			if (digits[dpos] && tx >= 50 && dpkt < 5) {
				const char *map = "0123456789*#ABCD";
				uint8_t e[RTP_HDR_LEN + 4];
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
					sendto(fd, e, sizeof(e), 0, (struct sockaddr *)&peer, plen);
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
			sendto(fd, p, sizeof(p), 0, (struct sockaddr *)&peer, plen);
			if (bad_fd >= 0) {
				/* same stream from a wrong source: must never reach the B-channel */
				memset(p + off, 0x55, 160);
				sendto(bad_fd, p, sizeof(p), 0, (struct sockaddr *)&peer, plen);
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
	fprintf(stderr, "rtpcat: %lu packets received, %lu sent\n", rx, tx);
	free(sendbuf);
	return have_peer ? 0 : 1;
}
