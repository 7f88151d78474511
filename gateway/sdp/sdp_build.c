// SPDX-License-Identifier: GPL-2.0-only
/* SDP builders: our G.711 offer and the RFC 3264 answer to a remote offer. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sdp.h"

/* bounded appender: counts what it could not write, never writes past size */
struct wbuf {
	char *p;
	size_t size;
	size_t len;
};

static void wb_printf(struct wbuf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void wb_printf(struct wbuf *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (w->len < w->size)
		n = vsnprintf(w->p + w->len, w->size - w->len, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n;
}

static int wb_finish(const struct wbuf *w)
{
	if (w->len >= w->size || w->len > INT32_MAX)
		return -ENOSPC;
	return (int)w->len;
}

static int local_check(const struct sdp_local *local)
{
	unsigned char bin[sizeof(struct in6_addr)];

	if (!local || !local->addr)
		return -EINVAL;
	if (local->family != AF_INET && local->family != AF_INET6)
		return -EINVAL;
	/* a numeric address also keeps CR/LF out of the description */
	if (inet_pton(local->family, local->addr, bin) != 1)
		return -EINVAL;
	if (local->law != SDP_LAW_PCMU && local->law != SDP_LAW_PCMA)
		return -EINVAL;
	if (local->te_pt && (local->te_pt < 96 || local->te_pt > 127))
		return -EINVAL;
	if (local->username && (strpbrk(local->username, " \r\n") || !local->username[0]))
		return -EINVAL;
	if (local->dir > SDP_DIR_INACTIVE)
		return -EINVAL;
	return 0;
}

static const char *addrtype(const struct sdp_local *local)
{
	return local->family == AF_INET6 ? "IP6" : "IP4";
}

static unsigned int local_ptime(const struct sdp_local *local)
{
	return local->ptime ? local->ptime : SDP_PTIME_DEFAULT;
}

/* v= o= s= c=, the part both builders share */
static void session_head(struct wbuf *w, const struct sdp_local *local)
{
	wb_printf(w,
		  "v=0\r\n"
		  "o=%s %" PRIu64 " %" PRIu64 " IN %s %s\r\n"
		  "s=prigate\r\n"
		  "c=IN %s %s\r\n",
		  local->username ? local->username : "prigate", local->sess_id,
		  local->sess_version, addrtype(local), local->addr, addrtype(local), local->addr);
}

static void te_lines(struct wbuf *w, unsigned int pt)
{
	wb_printf(w,
		  "a=rtpmap:%u telephone-event/8000\r\n"
		  "a=fmtp:%u 0-16\r\n",
		  pt, pt);
}

/* a=crypto lines for keys; tag_override: the answer mirrors the offer's tag */
static void crypto_lines(struct wbuf *w, const struct sdp_srtp_key *keys, unsigned int n)
{
	char b64[(SDP_SRTP_KEY_MAX + 2) / 3 * 4 + 1];
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (sdp_srtp_key_inline(&keys[i], b64, sizeof(b64)) < 0)
			continue;
		wb_printf(w, "a=crypto:%u %s inline:%s\r\n", keys[i].tag,
			  sdp_srtp_suite_name(keys[i].suite), b64);
	}
}

int sdp_build_offer(char *buf, size_t size, const struct sdp_local *local)
{
	struct wbuf w = {.p = buf, .size = size};
	enum sdp_law other;
	unsigned int te;
	int err;

	err = local_check(local);
	if (err)
		return err;
	if (!buf && size)
		return -EINVAL;
	other = local->law == SDP_LAW_PCMA ? SDP_LAW_PCMU : SDP_LAW_PCMA;
	te = local->te_pt ? local->te_pt : SDP_TE_PT_DEFAULT;

	session_head(&w, local);
	wb_printf(&w, "t=0 0\r\n");
	wb_printf(&w, "m=audio %u RTP/%s %d %d", local->rtp_port, local->savp ? "SAVP" : "AVP",
		  local->law, other);
	if (!local->no_te)
		wb_printf(&w, " %u", te);
	wb_printf(&w, "\r\na=rtpmap:%d %s/8000\r\na=rtpmap:%d %s/8000\r\n", local->law,
		  sdp_law_name(local->law), other, sdp_law_name(other));
	if (!local->no_te)
		te_lines(&w, te);
	wb_printf(&w, "a=ptime:%u\r\na=%s\r\n", local_ptime(local), sdp_dir_name(local->dir));
	if (local->rtcp_mux)
		wb_printf(&w, "a=rtcp-mux\r\n");
	crypto_lines(&w, local->keys, local->nkeys);
	return wb_finish(&w);
}

/* both directions as a bit mask, to narrow one by the other */
static unsigned int dir_mask(enum sdp_dir d)
{
	switch (d) {
	case SDP_DIR_SENDONLY:
		return 1;
	case SDP_DIR_RECVONLY:
		return 2;
	case SDP_DIR_INACTIVE:
		return 0;
	default:
		return 3;
	}
}

static enum sdp_dir mask_dir(unsigned int mask)
{
	static const enum sdp_dir dirs[] = {SDP_DIR_INACTIVE, SDP_DIR_SENDONLY, SDP_DIR_RECVONLY,
					    SDP_DIR_SENDRECV};

	return dirs[mask & 3];
}

int sdp_build_answer(char *buf, size_t size, const struct sdp_local *local,
		     const struct sdp_session *offer, const struct sdp_media_params *chosen)
{
	struct wbuf w = {.p = buf, .size = size};
	enum sdp_dir dir;
	unsigned int i;
	int err;

	err = local_check(local);
	if (err)
		return err;
	if ((!buf && size) || !offer || !chosen || chosen->mline >= offer->nmedia ||
	    offer->nmedia > SDP_MAX_MEDIA || chosen->pt > 127 || chosen->te_pt > 127 ||
	    (chosen->law != SDP_LAW_PCMU && chosen->law != SDP_LAW_PCMA))
		return -EINVAL;
	dir = mask_dir(dir_mask(chosen->dir) & dir_mask(local->dir));

	session_head(&w, local);
	/* RFC 3264 section 6: the t= line of the answer equals the offer's */
	if (offer->time.l)
		wb_printf(&w, "t=%.*s\r\n", (int)offer->time.l, offer->time.p);
	else
		wb_printf(&w, "t=0 0\r\n");
	for (i = 0; i < offer->nmedia; i++) {
		const struct sdp_media *m = &offer->media[i];

		if (i != chosen->mline) {
			/* RFC 3264 section 6: declined, same media and formats, port 0 */
			wb_printf(&w, "m=%.*s 0 %.*s %.*s\r\n", (int)m->type_name.l, m->type_name.p,
				  (int)m->proto_name.l, m->proto_name.p, (int)m->fmt_list.l,
				  m->fmt_list.p);
			continue;
		}
		wb_printf(&w, "m=audio %u RTP/%s %u", local->rtp_port, chosen->savp ? "SAVP" : "AVP",
			  chosen->pt);
		if (chosen->te_pt)
			wb_printf(&w, " %u", chosen->te_pt);
		wb_printf(&w, "\r\na=rtpmap:%u %s/8000\r\n", chosen->pt, sdp_law_name(chosen->law));
		if (chosen->te_pt)
			te_lines(&w, chosen->te_pt);
		wb_printf(&w, "a=ptime:%u\r\na=%s\r\n", local_ptime(local), sdp_dir_name(dir));
		if (local->rtcp_mux && chosen->rtcp_mux)
			wb_printf(&w, "a=rtcp-mux\r\n");
		if (chosen->srtp.suite != SDP_SRTP_NONE && local->nkeys) {
			struct sdp_srtp_key ours = local->keys[0];

			ours.tag = chosen->srtp.tag; /* RFC 4568 7.1.2: the tag of the one accepted */
			crypto_lines(&w, &ours, 1);
		}
	}
	return wb_finish(&w);
}
