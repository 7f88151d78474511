// SPDX-License-Identifier: GPL-2.0-only
/*
 * The media engine as the rest of the gateway sees it: conf->threads
 * workers (media_worker.c), each a thread that owns whole spans, their
 * streams and its own RTP I/O engine, so nothing is shared between them in
 * the per-packet path. Spans go to workers in turn as they are added; a
 * stream runs on the worker of its span. Slots handed out are the
 * worker's slot plus its index times MEDIA_MAX_STREAMS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "media.h"
#include "media_io.h"
#include "media_worker.h"

struct media_wctx {
	struct media *m;
	int idx;
};

struct media {
	int nworkers;
	struct media_worker *w[MEDIA_MAX_THREADS];
	struct media_wctx ctx[MEDIA_MAX_THREADS];
	int cpus[MEDIA_MAX_THREADS]; /* -1: not pinned */
	media_stopped_h *stopped_h;
	void *arg;
	int nspans;
	int span_worker[MEDIA_MAX_SPANS]; /* our span index -> worker */
	int span_local[MEDIA_MAX_SPANS];  /* -> the worker's span index */
};

static void worker_stopped(int slot, int rtp_fd, void *arg)
{
	struct media_wctx *c = arg;

	c->m->stopped_h(c->idx * MEDIA_MAX_STREAMS + slot, rtp_fd, c->m->arg);
}

int media_alloc(struct media **mp, struct loop *loop, const struct media_conf *conf,
		media_stopped_h *stopped_h, void *arg)
{
	struct media *m = calloc(1, sizeof(*m));
	int n = conf->threads ? (int)conf->threads : 1, i, err;

	if (!m)
		return -ENOMEM;
	if (n > MEDIA_MAX_THREADS) {
		free(m);
		return -EINVAL;
	}
	m->stopped_h = stopped_h;
	m->arg = arg;
	for (i = 0; i < n; i++) {
		m->ctx[i] = (struct media_wctx){m, i};
		m->cpus[i] = conf->ncpus ? conf->cpus[i % conf->ncpus] : -1;
		err = mw_alloc(&m->w[i], loop, conf, worker_stopped, &m->ctx[i]);
		if (err) {
			media_free(m);
			return err;
		}
		m->nworkers++;
	}
	*mp = m;
	return 0;
}

int media_add_span(struct media *m, const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		   enum tdm_law law)
{
	int w = m->nspans % m->nworkers, local;

	if (m->nspans >= MEDIA_MAX_SPANS)
		return -EBUSY;
	local = mw_add_span(m->w[w], ops, tdm, law);
	if (local < 0)
		return local;
	m->span_worker[m->nspans] = w;
	m->span_local[m->nspans] = local;
	return m->nspans++;
}

int media_use_io(struct media *m, const struct media_io_conf *conf, bool fallback, char *why,
		 size_t whylen)
{
	/* one AF_XDP socket on one queue: a single worker (multi-queue is to come) */
	if (conf->kind == MEDIA_IO_XDP && m->nworkers > 1)
		return -EINVAL;
	return mw_use_io(m->w[0], conf, fallback, why, whylen);
}

int media_start(struct media *m)
{
	char name[16];
	int i, err;

	for (i = 0; i < m->nworkers; i++) {
		snprintf(name, sizeof(name), "prigate-media%d", i);
		err = mw_start(m->w[i], name, m->cpus[i]);
		if (err)
			return err;
	}
	return 0;
}

void media_free(struct media *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->nworkers; i++)
		mw_free(m->w[i]);
	free(m);
}

int media_threads(const struct media *m)
{
	return m->nworkers;
}

/* the worker of a slot we handed out, and its own slot; NULL for a bad slot */
static struct media_worker *slot_worker(struct media *m, int slot, int *local)
{
	if (slot < 0 || slot / MEDIA_MAX_STREAMS >= m->nworkers)
		return NULL;
	*local = slot % MEDIA_MAX_STREAMS;
	return m->w[slot / MEDIA_MAX_STREAMS];
}

int media_stream_start(struct media *m, const struct media_stream_params *p)
{
	struct media_stream_params lp = *p;
	int w, slot;

	if (p->span_idx < 0 || p->span_idx >= m->nspans)
		return -EINVAL;
	w = m->span_worker[p->span_idx];
	lp.span_idx = m->span_local[p->span_idx];
	slot = mw_stream_start(m->w[w], &lp);
	return slot < 0 ? slot : w * MEDIA_MAX_STREAMS + slot;
}

int media_stream_update(struct media *m, int slot, const struct sockaddr_storage *remote)
{
	int l;
	struct media_worker *w = slot_worker(m, slot, &l);

	return w ? mw_stream_update(w, l, remote) : -EINVAL;
}

int media_stream_set_dir(struct media *m, int slot, bool no_send, bool no_play)
{
	int l;
	struct media_worker *w = slot_worker(m, slot, &l);

	return w ? mw_stream_set_dir(w, l, no_send, no_play) : -EINVAL;
}

int media_stream_rekey(struct media *m, int slot, struct media_srtp *srtp)
{
	int l;
	struct media_worker *w = slot_worker(m, slot, &l);

	return w ? mw_stream_rekey(w, l, srtp) : -EINVAL;
}

int media_stream_stop(struct media *m, int slot)
{
	int l;
	struct media_worker *w = slot_worker(m, slot, &l);

	return w ? mw_stream_stop(w, l) : -EINVAL;
}

void media_stream_stats(struct media *m, int slot, struct media_stats *st)
{
	int l;
	struct media_worker *w = slot_worker(m, slot, &l);

	if (w)
		mw_stream_stats(w, l, st);
}
