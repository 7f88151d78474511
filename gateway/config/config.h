/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * prigated's configuration: an INI file read with iniparser into plain
 * structs, validated completely before anything uses it. Every key is
 * documented, with its default, in conf/prigate.ini.sample.
 */
#ifndef PRIGATE_CONFIG_H
#define PRIGATE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "isdn/isdn.h"
#include "log.h"
#include "route/route.h"
#include "sdp/sdp.h"
#include "tdm.h"

#define CFG_MAX_SPANS 8
#define CFG_MAX_TRUNKS 16

struct cfg_general {
	char control[108];        /* control socket path */
	enum log_level log_level;
};

struct cfg_sip {
	char listen[64];          /* address */
	uint16_t port;
	struct sockaddr_storage addr;
	char user_agent[64];
	unsigned t1_ms, t2_ms, t4_ms; /* RFC 3261 timers */
	unsigned max_cps;             /* new INVITEs per second; 0: no limit */
	bool no_100rel;               /* 100rel = no: no RFC 3262 either way */
	unsigned session_expires;     /* RFC 4028: asked for, 0 none */
	unsigned min_se;              /* smallest interval accepted (422 below) */
	char listen2[64];             /* a second address (IPv6 beside IPv4), "" none */
	struct sockaddr_storage addr2;
	unsigned transports;          /* 1 << SIP_TP_x (sip/sip_ua.h) */
	char tls_cert[256], tls_key[256], tls_ca[256];
};

/* the media I/O engine (media/media_io.h); fixed at start */
struct cfg_media_io {
	int engine;               /* enum media_io_kind: 0 sockets, 1 xdp */
	char xdp_interface[32];
	unsigned xdp_queue;
};

struct cfg_media {
	struct cfg_media_io io;
	char rtp_address[64];
	struct sockaddr_storage addr;
	uint16_t rtp_port_min, rtp_port_max;
	unsigned jitter_ms, jitter_min_ms, jitter_max_ms;
	bool jitter_fixed; /* jitter_mode = fixed */
	unsigned threads;  /* media threads (1-8) */
	int cpus[8];       /* pinned to these CPUs in turn; ncpus 0: not pinned */
	unsigned ncpus;
	unsigned ptime;
	enum sdp_srtp_policy srtp; /* for SIP peers that are no [trunk] */
};

struct cfg_trunk {
	char name[32];
	char address[64];
	uint16_t port;
	struct sockaddr_storage addr;
	bool emergency;           /* may carry emergency calls (routing) */
	bool trusted;             /* RFC 3325 trust domain: P-Asserted-Identity both ways */
	unsigned redirecting;     /* enum route_redir_hdrs: Diversion, History-Info or both */
	char causes[32];          /* [causes NAME] overriding RFC 3398, or "" */
	int transport;            /* enum sip_transport */
	char username[64], password[64], realm[128]; /* digest credentials */
	bool reg;                 /* register = yes */
	unsigned expires;         /* registration lifetime asked for, s */
	unsigned keepalive;       /* OPTIONS every N s (static trunks), 0 off */
	enum sdp_srtp_policy srtp; /* [media] srtp unless set here */
	bool srtp_set;
	struct route_limit limit; /* max_calls, max_cps (routing) */
};

struct cfg_span {
	int no;
	char backend[16];
	struct tdm_span_conf tdm;
	struct isdn_span_conf isdn;
	char trunk[32];           /* where calls from this span go */
	bool switchtype_set;      /* given in the file, not the framing's default */
};

struct config {
	char path[256];
	struct cfg_general general;
	struct cfg_sip sip;
	struct cfg_media media;
	struct cfg_trunk trunks[CFG_MAX_TRUNKS];
	int ntrunks;
	struct cfg_span spans[CFG_MAX_SPANS];
	int nspans;
	struct route_conf route;  /* [route.in/out NAME], [group NAME], [causes NAME], [numbering] */
};

/*
 * Load and validate path. On error returns -EINVAL (or -errno for I/O)
 * with "FILE: [section] key: problem (allowed: ...)" in err.
 */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);
const struct cfg_trunk *config_trunk(const struct config *cfg, const char *name);
/* the trunk a SIP request from src belongs to (same IP address), or NULL */
const struct cfg_trunk *config_trunk_by_src(const struct config *cfg,
					    const struct sockaddr_storage *src);
/* SRTP policy towards trunk t (NULL: an unknown peer) */
enum sdp_srtp_policy config_srtp_policy(const struct config *cfg, const struct cfg_trunk *t);

#endif
