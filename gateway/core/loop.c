// SPDX-License-Identifier: GPL-2.0-only
/* The event loop: epoll over fds, one timerfd driving a sorted timer list. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

struct fd_entry {
	fd_h *h;
	void *arg;
	uint32_t events;
	bool used;
};

struct loop {
	int epfd;
	int tfd;
	struct fd_entry *fds;
	int nfds;
	struct timer *timers; /* sorted by expires_ms */
	uint64_t armed_ms;    /* what tfd is set to, 0 when disarmed */
	bool stop;
	loop_clock_h *clock;  /* NULL: CLOCK_MONOTONIC; else a test's fake clock */
	void *clock_arg;
};

uint64_t time_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t time_now_ms(void)
{
	return time_now_ns() / 1000000ull;
}

uint64_t loop_now_ms(const struct loop *l)
{
	return l->clock ? l->clock(l->clock_arg) : time_now_ms();
}

void loop_set_clock(struct loop *l, loop_clock_h *clock, void *arg)
{
	l->clock = clock;
	l->clock_arg = arg;
}

static void loop_rearm(struct loop *l)
{
	struct itimerspec its = {0};
	uint64_t at = l->timers ? l->timers->expires_ms : 0;

	/* a fake clock is driven by loop_run_due(), not by the timerfd */
	if (l->clock)
		return;
	if (at == l->armed_ms)
		return;
	l->armed_ms = at;
	if (at) {
		its.it_value.tv_sec = (time_t)(at / 1000);
		its.it_value.tv_nsec = (long)(at % 1000) * 1000000L;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

void timer_cancel(struct loop *l, struct timer *t)
{
	struct timer **pp;

	if (!t->armed)
		return;
	for (pp = &l->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->armed = false;
	t->next = NULL;
	loop_rearm(l);
}

void timer_start(struct loop *l, struct timer *t, uint64_t delay_ms, timer_h *h, void *arg)
{
	struct timer **pp;

	timer_cancel(l, t);
	t->expires_ms = loop_now_ms(l) + delay_ms;
	t->h = h;
	t->arg = arg;
	for (pp = &l->timers; *pp && (*pp)->expires_ms <= t->expires_ms; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	loop_rearm(l);
}

int loop_run_due(struct loop *l)
{
	uint64_t now = loop_now_ms(l);
	int n = 0;

	while (l->timers && l->timers->expires_ms <= now) {
		struct timer *t = l->timers;

		l->timers = t->next;
		t->next = NULL;
		t->armed = false;
		t->h(t->arg);
		n++;
	}
	loop_rearm(l);
	return n;
}

uint64_t loop_next_timer_ms(const struct loop *l)
{
	return l->timers ? l->timers->expires_ms : 0;
}

static void timers_run(struct loop *l)
{
	uint64_t buf, now = loop_now_ms(l);

	if (read(l->tfd, &buf, sizeof(buf)) < 0 && errno != EAGAIN)
		return;
	l->armed_ms = 0;
	while (l->timers && l->timers->expires_ms <= now) {
		struct timer *t = l->timers;

		l->timers = t->next;
		t->next = NULL;
		t->armed = false;
		t->h(t->arg);
	}
	loop_rearm(l);
}

int loop_alloc(struct loop **lp)
{
	struct loop *l = calloc(1, sizeof(*l));
	struct epoll_event ev = {.events = EPOLLIN};
	int err;

	if (!l)
		return -ENOMEM;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		err = -errno;
		goto err_free;
	}
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0) {
		err = -errno;
		goto err_close_ep;
	}
	ev.data.fd = l->tfd;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->tfd, &ev) < 0) {
		err = -errno;
		goto err_close_tfd;
	}
	*lp = l;
	return 0;

err_close_tfd:
	close(l->tfd);
err_close_ep:
	close(l->epfd);
err_free:
	free(l);
	return err;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	close(l->tfd);
	close(l->epfd);
	free(l->fds);
	free(l);
}

int loop_fd_add(struct loop *l, int fd, uint32_t events, fd_h *h, void *arg)
{
	struct epoll_event ev = {.events = events, .data.fd = fd};
	bool mod;

	if (fd < 0)
		return -EBADF;
	if (fd >= l->nfds) {
		int n = fd + 64;
		struct fd_entry *fds = realloc(l->fds, (size_t)n * sizeof(*fds));

		if (!fds)
			return -ENOMEM;
		memset(fds + l->nfds, 0, (size_t)(n - l->nfds) * sizeof(*fds));
		l->fds = fds;
		l->nfds = n;
	}
	mod = l->fds[fd].used;
	if (epoll_ctl(l->epfd, mod ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	l->fds[fd] = (struct fd_entry){.h = h, .arg = arg, .events = events, .used = true};
	return 0;
}

void loop_fd_del(struct loop *l, int fd)
{
	if (fd < 0 || fd >= l->nfds || !l->fds[fd].used)
		return;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->fds[fd].used = false;
}

int loop_poll(struct loop *l, int timeout_ms)
{
	struct epoll_event evs[32];
	int i, n;

	n = epoll_wait(l->epfd, evs, 32, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		int fd = evs[i].data.fd;

		if (fd == l->tfd) {
			timers_run(l);
			continue;
		}
		/* an earlier handler in this batch may have removed fd */
		if (fd < l->nfds && l->fds[fd].used)
			l->fds[fd].h(fd, evs[i].events, l->fds[fd].arg);
	}
	return n;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}

int loop_run(struct loop *l)
{
	int err;

	l->stop = false;
	while (!l->stop) {
		err = loop_poll(l, -1);
		if (err < 0)
			return err;
	}
	return 0;
}
