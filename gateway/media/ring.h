/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A lock-free single-producer/single-consumer ring of fixed-size items,
 * for commands between the event loop and the media thread.
 */
#ifndef PRIGATE_RING_H
#define PRIGATE_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define RING_DEFINE(name, type, order)                                                      \
	struct name {                                                                       \
		_Atomic uint32_t head; /* producer writes */                                \
		_Atomic uint32_t tail; /* consumer writes */                                \
		type items[1u << (order)];                                                  \
	};                                                                                  \
	static inline bool name##_push(struct name *r, const type *item)                    \
	{                                                                                   \
		uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);          \
		uint32_t t = atomic_load_explicit(&r->tail, memory_order_acquire);          \
		if (h - t >= (1u << (order)))                                               \
			return false;                                                       \
		r->items[h & ((1u << (order)) - 1)] = *item;                                \
		atomic_store_explicit(&r->head, h + 1, memory_order_release);               \
		return true;                                                                \
	}                                                                                   \
	static inline bool name##_pop(struct name *r, type *item)                           \
	{                                                                                   \
		uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);          \
		uint32_t h = atomic_load_explicit(&r->head, memory_order_acquire);          \
		if (h == t)                                                                 \
			return false;                                                       \
		*item = r->items[t & ((1u << (order)) - 1)];                                \
		atomic_store_explicit(&r->tail, t + 1, memory_order_release);               \
		return true;                                                                \
	}

#endif
