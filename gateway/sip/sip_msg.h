/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIP message parsing (RFC 3261 section 7, 8.2, 18.3, 19, 20, 25).
 *
 * Everything here is zero-copy: the parser fills a caller-provided
 * struct sip_msg whose struct pl fields point into the buffer given to
 * sip_msg_parse(). The buffer must outlive the struct. Nothing allocates.
 *
 * Values keep the wire form: folded lines (CRLF followed by SP/HTAB)
 * stay inside a value, quoted strings keep their backslash escapes and
 * URIs keep their %HH escapes. Use sip_qstr_unescape() and
 * sip_uri_unescape() to get C strings.
 */
#ifndef PRIGATE_SIP_MSG_H
#define PRIGATE_SIP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pl.h"

/* Header elements kept in struct sip_msg.hdrs; more is a 513 rejection. */
#define SIP_MSG_MAX_HDRS 64

/*
 * Headers the parser knows by name. Long and compact forms (RFC 3261
 * 7.3.3 and the IANA registry: i m f t v l c k s e o u r b x y a j d n)
 * map to the same id. Headers not listed are SIP_HDR_OTHER and are
 * found by name with sip_msg_hdr_name().
 */
enum sip_hdr_id {
	SIP_HDR_OTHER = 0,
	SIP_HDR_ACCEPT,
	SIP_HDR_ACCEPT_CONTACT,		/* a */
	SIP_HDR_ALLOW,
	SIP_HDR_ALLOW_EVENTS,		/* u */
	SIP_HDR_AUTHORIZATION,
	SIP_HDR_CALL_ID,		/* i */
	SIP_HDR_CONTACT,		/* m */
	SIP_HDR_CONTENT_ENCODING,	/* e */
	SIP_HDR_CONTENT_LENGTH,		/* l */
	SIP_HDR_CONTENT_TYPE,		/* c */
	SIP_HDR_CSEQ,
	SIP_HDR_DIVERSION,
	SIP_HDR_EVENT,			/* o */
	SIP_HDR_EXPIRES,
	SIP_HDR_FROM,			/* f */
	SIP_HDR_HISTORY_INFO,
	SIP_HDR_IDENTITY,		/* y */
	SIP_HDR_IDENTITY_INFO,		/* n */
	SIP_HDR_MAX_FORWARDS,
	SIP_HDR_MIN_SE,
	SIP_HDR_P_ASSERTED_IDENTITY,
	SIP_HDR_PRIVACY,
	SIP_HDR_PROXY_AUTHENTICATE,
	SIP_HDR_PROXY_AUTHORIZATION,
	SIP_HDR_PROXY_REQUIRE,
	SIP_HDR_RACK,
	SIP_HDR_REASON,
	SIP_HDR_RECORD_ROUTE,
	SIP_HDR_REFER_TO,		/* r */
	SIP_HDR_REFERRED_BY,		/* b */
	SIP_HDR_REJECT_CONTACT,		/* j */
	SIP_HDR_REQUEST_DISPOSITION,	/* d */
	SIP_HDR_REQUIRE,
	SIP_HDR_ROUTE,
	SIP_HDR_RSEQ,
	SIP_HDR_SERVER,
	SIP_HDR_SESSION_EXPIRES,	/* x */
	SIP_HDR_SUBJECT,		/* s */
	SIP_HDR_SUPPORTED,		/* k */
	SIP_HDR_TIMESTAMP,
	SIP_HDR_TO,			/* t */
	SIP_HDR_UNSUPPORTED,
	SIP_HDR_USER_AGENT,
	SIP_HDR_VIA,			/* v */
	SIP_HDR_WWW_AUTHENTICATE,
	SIP_HDR_NUM
};

/*
 * One header element. Comma-separated list headers (Via, Contact, Route,
 * Record-Route, Require, Supported, Proxy-Require, Unsupported, Allow,
 * Reason, Accept, Allow-Events, Content-Encoding, Diversion,
 * P-Asserted-Identity) are split: "Via: a, b" gives two entries with the
 * same name, in wire order. Other headers give one entry per line.
 */
struct sip_hdr {
	struct pl name;		/* as on the wire, e.g. "v" or "Via" */
	struct pl val;		/* trimmed of surrounding LWS */
	enum sip_hdr_id id;
};

enum sip_uri_scheme {
	SIP_URI_NONE = 0,
	SIP_URI_SIP,
	SIP_URI_SIPS,
	SIP_URI_TEL,
};

enum sip_host_type {
	SIP_HOST_NONE = 0,
	SIP_HOST_NAME,
	SIP_HOST_IPV4,
	SIP_HOST_IPV6,		/* host holds the address without the [] */
};

/*
 * A sip:, sips: (RFC 3261 19.1) or tel: (RFC 3966) URI.
 * For tel:, user is the telephone-subscriber number (e.g. "+1-201-555-0123")
 * and host is unset; params holds its ";phone-context=..." etc.
 */
struct sip_uri {
	enum sip_uri_scheme scheme;
	struct pl scheme_pl;	/* as written, also set for unsupported schemes */
	struct pl user;		/* escaped; unset if no userinfo */
	struct pl password;	/* unset if none */
	struct pl host;		/* IPv6 without brackets */
	struct pl hostport;	/* as written, with brackets and port */
	enum sip_host_type host_type;
	uint16_t port;		/* 0 = not given */
	struct pl params;	/* ";transport=udp;lr", with the leading ';', or empty */
	struct pl headers;	/* after '?', without it, or empty */
	/* well-known uri-parameters, unset when absent */
	struct pl transport;
	struct pl user_param;	/* user=phone */
	struct pl maddr;
	bool lr;
};

/* name-addr / addr-spec of From, To, Contact, Route, Record-Route, ... */
struct sip_addr {
	struct pl dname;	/* display name: quoted-string contents (escapes
				 * kept) or the tokens; unset if none */
	bool dname_quoted;
	struct pl uri;		/* the URI text, without <> */
	bool angle;		/* the URI was in <> (name-addr form) */
	struct pl params;	/* header params after the URI, leading ';' kept */
	struct pl tag;		/* ;tag= value, unset if none */
};

/* One Via element (RFC 3261 20.42, RFC 3581 rport) */
struct sip_via {
	struct pl proto;	/* protocol-name, "SIP" */
	struct pl version;	/* "2.0" */
	struct pl transport;	/* "UDP", "TCP", "TLS", ... */
	struct pl sent_by;	/* host[:port] as written */
	struct pl host;		/* IPv6 without brackets */
	enum sip_host_type host_type;
	uint16_t port;		/* 0 = not given */
	struct pl params;	/* leading ';' kept, or empty */
	struct pl branch;	/* unset when absent */
	struct pl received;	/* unset when absent */
	bool rport;		/* ;rport present (with or without value) */
	struct pl rport_val;	/* value, empty when the param had none */
	struct pl maddr;
};

struct sip_cseq {
	uint32_t num;		/* < 2^31 (RFC 3261 8.1.1.5) */
	struct pl method;
};

/* RFC 3326 Reason. Q.850 wins over SIP when both are present. */
struct sip_reason {
	struct pl protocol;	/* "Q.850", "SIP"; unset if no usable Reason */
	uint32_t cause;		/* cause= value, 0 when absent */
	struct pl text;		/* text= contents without quotes, escapes kept */
};

struct sip_msg {
	bool is_request;
	/* request line (is_request) */
	struct pl method;	/* case-sensitive token, unknown methods allowed */
	struct pl ruri;		/* Request-URI text */
	struct sip_uri uri;	/* Request-URI parsed */
	/* status line (!is_request) */
	uint16_t status;	/* 100..699 */
	struct pl status_reason;

	struct sip_hdr hdrs[SIP_MSG_MAX_HDRS];
	unsigned hdrc;

	/* direct fields, from the headers above */
	struct sip_via via;	/* top Via */
	unsigned via_count;	/* number of Via elements, all are in hdrs */
	struct sip_addr from;
	struct sip_addr to;
	struct pl call_id;
	struct sip_cseq cseq;
	int max_forwards;	/* -1 when absent */
	struct sip_addr contact; /* first Contact; unset uri when none */
	bool contact_star;	/* "Contact: *" */
	struct pl ctype;	/* Content-Type value, params included */
	bool has_clen;
	uint32_t clen;
	bool has_expires;
	uint32_t expires;	/* Expires header (malformed values: absent) */
	struct sip_reason reason;

	struct pl body;		/* empty (p at end of headers) if none */
	size_t len;		/* bytes of buf this message used */

	/*
	 * On failure: the status a UAS should answer a request with, and a
	 * static reason phrase (e.g. 400 "Missing Call-ID header"). The parser
	 * keeps going after most errors so that Via, From, To, Call-ID and
	 * CSeq are available to build that response. 0/NULL on success.
	 */
	int err_status;
	const char *err_reason;
};

/*
 * Parse one message from a datagram. Content-Length, when present, must
 * not exceed the bytes after the headers (extra bytes are ignored, RFC
 * 3261 18.3); when absent, the body is the rest of the datagram.
 * Leading CRLFs are skipped (keepalives).
 *
 * Returns 0 or:
 *   -ENODATA          nothing but CRLFs (a keepalive; err_status 0)
 *   -EBADMSG          malformed (err_status 400)
 *   -EPROTONOSUPPORT  SIP version other than 2.0 (505)
 *   -ENOTSUP          Request-URI scheme not sip/sips/tel (416)
 *   -E2BIG            more than SIP_MSG_MAX_HDRS header elements (513)
 * For a failed request with err_status != 0 the caller should answer with
 * err_status / err_reason (see sip_build_response()); never for responses.
 */
int sip_msg_parse(struct sip_msg *msg, const char *buf, size_t len);

/* idx-th (0-based) element of header id, or NULL */
const struct sip_hdr *sip_msg_hdr(const struct sip_msg *msg, enum sip_hdr_id id, unsigned idx);
/* idx-th element of a header by name (case-insensitive; compact forms map) */
const struct sip_hdr *sip_msg_hdr_name(const struct sip_msg *msg, const char *name,
				       unsigned idx);
unsigned sip_msg_hdr_count(const struct sip_msg *msg, enum sip_hdr_id id);
/* is token (case-insensitive) among the elements of id? e.g. Require 100rel */
bool sip_msg_hdr_has_token(const struct sip_msg *msg, enum sip_hdr_id id, const char *token);
/* Content-Type media type equals type ("application/sdp"), params ignored */
bool sip_msg_ctype_is(const struct sip_msg *msg, const char *type);
/* the id of a header name (long or compact form), SIP_HDR_OTHER if unknown */
enum sip_hdr_id sip_hdr_id_of(const struct pl *name);
/* canonical long name of id ("Call-ID"), NULL for SIP_HDR_OTHER */
const char *sip_hdr_name(enum sip_hdr_id id);

/*
 * Parse a URI. Returns 0, -EPROTONOSUPPORT for a well-formed but
 * unsupported scheme (uri->scheme_pl set), -EINVAL if malformed.
 */
int sip_uri_parse(struct sip_uri *uri, struct pl in);
/* parse a From/To/Contact/Route value; 0 or -EINVAL */
int sip_addr_parse(struct sip_addr *addr, struct pl in);
/* parse one Via element; 0 or -EINVAL */
int sip_via_parse(struct sip_via *via, struct pl in);

/*
 * Find a ;name[=value] parameter (case-insensitive name) in params,
 * e.g. ";tag=1;lr". A quoted value is returned with its quotes.
 * A value-less parameter gives an empty, non-NULL val.
 * Returns 0 or -ENOENT. val may be NULL.
 */
int sip_param_get(struct pl params, const char *name, struct pl *val);
bool sip_param_exists(struct pl params, const char *name);

/* decode %HH escapes into a NUL-terminated buffer; -EINVAL (bad or %00), -ENOSPC */
int sip_uri_unescape(const struct pl *in, char *buf, size_t size);
/*
 * decode a quoted-string: in may hold the surrounding quotes or only the
 * contents; backslash escapes are resolved. -EINVAL, -ENOSPC
 */
int sip_qstr_unescape(const struct pl *in, char *buf, size_t size);

#endif
