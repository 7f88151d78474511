// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the Q.931 layer the gateway relies on (libpri):
 * a network-side EuroISDN D-channel is brought to multiple-frame
 * established with SABME, then every chunk of the input arrives as the
 * payload of a correctly sequenced I-frame. Input: [len][bytes]...
 * Events libpri reports are handled as prigated would: SETUPs answered.
 * libpri is not instrumented, so this finds crashes, not new coverage; and
 * as a struct pri cannot be freed, one is reused for a thousand inputs.
 */
#include <libpri.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __lsan_is_turned_off(void);

/* libpri 1.6 cannot free a struct pri: its memory is not ours to leak-check */
int __lsan_is_turned_off(void)
{
	return 1;
}

static uint8_t frame[520];
static int frame_len;

static int io_read(struct pri *pri, void *buf, int buflen)
{
	int n = frame_len;

	frame_len = 0;
	if (n <= 0 || n + 2 > buflen)
		return 0;
	memcpy(buf, frame, (size_t)n);
	memset((uint8_t *)buf + n, 0, 2); /* the FCS a DAHDI HDLC channel leaves */
	return n + 2;
}

static int io_write(struct pri *pri, void *buf, int buflen)
{
	return buflen;
}

static void quiet(struct pri *pri, char *s)
{
}

static void feed(struct pri *pri, const uint8_t *p, int n)
{
	pri_event *e;

	memcpy(frame, p, (size_t)n);
	frame_len = n;
	e = pri_check_event(pri);
	if (e && e->e == PRI_EVENT_RING) {
		pri_proceeding(pri, e->ring.call, 1, 0);
		pri_answer(pri, e->ring.call, 1, 0);
	} else if (e && e->e == PRI_EVENT_HANGUP) {
		pri_hangup(pri, e->hangup.call, e->hangup.cause);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sabme[] = {0x00, 0x01, 0x7f};
	static struct pri *pri;
	static unsigned ns, uses;
	uint8_t ifr[4 + 256];
	size_t off = 0;

	if (!pri || ++uses % 1000 == 0) {
		pri_set_message(quiet);
		pri_set_error(quiet);
		pri = pri_new_cb(-1, PRI_NETWORK, PRI_SWITCH_EUROISDN_E1, io_read, io_write, NULL);
		if (!pri)
			return 0;
		ns = 0;
		feed(pri, sabme, sizeof(sabme));
	}
	while (off < size) {
		size_t n = data[off++];

		if (n > size - off)
			n = size - off;
		/* I-frame, SAPI 0 command from the user side, TEI 0, N(R) 0 */
		ifr[0] = 0x00;
		ifr[1] = 0x01;
		ifr[2] = (uint8_t)((ns++ & 0x7f) << 1);
		ifr[3] = 0x00;
		memcpy(ifr + 4, data + off, n);
		feed(pri, ifr, (int)(4 + n));
		off += n;
	}
	return 0;
}
