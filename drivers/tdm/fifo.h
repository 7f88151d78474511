/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A byte FIFO per B-channel and direction, shared by the TDM backends.
 * Producer and consumer are the same (media) thread, so nothing is atomic.
 */
#ifndef PRIGATE_TDM_FIFO_H
#define PRIGATE_TDM_FIFO_H

#include <stddef.h>
#include <stdint.h>

#define TDM_FIFO_SIZE 4096 /* power of two: 512 ms of G.711 */

struct tdm_fifo {
	uint8_t buf[TDM_FIFO_SIZE];
	uint32_t head; /* write position */
	uint32_t tail; /* read position */
};

static inline void tdm_fifo_reset(struct tdm_fifo *f)
{
	f->head = f->tail = 0;
}

static inline uint32_t tdm_fifo_used(const struct tdm_fifo *f)
{
	return f->head - f->tail;
}

static inline size_t tdm_fifo_put(struct tdm_fifo *f, const uint8_t *p, size_t n)
{
	size_t i, room = TDM_FIFO_SIZE - tdm_fifo_used(f);

	if (n > room)
		n = room;
	for (i = 0; i < n; i++)
		f->buf[(f->head + i) & (TDM_FIFO_SIZE - 1)] = p[i];
	f->head += (uint32_t)n;
	return n;
}

/* look at up to n bytes without taking them */
static inline size_t tdm_fifo_peek(const struct tdm_fifo *f, uint8_t *p, size_t n)
{
	size_t i, used = tdm_fifo_used(f);

	if (n > used)
		n = used;
	for (i = 0; i < n; i++)
		p[i] = f->buf[(f->tail + i) & (TDM_FIFO_SIZE - 1)];
	return n;
}

static inline void tdm_fifo_drop(struct tdm_fifo *f, size_t n)
{
	if (n > tdm_fifo_used(f))
		n = tdm_fifo_used(f);
	f->tail += (uint32_t)n;
}

static inline size_t tdm_fifo_get(struct tdm_fifo *f, uint8_t *p, size_t n)
{
	n = tdm_fifo_peek(f, p, n);
	tdm_fifo_drop(f, n);
	return n;
}

#endif
