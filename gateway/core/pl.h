/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct pl: a pointer-length slice into a buffer someone else owns.
 * Parsers return these instead of copying; nothing here allocates.
 */
#ifndef PRIGATE_PL_H
#define PRIGATE_PL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pl {
	const char *p;
	size_t l;
};

#define PL_INIT {NULL, 0}
#define PL(s) ((struct pl){(s), sizeof(s) - 1})

static inline struct pl pl_make(const char *p, size_t l)
{
	return (struct pl){p, l};
}

static inline bool pl_isset(const struct pl *pl)
{
	return pl->p != NULL;
}

/* exact, case-sensitive comparison with a C string */
bool pl_eq_str(const struct pl *pl, const char *s);
/* case-insensitive comparison with a C string (tokens, header names) */
bool pl_eqcase_str(const struct pl *pl, const char *s);
bool pl_eq(const struct pl *a, const struct pl *b);
bool pl_eqcase(const struct pl *a, const struct pl *b);
/* strip leading/trailing SP/HTAB/CR/LF */
struct pl pl_trim(struct pl pl);
/* decimal unsigned; -EINVAL on non-digit or empty, -ERANGE above max */
int pl_u32(const struct pl *pl, uint32_t *v, uint32_t max);
/* copy into a NUL-terminated buffer; -ENOSPC (and truncated) if too long */
int pl_strcpy(const struct pl *pl, char *buf, size_t size);
/* first occurrence of c, or NULL */
const char *pl_chr(const struct pl *pl, char c);

#endif
