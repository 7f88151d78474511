/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A client for rtpengine's "ng" control protocol: bencoded dictionaries
 * over UDP, each request prefixed with a cookie the reply echoes. Enough
 * to set a call up with offer/answer and delete it.
 */
#ifndef RTPLOAD_NG_H
#define RTPLOAD_NG_H

#include <netinet/in.h>
#include <stddef.h>

struct ng {
	int fd;
	unsigned cookie;
};

int ng_open(struct ng *ng, const char *addr_port);
void ng_close(struct ng *ng);

/*
 * offer (to_tag NULL) or answer: send sdp, return the SDP rtpengine
 * rewrote, NUL-terminated in out. 0 or -errno (-EPROTO: result not "ok").
 */
int ng_offer_answer(struct ng *ng, const char *call_id, const char *from_tag, const char *to_tag,
		    const char *sdp, char *out, size_t outlen);
int ng_delete(struct ng *ng, const char *call_id);

/* media address of an SDP's first m= line (c= at session or media level) */
int ng_sdp_media_addr(const char *sdp, struct sockaddr_in *sin);

/* bencode: the string value of key in the top-level dictionary buf */
int ng_bdict_str(const char *buf, size_t len, const char *key, const char **val, size_t *vlen);

#endif
