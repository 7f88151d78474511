// SPDX-License-Identifier: GPL-2.0-only
/*
 * Jitter buffer against a simulated network: the sender's clock (with
 * drift), per-packet delay (jitter, bursts), loss, reordering, duplicates,
 * SSRC change and timestamp jump; the TDM clock pulls 1 ms at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "g711.h"
#include "media/jb.h"

#define MAX_PKTS 40000
#define FRAME 160

struct pkt {
	double arrive; /* receiver samples */
	uint32_t ts, ssrc, first;
	bool marker, cn;
};

struct jb_case {
	const char *name;
	unsigned seconds;
	double ppm;			  /* sender clock against the TDM clock */
	unsigned loss_every;		  /* every n-th packet lost, 0: none */
	unsigned reorder_every;		  /* packet n and n+1 swapped */
	unsigned dup_every;		  /* packet n sent twice */
	unsigned jitter_ms;		  /* uniform extra delay 0..jitter_ms */
	unsigned burst_every_s, burst_ms; /* the network stalls for burst_ms */
	unsigned ssrc_change_s, ts_jump_s;
	unsigned talk_ms, pause_ms; /* DTX: pause_ms without packets (CN first) */
	bool quiet_gaps;	    /* the speech has low-energy stretches */
	/* expectations */
	uint64_t concealed_max, underruns_max, late_max;
	uint64_t dropped_min, dropped_max, inserted_min, inserted_max;
	uint64_t dup, resyncs;
	unsigned depth_max_ms; /* never above, after the first second */
};

/* clang-format off */
static const struct jb_case cases[] = {
	/* clean audio is never touched: the depth only drops in silence */
	{"clean 60 s: bit-exact, no drop/insert", 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 0, 0, 1, 50},
	{"RFC 3550: 2% loss, each lost packet concealed once", 60, 0, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	 true, 59 * FRAME, 0, 0, 0, 0, 0, 0, 0, 1, 50},
	{"RFC 3550: reordering of every 25th pair", 60, 0, 0, 25, 0, 0, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 40, 0, 1, 50},
	{"RFC 3550: 10% duplicates", 60, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 0, 300, 1, 50},
	{"jitter 0-30 ms uniform", 60, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 200, 0, 1, 70},
	{"jitter burst 150 ms every 10 s: only the first heard", 60, 0, 0, 0, 0, 0, 10, 150, 0, 0,
	 0, 0, true, 150 * 8, 1, 0, 0, 600, 0, 600, 0, 1, 170},
	{"drift +100 ppm, 10 min", 600, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 300, 480, 0, 0, 0, 1, 60},
	{"drift -100 ppm, 10 min", 600, -100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 250, 400, 0, 1, 50},
	{"drift +100 ppm, 10 min, no quiet samples", 600, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	 false, 0, 0, 0, 250, 480, 0, 0, 0, 1, 70},
	{"drift -100 ppm, 10 min, DTX with RFC 3389 CN", 600, -100, 0, 0, 0, 0, 0, 0, 0, 0, 2000,
	 1000, true, 0, 0, 0, 0, 0, 0, 0, 0, 1, 50},
	{"RFC 3550 8.2: SSRC change at 30 s", 60, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 0, 0, 2, 50},
	{"timestamp jump at 30 s", 60, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, true,
	 0, 0, 0, 0, 0, 0, 0, 0, 2, 50},
};
/* clang-format on */

static struct pkt pkts[MAX_PKTS];
static unsigned npkts;
static uint32_t rng;

static double frand(void)
{
	rng = rng * 1103515245u + 12345u;
	return (double)((rng >> 8) & 0xffff) / 65536.0;
}

static int16_t signal_at(uint32_t n, bool quiet_gaps)
{
	/* 1 kHz; in quiet_gaps mode 300 ms loud, 100 ms quiet */
	double a = quiet_gaps && n % 3200 >= 2400 ? 100 : 8000;

	return (int16_t)(a * sin(2 * M_PI * 1000 * n / 8000.0 + 0.3));
}

static void add(const struct pkt *p)
{
	assert_true(npkts < MAX_PKTS);
	pkts[npkts++] = *p;
}

static int by_arrival(const void *a, const void *b)
{
	const struct pkt *x = a, *y = b;

	return x->arrive < y->arrive ? -1 : x->arrive > y->arrive;
}

static void build(const struct jb_case *c)
{
	double period = FRAME / (1 + c->ppm * 1e-6);
	unsigned total = (c->seconds + 1) * 50, k; /* stats stop at seconds */
	uint32_t ts = 12345, ssrc = 0x1234;
	double stall_until = 0;
	bool talk = true;

	npkts = 0;
	rng = 42;
	for (k = 0; k < total; k++) {
		double send = k * period, arr = send + 160 + frand() * c->jitter_ms * 8;
		struct pkt p = {.ts = ts + k * FRAME, .ssrc = ssrc, .first = k * FRAME};
		unsigned ms = k * 20;

		if (c->burst_every_s && ms % (c->burst_every_s * 1000) == 5000)
			stall_until = send + c->burst_ms * 8;
		if (arr < stall_until)
			arr = stall_until;
		p.arrive = arr;

		if (c->talk_ms) {
			bool now = ms % (c->talk_ms + c->pause_ms) < c->talk_ms;

			if (!now) {
				if (talk) {
					p.cn = true;
					add(&p);
				}
				talk = false;
				continue;
			}
			p.marker = !talk;
			talk = true;
		}
		if (c->ssrc_change_s && ms == c->ssrc_change_s * 1000) {
			ssrc = 0x9999;
			ts -= 777777;
			p.ssrc = ssrc;
			p.ts = ts + k * FRAME;
		}
		if (c->ts_jump_s && ms == c->ts_jump_s * 1000) {
			ts += 100000;
			p.ts = ts + k * FRAME;
		}
		if (c->loss_every && k % c->loss_every == c->loss_every - 1)
			continue;
		if (c->reorder_every && k % c->reorder_every == 1)
			p.arrive += 2.5 * 8 + period;
		add(&p);
		if (c->dup_every && k % c->dup_every == 3) {
			p.arrive += 40;
			add(&p);
		}
	}
	qsort(pkts, npkts, sizeof(pkts[0]), by_arrival);
}

static void run(const struct jb_case *c, struct jb_stats *st)
{
	static struct jb jb;
	struct jb_conf conf = {.init_ms = 40, .min_ms = 20, .max_ms = 300, .law = G711_ULAW};
	uint32_t now, end = c->seconds * 8000 + 8000;
	unsigned next = 0, i, depth_max = 0;
	uint8_t pl[FRAME], out[8];
	uint8_t cn[] = {60};

	build(c);
	jb_init(&jb, &conf);
	for (now = 0; now < end; now += 8) {
		while (next < npkts && pkts[next].arrive <= now) {
			const struct pkt *p = &pkts[next++];

			if (p->cn) {
				assert_int_equal(jb_put(&jb, p->ssrc, p->ts, false, JB_CN, cn, 1),
						 0);
				continue;
			}
			for (i = 0; i < FRAME; i++)
				pl[i] = g711_lin2ulaw(signal_at(p->first + i, c->quiet_gaps));
			assert_int_equal(
				jb_put(&jb, p->ssrc, p->ts, p->marker, JB_AUDIO, pl, FRAME), 0);
		}
		jb_get(&jb, out, sizeof(out));
		if (now <= c->seconds * 8000)
			jb_get_stats(&jb, st);
		if (now > 8000 && now < c->seconds * 8000 && st->depth > depth_max)
			depth_max = st->depth;
	}
	printf("%-45s depth max %3u ms target %3u ms concealed %6llu underruns %llu late %llu "
	       "dropped %llu inserted %llu dup %llu resyncs %llu\n",
	       c->name, depth_max / 8, st->target / 8, (unsigned long long)st->concealed,
	       (unsigned long long)st->underruns, (unsigned long long)st->late,
	       (unsigned long long)st->dropped, (unsigned long long)st->inserted,
	       (unsigned long long)st->dup, (unsigned long long)st->resyncs);
	if (!getenv("JB_NOASSERT"))
		assert_true(depth_max <= c->depth_max_ms * 8);
}

static void test_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct jb_case *c = &cases[i];
		struct jb_stats st;

		run(c, &st);
		if (getenv("JB_NOASSERT"))
			continue;
		assert_true(st.concealed <= c->concealed_max);
		assert_true(st.underruns <= c->underruns_max);
		assert_true(st.late <= c->late_max);
		assert_true(st.dropped >= c->dropped_min && st.dropped <= c->dropped_max);
		assert_true(st.inserted >= c->inserted_min && st.inserted <= c->inserted_max);
		assert_int_equal(st.dup, c->dup);
		assert_int_equal(st.resyncs, c->resyncs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
