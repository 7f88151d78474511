/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ISDN PRI signalling for one span: libpri driven by the event loop over a
 * TDM backend's D-channel, with B-channel hunting and call objects that
 * live from SETUP until libpri has released the call reference.
 */
#ifndef PRIGATE_ISDN_H
#define PRIGATE_ISDN_H

#include <stdbool.h>

#include "loop.h"
#include "tdm.h"

/* Q.850 cause values used by the gateway */
enum q931_cause {
	CAUSE_UNALLOCATED = 1,
	CAUSE_NO_ROUTE_DESTINATION = 3,
	CAUSE_NORMAL_CLEARING = 16,
	CAUSE_USER_BUSY = 17,
	CAUSE_NO_USER_RESPONSE = 18,
	CAUSE_NO_ANSWER = 19,
	CAUSE_CALL_REJECTED = 21,
	CAUSE_NUMBER_CHANGED = 22,
	CAUSE_DESTINATION_OUT_OF_ORDER = 27,
	CAUSE_INVALID_NUMBER_FORMAT = 28,
	CAUSE_FACILITY_REJECTED = 29,
	CAUSE_NORMAL_UNSPECIFIED = 31,
	CAUSE_NO_CIRCUIT_AVAILABLE = 34,
	CAUSE_NETWORK_OUT_OF_ORDER = 38,
	CAUSE_TEMPORARY_FAILURE = 41,
	CAUSE_SWITCH_CONGESTION = 42,
	CAUSE_REQUESTED_CHAN_UNAVAIL = 44,
	CAUSE_BEARERCAPABILITY_NOTAVAIL = 58,
	CAUSE_BEARERCAPABILITY_NOTIMPL = 65,
	CAUSE_INCOMPATIBLE_DESTINATION = 88,
	CAUSE_INVALID_MSG_UNSPECIFIED = 95,
	CAUSE_RECOVERY_ON_TIMER_EXPIRE = 102,
	CAUSE_INTERWORKING = 127,
};

enum isdn_hunt { ISDN_HUNT_ASCENDING, ISDN_HUNT_DESCENDING, ISDN_HUNT_ROUNDROBIN };

struct isdn_span_conf {
	int span_no;
	int node;       /* PRI_NETWORK or PRI_CPE */
	int switchtype; /* PRI_SWITCH_* */
	enum tdm_framing framing;
	enum tdm_law law;
	enum isdn_hunt hunt;
	int debug;      /* libpri PRI_DEBUG_* mask */
	bool restart;   /* RESTART idle B-channels whenever the span becomes usable */
	/*
	 * overlap receiving: a SETUP without Sending Complete gets SETUP
	 * ACKNOWLEDGE and digits are collected from INFORMATION until Sending
	 * Complete, the user's number_complete, or T302 (t302_ms) after the
	 * last digit
	 */
	bool overlap;
	unsigned t302_ms;
	int send_name;  /* calling name in the display IE: 1 yes, 0 no, -1 libpri's default */
};

struct isdn_span_stats {
	unsigned restarts_sent, restarts_acked, restart_timeouts, restarts_received;
};

enum isdn_ev {
	ISDN_EV_PROCEEDING, /* CALL PROCEEDING */
	ISDN_EV_ALERTING,   /* ALERTING; inband says ringback is on the B-channel */
	ISDN_EV_PROGRESS,   /* PROGRESS with in-band information */
	ISDN_EV_CONNECT,    /* CONNECT */
	ISDN_EV_DISCONNECT, /* far end cleared (DISCONNECT/RELEASE), with cause */
	ISDN_EV_SETUP_ACK,  /* SETUP ACKNOWLEDGE: send the rest of the number */
};

enum isdn_chan_state { ISDN_CHAN_IDLE, ISDN_CHAN_BUSY, ISDN_CHAN_RESTARTING };

struct isdn_span;
struct isdn_call;

struct isdn_setup_info {
	char called[32];
	char calling[32];
	char calling_name[64];
	int called_plan;        /* libpri: type of number << 4 | numbering plan */
	int calling_plan;
	int calling_pres;       /* libpri: presentation | screening */
	int chan;
	char redirecting[32];   /* redirecting number, "" if none */
	int redirecting_plan;
	int redirecting_pres;
	int redirecting_reason; /* PRI_REDIR_* */
	bool complete;          /* Sending Complete was in the SETUP or an INFORMATION */
	bool t302_expired;      /* overlap: the number is what came before T302 */
};

/*
 * The numbers of a SETUP we send. Plans are libpri's (type of number
 * << 4 | numbering plan: PRI_UNKNOWN, PRI_NATIONAL_ISDN, ...); pres is
 * the calling party's presentation and screening (PRES_*).
 */
struct isdn_numbers {
	const char *called;
	int called_plan;
	const char *calling;    /* NULL or "": no calling number */
	int calling_plan;
	int calling_pres;       /* of the number and the name */
	const char *calling_name; /* NULL or "": none; IA5 (display IE) */
	const char *redirecting; /* NULL or "": no redirecting number */
	int redirecting_plan;
	int redirecting_pres;
	int redirecting_reason;
	int hunt;               /* enum isdn_hunt, or -1: the span's */
	bool overlap;           /* no Sending Complete: digits follow (isdn_call_info) */
};

struct isdn_handlers {
	void (*dchan_h)(struct isdn_span *span, bool up, void *arg);
	/*
	 * Incoming SETUP on a channel already reserved for it. Return 0 after
	 * isdn_call_set_user() to take the call, or a Q.850 cause to reject.
	 */
	int (*setup_h)(struct isdn_call *call, const struct isdn_setup_info *info, void *arg);
	/*
	 * optional, overlap receiving: true when the digits so far are a
	 * whole number (a routing rule of fixed length matches them)
	 */
	bool (*number_complete)(struct isdn_span *span, const struct isdn_setup_info *info,
				void *arg);
	/* progress of a call that has a user */
	void (*event_h)(struct isdn_call *call, enum isdn_ev ev, int cause, bool inband, void *arg);
};

int isdn_span_alloc(struct isdn_span **spanp, struct loop *loop, const struct isdn_span_conf *conf,
		    const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		    const struct isdn_handlers *h, void *arg);
void isdn_span_free(struct isdn_span *span);
/* D-channel up and no red/blue alarm */
bool isdn_span_up(const struct isdn_span *span);
/* TDM_ALARM_* as last polled from the backend */
int isdn_span_alarms(const struct isdn_span *span);
int isdn_span_no(const struct isdn_span *span);
const struct isdn_span_conf *isdn_span_conf(const struct isdn_span *span);
/* free B-channels, and the state and call (or NULL) of one channel */
int isdn_span_free_chans(const struct isdn_span *span);
const struct isdn_span_stats *isdn_span_stats(const struct isdn_span *span);
enum isdn_chan_state isdn_span_chan_state(const struct isdn_span *span, int chan,
					  struct isdn_call **callp);

/* place a call: SETUP on a hunted B-channel. -EBUSY: no channel free. */
int isdn_call_setup(struct isdn_call **callp, struct isdn_span *span, const char *called,
		    const char *calling, void *user);
/* the same with types of number, plans, presentation and redirecting number */
int isdn_call_setup_numbers(struct isdn_call **callp, struct isdn_span *span,
			    const struct isdn_numbers *nums, void *user);
void isdn_call_set_user(struct isdn_call *call, void *user);
/* overlap sending: more digits in INFORMATION messages, one per digit */
int isdn_call_info(struct isdn_call *call, const char *digits);
void *isdn_call_user(const struct isdn_call *call);
int isdn_call_chan(const struct isdn_call *call);
struct isdn_span *isdn_call_span(const struct isdn_call *call);
int isdn_call_alerting(struct isdn_call *call, bool inband);
int isdn_call_progress(struct isdn_call *call);
/* CONNECT; connected (NULL or "": none) goes in it as the connected number (COLP) */
int isdn_call_connect(struct isdn_call *call, const char *connected, int plan, int pres);
/* the connected number of the far end's CONNECT ("" none), its plan and presentation */
const char *isdn_call_connected(const struct isdn_call *call, int *plan, int *pres);
/* clear with cause; the user is detached and gets no further events */
void isdn_call_hangup(struct isdn_call *call, int cause);

/* names for switch types and node types, for config parsing and display */
int isdn_switchtype_parse(const char *s);
const char *isdn_switchtype_name(int switchtype);
const char *isdn_ev_name(enum isdn_ev ev);

#endif
