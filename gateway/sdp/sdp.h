/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SDP (RFC 4566) for a G.711 gateway: a zero-copy parser into a fixed-size
 * struct, the RFC 3264 offer/answer choice, and builders for our offer and
 * answer.
 *
 * sdp_parse() fills a caller-provided struct sdp_session whose struct pl
 * fields point into the parsed buffer; the buffer must outlive the struct.
 * Nothing here allocates, logs or keeps state.
 *
 * Errors: -EBADMSG for a malformed description (400), -ENOTSUP for a valid
 * one we cannot serve (multicast, FQDN in c=, more than SDP_MAX_MEDIA
 * m-lines, no G.711: 488), -ENOSPC when a built SDP does not fit, -EINVAL
 * for bad arguments. Where an err buffer is given it receives a one-line
 * reason, prefixed "line N: " when one line is to blame.
 */
#ifndef PRIGATE_SDP_H
#define PRIGATE_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "pl.h"

#define SDP_MAX_MEDIA 8	 /* more m-lines: -ENOTSUP (we must answer every one) */
#define SDP_MAX_FMT 16	 /* formats kept per m-line; later ones are skipped */
#define SDP_MAX_CRYPTO 4 /* a=crypto kept per m-line; later ones are skipped */

#define SDP_PTIME_DEFAULT 20
#define SDP_TE_PT_DEFAULT 101

/* values are the static payload types of RFC 3551 table 4 */
enum sdp_law {
	SDP_LAW_PCMU = 0,
	SDP_LAW_PCMA = 8,
};

/* RFC 4566 section 6 / RFC 3264 section 5.1; sendrecv is the default */
enum sdp_dir {
	SDP_DIR_SENDRECV = 0,
	SDP_DIR_SENDONLY,
	SDP_DIR_RECVONLY,
	SDP_DIR_INACTIVE,
};

enum sdp_media_type {
	SDP_MEDIA_AUDIO,
	SDP_MEDIA_VIDEO,
	SDP_MEDIA_IMAGE, /* T.38 */
	SDP_MEDIA_OTHER, /* text, application, message, ...: see type_name */
};

enum sdp_proto {
	SDP_PROTO_RTP_AVP,  /* RFC 3551 */
	SDP_PROTO_RTP_SAVP, /* RFC 3711 */
	SDP_PROTO_OTHER,    /* RTP/AVPF, UDP/TLS/RTP/SAVPF, udptl, ...: see proto_name */
};

/* c= (or the origin's address): unicast only, numeric */
struct sdp_conn {
	bool set;
	int family;	/* AF_INET or AF_INET6 */
	struct pl addr; /* literal as written, validated with inet_pton() */
};

/* RFC 4568 SDES suites we run (RFC 4568 6.2, RFC 7714 12) */
enum sdp_srtp_suite {
	SDP_SRTP_NONE = 0,
	SDP_SRTP_AES_CM_128_HMAC_SHA1_80,
	SDP_SRTP_AES_CM_128_HMAC_SHA1_32,
	SDP_SRTP_AEAD_AES_128_GCM,
	SDP_SRTP_AEAD_AES_256_GCM,
};
#define SDP_SRTP_NSUITES 4
#define SDP_SRTP_KEY_MAX 44 /* master key || master salt, AES-256-GCM */

/* where SRTP is required, allowed or refused (a trunk's srtp =) */
enum sdp_srtp_policy {
	SDP_SRTP_OFF,       /* plain RTP only: RTP/SAVP offers get 488 */
	SDP_SRTP_OPTIONAL,  /* SRTP when the peer offers or answers it */
	SDP_SRTP_MANDATORY, /* SRTP only: plain RTP offers get 488 */
};

/* one SDES master key: ours (random) or the peer's (from a=crypto) */
struct sdp_srtp_key {
	enum sdp_srtp_suite suite;
	uint32_t tag;
	uint8_t key[SDP_SRTP_KEY_MAX];
	size_t len; /* sdp_srtp_key_len(suite) */
};

/* one entry of the m= fmt list, with its a=rtpmap and a=fmtp if any */
struct sdp_fmt {
	struct pl name;	   /* the fmt token as written */
	int pt;		   /* 0..127, or -1 when the proto is not RTP */
	struct pl enc;	   /* a=rtpmap encoding name; unset without a=rtpmap */
	uint32_t clock;	   /* a=rtpmap clock rate, 0 without a=rtpmap */
	uint32_t channels; /* a=rtpmap channels, 1 when not given */
	struct pl params;  /* a=fmtp parameters; unset without a=fmtp */
};

/* RFC 4568 a=crypto, kept as slices for the SRTP layer */
struct sdp_crypto {
	uint32_t tag;
	struct pl suite;
	struct pl key_params;
	struct pl session_params; /* rest of the line, may be unset */
};

struct sdp_media {
	enum sdp_media_type type;
	struct pl type_name;
	uint16_t port;	 /* 0: declined (RFC 3264 section 6) */
	uint32_t nports; /* m=audio 49170/2: 2; 1 when not given */
	enum sdp_proto proto;
	struct pl proto_name;
	struct pl fmt_list; /* every fmt token, as written */
	struct sdp_fmt fmt[SDP_MAX_FMT];
	unsigned int nfmt;
	/* effective values: media level, else session level, else default */
	struct sdp_conn conn;
	enum sdp_dir dir;
	uint32_t ptime;	   /* a=ptime, 0 if absent */
	uint32_t maxptime; /* a=maxptime, 0 if absent */
	/* RFC 3605 a=rtcp; rtcp_port 0 when absent */
	uint16_t rtcp_port;
	struct sdp_conn rtcp_conn;
	bool rtcp_mux; /* RFC 5761 */
	struct sdp_crypto crypto[SDP_MAX_CRYPTO];
	unsigned int ncrypto;
	unsigned int line; /* line number of the m= line, for messages */
};

struct sdp_session {
	/* o= */
	struct pl username;
	struct pl sess_id;	/* digits */
	struct pl sess_version; /* digits; compare with pl_eq() to spot a change */
	int origin_family;	/* AF_INET or AF_INET6 */
	struct pl origin_addr;	/* not validated: often a host name */
	struct pl name;		/* s= */
	struct sdp_conn conn;	/* session-level c=, may be unset */
	struct pl time;		/* first t= value ("0 0"), mirrored in an answer */
	enum sdp_dir dir;	/* session-level direction attribute */
	struct sdp_media media[SDP_MAX_MEDIA];
	unsigned int nmedia;
};

/* what offer/answer settled for the one audio stream we run */
struct sdp_media_params {
	struct sockaddr_storage remote; /* remote RTP address, port included */
	uint16_t remote_port;		/* same port, host order */
	uint16_t remote_rtcp_port;	/* a=rtcp, else RTP port + 1 (rtcp-mux: same) */
	bool rtcp_mux;
	enum sdp_law law;   /* codec on the RTP side */
	uint8_t pt;	    /* its payload type as the remote numbered it */
	uint8_t te_pt;	    /* telephone-event/8000 payload type, 0 if none */
	unsigned int ptime; /* remote a=ptime clamped to 10..60, default 20 */
	/*
	 * Our direction: SDP_DIR_SENDONLY means we send and do not receive.
	 * It is the remote's direction reversed (RFC 3264 section 6.1), with
	 * an RFC 2543 hold address (c=0.0.0.0) taking away our sending.
	 */
	enum sdp_dir dir;
	unsigned int mline; /* index of the chosen m-line in the session */
	/* SDES: the peer's key (suite SDP_SRTP_NONE: plain RTP); its proto */
	struct sdp_srtp_key srtp;
	bool savp;
};

/* our side, for the builders */
struct sdp_local {
	const char *username; /* o= username; NULL: "prigate" */
	uint64_t sess_id;
	uint64_t sess_version; /* increment for every changed offer (RFC 3264 8) */
	const char *addr;      /* numeric address for o= and c= */
	int family;	       /* AF_INET or AF_INET6 */
	uint16_t rtp_port;
	enum sdp_law law;   /* the span's law: listed first in an offer */
	unsigned int ptime; /* 0: 20 */
	uint8_t te_pt;	    /* telephone-event PT in an offer; 0: 101 */
	bool no_te;	    /* offer no telephone-event */
	enum sdp_dir dir;   /* what we want; SENDRECV unless holding */
	/*
	 * SDES: an offer lists every key (best first), an answer the one for
	 * the chosen suite (its tag set to the offer's); savp: RTP/SAVP, not
	 * RTP/AVP (an RTP/AVP offer with keys is best-effort SRTP)
	 */
	const struct sdp_srtp_key *keys;
	unsigned int nkeys;
	bool savp;
	/* RFC 5761: offer a=rtcp-mux, and accept it in an answer when offered */
	bool rtcp_mux;
};

/*
 * Parse a session description. Line order and syntax as RFC 4566 section
 * 5; lines end with CRLF or LF; unknown attributes are ignored, unknown type
 * letters are not (section 5). Every m-line with a nonzero port needs a c=
 * of its own or at session level.
 */
int sdp_parse(struct sdp_session *sess, const struct pl *msg, char *err, size_t errlen);

/*
 * UAS: choose from a remote offer. Takes the first audio RTP/AVP m-line with
 * a nonzero port; picks the law `prefer` if offered, else the other G.711
 * law (the caller transcodes), matched by static PT or by a=rtpmap name
 * (dynamic PTs included); telephone-event/8000 if offered.
 * -ENOTSUP when nothing acceptable is offered (send 488).
 */
int sdp_answer_offer(const struct sdp_session *offer, enum sdp_law prefer,
		     struct sdp_media_params *out, char *err, size_t errlen);

/*
 * The same under an SRTP policy: OFF takes RTP/AVP m-lines only and
 * ignores a=crypto; OPTIONAL takes the first audio m-line it can serve and
 * runs SRTP when it carries a usable key (RTP/SAVP needs one); MANDATORY
 * needs a usable key. The chosen key is in out->srtp.
 */
int sdp_answer_offer_srtp(const struct sdp_session *offer, enum sdp_law prefer,
			  enum sdp_srtp_policy policy, struct sdp_media_params *out, char *err,
			  size_t errlen);

/*
 * UAC: take the answer to our offer. Same extraction, the answerer's
 * first G.711 format wins; -ENOTSUP if the audio stream was declined or
 * holds no G.711 format.
 */
int sdp_process_answer(const struct sdp_session *answer, struct sdp_media_params *out, char *err,
		       size_t errlen);

/*
 * The answer to an offer that listed `offered` keys: an answer with a
 * crypto line must pick one of them (same tag and suite); without one it is
 * plain RTP, which -ENOTSUP refuses when `mandatory`.
 */
int sdp_process_answer_srtp(const struct sdp_session *answer, const struct sdp_srtp_key *offered,
			    unsigned int noffered, bool mandatory, struct sdp_media_params *out,
			    char *err, size_t errlen);

/* --- SDES (sdp_crypto.c) --- */
/* suite by its RFC 4568 name, or -ENOTSUP */
int sdp_srtp_suite_parse(const struct pl *name);
const char *sdp_srtp_suite_name(enum sdp_srtp_suite suite);
/* master key + salt bytes of a suite, 0 for SDP_SRTP_NONE */
size_t sdp_srtp_key_len(enum sdp_srtp_suite suite);
/*
 * The key of an a=crypto line: "inline:BASE64[|LIFETIME]" with a known
 * suite. -ENOTSUP for an unknown suite, an MKI, more than one key or any
 * session parameter (RFC 4568 6.3: we cannot honour them); -EBADMSG for a
 * malformed key.
 */
int sdp_crypto_key(const struct sdp_crypto *c, struct sdp_srtp_key *out);
/* the key as base64 for "inline:"; its length, or -ENOSPC */
int sdp_srtp_key_inline(const struct sdp_srtp_key *k, char *buf, size_t size);
/* a fresh key from OpenSSL's RNG; 0 or -EIO */
int sdp_srtp_key_new(struct sdp_srtp_key *k, enum sdp_srtp_suite suite, uint32_t tag);
/* "off", "optional", "mandatory" */
const char *sdp_srtp_policy_name(enum sdp_srtp_policy policy);

/*
 * Our offer: one audio m-line listing local->law, the other law,
 * telephone-event 0-16, a=ptime and the direction. Returns the length
 * written (NUL-terminated, never past size) or -ENOSPC / -EINVAL.
 */
int sdp_build_offer(char *buf, size_t size, const struct sdp_local *local);

/*
 * Our answer to `offer` with the choice made by sdp_answer_offer(): as many
 * m-lines as the offer in the same order, the others declined with port 0;
 * the chosen one with exactly the chosen codec and telephone-event (the
 * offerer's PTs), and the direction chosen->dir narrowed by local->dir.
 * Returns the length or -ENOSPC / -EINVAL.
 */
int sdp_build_answer(char *buf, size_t size, const struct sdp_local *local,
		     const struct sdp_session *offer, const struct sdp_media_params *chosen);

/* RFC 3264 section 6.1: the direction that answers `offered` */
enum sdp_dir sdp_dir_reverse(enum sdp_dir offered);
/* "sendrecv", "sendonly", "recvonly", "inactive" */
const char *sdp_dir_name(enum sdp_dir dir);
/* "PCMU", "PCMA" */
const char *sdp_law_name(enum sdp_law law);

#endif
