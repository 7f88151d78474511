// SPDX-License-Identifier: GPL-2.0
/*
 * vspan: the 1 ms clock. One absolute hrtimer on an ideal 1 ms grid drives
 * every pair; a late wakeup delivers every tick it missed, so the long-run
 * rate is exactly 8000 frames/s. Each tick crosses each side's transmitted
 * frames into the peer's receive elastic store and runs DAHDI on both spans.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/string.h>

#include "vspan.h"

const unsigned int vspan_late_bounds_us[VSPAN_LATE_BUCKETS] = {
	10, 20, 50, 100, 250, 500, 1000, 2000, 5000, UINT_MAX,
};

static void vspan_es_slip(struct vspan_side *s, bool drop)
{
	if (drop)
		s->rx.rd++;
	else
		s->rx.rd--;
	s->rx_slipped = true;
	s->st.slips++;
	s->span.count.timingslips++;
}

/* Pop one chunk from this side's elastic store into its readchunks. */
static void vspan_es_pop(struct vspan_side *s)
{
	struct vspan_estore *es = &s->rx;
	int nchans = s->span.channels;
	u32 fill;
	int c, i;

	if (atomic_add_unless(&s->slip_drop_once, -1, 0))
		vspan_es_slip(s, true);
	if (atomic_add_unless(&s->slip_repeat_once, -1, 0))
		vspan_es_slip(s, false);

	fill = es->wr - es->rd;
	if (!READ_ONCE(es->centred) || fill < VSPAN_ES_MIN ||
	    fill > VSPAN_ES_MAX) {
		/* A framer re-centring its elastic store after losing it. */
		if (READ_ONCE(es->centred))
			s->st.resyncs++;
		es->rd = es->wr - VSPAN_ES_NOMINAL;
		WRITE_ONCE(es->centred, true);
	}

	if (READ_ONCE(s->inj_los) || READ_ONCE(s->inj_ais) ||
	    !vspan_running(s->peer)) {
		for (c = 0; c < nchans; c++)
			memset(s->chans[c]->readchunk, VSPAN_IDLE,
			       DAHDI_CHUNKSIZE);
	} else {
		for (c = 0; c < nchans; c++) {
			u8 *rc = s->chans[c]->readchunk;
			const u8 *src = es->buf[c];

			for (i = 0; i < DAHDI_CHUNKSIZE; i++)
				rc[i] = src[(es->rd + i) & VSPAN_ES_MASK];
		}
	}
	es->rd += DAHDI_CHUNKSIZE;
}

/* 2^15 * 10^(-dB/20) for 0..60 dB */
static const u16 vspan_echo_gain[VSPAN_ECHO_MAX_DB + 1] = {
	32767, 29205, 26029, 23198, 20675, 18427, 16423, 14637, 13045, 11627,
	10362, 9235, 8231, 7336, 6538, 5827, 5193, 4629, 4125, 3677,
	3277, 2920, 2603, 2320, 2068, 1843, 1642, 1464, 1305, 1163,
	1036, 924, 823, 734, 654, 583, 519, 463, 413, 368,
	328, 292, 260, 232, 207, 184, 164, 146, 130, 116,
	104, 92, 82, 73, 65, 58, 52, 46, 41, 37,
	33,
};

/*
 * Fault injection: a 2-wire hybrid at the far end returns this side's own
 * transmitted audio, echo_delay_ms later and echo_loss_db down, mixed into
 * what it receives on every B-channel. The path is fixed, as an echo
 * canceller test needs.
 */
static void vspan_echo_mix(struct vspan_side *s)
{
	u32 db = READ_ONCE(s->echo_loss_db);
	u32 delay = READ_ONCE(s->echo_delay_ms) * 8 + DAHDI_CHUNKSIZE;
	int gain, c, i;

	if (!db || db > VSPAN_ECHO_MAX_DB || !s->echo_hist)
		return;
	gain = vspan_echo_gain[db];
	for (c = 0; c < s->span.channels; c++) {
		struct dahdi_chan *chan = s->chans[c];
		u8 *rc = chan->readchunk;
		const u8 *h = s->echo_hist[c];

		if (c == s->dchan || !chan->xlaw)
			continue;
		for (i = 0; i < DAHDI_CHUNKSIZE; i++) {
			int e = DAHDI_XLAW(h[(s->echo_wr - delay + i) & VSPAN_ECHO_MASK], chan);
			int v = DAHDI_XLAW(rc[i], chan) + ((e * gain) >> 15);

			rc[i] = DAHDI_LIN2X(clamp(v, -32768, 32767), chan);
		}
	}
}

/* this tick's transmitted chunks into the echo history */
static void vspan_echo_record(struct vspan_side *s)
{
	int c, i;

	if (!s->echo_hist)
		return;
	for (c = 0; c < s->span.channels; c++)
		for (i = 0; i < DAHDI_CHUNKSIZE; i++)
			s->echo_hist[c][(s->echo_wr + i) & VSPAN_ECHO_MASK] =
				s->chans[c]->writechunk[i];
	s->echo_wr += DAHDI_CHUNKSIZE;
}

/* Push this side's writechunks into the peer's elastic store. */
static void vspan_es_push(struct vspan_side *s)
{
	struct vspan_estore *es = &s->peer->rx;
	int nchans = s->span.channels;
	int c, i;

	for (c = 0; c < nchans; c++) {
		const u8 *wc = s->chans[c]->writechunk;

		for (i = 0; i < DAHDI_CHUNKSIZE; i++)
			es->buf[c][(es->wr + i) & VSPAN_ES_MASK] = wc[i];
	}
	es->wr += DAHDI_CHUNKSIZE;
}

static void vspan_side_tick(struct vspan_side *s)
{
	if (vspan_running(s))
		vspan_side_update_alarms(s);
	vspan_es_pop(s);
	vspan_echo_mix(s);
	dahdi_ec_span(&s->span);
	dahdi_receive(&s->span);
	vspan_dchan_tick(s);
	dahdi_transmit(&s->span);
	vspan_es_push(s);
	vspan_echo_record(s);
	s->rx_slipped = false;
}

/*
 * Clock offset: side b runs clock_ppm faster (or slower) than side a. Both
 * receive elastic stores slip one frame each time the offset accumulates a
 * frame; every 8th slip side b runs an extra tick (or skips one), which
 * restores both fill levels, just as the faster clock produces more frames.
 */
static int vspan_pair_clock(struct vspan_pair *p)
{
	int ppm = READ_ONCE(p->clock_ppm);
	bool fast = ppm > 0;

	if (!ppm)
		return 1;
	p->slip_acc += abs(ppm) * DAHDI_CHUNKSIZE;
	if (p->slip_acc < 1000000)
		return 1;
	p->slip_acc -= 1000000;
	vspan_es_slip(&p->side[0], fast);
	vspan_es_slip(&p->side[1], !fast);
	if (++p->clock_slips < DAHDI_CHUNKSIZE)
		return 1;
	p->clock_slips = 0;
	return fast ? 2 : 0;
}

static void vspan_pair_tick(struct vspan_pair *p)
{
	int runs = vspan_pair_clock(p);

	vspan_side_tick(&p->side[0]);
	while (runs--)
		vspan_side_tick(&p->side[1]);
}

static void vspan_stats_record(struct vspan_timer_stats *ts, s64 late_ns,
			       u64 periods)
{
	u64 us = late_ns > 0 ? (u64)late_ns / NSEC_PER_USEC : 0;
	int b = 0;

	while (b < VSPAN_LATE_BUCKETS - 1 && us >= vspan_late_bounds_us[b])
		b++;
	ts->hist[b]++;
	ts->wakeups++;
	ts->missed += periods - 1;
	if (late_ns > 0) {
		ts->late_sum_ns += late_ns;
		if (late_ns > ts->late_max_ns)
			ts->late_max_ns = late_ns;
	}
}

static enum hrtimer_restart vspan_timer_fn(struct hrtimer *t)
{
	struct vspan_ctx *ctx = container_of(t, struct vspan_ctx, timer);
	ktime_t now = ktime_get();
	s64 late = ktime_to_ns(ktime_sub(now, hrtimer_get_expires(t)));
	u64 periods = hrtimer_forward(t, now, ns_to_ktime(VSPAN_TICK_NS));
	struct vspan_pair *p;
	u64 n;

	spin_lock(&ctx->pairs_lock);
	vspan_stats_record(&ctx->ts, late, periods);
	n = periods;
	if (n > VSPAN_MAX_CATCHUP) {
		ctx->ts.lost += n - VSPAN_MAX_CATCHUP;
		n = VSPAN_MAX_CATCHUP;
	}
	ctx->ts.ticks += n;
	while (n--)
		list_for_each_entry(p, &ctx->pairs, node)
			vspan_pair_tick(p);
	spin_unlock(&ctx->pairs_lock);
	return HRTIMER_RESTART;
}

void vspan_timer_start(struct vspan_ctx *ctx)
{
	hrtimer_init(&ctx->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	ctx->timer.function = vspan_timer_fn;
	hrtimer_start(&ctx->timer,
		      ktime_add_ns(ktime_get(), VSPAN_TICK_NS),
		      HRTIMER_MODE_ABS_HARD);
}

void vspan_timer_stop(struct vspan_ctx *ctx)
{
	hrtimer_cancel(&ctx->timer);
}

void vspan_timer_stats_get(struct vspan_ctx *ctx,
			   struct vspan_timer_stats *out)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->pairs_lock, flags);
	*out = ctx->ts;
	spin_unlock_irqrestore(&ctx->pairs_lock, flags);
}

void vspan_timer_stats_reset(struct vspan_ctx *ctx)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->pairs_lock, flags);
	memset(&ctx->ts, 0, sizeof(ctx->ts));
	spin_unlock_irqrestore(&ctx->pairs_lock, flags);
}
