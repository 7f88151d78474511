// SPDX-License-Identifier: GPL-2.0
/*
 * vspan: hardhdlc D-channel crossing. Frames leave one span through
 * dahdi_hdlc_getbuf at the line rate (8 octets per ms) and arrive at the
 * peer through dahdi_hdlc_putbuf with their FCS, ending in
 * dahdi_hdlc_finish - or in a BADFCS abort when the frame was corrupted by
 * fault injection or hit by a slip, or nowhere at all when it was dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vspan.h"

#define VSPAN_TXQ_BIT	0

/* FCS-16 (ITU-T Q.921 / ISO 3309), bitwise: at most 8 octets per tick. */
static u16 vspan_fcs16(u16 fcs, const u8 *p, unsigned int len)
{
	int b;

	while (len--) {
		fcs ^= *p++;
		for (b = 0; b < 8; b++)
			fcs = (fcs & 1) ? (fcs >> 1) ^ 0x8408 : fcs >> 1;
	}
	return fcs;
}

static bool vspan_is_hardhdlc(const struct dahdi_chan *chan)
{
	return (chan->sig & DAHDI_SIG_HARDHDLC) == DAHDI_SIG_HARDHDLC;
}

static bool vspan_hit(struct vspan_side *s, u32 ppm)
{
	return ppm && (vspan_rand(s) % 1000000) < ppm;
}

/* Decide the fate of a frame arriving at receiver r. */
static enum vspan_rx_mode vspan_rx_begin(struct vspan_side *r)
{
	if (READ_ONCE(r->inj_los) || READ_ONCE(r->inj_ais))
		return VSPAN_RX_DROP;
	if (atomic_add_unless(&r->dchan_drop_once, -1, 0) ||
	    vspan_hit(r, READ_ONCE(r->dchan_drop_ppm)))
		return VSPAN_RX_DROP;
	if (atomic_add_unless(&r->dchan_corrupt_once, -1, 0) ||
	    vspan_hit(r, READ_ONCE(r->dchan_corrupt_ppm)))
		return VSPAN_RX_CORRUPT;
	return VSPAN_RX_DELIVER;
}

static void vspan_rx_data(struct vspan_side *r, struct dahdi_chan *rc,
			  u8 *buf, unsigned int len)
{
	if (r->rx_mode == VSPAN_RX_DELIVER && r->rx_slipped)
		r->rx_mode = VSPAN_RX_CORRUPT;
	if (r->rx_mode == VSPAN_RX_CORRUPT && len)
		buf[0] ^= 0x10;
	if (r->rx_mode == VSPAN_RX_DROP || !len)
		return;
	r->rx_fcs = vspan_fcs16(r->rx_fcs, buf, len);
	dahdi_hdlc_putbuf(rc, buf, len);
}

static void vspan_rx_end(struct vspan_side *r, struct dahdi_chan *rc)
{
	u8 fcs[2];

	switch (r->rx_mode) {
	case VSPAN_RX_DELIVER:
		r->rx_fcs ^= 0xffff;
		fcs[0] = r->rx_fcs & 0xff;
		fcs[1] = r->rx_fcs >> 8;
		dahdi_hdlc_putbuf(rc, fcs, sizeof(fcs));
		dahdi_hdlc_finish(rc);
		r->st.frames_rx++;
		break;
	case VSPAN_RX_CORRUPT:
		dahdi_hdlc_abort(rc, DAHDI_EVENT_BADFCS);
		r->st.crc_errors++;
		break;
	case VSPAN_RX_DROP:
		r->st.frames_dropped++;
		break;
	case VSPAN_RX_IDLE:
		break;
	}
	r->rx_mode = VSPAN_RX_IDLE;
}

/* Move up to one chunk of the D-channel frame in flight from s to its peer. */
void vspan_dchan_tick(struct vspan_side *s)
{
	struct dahdi_chan *tc = s->chans[s->dchan];
	struct vspan_side *r = s->peer;
	struct dahdi_chan *rc = r->chans[r->dchan];
	u8 buf[DAHDI_CHUNKSIZE];
	unsigned int len = sizeof(buf);
	bool rx_ok;
	int res;

	if (!vspan_is_hardhdlc(tc))
		return;
	if (!s->tx_in_frame &&
	    !test_and_clear_bit(VSPAN_TXQ_BIT, &s->dchan_txq))
		return;

	res = dahdi_hdlc_getbuf(tc, buf, &len);
	if (!len && !s->tx_in_frame) {
		/* Nothing queued after all, or an empty write: skip it. */
		if (res == 1)
			set_bit(VSPAN_TXQ_BIT, &s->dchan_txq);
		return;
	}
	if (!s->tx_in_frame) {
		s->tx_in_frame = true;
		r->rx_mode = vspan_rx_begin(r);
		r->rx_fcs = 0xffff;
	}
	/* A receiver that is not configured for HDLC hears only noise. */
	rx_ok = vspan_is_hardhdlc(rc) && vspan_running(r);
	if (!rx_ok && r->rx_mode != VSPAN_RX_IDLE)
		r->rx_mode = VSPAN_RX_DROP;
	vspan_rx_data(r, rc, buf, len);

	if (res == 0)
		return;		/* more of this frame next tick */
	s->tx_in_frame = false;
	s->st.frames_tx++;
	vspan_rx_end(r, rc);
	if (res == 1)
		set_bit(VSPAN_TXQ_BIT, &s->dchan_txq);	/* another is queued */
}

/* DAHDI: user space queued a frame; the next tick starts sending it. */
void vspan_dchan_hard_xmit(struct dahdi_chan *chan)
{
	struct vspan_side *s = chan->pvt;

	set_bit(VSPAN_TXQ_BIT, &s->dchan_txq);
}
