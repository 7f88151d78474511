/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vspan: back-to-back virtual E1/T1 span pairs for DAHDI.
 *
 * Shared definitions: the per-module context, a pair of spans joined by a
 * virtual cable, and the per-side state the tick and sysfs code share.
 */
#ifndef VSPAN_H
#define VSPAN_H

#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <dahdi/kernel.h>

#define VSPAN_MAX_CHANS		31
#define VSPAN_MAX_PAIRS		16
#define VSPAN_TICK_NS		NSEC_PER_MSEC
/* Ticks delivered by one late wakeup before the rest are counted as lost. */
#define VSPAN_MAX_CATCHUP	200

/*
 * Receive elastic store, in frames (one sample per timeslot). It centres at
 * VSPAN_ES_NOMINAL when a span starts; a clock offset moves the fill level by
 * at most 8 frames before the faster side's extra tick (or the slower side's
 * skipped tick) restores it.
 */
#define VSPAN_ES_SIZE		64
#define VSPAN_ES_MASK		(VSPAN_ES_SIZE - 1)
#define VSPAN_ES_NOMINAL	16
#define VSPAN_ES_MIN		DAHDI_CHUNKSIZE
#define VSPAN_ES_MAX		(VSPAN_ES_SIZE - 2 * DAHDI_CHUNKSIZE)

#define VSPAN_PPM_MAX		1000
#define VSPAN_IDLE		0xff
/* far-end hybrid echo: up to 100 ms of each B-channel's transmit history */
#define VSPAN_ECHO_SIZE		1024
#define VSPAN_ECHO_MASK		(VSPAN_ECHO_SIZE - 1)
#define VSPAN_ECHO_MAX_MS	100
#define VSPAN_ECHO_MAX_DB	60

/* Tick lateness histogram bucket upper bounds, in microseconds. */
#define VSPAN_LATE_BUCKETS	10

struct vspan_estore {
	u8 buf[VSPAN_MAX_CHANS][VSPAN_ES_SIZE];
	u32 wr;
	u32 rd;
	bool centred;
};

enum vspan_rx_mode {
	VSPAN_RX_IDLE,
	VSPAN_RX_DELIVER,
	VSPAN_RX_DROP,
	VSPAN_RX_CORRUPT,
};

struct vspan_side_stats {
	u64 slips;
	u64 resyncs;
	u64 crc_errors;
	u64 frames_dropped;
	u64 frames_rx;
	u64 frames_tx;
};

struct vspan_pair;

/* One span of a pair. Faults are properties of this side's receiver. */
struct vspan_side {
	struct dahdi_span span;
	struct dahdi_chan *chans[VSPAN_MAX_CHANS];
	struct vspan_pair *pair;
	struct vspan_side *peer;
	int index;			/* 0 = a, 1 = b */
	int dchan;			/* channel index of the D-channel */
	int sync;			/* timing priority from span= */
	int alarms;			/* alarms last reported to DAHDI */

	/* Written by sysfs, read by the tick. */
	bool inj_los;
	bool inj_ais;
	u32 dchan_drop_ppm;
	u32 dchan_corrupt_ppm;
	atomic_t dchan_drop_once;
	atomic_t dchan_corrupt_once;
	atomic_t slip_drop_once;
	atomic_t slip_repeat_once;
	u32 echo_loss_db;		/* 0: no echo; else its loss */
	u32 echo_delay_ms;

	/* Owned by the tick. */
	u8 (*echo_hist)[VSPAN_ECHO_SIZE];	/* per channel, what this side sent */
	u32 echo_wr;
	struct vspan_estore rx;
	bool rx_slipped;		/* a slip hit this tick */
	enum vspan_rx_mode rx_mode;	/* frame arriving from the peer */
	u16 rx_fcs;
	unsigned long dchan_txq;	/* bit 0: hdlc_hard_xmit hint */
	bool tx_in_frame;
	u32 prng;
	struct vspan_side_stats st;
};

struct vspan_pair {
	struct list_head node;		/* vspan_ctx.pairs, pairs_lock */
	struct device dev;		/* /sys/class/vspan/pairN */
	struct dahdi_device *ddev;
	int id;
	bool t1;
	int clock_ppm;			/* side b's clock against side a's */
	u32 slip_acc;
	u32 clock_slips;
	struct vspan_side side[2];
};

struct vspan_timer_stats {
	u64 wakeups;
	u64 ticks;
	u64 missed;
	u64 lost;
	u64 late_max_ns;
	u64 late_sum_ns;
	u64 hist[VSPAN_LATE_BUCKETS];
};

/* Everything the module owns. */
struct vspan_ctx {
	struct hrtimer timer;
	spinlock_t pairs_lock;		/* pairs list vs the tick */
	struct list_head pairs;
	struct mutex cfg_lock;		/* create/destroy */
	DECLARE_BITMAP(ids, VSPAN_MAX_PAIRS);
	struct vspan_timer_stats ts;
	struct class cls;			/* /sys/class/vspan */
	bool default_t1;
};

extern const unsigned int vspan_late_bounds_us[VSPAN_LATE_BUCKETS];

/* vspan_span.c */
int vspan_pair_create(struct vspan_ctx *ctx, bool t1);
int vspan_pair_destroy(struct vspan_ctx *ctx, int id);
void vspan_pair_destroy_all(struct vspan_ctx *ctx);
void vspan_side_update_alarms(struct vspan_side *s);

/* vspan_timer.c */
void vspan_timer_start(struct vspan_ctx *ctx);
void vspan_timer_stop(struct vspan_ctx *ctx);
void vspan_timer_stats_get(struct vspan_ctx *ctx,
			   struct vspan_timer_stats *out);
void vspan_timer_stats_reset(struct vspan_ctx *ctx);

/* vspan_dchan.c */
void vspan_dchan_tick(struct vspan_side *s);
void vspan_dchan_hard_xmit(struct dahdi_chan *chan);

/* vspan_sysfs.c */
int vspan_sysfs_init(struct vspan_ctx *ctx);
void vspan_sysfs_exit(struct vspan_ctx *ctx);
extern const struct attribute_group *vspan_pair_groups[];

static inline struct vspan_side *vspan_side_of(struct dahdi_span *span)
{
	return container_of(span, struct vspan_side, span);
}

static inline bool vspan_running(const struct vspan_side *s)
{
	return test_bit(DAHDI_FLAGBIT_RUNNING, &s->span.flags);
}

/* xorshift32: cheap, deterministic fault decisions in hard irq context. */
static inline u32 vspan_rand(struct vspan_side *s)
{
	u32 x = s->prng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	s->prng = x;
	return x;
}

#endif /* VSPAN_H */
