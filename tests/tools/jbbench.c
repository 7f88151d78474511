// SPDX-License-Identifier: GPL-2.0-only
/*
 * jbbench: the jitter buffer's cost per 20 ms frame (one put, twenty 1 ms
 * gets) against copying the frame, and underruns/concealment under a
 * jitter profile against the fixed queue media.c had before (primed to
 * 40 ms at a talkspurt, late packets dropped, gaps filled with silence).
 * The profile is synthetic but fixed (seeded): 20 ms base delay, 0-12 ms
 * jitter, a 120 ms stall every 7 s, 3% loss in bursts, +50 ppm drift, 10 min.
 * Output: "name value reference" lines for tests/bench/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "g711.h"
#include "media/jb.h"

#define FRAME 160
#define SECS 600
#define NPKT (SECS * 50)

static struct jb jb;
static double arrive[NPKT];
static uint8_t lost[NPKT];
static int order[NPKT];

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int by_arrival(const void *a, const void *b)
{
	double x = arrive[*(const int *)a], y = arrive[*(const int *)b];

	return x < y ? -1 : x > y;
}

static void profile(void)
{
	uint32_t rng = 7;
	double stall = 0;
	int k, burst = 0;

	for (k = 0; k < NPKT; k++) {
		double send = k * FRAME / (1 + 50e-6), a;

		rng = rng * 1103515245u + 12345u;
		a = send + 160 + ((rng >> 8) % 97);
		if (k % 350 == 100)
			stall = send + 960;
		if (a < stall)
			a = stall;
		arrive[k] = a;
		if (!burst && (rng >> 4) % 100 < 1)
			burst = 1 + (int)((rng >> 12) % 5);
		lost[k] = burst > 0;
		if (burst)
			burst--;
		order[k] = k;
	}
	qsort(order, NPKT, sizeof(order[0]), by_arrival);
}

int main(void)
{
	struct jb_conf conf = {.init_ms = 40, .min_ms = 20, .max_ms = 200, .law = G711_ALAW};
	uint8_t pl[FRAME], out[FRAME], sink = 0;
	struct jb_stats st;
	double t0, t1, t2;
	unsigned long i, n = 200000;
	uint32_t now;
	int next = 0, k;
	/* the old fixed queue */
	long q = 0, old_silence = 0, old_underruns = 0, old_late = 0, old_gap = 0;
	int expected = -1;
	bool empty_run = false;

	for (i = 0; i < FRAME; i++)
		pl[i] = g711_lin2alaw((int16_t)(4000 * ((i % 20) < 10 ? 1 : -1)));
	jb_init(&jb, &conf);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		jb_put(&jb, 1, (uint32_t)(i * FRAME), false, JB_AUDIO, pl, FRAME);
		for (k = 0; k < 20; k++) {
			jb_get(&jb, out + k * 8, 8);
		}
		sink ^= out[7];
	}
	t1 = now_ns();
	for (i = 0; i < n; i++) {
		memcpy(out, pl, FRAME);
		__asm__ volatile("" : : "r"(out) : "memory");
		sink ^= out[(i * 7) % FRAME];
	}
	t2 = now_ns();
	printf("jb_ns_per_frame %.0f %.0f\n", (t1 - t0) / n, (t2 - t1) / n);

	profile();
	jb_init(&jb, &conf);
	for (now = 0; now < (SECS + 1) * 8000; now += 8) {
		while (next < NPKT && arrive[order[next]] <= now) {
			int p = order[next++];

			if (lost[p])
				continue;
			jb_put(&jb, 1, (uint32_t)p * FRAME, false, JB_AUDIO, pl, FRAME);
			/* old media.c: in sequence order into the TDM queue */
			if (expected >= 0 && p < expected) {
				old_late++;
				continue;
			}
			if (expected >= 0 && p > expected) {
				long gap = (long)(p - expected) * FRAME;

				old_gap += gap > 1600 ? 1600 : gap;
				q += gap > 1600 ? 1600 : gap;
			}
			if (expected < 0 || !q)
				q = q < 320 ? 320 : q;
			expected = p + 1;
			q += FRAME;
		}
		jb_get(&jb, out, 8);
		if (expected >= 0 && now < SECS * 8000) {
			if (q >= 8) {
				q -= 8;
				empty_run = false;
			} else {
				old_silence += 8 - q;
				q = 0;
				if (!empty_run)
					old_underruns++;
				empty_run = true;
			}
		}
		if (now == SECS * 8000)
			jb_get_stats(&jb, &st);
	}
	printf("underruns %llu %ld\n", (unsigned long long)st.underruns, old_underruns);
	printf("concealed_ms %llu %ld\n", (unsigned long long)st.concealed / 8,
	       (old_silence + old_gap) / 8);
	printf("late %llu %ld\n", (unsigned long long)st.late, old_late);
	printf("depth_ms %u %ld\n", st.depth / 8, q / 8);
	return sink == 0x5a ? 1 : 0;
}
