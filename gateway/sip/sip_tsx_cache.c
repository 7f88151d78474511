// SPDX-License-Identifier: GPL-2.0-only
/*
 * Non-INVITE server transactions, reduced to what UDP needs: the final
 * response is kept for 64*T1 (timer J) and resent when the request is
 * retransmitted (RFC 3261 17.2.2).
 */
#include <stdlib.h>
#include <string.h>

#include "sip_ua_priv.h"

static void cache_expire_h(void *arg)
{
	struct sip_ua *ua = arg;
	struct tsx_cached **pp = &ua->cache;
	uint64_t now = loop_now_ms(ua->loop);

	while (*pp) {
		struct tsx_cached *c = *pp;

		if (c->expires_ms <= now) {
			*pp = c->next;
			free(c->resp);
			free(c);
		} else {
			pp = &c->next;
		}
	}
	if (ua->cache)
		timer_start(ua->loop, &ua->t_cache, 1000, cache_expire_h, ua);
}

void tsx_cache_put(struct sip_ua *ua, enum sip_transport tp, const char *key, const char *resp,
		   size_t len, const struct sockaddr_storage *dst)
{
	struct tsx_cached *c = calloc(1, sizeof(*c));

	if (!c)
		return;
	c->resp = malloc(len);
	if (!c->resp) {
		free(c);
		return;
	}
	memcpy(c->resp, resp, len);
	c->len = len;
	c->dst = *dst;
	c->tp = tp;
	strncpy(c->key, key, sizeof(c->key) - 1);
	c->expires_ms = loop_now_ms(ua->loop) + 64ull * ua->t1;
	c->next = ua->cache;
	ua->cache = c;
	if (!timer_armed(&ua->t_cache))
		timer_start(ua->loop, &ua->t_cache, 1000, cache_expire_h, ua);
}

bool tsx_cache_hit(struct sip_ua *ua, const char *key)
{
	struct tsx_cached *c;

	for (c = ua->cache; c; c = c->next) {
		if (!strcmp(c->key, key)) {
			ua_send(ua, c->tp, &c->dst, c->resp, c->len);
			return true;
		}
	}
	return false;
}

void tsx_cache_flush(struct sip_ua *ua)
{
	while (ua->cache) {
		struct tsx_cached *c = ua->cache;

		ua->cache = c->next;
		free(c->resp);
		free(c);
	}
	timer_cancel(ua->loop, &ua->t_cache);
}
