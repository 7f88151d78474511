/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SRTP (RFC 3711) for one stream with libsrtp2: a session that protects
 * with our SDES key and one that unprotects with the peer's. Created and
 * freed on the event loop; used by the media thread only while it owns
 * the stream. protect/unprotect allocate nothing.
 */
#ifndef PRIGATE_MEDIA_SRTP_H
#define PRIGATE_MEDIA_SRTP_H

#include <stddef.h>
#include <stdint.h>

#include "sdp/sdp.h"

/* room a protected packet needs beyond the RTP packet (auth tag) */
#define MEDIA_SRTP_TRAILER 16

struct media_srtp;

/* once per process, before the first media_srtp_alloc; 0 or -EIO */
int media_srtp_init(void);
/* tx: our key (protect), rx: the peer's (unprotect); same suite both ways */
int media_srtp_alloc(struct media_srtp **sp, const struct sdp_srtp_key *tx,
		     const struct sdp_srtp_key *rx);
void media_srtp_free(struct media_srtp *s);
/* in place; *len grows by the tag. 0 or -EIO */
int media_srtp_protect(struct media_srtp *s, uint8_t *pkt, size_t *len);
/* in place; 0, -EACCES (authentication failed), -EALREADY (replayed) or -EBADMSG */
int media_srtp_unprotect(struct media_srtp *s, uint8_t *pkt, size_t *len);
/* the same for RTCP (SRTCP adds an index and the tag: MEDIA_SRTP_TRAILER + 4) */
int media_srtp_protect_rtcp(struct media_srtp *s, uint8_t *pkt, size_t *len);
int media_srtp_unprotect_rtcp(struct media_srtp *s, uint8_t *pkt, size_t *len);

#endif
