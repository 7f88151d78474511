/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pbxsim: a PBX emulator on libpri for the far end of a PRI span. One
 * event loop owns everything: the D-channel (gateway/isdn), the TDM
 * backend's 1 ms media ticks, the control socket and the signals.
 */
#ifndef PBXSIM_H
#define PBXSIM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtmf.h"
#include "g711.h"
#include "isdn/isdn.h"
#include "loop.h"
#include "tdm.h"
#include "tone.h"

#define PBX_CTL_DEFAULT "/tmp/pbxsim.ctl"
#define PBX_CABLE_DEFAULT "/tmp/prigate-e1-1.sock"
#define PBX_CTL_ENV "PBXSIM_CTL"

#define PBX_NUM_MAX 32       /* digits of a number, NUL included */
#define PBX_DIALPLAN_MAX 64  /* [dialplan] entries */
#define PBX_SUN_PATH 108     /* sizeof(sockaddr_un.sun_path) */
#define PBX_DURATION_DEFAULT_MS 5000
#define PBX_RECORD_MAX_S 600 /* a record buffer never grows past this */
#define PBX_DTMF_MAX (DTMF_GEN_QUEUE + 1) /* digits of call --dtmf, NUL included */
#define PBX_DTMF_ON_MS 100
#define PBX_DTMF_OFF_MS 100

/* --- dial plan ------------------------------------------------------------ */

enum pbx_act {
	PBX_ACT_NONE,      /* keep ringing until the caller gives up */
	PBX_ACT_ECHO,      /* answer, send back what arrives */
	PBX_ACT_MILLIWATT, /* answer, send the digital milliwatt */
	PBX_ACT_ANSWER,    /* answer, send silence */
	PBX_ACT_REJECT,    /* clear with a cause */
};

struct pbx_action {
	bool ring;         /* ALERTING with in-band ringback first */
	unsigned ring_ms;  /* how long to ring before the final action */
	enum pbx_act act;
	int cause;         /* PBX_ACT_REJECT */
	unsigned echo_loss_db; /* PBX_ACT_ECHO: 0 = byte for byte, else a line hybrid's loss */
};

struct pbx_route {
	char number[PBX_NUM_MAX];
	struct pbx_action action;
};

/* parse "echo", "ring 2000 echo", "reject 17", ...; 0 or -EINVAL with err */
int pbx_action_parse(struct pbx_action *a, const char *s, char *err, size_t errlen);
/* the inverse, for logs and status */
void pbx_action_format(const struct pbx_action *a, char *buf, size_t size);

/* --- configuration --------------------------------------------------------- */

struct pbx_conf {
	int node;          /* PRI_CPE or PRI_NETWORK */
	int switchtype;    /* PRI_SWITCH_* */
	enum tdm_framing framing;
	enum tdm_law law;
	enum isdn_hunt hunt;
	char backend[16];
	char cable[PBX_SUN_PATH];
	bool listen;
	char control[PBX_SUN_PATH];
	int debug;
	const struct tone_zone *tonezone; /* call progress tones, default etsi */
	struct pbx_route routes[PBX_DIALPLAN_MAX];
	int nroutes;
	struct pbx_action dflt;
};

void pbx_conf_defaults(struct pbx_conf *conf);
/* 0, or -errno with "FILE: [section] key: problem (allowed: ...)" in err */
int pbx_conf_load(struct pbx_conf *conf, const char *path, char *err, size_t errlen);
const struct pbx_action *pbx_dialplan_lookup(const struct pbx_conf *conf, const char *number);
const char *pbx_node_name(int node);
const char *pbx_law_name(enum tdm_law law);

static inline enum g711_law pbx_g711_law(enum tdm_law law)
{
	return law == TDM_ULAW ? G711_ULAW : G711_ALAW;
}

/* --- calls ---------------------------------------------------------------- */

enum pbx_call_state {
	PBX_CALL_FREE,
	PBX_CALL_SETUP,      /* SETUP sent or received */
	PBX_CALL_PROCEEDING, /* CALL PROCEEDING received */
	PBX_CALL_ALERTING,   /* ALERTING sent or received */
	PBX_CALL_ANSWERED,
};

enum pbx_tx {
	PBX_TX_IDLE,      /* write nothing: the backend sends idle */
	PBX_TX_SILENCE,   /* write the law's silence byte */
	PBX_TX_ECHO,      /* write back what was read */
	PBX_TX_MILLIWATT,
	PBX_TX_PLAY,      /* a WAV file, then silence */
	PBX_TX_RINGBACK,  /* in-band ringback tone with its cadence */
	PBX_TX_DTMF,      /* the --dtmf digits, then silence or the WAV file */
};

struct pbx;
struct pbx_client;

struct pbx_call {
	struct pbx *pbx;
	struct isdn_call *ic;
	int chan;
	enum pbx_call_state state;
	bool outgoing;
	char called[PBX_NUM_MAX];
	char calling[PBX_NUM_MAX];
	struct pbx_action action; /* incoming: what the dial plan said */
	enum pbx_tx tx;
	struct timer timer;       /* ring -> action, or answered -> hangup */
	struct timer digit_timer; /* overlap sending: the next INFORMATION */
	char overlap_rest[PBX_NUM_MAX]; /* digits still to send after SETUP ACKNOWLEDGE */
	unsigned overlap_pos;
	uint64_t t_setup;
	uint64_t t_answer;
	unsigned duration_ms;     /* outgoing: 0 holds until the far end clears */
	bool hungup_by_us;
	uint32_t tone_pos;        /* samples of milliwatt sent */
	struct tone_gen tone;     /* ringback */
	struct dtmf_gen dtmf_gen; /* --dtmf digits, queued at answer */
	struct dtmf_det dtmf_det; /* everything received on the B-channel */
	char dtmf[PBX_DTMF_MAX];  /* digits to send after answer */
	bool echo_primed;         /* the echo's jitter margin is queued */
	uint8_t echo_map[256];    /* code -> code attenuated by echo_loss_db */
	uint8_t *play;            /* whole file, loaded before SETUP */
	size_t play_len;
	size_t play_pos;
	uint8_t *rec;             /* fixed buffer, allocated before SETUP */
	size_t rec_len;
	size_t rec_cap;
	bool rec_full;
	char rec_path[PATH_MAX];
	struct pbx_client *client; /* the control connection that placed it */
};

#define PBX_OVERLAP_GAP_MS 300

struct pbx_call_req {
	char called[PBX_NUM_MAX];
	char calling[PBX_NUM_MAX];
	bool clir;         /* calling number presentation restricted */
	char name[64];     /* calling name (display IE), "" none */
	char redirecting[PBX_NUM_MAX]; /* redirecting number, "" none */
	int redirecting_reason;        /* Q.931 reason code (PRI_REDIR_*) */
	unsigned duration_ms;
	char play[PATH_MAX];
	char record[PATH_MAX];
	char dtmf[PBX_DTMF_MAX];
	int overlap;       /* -1: en-bloc; else digits in the SETUP, the rest in INFORMATION */
};

struct pbx_ctl;

struct pbx {
	struct pbx_conf conf;
	const char *conf_path;
	struct loop *loop;
	const struct tdm_backend_ops *ops;
	struct tdm_span *tdm;
	struct isdn_span *span;
	struct pbx_ctl *ctl;
	int sig_fd;
	bool stopping;
	uint8_t silence;
	uint8_t milliwatt[8];
	struct pbx_call calls[TDM_MAX_CHANS]; /* by B-channel */
};

extern const struct isdn_handlers pbx_isdn_handlers;

/* place a call for a control client; -ENOTCONN, -EBUSY (no B-channel), ... */
int pbx_call_place(struct pbx *pbx, const struct pbx_call_req *req, struct pbx_client *cl,
		   struct pbx_call **callp, char *err, size_t errlen);
/* clear a call with cause; the call slot is free afterwards */
void pbx_call_hangup(struct pbx_call *call, int cause);
/* the control client went away: forget it, clear the call */
void pbx_call_client_gone(struct pbx_call *call);
int pbx_call_count(const struct pbx *pbx);
const char *pbx_call_state_name(enum pbx_call_state state);
const char *pbx_cause_text(int cause);

/* --- media (audio.c) ------------------------------------------------------- */

void pbx_audio_init(struct pbx *pbx);
/* after the backend's media_service: move this tick's audio of one call */
void pbx_audio_service(struct pbx *pbx, struct pbx_call *call, int ticks);

/* --- control socket (ctl.c) ------------------------------------------------ */

int pbx_ctl_alloc(struct pbx_ctl **ctlp, struct pbx *pbx, const char *path);
void pbx_ctl_free(struct pbx_ctl *ctl);
/* D-channel changed: wakes wait-up clients */
void pbx_ctl_dchan(struct pbx_ctl *ctl, bool up);
void pbx_client_printf(struct pbx_client *cl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the final line was sent: close once flushed, the call is gone */
void pbx_client_done(struct pbx_client *cl);

/* percent-encoding of one word of the line protocol */
int pbx_word_encode(const char *s, char *buf, size_t size);
int pbx_word_decode(char *s);

/* --- client side (client.c) ------------------------------------------------ */

int pbx_client_main(int argc, char **argv, const char *ctl_path);

#endif
