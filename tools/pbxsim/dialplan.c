// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim dial plan: action strings ("ring 2000 echo") and number lookup. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pbxsim.h"

#define ACTIONS_ALLOWED "echo [LOSS_DB], milliwatt, answer, busy, reject CAUSE, ring MS [ACTION]"

static const char *next_word(const char **sp, size_t *len)
{
	const char *s = *sp, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	*len = (size_t)(s - w);
	*sp = s;
	return *len ? w : NULL;
}

static bool word_is(const char *w, size_t len, const char *name)
{
	return len == strlen(name) && !strncasecmp(w, name, len);
}

static int word_uint(const char *w, size_t len, unsigned min, unsigned max, unsigned *v)
{
	unsigned long n = 0;
	size_t i;

	if (!len || len > 9)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (w[i] < '0' || w[i] > '9')
			return -EINVAL;
		n = n * 10 + (unsigned)(w[i] - '0');
	}
	if (n < min || n > max)
		return -ERANGE;
	*v = (unsigned)n;
	return 0;
}

int pbx_action_parse(struct pbx_action *a, const char *s, char *err, size_t errlen)
{
	const char *orig = s, *w;
	size_t len;
	unsigned v;

	memset(a, 0, sizeof(*a));
	w = next_word(&s, &len);
	if (w && word_is(w, len, "ring")) {
		w = next_word(&s, &len);
		if (!w || word_uint(w, len, 0, 3600000, &v)) {
			snprintf(err, errlen, "'ring' needs milliseconds 0-3600000 (allowed: %s)",
				 ACTIONS_ALLOWED);
			return -EINVAL;
		}
		a->ring = true;
		a->ring_ms = v;
		w = next_word(&s, &len);
		if (!w)
			return 0; /* ring until the caller gives up */
	}
	if (!w)
		goto bad;
	if (word_is(w, len, "echo")) {
		a->act = PBX_ACT_ECHO;
		w = next_word(&s, &len);
		if (w && word_uint(w, len, 0, 60, &v)) {
			snprintf(err, errlen, "'echo' takes a loss of 0-60 dB (allowed: %s)",
				 ACTIONS_ALLOWED);
			return -EINVAL;
		}
		a->echo_loss_db = w ? v : 0;
	} else if (word_is(w, len, "milliwatt")) {
		a->act = PBX_ACT_MILLIWATT;
	} else if (word_is(w, len, "answer")) {
		a->act = PBX_ACT_ANSWER;
	} else if (word_is(w, len, "busy")) {
		a->act = PBX_ACT_REJECT;
		a->cause = CAUSE_USER_BUSY;
	} else if (word_is(w, len, "reject")) {
		w = next_word(&s, &len);
		if (!w || word_uint(w, len, 1, 127, &v)) {
			snprintf(err, errlen, "'reject' needs a Q.850 cause 1-127 (allowed: %s)",
				 ACTIONS_ALLOWED);
			return -EINVAL;
		}
		a->act = PBX_ACT_REJECT;
		a->cause = (int)v;
	} else {
		goto bad;
	}
	if (next_word(&s, &len))
		goto bad;
	return 0;

bad:
	snprintf(err, errlen, "'%s' is not an action (allowed: %s)", orig, ACTIONS_ALLOWED);
	return -EINVAL;
}

void pbx_action_format(const struct pbx_action *a, char *buf, size_t size)
{
	static const char *const names[] = {
		[PBX_ACT_NONE] = "",
		[PBX_ACT_ECHO] = "echo",
		[PBX_ACT_MILLIWATT] = "milliwatt",
		[PBX_ACT_ANSWER] = "answer",
		[PBX_ACT_REJECT] = "reject",
	};
	char fin[32];

	if (a->act == PBX_ACT_REJECT)
		snprintf(fin, sizeof(fin), "reject %d", a->cause);
	else if (a->act == PBX_ACT_ECHO && a->echo_loss_db)
		snprintf(fin, sizeof(fin), "echo %u", a->echo_loss_db);
	else
		snprintf(fin, sizeof(fin), "%s", names[a->act]);
	if (a->ring)
		snprintf(buf, size, "ring %u%s%s", a->ring_ms, *fin ? " " : "", fin);
	else
		snprintf(buf, size, "%s", fin);
}

const struct pbx_action *pbx_dialplan_lookup(const struct pbx_conf *conf, const char *number)
{
	int i;

	for (i = 0; i < conf->nroutes; i++)
		if (!strcmp(conf->routes[i].number, number))
			return &conf->routes[i].action;
	return &conf->dflt;
}
