/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event loop: epoll for file descriptors plus one timerfd for all
 * timers. One loop per thread; nothing here locks.
 */
#ifndef PRIGATE_LOOP_H
#define PRIGATE_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>

struct loop;

typedef void (fd_h)(int fd, uint32_t events, void *arg);
typedef void (timer_h)(void *arg);

struct timer {
	uint64_t expires_ms; /* CLOCK_MONOTONIC milliseconds */
	timer_h *h;
	void *arg;
	struct timer *next;  /* loop's sorted list */
	bool armed;
};

int loop_alloc(struct loop **lp);
void loop_free(struct loop *l);
/* events: EPOLLIN/EPOLLOUT; re-adding an fd modifies its events */
int loop_fd_add(struct loop *l, int fd, uint32_t events, fd_h *h, void *arg);
void loop_fd_del(struct loop *l, int fd);
/* run until loop_stop(); returns 0 or -errno */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);
/* wait at most timeout_ms for events, run what is ready; for tests/tools */
int loop_poll(struct loop *l, int timeout_ms);

uint64_t time_now_ms(void);
uint64_t time_now_ns(void);

/*
 * The loop's clock: CLOCK_MONOTONIC milliseconds, or a fake clock set by
 * a test. Timers and everything that computes a deadline against them
 * (SIP transactions) read time through loop_now_ms() so that a test can
 * step time and call loop_run_due() instead of sleeping.
 */
typedef uint64_t (loop_clock_h)(void *arg);
void loop_set_clock(struct loop *l, loop_clock_h *clock, void *arg);
uint64_t loop_now_ms(const struct loop *l);
/* run the timers due at loop_now_ms(); returns how many ran */
int loop_run_due(struct loop *l);
/* expiry of the earliest armed timer, 0 when none */
uint64_t loop_next_timer_ms(const struct loop *l);

static inline void timer_init(struct timer *t)
{
	t->armed = false;
	t->next = (void *)0;
}
void timer_start(struct loop *l, struct timer *t, uint64_t delay_ms, timer_h *h, void *arg);
void timer_cancel(struct loop *l, struct timer *t);
static inline bool timer_armed(const struct timer *t)
{
	return t->armed;
}

#endif
