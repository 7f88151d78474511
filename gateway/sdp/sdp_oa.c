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

/* the first usable a=crypto of an m-line (RFC 4568 7.1.1: in preference order) */
static bool find_key(const struct sdp_media *m, struct sdp_srtp_key *key)
{
	unsigned int i;

	for (i = 0; i < m->ncrypto; i++)
		if (!sdp_crypto_key(&m->crypto[i], key))
			return true;
	memset(key, 0, sizeof(*key));
	return false;
}

/*
 * The first audio m-line with a nonzero port that the policy can serve,
 * or -1; *key is the peer's key when SRTP is to run.
 */
static int find_audio(const struct sdp_session *s, enum sdp_srtp_policy policy,
		      struct sdp_srtp_key *key)
{
	unsigned int i;

	memset(key, 0, sizeof(*key));
	for (i = 0; i < s->nmedia; i++) {
		const struct sdp_media *m = &s->media[i];
		bool have;

		if (m->type != SDP_MEDIA_AUDIO || !m->port ||
		    (m->proto != SDP_PROTO_RTP_AVP && m->proto != SDP_PROTO_RTP_SAVP))
			continue;
		if (policy == SDP_SRTP_OFF) {
			if (m->proto == SDP_PROTO_RTP_AVP)
				return (int)i;
			continue;
		}
		have = find_key(m, key);
		if (have || (policy == SDP_SRTP_OPTIONAL && m->proto == SDP_PROTO_RTP_AVP))
			return (int)i;
	}
	return -1;
}

int sdp_answer_offer(const struct sdp_session *offer, enum sdp_law prefer,
		     struct sdp_media_params *out, char *err, size_t errlen)
{
	return sdp_answer_offer_srtp(offer, prefer, SDP_SRTP_OFF, out, err, errlen);
}

int sdp_answer_offer_srtp(const struct sdp_session *offer, enum sdp_law prefer,
			  enum sdp_srtp_policy policy, struct sdp_media_params *out, char *err,
			  size_t errlen)
{
	static const char *const wanted[] = {
		[SDP_SRTP_OFF] = "RTP/AVP",
		[SDP_SRTP_OPTIONAL] = "RTP/AVP or SRTP",
		[SDP_SRTP_MANDATORY] = "SRTP (a=crypto with a suite we run)",
	};
	const struct sdp_media *m;
	const struct sdp_fmt *codec;
	struct sdp_srtp_key key;
	int idx, ret;

	if (err && errlen)
		err[0] = '\0';
	if (!offer || !out || (prefer != SDP_LAW_PCMU && prefer != SDP_LAW_PCMA) ||
	    (unsigned)policy > SDP_SRTP_MANDATORY)
		return -EINVAL;
	idx = find_audio(offer, policy, &key);
	if (idx < 0)
		return oa_fail(err, errlen, "no active %s audio stream offered", wanted[policy]);
	m = &offer->media[idx];
	codec = find_law(m, prefer);
	if (!codec)
		codec = find_law(m, prefer == SDP_LAW_PCMA ? SDP_LAW_PCMU : SDP_LAW_PCMA);
	if (!codec)
		return oa_fail(err, errlen, "line %u: no PCMU or PCMA offered", m->line);
	ret = fill_params(m, (unsigned int)idx, codec, out, err, errlen);
	if (!ret) {
		out->srtp = key;
		out->savp = m->proto == SDP_PROTO_RTP_SAVP;
	}
	return ret;
}

int sdp_process_answer(const struct sdp_session *answer, struct sdp_media_params *out, char *err,
		       size_t errlen)
{
	return sdp_process_answer_srtp(answer, NULL, 0, false, out, err, errlen);
}

int sdp_process_answer_srtp(const struct sdp_session *answer, const struct sdp_srtp_key *offered,
			    unsigned int noffered, bool mandatory, struct sdp_media_params *out,
			    char *err, size_t errlen)
{
	const struct sdp_media *m;
	const struct sdp_fmt *codec;
	struct sdp_srtp_key key;
	unsigned int i;
	int idx, ret;

	if (err && errlen)
		err[0] = '\0';
	if (!answer || !out)
		return -EINVAL;
	idx = find_audio(answer, noffered ? SDP_SRTP_OPTIONAL : SDP_SRTP_OFF, &key);
	if (idx < 0)
		return oa_fail(err, errlen, "audio stream declined or absent in the answer");
	m = &answer->media[idx];
	codec = find_any_law(m);
	if (!codec)
		return oa_fail(err, errlen, "line %u: no PCMU or PCMA in the answer", m->line);
	if (key.suite != SDP_SRTP_NONE) {
		for (i = 0; i < noffered; i++)
			if (offered[i].tag == key.tag && offered[i].suite == key.suite)
				break;
		if (i == noffered)
			return oa_fail(err, errlen, "line %u: a=crypto tag %u %s was not offered",
				       m->line, key.tag, sdp_srtp_suite_name(key.suite));
	} else if (mandatory || m->proto == SDP_PROTO_RTP_SAVP) {
		return oa_fail(err, errlen, "line %u: no usable a=crypto in the answer", m->line);
	}
	ret = fill_params(m, (unsigned int)idx, codec, out, err, errlen);
	if (!ret) {
		out->srtp = key;
		out->savp = m->proto == SDP_PROTO_RTP_SAVP;
	}
	return ret;
}
