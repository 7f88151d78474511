/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Call routing: rule tables read from the INI file ([route.in NAME] for
 * PRI -> SIP, [route.out NAME] for SIP -> PRI), span groups, the numbering
 * plan used for E.164 normalisation, and per-trunk cause mapping tables.
 * Everything here is plain data (no pointers, no compiled regexes) so a
 * configuration can be copied whole on reload; nothing here dials.
 */
#ifndef PRIGATE_ROUTE_H
#define PRIGATE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define ROUTE_MAX_RULES 64 /* per direction */
#define ROUTE_MAX_SRC 4
#define ROUTE_MAX_TARGETS 8
#define ROUTE_MAX_FAILOVER 16
#define ROUTE_MAX_GROUPS 16
#define ROUTE_GROUP_SPANS 8
#define ROUTE_MAX_CAUSE_TABLES 8
#define ROUTE_CAUSE_ROWS 32
#define ROUTE_NAME 32
#define ROUTE_NUM 40 /* a number, '+' and NUL included */

enum route_dir { ROUTE_IN, ROUTE_OUT }; /* IN: PRI -> SIP, OUT: SIP -> PRI */

/* type of number (Q.931 4.5.8 octet 3); ROUTE_TON_KEEP: leave as it is */
enum route_ton {
	ROUTE_TON_KEEP = -1,
	ROUTE_TON_UNKNOWN = 0,
	ROUTE_TON_INTERNATIONAL = 1,
	ROUTE_TON_NATIONAL = 2,
	ROUTE_TON_SUBSCRIBER = 4,
};

/* numbering plan; ROUTE_NPI_AUTO: ISDN/E.164 when the TON is known, else unknown */
enum route_npi {
	ROUTE_NPI_AUTO = -1,
	ROUTE_NPI_UNKNOWN = 0,
	ROUTE_NPI_ISDN = 1,
	ROUTE_NPI_NATIONAL = 8,
	ROUTE_NPI_PRIVATE = 9,
};

enum route_src_type { ROUTE_SRC_SPAN, ROUTE_SRC_GROUP, ROUTE_SRC_TRUNK, ROUTE_SRC_IP };

struct route_src {
	enum route_src_type type;
	int span;
	char name[ROUTE_NAME];
	struct sockaddr_storage addr; /* ROUTE_SRC_IP */
	int prefix;		      /* ROUTE_SRC_IP: bits compared */
};

enum route_tgt_type { ROUTE_TGT_SPAN, ROUTE_TGT_GROUP, ROUTE_TGT_TRUNK };

struct route_tgt {
	enum route_tgt_type type;
	int span;
	char name[ROUTE_NAME];
};

/* what a rule does to one number, in this order: subst, strip, prepend, ton/npi */
struct route_numfmt {
	char subst_re[64]; /* POSIX ERE, empty: none */
	char subst_to[40]; /* replacement, \0-\9 for groups */
	unsigned strip;
	char prepend[24];
	enum route_ton ton;
	enum route_npi npi;
};

struct route_rule {
	char table[ROUTE_NAME];
	char name[ROUTE_NAME]; /* the key without "rule." */
	enum route_dir dir;
	unsigned prio;
	unsigned order;	       /* position in the file, the last tie-breaker */
	char match[ROUTE_NUM]; /* called number pattern, "" = any */
	char from[ROUTE_NUM];  /* calling number pattern, "" = any */
	struct route_src src[ROUTE_MAX_SRC];
	int nsrc;
	struct route_tgt tgt[ROUTE_MAX_TARGETS];
	int ntgt;
	struct route_numfmt called, calling;
	unsigned limit; /* concurrent calls, 0 = no limit */
	bool emergency;
	int fo_status[ROUTE_MAX_FAILOVER]; /* SIP final responses that fail over */
	int nfo_status;
	int fo_cause[ROUTE_MAX_FAILOVER]; /* Q.850 causes that fail over */
	int nfo_cause;
};

enum route_hunt { ROUTE_HUNT_ASCENDING, ROUTE_HUNT_DESCENDING, ROUTE_HUNT_ROUNDROBIN };

/* admission limits of a trunk or span group; 0: none */
struct route_limit {
	unsigned max_calls; /* concurrent calls */
	unsigned max_cps;   /* new calls per second (token bucket, burst max_cps) */
};

struct route_group {
	char name[ROUTE_NAME];
	int spans[ROUTE_GROUP_SPANS];
	int nspans;
	enum route_hunt hunt;
	bool emergency; /* may carry emergency calls (default yes) */
	struct route_limit limit;
};

struct route_cause_row {
	int from, to;
};

/* [causes NAME]: overrides of the RFC 3398 tables for one trunk */
struct route_causes {
	char name[ROUTE_NAME];
	struct route_cause_row sip2q[ROUTE_CAUSE_ROWS]; /* SIP status -> cause */
	int nsip2q;
	struct route_cause_row q2sip[ROUTE_CAUSE_ROWS]; /* cause -> SIP status */
	int nq2sip;
};

/* [numbering]: what "national" and "subscriber" mean on our PRI */
struct route_numbering {
	char country[8];	 /* E.164 country code, e.g. 49 */
	char area[8];		 /* national destination code for subscriber numbers */
	char national_prefix[4]; /* trunk prefix dialled before national numbers: 0 */
	char intl_prefix[6];	 /* dialled before international numbers: 00 */
};

struct route_conf {
	struct route_rule rules[ROUTE_MAX_RULES * 2];
	int nrules;
	int nin, nout;
	struct route_group groups[ROUTE_MAX_GROUPS];
	int ngroups;
	struct route_causes causes[ROUTE_MAX_CAUSE_TABLES];
	int ncauses;
	struct route_numbering numbering;
	unsigned order;
	char cur_table[ROUTE_NAME]; /* while parsing: the route.* section being read */
};

/* --- configuration (route_conf.c) ------------------------------------------ */

void route_conf_defaults(struct route_conf *rc);
/* is sec (lower-cased) one of ours: route.in/route.out NAME, group NAME, causes NAME, numbering */
bool route_conf_is_section(const char *sec);
/* start a section; 0 or -EINVAL with the problem in what */
int route_conf_section(struct route_conf *rc, const char *sec, char *what, size_t size);
/* one key of the section just started; 0 or -EINVAL with the problem in what */
int route_conf_key(struct route_conf *rc, const char *sec, const char *key, const char *val,
		   char *what, size_t size);
/* the keys of one section are all read: checks that need all of them */
int route_conf_section_end(struct route_conf *rc, const char *sec, char *what, size_t size);
/*
 * Cross checks once the whole file is read: every target and source names
 * a span, group or trunk that exists. On error *sec and *key say where.
 */
struct route_names {
	bool (*trunk)(const char *name, void *arg);
	bool (*span)(int no, void *arg);
	void *arg;
};
int route_conf_check(struct route_conf *rc, const struct route_names *names, char *sec,
		     size_t secsize, char *key, size_t keysize, char *what, size_t size);

const struct route_group *route_group_find(const struct route_conf *rc, const char *name);
const struct route_causes *route_causes_find(const struct route_conf *rc, const char *name);
const char *route_ton_name(int ton);
const char *route_npi_name(int npi);
const char *route_hunt_name(enum route_hunt h);

/* --- matching (route_match.c) ---------------------------------------------- */

/*
 * Patterns: "" or "*" any number; digits (and '+', '*', '#') without a
 * leading '_' match as a prefix; "_..." is a whole-number pattern with X
 * (0-9), Z (1-9), N (2-9), [1-5,7] (a set), '.' (one or more of anything)
 * and '!' (zero or more). Returns the specificity (fixed positions, +1 so
 * that a match is > 0), 0 when it does not match.
 */
int route_pattern_match(const char *pattern, const char *number);
/* 0 when the pattern is well formed, else -EINVAL */
int route_pattern_check(const char *pattern);

struct route_query {
	enum route_dir dir;
	const char *called;
	const char *calling;
	int span;			    /* ROUTE_IN: the span the SETUP came on */
	const char *trunk;		    /* ROUTE_OUT: trunk the INVITE came from, or NULL */
	const struct sockaddr_storage *src; /* ROUTE_OUT: its source address, or NULL */
};

/*
 * The rule for a call: among those whose conditions all hold, the lowest
 * prio; then the most specific called pattern (longest prefix); then the
 * most specific calling pattern; then the first in the file.
 */
const struct route_rule *route_match(const struct route_conf *rc, const struct route_query *q);

/* does the rule fail over on this SIP final response / Q.850 cause? */
bool route_failover_status(const struct route_rule *r, int status, int cause);
bool route_failover_cause(const struct route_rule *r, int cause);

/* --- numbers (route_num.c) -------------------------------------------------- */

struct route_number {
	char digits[ROUTE_NUM];
	int ton; /* enum route_ton, never KEEP */
	int npi; /* enum route_npi, never AUTO */
};

/*
 * An ISDN number as routing sees it: international -> "+CCNSN",
 * national -> "+" country NSN, subscriber -> "+" country area SN when
 * [numbering] has them; anything else as the digits came.
 */
void route_num_from_isdn(const struct route_numbering *np, const char *digits, int ton, char *out,
			 size_t size);
/*
 * Apply a rule's manipulation to number (as routing sees it) and format
 * it for the egress side: to_isdn gives digits + TON/NPI for Q.931,
 * otherwise the SIP user part (TON/NPI then say what the digits are).
 */
int route_num_rewrite(const struct route_numbering *np, const struct route_numfmt *f, bool to_isdn,
		      const char *in, struct route_number *out);

/* --- identity (route_ident.c) ----------------------------------------------- */

enum route_pres { ROUTE_PRES_ALLOWED, ROUTE_PRES_RESTRICTED, ROUTE_PRES_UNAVAILABLE };

/* Q.931 presentation indicator (octet 3a) from a libpri callingpres value */
enum route_pres route_pres_from_isdn(int pres);
/* the libpri callingpres value: presentation + screening */
int route_pres_to_isdn(enum route_pres pres, bool screened);
const char *route_pres_name(enum route_pres pres);

/* RFC 5806 Diversion reason <-> Q.931 redirecting reason (libpri PRI_REDIR_*) */
const char *route_diversion_reason(int isdn_reason);
int route_diversion_reason_isdn(const char *reason, size_t len);

/*
 * Headers for an INVITE to SIP from ISDN identity (RFC 3325, RFC 3323,
 * RFC 5806): P-Asserted-Identity when there is a number to assert and the
 * peer is trusted, Privacy: id when presentation is restricted, Diversion
 * for a redirecting number. *from_anonymous says the From must be
 * anonymous.
 */
struct route_ident {
	char calling[ROUTE_NUM];
	enum route_pres pres;
	char redirecting[ROUTE_NUM];
	int redirecting_reason; /* PRI_REDIR_* */
	char name[64];		/* calling name (IA5), "" none; its presentation is pres */
};
/* which headers carry a redirecting number towards SIP (a trunk's redirecting key) */
enum route_redir_hdrs {
	ROUTE_REDIR_DIVERSION = 1, /* RFC 5806 */
	ROUTE_REDIR_HISTORY = 2,   /* RFC 7044 History-Info */
};
/*
 * The identity headers of an INVITE towards a trunk: P-Asserted-Identity
 * and Privacy (trusted), Diversion and/or History-Info (redir, a mask of
 * enum route_redir_hdrs; History-Info names called as the new target).
 */
int route_ident_sip_headers(const struct route_ident *id, const char *host, bool trusted,
			    unsigned redir, const char *called, char *buf, size_t size,
			    bool *from_anonymous);

/* --- History-Info (route_history.c) ---------------------------------------- */

#define ROUTE_HI_MAX 8 /* hi-entries looked at */
/* RFC 4458 cause URI parameter <-> Q.931 redirecting reason (PRI_REDIR_*) */
int route_history_cause(int isdn_reason);
int route_history_reason_isdn(int cause);
/* one History-Info header line: redirecting (index 1) -> called (index 1.1, cause) */
int route_history_build(const char *redirecting, int reason, const char *called, const char *host,
			char *buf, size_t size);
/*
 * The redirecting number and reason from hi-entries (vals[i], lens[i] in
 * header order): the entry the last one with a cause was retargeted from.
 * false when the entries say nothing of a redirection.
 */
bool route_history_parse(const char *const *vals, const size_t *lens, unsigned n,
			 char *redirecting, size_t size, int *reason);

/*
 * Identity of an incoming INVITE from its headers' values (each may be
 * NULL/0-length): the calling number (P-Asserted-Identity first, then
 * From unless anonymous), presentation from Privacy (id, header, user:
 * restricted), screened when asserted, redirecting from Diversion; the
 * name from the display-name of the identity taken (never an anonymous
 * From's).
 */
struct route_sip_hdrs {
	const char *from_user;
	const char *pai;
	size_t pai_len; /* first P-Asserted-Identity value */
	const char *privacy;
	size_t privacy_len; /* Privacy value */
	const char *diversion;
	size_t div_len; /* first Diversion value */
	const char *hi[ROUTE_HI_MAX]; /* History-Info entries, used without Diversion */
	size_t hi_len[ROUTE_HI_MAX];
	unsigned nhi;
	const char *from_display; /* unescaped, or NULL */
};
void route_ident_from_sip(const struct route_sip_hdrs *h, struct route_ident *id, bool *screened);

/* --- limits (route_limit.c) ------------------------------------------------- */

/* a token bucket; state kept by the caller (zeroed: full at first use) */
struct route_bucket {
	uint64_t last_ms;
	uint64_t milli; /* thousandths of a token */
	unsigned rate;
	bool primed;
};

enum route_limit_hit { ROUTE_LIMIT_NONE, ROUTE_LIMIT_CALLS, ROUTE_LIMIT_CPS };

/*
 * Admit one new call on an object with limits l that carries calls now:
 * ROUTE_LIMIT_CALLS when it is full, ROUTE_LIMIT_CPS when its bucket has
 * no token, else a token is taken. An emergency call is always admitted
 * (and takes a token when there is one).
 */
enum route_limit_hit route_limit_admit(const struct route_limit *l, int calls,
				       struct route_bucket *b, uint64_t now_ms, bool emergency);
/* whole seconds until the bucket has a token again (Retry-After), at least 1 */
unsigned route_limit_retry_after(const struct route_limit *l, const struct route_bucket *b,
				 uint64_t now_ms);
/* Q.850 cause for a limit hit: 34 (no circuit) for max_calls, 42 (congestion) for max_cps */
int route_limit_cause(enum route_limit_hit hit);
const char *route_limit_name(enum route_limit_hit hit);

/* --- calling names (route_name.c) --------------------------------------------- */

/*
 * Names cross as printable IA5 (the display IE's characters): control
 * characters are dropped, each character beyond ASCII becomes '?', spaces
 * at the ends go.
 */
void route_name_from_isdn(const char *in, char *out, size_t size);
void route_name_to_isdn(const char *in, char *out, size_t size);
/* the display-name of a name-addr header value ("Name" <uri> or Name <uri>), or "" */
void route_name_from_hdr(const char *v, size_t len, char *out, size_t size);

/* --- causes (route_cause.c) ------------------------------------------------- */

/* Precedence: Reason header cause > the trunk's [causes] table > RFC 3398 */
int route_sip_to_cause(const struct route_causes *t, int status, int reason_cause);
int route_cause_to_sip(const struct route_causes *t, int cause);

#endif
