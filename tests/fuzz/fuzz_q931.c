// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the Q.931 layer the gateway relies on (libpri):
 * a network-side EuroISDN D-channel is brought to multiple-frame
 * established (our SABME answered with UA, libpri's SABME answered with
 * UA), then every chunk of the input arrives as the payload of an I-frame
 * whose N(S) is the V(R) libpri last acknowledged and whose N(R) acks all
 * libpri sent, so the bytes reach q931_receive(). Input: [len][bytes]...
 * Events are handled as prigated would: SETUPs answered, hangups cleared.
 * libpri is not instrumented, so this finds crashes, not new coverage; and
 * as a struct pri cannot be freed, one is reused for a thousand inputs,
 * each input's calls released at its end so the next starts from idle.
 */
#include <libpri.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __lsan_is_turned_off(void);

/* libpri 1.6 cannot free a struct pri: its memory is not ours to leak-check */
int __lsan_is_turned_off(void)
{
	return 1;
}

/* Q.921 (Q.921 3.2, 3.3): SAPI 0 (call control), TEI 0 as on a PRI */
#define ADDR_USER_CMD 0x00 /* C/R 0: a command from the user side */
#define ADDR_USER_RSP 0x02 /* C/R 1: a response from the user side */
#define ADDR_TEI0 0x01
#define CTRL_SABME_P 0x7f
#define CTRL_UA_F 0x73

static uint8_t frame[4 + 256];
static int frame_len;
static unsigned int lib_vr; /* N(R) libpri last sent us: the N(S) it expects */
static unsigned int lib_vs; /* one past the N(S) of libpri's last I-frame */
static int link_up;
/* call reference (length, value) of the frame being fed */
struct cref {
	uint8_t len;
	uint8_t v[4];
};
static struct cref cur_cref;
/* the calls this input set up, released before the next input */
static struct cref crefs[32];
static unsigned int ncrefs;

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

/* track libpri's sequence numbers; the frame has its 2 FCS bytes */
static int io_write(struct pri *pri, void *buf, int buflen)
{
	const uint8_t *f = buf;

	if (buflen < 2 + 3)
		return buflen;
	if (!(f[2] & 0x01)) { /* I-frame: N(S), N(R) */
		if (buflen >= 2 + 4) {
			lib_vs = ((f[2] >> 1) + 1) & 0x7f;
			lib_vr = f[3] >> 1;
		}
	} else if ((f[2] & 0x03) == 0x01 && buflen >= 2 + 4) { /* RR, RNR, REJ */
		lib_vr = f[3] >> 1;
	}
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
	if (!e)
		return;
	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		link_up = 1;
		break;
	case PRI_EVENT_DCHAN_DOWN:
		link_up = 0;
		break;
	case PRI_EVENT_RING:
		if (ncrefs < sizeof(crefs) / sizeof(crefs[0]))
			crefs[ncrefs++] = cur_cref;
		pri_proceeding(pri, e->ring.call, e->ring.channel, 0);
		pri_answer(pri, e->ring.call, e->ring.channel, 0);
		break;
	case PRI_EVENT_HANGUP_REQ:
		pri_hangup(pri, e->hangup.call, e->hangup.cause);
		break;
	case PRI_EVENT_HANGUP:
		pri_hangup(pri, e->hangup.call, e->hangup.cause);
		break;
	default:
		break;
	}
}

static void establish(struct pri *pri)
{
	static const uint8_t sabme[] = {ADDR_USER_CMD, ADDR_TEI0, CTRL_SABME_P};
	static const uint8_t ua[] = {ADDR_USER_RSP, ADDR_TEI0, CTRL_UA_F};

	lib_vr = lib_vs = 0;
	link_up = 0;
	feed(pri, sabme, sizeof(sabme));
	feed(pri, ua, sizeof(ua)); /* to the SABME libpri sent when created */
}

static void send_i(struct pri *pri, const uint8_t *p, size_t n)
{
	uint8_t ifr[4 + 256];

	/* Q.931 4.3: protocol discriminator, call reference length, value */
	cur_cref.len = 0;
	if (n >= 2 && (p[1] & 0x0f) <= sizeof(cur_cref.v) && n >= 2u + (p[1] & 0x0f)) {
		cur_cref.len = p[1] & 0x0f;
		memcpy(cur_cref.v, p + 2, cur_cref.len);
	}

	ifr[0] = ADDR_USER_CMD;
	ifr[1] = ADDR_TEI0;
	ifr[2] = (uint8_t)(lib_vr << 1);
	ifr[3] = (uint8_t)(lib_vs << 1);
	memcpy(ifr + 4, p, n);
	feed(pri, ifr, (int)(4 + n));
}

/* RELEASE COMPLETE (Q.931 5.3.4) from the user for every call still up */
static void clear_calls(struct pri *pri)
{
	static const uint8_t cause_normal[] = {0x5a, 0x08, 0x02, 0x80, 0x90};
	uint8_t rc[2 + 4 + sizeof(cause_normal)];
	unsigned int i;

	for (i = 0; i < ncrefs; i++) {
		const struct cref *cr = &crefs[i];

		rc[0] = 0x08;
		rc[1] = cr->len;
		memcpy(rc + 2, cr->v, cr->len);
		if (cr->len)
			rc[2] &= 0x7f; /* flag 0: from the side that originated */
		memcpy(rc + 2 + cr->len, cause_normal, sizeof(cause_normal));
		send_i(pri, rc, 2 + cr->len + sizeof(cause_normal));
	}
	ncrefs = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pri *pri;
	static unsigned int uses;
	size_t off = 0;

	if (!pri || ++uses % 1000 == 0) {
		pri_set_message(quiet);
		pri_set_error(quiet);
		pri = pri_new_cb(-1, PRI_NETWORK, PRI_SWITCH_EUROISDN_E1, io_read, io_write, NULL);
		if (!pri)
			return 0;
		ncrefs = 0;
		establish(pri);
	}
	if (!link_up)
		establish(pri); /* a fuzzed frame may have brought it down */
	if (!link_up)
		abort(); /* the harness no longer reaches Q.931 */
	while (off < size) {
		size_t n = data[off++];

		if (n > size - off)
			n = size - off;
		send_i(pri, data + off, n);
		off += n;
	}
	clear_calls(pri);
	return 0;
}
