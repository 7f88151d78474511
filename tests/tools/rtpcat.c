// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpcat: a test RTP endpoint. Binds a UDP port, waits for the first RTP
 * packet, then answers its source (symmetric RTP) with the bytes of a file
 * as 20 ms G.711 packets at real-time pace, and records every payload it
 * receives. Used with sipp scenarios whose SDP points at this port.
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
	fprintf(stderr, "usage: rtpcat -l PORT [-a ADDR] [-s SEND.raw] [-o RECV.raw] [-t SECONDS] [-p PT]\n"
			"       [-b BADSRC_PORT]  also send packets from another port (must be dropped)\n");
	exit(2);
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

	while ((c = getopt(argc, argv, "l:a:s:o:t:p:b:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'l': port = (unsigned)atoi(optarg); break;
		case 's': send_path = optarg; break;
		case 'o': recv_path = optarg; break;
		case 't': secs = (unsigned)atoi(optarg); break;
		case 'p': pt = (unsigned)atoi(optarg); break;
		case 'b': bad_port = (unsigned)atoi(optarg); break;
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
				if (out)
					fwrite(h.payload, 1, h.payload_len, out);
			}
		}
		while (have_peer && time_now_ms() >= next_tx) {
			uint8_t p[RTP_HDR_LEN + 160];
			size_t off = rtp_build_hdr(p, (uint8_t)pt, tx == 0, seq++, ts, 0x12345678);
			size_t k;

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
	fprintf(stderr, "rtpcat: %lu packets received, %lu sent\n", rx, tx);
	free(sendbuf);
	return have_peer ? 0 : 1;
}
