// SPDX-License-Identifier: GPL-2.0-only
/* Helpers for struct pl slices: comparison, trimming, number parsing. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "pl.h"

bool pl_eq_str(const struct pl *pl, const char *s)
{
	size_t n = strlen(s);

	return pl->p && pl->l == n && memcmp(pl->p, s, n) == 0;
}

bool pl_eqcase_str(const struct pl *pl, const char *s)
{
	size_t n = strlen(s);

	return pl->p && pl->l == n && strncasecmp(pl->p, s, n) == 0;
}

bool pl_eq(const struct pl *a, const struct pl *b)
{
	return a->l == b->l && (a->l == 0 || memcmp(a->p, b->p, a->l) == 0);
}

bool pl_eqcase(const struct pl *a, const struct pl *b)
{
	return a->l == b->l && (a->l == 0 || strncasecmp(a->p, b->p, a->l) == 0);
}

static bool is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct pl pl_trim(struct pl pl)
{
	while (pl.l && is_lws(pl.p[0])) {
		pl.p++;
		pl.l--;
	}
	while (pl.l && is_lws(pl.p[pl.l - 1]))
		pl.l--;
	return pl;
}

int pl_u32(const struct pl *pl, uint32_t *v, uint32_t max)
{
	uint64_t n = 0;
	size_t i;

	if (!pl->p || pl->l == 0)
		return -EINVAL;
	for (i = 0; i < pl->l; i++) {
		if (pl->p[i] < '0' || pl->p[i] > '9')
			return -EINVAL;
		n = n * 10 + (uint64_t)(pl->p[i] - '0');
		if (n > max)
			return -ERANGE;
	}
	*v = (uint32_t)n;
	return 0;
}

int pl_strcpy(const struct pl *pl, char *buf, size_t size)
{
	size_t n;

	if (!size)
		return -ENOSPC;
	n = pl->l < size - 1 ? pl->l : size - 1;
	if (n)
		memcpy(buf, pl->p, n);
	buf[n] = '\0';
	return n == pl->l ? 0 : -ENOSPC;
}

const char *pl_chr(const struct pl *pl, char c)
{
	return pl->l ? memchr(pl->p, c, pl->l) : NULL;
}
