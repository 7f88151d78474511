// SPDX-License-Identifier: GPL-2.0-only
/* RFC 3264 offer/answer for a G.711 gateway: pick the stream, codec and direction. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sdp.h"

static int oa_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int oa_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -ENOTSUP;
}

enum sdp_dir sdp_dir_reverse(enum sdp_dir offered)
{
	switch (offered) {
	case SDP_DIR_SENDONLY:
		return SDP_DIR_RECVONLY;
	case SDP_DIR_RECVONLY:
		return SDP_DIR_SENDONLY;
	case SDP_DIR_INACTIVE:
		return SDP_DIR_INACTIVE;
	default:
		return SDP_DIR_SENDRECV;
	}
}

const char *sdp_dir_name(enum sdp_dir dir)
{
	switch (dir) {
	case SDP_DIR_SENDONLY:
		return "sendonly";
	case SDP_DIR_RECVONLY:
		return "recvonly";
	case SDP_DIR_INACTIVE:
		return "inactive";
	default:
		return "sendrecv";
	}
}

const char *sdp_law_name(enum sdp_law law)
{
	return law == SDP_LAW_PCMA ? "PCMA" : "PCMU";
}

/* the G.711 law a format carries, or -1; a=rtpmap overrides the static PT */
static int fmt_law(const struct sdp_fmt *f)
{
	if (f->pt < 0)
		return -1;
	if (pl_isset(&f->enc)) {
		if (f->clock != 8000 || f->channels != 1)
			return -1;
		if (pl_eqcase_str(&f->enc, "PCMU"))
			return SDP_LAW_PCMU;
		if (pl_eqcase_str(&f->enc, "PCMA"))
			return SDP_LAW_PCMA;
		return -1;
	}
	if (f->pt == SDP_LAW_PCMU || f->pt == SDP_LAW_PCMA)
		return f->pt;
	return -1;
}

static bool fmt_is_te(const struct sdp_fmt *f)
{
	/* PT 0 is PCMU whatever the map says, and 0 means "none" to the caller */
	return f->pt > 0 && f->clock == 8000 && pl_eqcase_str(&f->enc, "telephone-event");
}

static const struct sdp_fmt *find_law(const struct sdp_media *m, int law)
{
	unsigned int i;

	for (i = 0; i < m->nfmt; i++)
		if (fmt_law(&m->fmt[i]) == law)
			return &m->fmt[i];
	return NULL;
}

static const struct sdp_fmt *find_any_law(const struct sdp_media *m)
{
	unsigned int i;

	for (i = 0; i < m->nfmt; i++)
		if (fmt_law(&m->fmt[i]) >= 0)
			return &m->fmt[i];
	return NULL;
}

static bool addr_is_any(const struct sockaddr_storage *ss)
{
	static const struct in6_addr any6 = IN6ADDR_ANY_INIT;

	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
	return !memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, &any6, sizeof(any6));
}

/* fill everything but the codec from the chosen m-line */
static int fill_params(const struct sdp_media *m, unsigned int idx, const struct sdp_fmt *codec,
		       struct sdp_media_params *out, char *err, size_t errlen)
{
	char host[INET6_ADDRSTRLEN + 1];
	unsigned int i;
	enum sdp_dir remote = m->dir;

	memset(out, 0, sizeof(*out));
	if (pl_strcpy(&m->conn.addr, host, sizeof(host)))
		return oa_fail(err, errlen, "line %u: c= address too long", m->line);
	if (m->conn.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&out->remote;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(m->port);
		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
			return oa_fail(err, errlen, "line %u: bad c= address", m->line);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&out->remote;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(m->port);
		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			return oa_fail(err, errlen, "line %u: bad c= address", m->line);
	}
	out->remote_port = m->port;
	out->rtcp_mux = m->rtcp_mux;
	if (m->rtcp_mux)
		out->remote_rtcp_port = m->port;
	else if (m->rtcp_port)
		out->remote_rtcp_port = m->rtcp_port;
	else
		out->remote_rtcp_port = m->port < 65535 ? m->port + 1 : 0;

	out->law = (enum sdp_law)fmt_law(codec);
	out->pt = (uint8_t)codec->pt;
	for (i = 0; i < m->nfmt; i++) {
		if (fmt_is_te(&m->fmt[i])) {
			out->te_pt = (uint8_t)m->fmt[i].pt;
			break;
		}
	}
	out->ptime = m->ptime ? m->ptime : SDP_PTIME_DEFAULT;
	if (out->ptime < 10)
		out->ptime = 10;
	if (out->ptime > 60)
		out->ptime = 60;

	/* RFC 3264 section 8.4: c=0.0.0.0 is the RFC 2543 way to say "do not send to me" */
	if (addr_is_any(&out->remote)) {
		if (remote == SDP_DIR_SENDRECV)
			remote = SDP_DIR_SENDONLY;
		else if (remote == SDP_DIR_RECVONLY)
			remote = SDP_DIR_INACTIVE;
	}
	out->dir = sdp_dir_reverse(remote);
	out->mline = idx;
	return 0;
}

/* the first audio RTP/AVP m-line with a nonzero port, or -1 */
static int find_audio(const struct sdp_session *s)
{
	unsigned int i;

	for (i = 0; i < s->nmedia; i++) {
		const struct sdp_media *m = &s->media[i];

		if (m->type == SDP_MEDIA_AUDIO && m->proto == SDP_PROTO_RTP_AVP && m->port)
			return (int)i;
	}
	return -1;
}

int sdp_answer_offer(const struct sdp_session *offer, enum sdp_law prefer,
		     struct sdp_media_params *out, char *err, size_t errlen)
{
	const struct sdp_media *m;
	const struct sdp_fmt *codec;
	int idx;

	if (err && errlen)
		err[0] = '\0';
	if (!offer || !out || (prefer != SDP_LAW_PCMU && prefer != SDP_LAW_PCMA))
		return -EINVAL;
	idx = find_audio(offer);
	if (idx < 0)
		return oa_fail(err, errlen, "no active RTP/AVP audio stream offered");
	m = &offer->media[idx];
	codec = find_law(m, prefer);
	if (!codec)
		codec = find_law(m, prefer == SDP_LAW_PCMA ? SDP_LAW_PCMU : SDP_LAW_PCMA);
	if (!codec)
		return oa_fail(err, errlen, "line %u: no PCMU or PCMA offered", m->line);
	return fill_params(m, (unsigned int)idx, codec, out, err, errlen);
}

int sdp_process_answer(const struct sdp_session *answer, struct sdp_media_params *out, char *err,
		       size_t errlen)
{
	const struct sdp_media *m;
	const struct sdp_fmt *codec;
	int idx;

	if (err && errlen)
		err[0] = '\0';
	if (!answer || !out)
		return -EINVAL;
	idx = find_audio(answer);
	if (idx < 0)
		return oa_fail(err, errlen, "audio stream declined or absent in the answer");
	m = &answer->media[idx];
	codec = find_any_law(m);
	if (!codec)
		return oa_fail(err, errlen, "line %u: no PCMU or PCMA in the answer", m->line);
	return fill_params(m, (unsigned int)idx, codec, out, err, errlen);
}
