/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One media thread and the spans it owns end to end (media_worker.c):
 * the API of media.h for a single thread. media.c spreads spans over
 * several workers and maps their slots; nothing else uses these.
 */
#ifndef PRIGATE_MEDIA_WORKER_H
#define PRIGATE_MEDIA_WORKER_H

#include "media.h"

struct media_worker;

int mw_alloc(struct media_worker **mp, struct loop *loop, const struct media_conf *conf,
	     media_stopped_h *stopped_h, void *arg);
int mw_add_span(struct media_worker *m, const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		enum tdm_law law);
int mw_use_io(struct media_worker *m, const struct media_io_conf *conf, bool fallback, char *why,
	      size_t whylen);
/* name: the thread's name; cpu: the CPU it is pinned to, -1 none */
int mw_start(struct media_worker *m, const char *name, int cpu);
void mw_free(struct media_worker *m);
int mw_stream_start(struct media_worker *m, const struct media_stream_params *p);
int mw_stream_update(struct media_worker *m, int slot, const struct sockaddr_storage *remote);
int mw_stream_set_dir(struct media_worker *m, int slot, bool no_send, bool no_play);
int mw_stream_rekey(struct media_worker *m, int slot, struct media_srtp *srtp);
int mw_stream_stop(struct media_worker *m, int slot);
void mw_stream_stats(struct media_worker *m, int slot, struct media_stats *st);

#endif
