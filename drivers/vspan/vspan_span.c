// SPDX-License-Identifier: GPL-2.0
/*
 * vspan: the DAHDI side of a pair - span and channel operations, alarms,
 * and creating/registering and unregistering/freeing a pair.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>

#include "vspan.h"

#define VSPAN_E1_CHANS		31
#define VSPAN_T1_CHANS		24

/* Timing priority 0 means "never a clock source", as on real cards. */
static void vspan_pair_update_syncsrc(struct vspan_pair *p)
{
	struct vspan_side *best = NULL;
	int i, src;

	for (i = 0; i < 2; i++) {
		struct vspan_side *s = &p->side[i];

		if (s->sync > 0 && (!best || s->sync < best->sync))
			best = s;
	}
	src = best ? best->span.spanno : 0;
	for (i = 0; i < 2; i++)
		p->side[i].span.syncsrc = src;
}

static int vspan_spanconfig(struct file *file, struct dahdi_span *span,
			    struct dahdi_lineconfig *lc)
{
	struct vspan_side *s = vspan_side_of(span);

	if (dahdi_is_e1_span(span) && !(lc->lineconfig & DAHDI_CONFIG_CCS)) {
		pr_info("span %d: only CCS is supported on E1\n",
			span->spanno);
		return -EINVAL;
	}
	s->sync = lc->sync;
	vspan_pair_update_syncsrc(s->pair);
	return 0;
}

static int vspan_chanconfig(struct file *file, struct dahdi_chan *chan,
			    int sigtype)
{
	struct vspan_side *s = chan->pvt;

	if ((sigtype & DAHDI_SIG_HARDHDLC) == DAHDI_SIG_HARDHDLC &&
	    chan->chanpos != s->dchan + 1) {
		pr_info("%s: hardhdlc only on channel %d of the span\n",
			chan->name, s->dchan + 1);
		return -EINVAL;
	}
	return 0;
}

static int vspan_startup(struct file *file, struct dahdi_span *span)
{
	struct vspan_side *s = vspan_side_of(span);

	/* The tick re-centres the elastic store on its next pass. */
	WRITE_ONCE(s->rx.centred, false);
	set_bit(DAHDI_FLAGBIT_RUNNING, &span->flags);
	return 0;
}

static int vspan_shutdown(struct dahdi_span *span)
{
	clear_bit(DAHDI_FLAGBIT_RUNNING, &span->flags);
	return 0;
}

static const struct dahdi_span_ops vspan_span_ops = {
	.owner = THIS_MODULE,
	.spanconfig = vspan_spanconfig,
	.chanconfig = vspan_chanconfig,
	.startup = vspan_startup,
	.shutdown = vspan_shutdown,
	.hdlc_hard_xmit = vspan_dchan_hard_xmit,
};

/*
 * What this side's receiver sees: its own injected faults, a peer that is
 * not transmitting, and the RAI the peer sends while its receiver is faulty.
 * Called only from the tick, which owns s->alarms.
 */
static bool vspan_rx_fault(const struct vspan_side *s)
{
	return READ_ONCE(s->inj_los) || READ_ONCE(s->inj_ais) ||
	       !vspan_running(s->peer);
}

void vspan_side_update_alarms(struct vspan_side *s)
{
	const struct vspan_side *peer = s->peer;
	int alarms = 0;

	if (READ_ONCE(s->inj_los) || !vspan_running(peer))
		alarms |= DAHDI_ALARM_RED | DAHDI_ALARM_LOS;
	else if (READ_ONCE(s->inj_ais))
		alarms |= DAHDI_ALARM_BLUE;
	else if (vspan_running(peer) && vspan_rx_fault(peer))
		alarms |= DAHDI_ALARM_YELLOW;

	if (alarms == s->alarms)
		return;
	s->alarms = alarms;
	s->span.alarms = alarms;
	dahdi_alarm_notify(&s->span);
}

static void vspan_side_free_chans(struct vspan_side *s)
{
	int i;

	for (i = 0; i < VSPAN_MAX_CHANS; i++) {
		kfree(s->chans[i]);
		s->chans[i] = NULL;
	}
	kfree(s->echo_hist);
	s->echo_hist = NULL;
}

static int vspan_side_init(struct vspan_pair *p, int index)
{
	struct vspan_side *s = &p->side[index];
	struct dahdi_span *span = &s->span;
	int nchans = p->t1 ? VSPAN_T1_CHANS : VSPAN_E1_CHANS;
	int i;

	s->pair = p;
	s->peer = &p->side[!index];
	s->index = index;
	s->dchan = p->t1 ? 23 : 15;
	s->prng = 0x9e3779b9u ^ (p->id << 8) ^ index;
	s->alarms = DAHDI_ALARM_RED | DAHDI_ALARM_LOS;
	atomic_set(&s->dchan_drop_once, 0);
	atomic_set(&s->dchan_corrupt_once, 0);
	atomic_set(&s->slip_drop_once, 0);
	atomic_set(&s->slip_repeat_once, 0);
	memset(s->rx.buf, VSPAN_IDLE, sizeof(s->rx.buf));
	s->echo_hist = kmalloc_array(VSPAN_MAX_CHANS, VSPAN_ECHO_SIZE, GFP_KERNEL);
	if (!s->echo_hist)
		return -ENOMEM;
	memset(s->echo_hist, VSPAN_IDLE, VSPAN_MAX_CHANS * VSPAN_ECHO_SIZE);

	for (i = 0; i < nchans; i++) {
		struct dahdi_chan *chan = kzalloc(sizeof(*chan), GFP_KERNEL);

		if (!chan)
			return -ENOMEM;
		s->chans[i] = chan;
		snprintf(chan->name, sizeof(chan->name), "VSPAN/%d/%c/%d",
			 p->id, 'a' + index, i + 1);
		chan->chanpos = i + 1;
		chan->pvt = s;
		chan->sigcap = DAHDI_SIG_CLEAR | DAHDI_SIG_DACS;
		if (i == s->dchan)
			chan->sigcap |= DAHDI_SIG_HARDHDLC;
	}

	snprintf(span->name, sizeof(span->name), "VSPAN/%d/%c",
		 p->id, 'a' + index);
	snprintf(span->desc, sizeof(span->desc),
		 "vspan pair %d side %c (%s back-to-back)", p->id, 'a' + index,
		 p->t1 ? "T1" : "E1");
	span->chans = s->chans;
	span->channels = nchans;
	span->ops = &vspan_span_ops;
	span->offset = index;
	span->alarms = s->alarms;
	if (p->t1) {
		span->spantype = SPANTYPE_DIGITAL_T1;
		span->deflaw = DAHDI_LAW_MULAW;
		span->linecompat = DAHDI_CONFIG_AMI | DAHDI_CONFIG_B8ZS |
				   DAHDI_CONFIG_D4 | DAHDI_CONFIG_ESF;
	} else {
		span->spantype = SPANTYPE_DIGITAL_E1;
		span->deflaw = DAHDI_LAW_ALAW;
		span->linecompat = DAHDI_CONFIG_AMI | DAHDI_CONFIG_HDB3 |
				   DAHDI_CONFIG_CCS | DAHDI_CONFIG_CRC4;
	}
	list_add_tail(&span->device_node, &p->ddev->spans);
	return 0;
}

static void vspan_pair_release(struct device *dev)
{
	struct vspan_pair *p = container_of(dev, struct vspan_pair, dev);

	kfree(p);
}

/* Returns the new pair's id or a negative errno. */
int vspan_pair_create(struct vspan_ctx *ctx, bool t1)
{
	struct vspan_pair *p;
	unsigned long flags;
	int id, i, ret;

	mutex_lock(&ctx->cfg_lock);
	id = find_first_zero_bit(ctx->ids, VSPAN_MAX_PAIRS);
	if (id >= VSPAN_MAX_PAIRS) {
		ret = -ENOSPC;
		goto err_unlock;
	}

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	p->id = id;
	p->t1 = t1;

	device_initialize(&p->dev);
	p->dev.class = &ctx->cls;
	p->dev.groups = vspan_pair_groups;
	p->dev.release = vspan_pair_release;
	dev_set_drvdata(&p->dev, ctx);
	ret = dev_set_name(&p->dev, "pair%d", id);
	if (ret)
		goto err_put_dev;
	ret = device_add(&p->dev);
	if (ret)
		goto err_put_dev;

	p->ddev = dahdi_create_device();
	if (!p->ddev) {
		ret = -ENOMEM;
		goto err_del_dev;
	}
	p->ddev->manufacturer = "prigate";
	p->ddev->devicetype = t1 ? "vspan T1 pair" : "vspan E1 pair";
	p->ddev->location = dev_name(&p->dev);
	ret = dev_set_name(&p->ddev->dev, "vspan:%d", id);
	if (ret)
		goto err_free_chans;

	for (i = 0; i < 2; i++) {
		ret = vspan_side_init(p, i);
		if (ret)
			goto err_free_chans;
	}

	ret = dahdi_register_device(p->ddev, &p->dev);
	if (ret) {
		pr_err("pair%d: dahdi_register_device: %d\n", id, ret);
		goto err_free_chans;
	}

	spin_lock_irqsave(&ctx->pairs_lock, flags);
	list_add_tail(&p->node, &ctx->pairs);
	spin_unlock_irqrestore(&ctx->pairs_lock, flags);
	set_bit(id, ctx->ids);
	mutex_unlock(&ctx->cfg_lock);

	pr_info("pair%d: %s pair registered as DAHDI device vspan:%d\n", id,
		t1 ? "T1" : "E1", id);
	return id;

err_free_chans:
	dahdi_free_device(p->ddev);
	for (i = 0; i < 2; i++)
		vspan_side_free_chans(&p->side[i]);
err_del_dev:
	device_del(&p->dev);
err_put_dev:
	put_device(&p->dev);
err_unlock:
	mutex_unlock(&ctx->cfg_lock);
	return ret;
}

static bool vspan_pair_in_use(const struct vspan_pair *p)
{
	int i, c;

	for (i = 0; i < 2; i++) {
		const struct vspan_side *s = &p->side[i];

		for (c = 0; c < s->span.channels; c++)
			if (test_bit(DAHDI_FLAGBIT_OPEN, &s->chans[c]->flags))
				return true;
	}
	return false;
}

/* Called with cfg_lock held and p already off the tick's list. */
static void vspan_pair_free(struct vspan_pair *p)
{
	int i;

	dahdi_unregister_device(p->ddev);
	dahdi_free_device(p->ddev);
	for (i = 0; i < 2; i++)
		vspan_side_free_chans(&p->side[i]);
	device_unregister(&p->dev);
}

static void vspan_pair_unlink(struct vspan_ctx *ctx, struct vspan_pair *p)
{
	unsigned long flags;

	/* Once off the list under the lock, the tick never sees it again. */
	spin_lock_irqsave(&ctx->pairs_lock, flags);
	list_del(&p->node);
	spin_unlock_irqrestore(&ctx->pairs_lock, flags);
	clear_bit(p->id, ctx->ids);
}

int vspan_pair_destroy(struct vspan_ctx *ctx, int id)
{
	struct vspan_pair *p, *found = NULL;
	int ret = 0;

	mutex_lock(&ctx->cfg_lock);
	list_for_each_entry(p, &ctx->pairs, node) {
		if (p->id == id) {
			found = p;
			break;
		}
	}
	if (!found) {
		ret = -ENOENT;
	} else if (vspan_pair_in_use(found)) {
		ret = -EBUSY;
	} else {
		vspan_pair_unlink(ctx, found);
		vspan_pair_free(found);
		pr_info("pair%d: destroyed\n", id);
	}
	mutex_unlock(&ctx->cfg_lock);
	return ret;
}

/* Module exit: DAHDI holds a module reference while any channel is open. */
void vspan_pair_destroy_all(struct vspan_ctx *ctx)
{
	struct vspan_pair *p, *tmp;

	mutex_lock(&ctx->cfg_lock);
	list_for_each_entry_safe(p, tmp, &ctx->pairs, node) {
		vspan_pair_unlink(ctx, p);
		vspan_pair_free(p);
	}
	mutex_unlock(&ctx->cfg_lock);
}
