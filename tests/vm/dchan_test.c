// SPDX-License-Identifier: GPL-2.0
/*
 * dchan_test: hardhdlc D-channel smoke test for the vspan guest.
 *
 *   dchan_test send TX RX N      N frames TX -> RX arrive intact, FCS valid
 *   dchan_test badfcs TX RX      one frame arrives as DAHDI_EVENT_BADFCS
 *   dchan_test drop TX RX        one frame vanishes, the next arrives intact
 *
 * TX and RX are DAHDI channel numbers configured as hardhdlc. Prints one
 * line and exits 0 on success, 1 on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#define FRAME_MAX	260
#define WAIT_MS		5000	/* generous: TCG guests are slow */
#define SILENCE_MS	500

static uint16_t fcs16(const uint8_t *p, size_t len)
{
	uint16_t fcs = 0xffff;
	int b;

	while (len--) {
		fcs ^= *p++;
		for (b = 0; b < 8; b++)
			fcs = (fcs & 1) ? (fcs >> 1) ^ 0x8408 : fcs >> 1;
	}
	return fcs ^ 0xffff;
}

static int chan_open(int channo)
{
	struct dahdi_bufferinfo bi;
	int fd = open("/dev/dahdi/channel", O_RDWR | O_NONBLOCK);

	if (fd < 0) {
		perror("open /dev/dahdi/channel");
		exit(1);
	}
	if (ioctl(fd, DAHDI_SPECIFY, &channo)) {
		fprintf(stderr, "DAHDI_SPECIFY %d: %s\n", channo,
			strerror(errno));
		exit(1);
	}
	memset(&bi, 0, sizeof(bi));
	if (!ioctl(fd, DAHDI_GET_BUFINFO, &bi)) {
		bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
		bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
		bi.numbufs = 16;
		bi.bufsize = 1024;
		ioctl(fd, DAHDI_SET_BUFINFO, &bi);
	}
	return fd;
}

static void make_frame(uint8_t *f, size_t len, unsigned int seq)
{
	size_t i;

	f[0] = seq & 0xff;
	f[1] = seq >> 8;
	for (i = 2; i < len; i++)
		f[i] = (uint8_t)(seq * 31 + i * 7);
}

static void send_frame(int fd, const uint8_t *f, size_t len)
{
	uint8_t buf[FRAME_MAX + 2];

	memcpy(buf, f, len);
	buf[len] = buf[len + 1] = 0;	/* FCS placeholder, DAHDI strips it */
	if (write(fd, buf, len + 2) != (ssize_t)(len + 2)) {
		fprintf(stderr, "write: %s\n", strerror(errno));
		exit(1);
	}
}

/* Returns bytes read, 0 on timeout, -1 with *event set on an event. */
static int recv_frame(int fd, uint8_t *buf, size_t size, int ms, int *event)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLPRI };
	int r;

	*event = 0;
	r = poll(&pfd, 1, ms);
	if (r <= 0)
		return 0;
	r = read(fd, buf, size);
	if (r >= 0)
		return r;
	if (errno == ELAST || errno == EAGAIN) {
		if (!ioctl(fd, DAHDI_GETEVENT, event) && *event)
			return -1;
		return 0;
	}
	fprintf(stderr, "read: %s\n", strerror(errno));
	exit(1);
}

static int expect_frame(int rx, const uint8_t *f, size_t len, unsigned int seq)
{
	uint8_t buf[2048];
	uint16_t fcs;
	int event, n;

	n = recv_frame(rx, buf, sizeof(buf), WAIT_MS, &event);
	if (n < 0) {
		printf("frame %u: event %d instead of data\n", seq, event);
		return 1;
	}
	if (n == 0) {
		printf("frame %u: nothing within %d ms\n", seq, WAIT_MS);
		return 1;
	}
	if ((size_t)n != len + 2 || memcmp(buf, f, len)) {
		printf("frame %u: got %d bytes, want %zu + 2 FCS\n", seq, n,
		       len);
		return 1;
	}
	fcs = buf[len] | buf[len + 1] << 8;
	if (fcs != fcs16(f, len)) {
		printf("frame %u: FCS %04x, want %04x\n", seq, fcs,
		       fcs16(f, len));
		return 1;
	}
	return 0;
}

static int do_send(int tx, int rx, unsigned int count)
{
	uint8_t f[FRAME_MAX];
	unsigned int seq;
	size_t len;

	for (seq = 0; seq < count; seq++) {
		len = 3 + (seq * 37) % (FRAME_MAX - 3);
		make_frame(f, len, seq);
		send_frame(tx, f, len);
		if (expect_frame(rx, f, len, seq))
			return 1;
	}
	printf("%u frames intact\n", count);
	return 0;
}

static int do_badfcs(int tx, int rx)
{
	uint8_t f[FRAME_MAX], buf[2048];
	int event, n;

	make_frame(f, 40, 1000);
	send_frame(tx, f, 40);
	n = recv_frame(rx, buf, sizeof(buf), WAIT_MS, &event);
	if (n >= 0 || event != DAHDI_EVENT_BADFCS) {
		printf("want DAHDI_EVENT_BADFCS, got %d bytes event %d\n", n,
		       event);
		return 1;
	}
	printf("corrupted frame reported as BADFCS\n");
	return 0;
}

static int do_drop(int tx, int rx)
{
	uint8_t f[FRAME_MAX], buf[2048];
	int event, n;

	make_frame(f, 40, 2000);
	send_frame(tx, f, 40);
	n = recv_frame(rx, buf, sizeof(buf), SILENCE_MS, &event);
	if (n != 0) {
		printf("dropped frame arrived anyway: %d bytes event %d\n", n,
		       event);
		return 1;
	}
	make_frame(f, 50, 2001);
	send_frame(tx, f, 50);
	if (expect_frame(rx, f, 50, 2001))
		return 1;
	printf("frame dropped, next frame intact\n");
	return 0;
}

int main(int argc, char **argv)
{
	int tx, rx;

	if (argc < 4) {
		fprintf(stderr, "usage: %s send|badfcs|drop TX RX [N]\n",
			argv[0]);
		return 2;
	}
	tx = chan_open(atoi(argv[2]));
	rx = chan_open(atoi(argv[3]));
	if (!strcmp(argv[1], "send"))
		return do_send(tx, rx, argc > 4 ? atoi(argv[4]) : 10);
	if (!strcmp(argv[1], "badfcs"))
		return do_badfcs(tx, rx);
	if (!strcmp(argv[1], "drop"))
		return do_drop(tx, rx);
	fprintf(stderr, "unknown mode %s\n", argv[1]);
	return 2;
}
